"""Read a user-chosen file with a size cap, refusing anything that is not a regular file.

Every file the program reads on a user's word (a profile, an SVG icon) goes through
:func:`read_regular_file`, so ``validate /dev/zero`` cannot grow until the OOM killer comes, a
FIFO cannot block ``encode-icon`` forever, and a 60 MB "profile" is refused at once instead of
being parsed for two minutes. The file is opened without blocking (a FIFO with no writer would
otherwise hang in ``open``), checked with ``fstat`` on the open descriptor (no race between a
check and the read), and at most ``max_bytes + 1`` bytes are read: one byte more than the cap is
enough to refuse it.

Messages are in the user's language; ``what`` is translated where it is shown, so callers mark it
with ``N_()`` (``N_("a profile")``).
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from gui.core.errors import InvalidInputError
from gui.core.i18n import _

_NON_BLOCKING = getattr(os, "O_NONBLOCK", 0)  # POSIX only; Windows opens FIFOs differently
_BINARY = getattr(os, "O_BINARY", 0)  # Windows only


def size_text(max_bytes: int) -> str:
    """``512 KB`` / ``1 MB``: a cap as the user reads it."""
    if max_bytes >= 1024 * 1024 and max_bytes % (1024 * 1024) == 0:
        return _("{count} MB").format(count=max_bytes // (1024 * 1024))
    return _("{count} KB").format(count=max_bytes // 1024)


def _kind(mode: int) -> str:
    # Translators: these fill {kind} in "{path} is {kind}, not {what}; choose a regular file."
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def read_regular_file(path: Path, *, max_bytes: int, what: str, code_prefix: str) -> bytes:
    """The bytes of the regular file at ``path``, at most ``max_bytes`` of them.

    ``what`` names the expected content in messages (``"a profile"``, ``"an SVG icon"``) and
    ``code_prefix`` starts the error codes (``PROFILE`` → ``PROFILE_UNREADABLE``,
    ``PROFILE_TOO_LARGE``). Every failure is an
    :class:`InvalidInputError` naming the file; never an ``OSError``.
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | _NON_BLOCKING | _BINARY)
    except IsADirectoryError:
        raise InvalidInputError(
            _("{path} is a folder, not {what}.").format(path=path, what=_(what)),
            code=f"{code_prefix}_UNREADABLE",
        ) from None
    except OSError as exc:
        raise InvalidInputError(
            _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc),
            code=f"{code_prefix}_UNREADABLE",
        ) from None
    mode = os.fstat(descriptor).st_mode
    if not stat.S_ISREG(mode):
        os.close(descriptor)
        raise _not_a_file(path, mode, what, code_prefix)
    with os.fdopen(descriptor, "rb") as handle:
        try:
            data = read_at_most(handle, max_bytes + 1)
        except OSError as exc:
            raise InvalidInputError(
                _("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc),
                code=f"{code_prefix}_UNREADABLE",
            ) from None
    if len(data) > max_bytes:
        raise _too_large(path, max_bytes, what, code_prefix)
    return data


def check_file_for_a_library(
    path: Path, *, max_bytes: int, what: str, code_prefix: str, field: str | None = None
) -> None:
    """Refuse a file another library will read (a CA bundle: OpenSSL) when it is a device, a
    FIFO or a socket, or a regular file over ``max_bytes``; a folder passes (OpenSSL reads
    hashed certificate folders). Missing files pass too: the caller says what to do then."""
    try:
        status = path.stat()
    except OSError:
        return
    if stat.S_ISDIR(status.st_mode):
        return
    if not stat.S_ISREG(status.st_mode):
        raise _not_a_file(path, status.st_mode, what, code_prefix, field)
    if status.st_size > max_bytes:
        raise _too_large(path, max_bytes, what, code_prefix, field)


def _not_a_file(
    path: Path, mode: int, what: str, code_prefix: str, field: str | None = None
) -> InvalidInputError:
    return InvalidInputError(
        _("{path} is {kind}, not {what}; choose a regular file.").format(
            path=path, kind=_kind(mode), what=_(what)
        ),
        code=f"{code_prefix}_UNREADABLE",
        field=field,
    )


def _too_large(
    path: Path, max_bytes: int, what: str, code_prefix: str, field: str | None = None
) -> InvalidInputError:
    return InvalidInputError(
        _("{path}: the file is larger than {limit}, too large for {what}.").format(
            path=path, limit=size_text(max_bytes), what=_(what)
        ),
        code=f"{code_prefix}_TOO_LARGE",
        field=field,
    )


def read_at_most(stream: BinaryIO, count: int) -> bytes:
    """Up to ``count`` bytes from a binary stream (a raw one may return fewer per call)."""
    parts: list[bytes] = []
    left = count
    while left > 0:
        chunk = stream.read(min(left, 1024 * 1024))
        if not chunk:
            break
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def read_stdin(max_bytes: int, *, too_large: str, code: str) -> bytes:
    """All of stdin, refused with ``too_large`` (a translated message with ``{limit}``) and
    ``code`` when it holds more than ``max_bytes``: an endless stdin is never read to the end."""
    raw = read_at_most(sys.stdin.buffer, max_bytes + 1)
    if len(raw) > max_bytes:
        raise InvalidInputError(too_large.format(limit=size_text(max_bytes)), code=code)
    return raw
