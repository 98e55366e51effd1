"""Replace a file's content all at once: the old file or the new one, never half of either.

The text goes to a temporary file beside the target (``.NAME.*.tmp``), is flushed to disk and
renamed over the target. What a user would notice is kept:

* **the file's mode**: an existing file keeps its permissions (a 0644 profile stays 0644); a new
  one gets ``new_file_mode`` minus the umask, like any editor's new file;
* **a symbolic link**: the link's final target is written, so the link stays a link;
* **no litter**: a process killed mid-save cannot delete its temporary file, so every save first
  removes the stale ones a dead writer left beside the target. A writer holds an exclusive lock
  on its temporary file while it lives (POSIX ``flock``; on Windows an open file cannot be
  deleted), so a save running at the same time in another process is never disturbed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
import sys
from pathlib import Path

if sys.platform == "win32":  # an open file cannot be deleted: that protects a living writer

    def _hold(descriptor: int) -> None:
        """Nothing to do: Windows keeps an open file from being deleted."""

    def _nobody_holds(descriptor: int) -> bool:
        return True

else:
    import fcntl

    def _hold(descriptor: int) -> None:
        """Mark the temporary file as a living writer's (released when the process dies)."""
        fcntl.flock(descriptor, fcntl.LOCK_EX)

    def _nobody_holds(descriptor: int) -> bool:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True


_BINARY = getattr(os, "O_BINARY", 0)


def _temporary_names(target: Path) -> list[Path]:
    prefix = f".{target.name}."
    try:
        return [
            entry
            for entry in target.parent.iterdir()
            if entry.name.startswith(prefix) and entry.name.endswith(".tmp")
        ]
    except OSError:
        return []


def _is_abandoned(candidate: Path) -> bool:
    """True when no living process holds ``candidate`` (its writer was killed)."""
    try:
        descriptor = os.open(candidate, os.O_RDONLY | _BINARY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return False
        return _nobody_holds(descriptor)
    finally:
        os.close(descriptor)


def remove_abandoned_temporaries(target: Path) -> int:
    """Delete the ``.NAME.*.tmp`` files a killed save left beside ``target``; how many."""
    removed = 0
    for candidate in _temporary_names(target):
        if _is_abandoned(candidate):
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed += 1
    return removed


def write_text_atomically(path: Path, text: str, *, new_file_mode: int = 0o600) -> None:
    """Write ``text`` (UTF-8, ``\\n`` line ends) to ``path`` through a temporary file, fsync and
    rename; through a symbolic link to its target; keeping an existing file's mode. Raises
    OSError (the old file is then untouched)."""
    target = Path(os.path.realpath(path))
    remove_abandoned_temporaries(target)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(temporary, flags, new_file_mode if mode is None else 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            _hold(handle.fileno())
            if mode is not None:  # by descriptor where the platform can
                where = handle.fileno() if os.chmod in os.supports_fd else temporary
                os.chmod(where, mode)  # noqa: PTH101 - Path.chmod takes no descriptor
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            temporary.replace(target)  # still locked until closed: never seen as abandoned
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
