"""The environment for processes the program starts (the browser opened for OAuth).

A program frozen by PyInstaller changes its own environment so that it finds its bundled
libraries: the bootloader prepends the bundle to ``LD_LIBRARY_PATH`` (saving the user's value in
``LD_LIBRARY_PATH_ORIG``, absent when there was none) and PyInstaller's Qt runtime hook points
``QT_PLUGIN_PATH`` and ``QML2_IMPORT_PATH`` into the bundle (and, on macOS and Windows,
prepends it to ``DYLD_LIBRARY_PATH`` / ``PATH``). A browser started with that environment loads
our Qt and our libcairo instead of its own and crashes or misbehaves. So every child gets the
user's original environment back.

The Qt runtime hook keeps no copy of what it overwrites; our own runtime hook
(``build_spec/rthooks/pyi_rth_b24cc.py``, which PyInstaller runs before its own hooks) calls
:func:`remember_original_environment` to record those values in ``B24CC_ORIGINAL_ENV``.
From source nothing is changed: the child gets a copy of our environment.
"""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from pathlib import Path

from gui.core.errors import InvalidInputError
from gui.core.i18n import _

# Saved by PyInstaller's bootloader itself in NAME_ORIG (absent when the user had none).
BOOTLOADER_VARIABLES = ("LD_LIBRARY_PATH", "LIBPATH")
# Overwritten by PyInstaller's runtime hooks without a copy; recorded by our runtime hook.
RUNTIME_HOOK_VARIABLES = ("QT_PLUGIN_PATH", "QML2_IMPORT_PATH", "DYLD_LIBRARY_PATH", "PATH")
# Where our runtime hook records the values above (JSON: name -> value or null when unset).
ORIGINAL_ENV_VARIABLE = "B24CC_ORIGINAL_ENV"
# The bootloader's private bookkeeping: a frozen child would take it as its own.
BOOTLOADER_PRIVATE_PREFIXES = ("_PYI_", "_MEIPASS")

URL_SCHEMES = ("http://", "https://")
# How long a started browser (or xdg-open) is watched for an immediate failure, in seconds.
FAILURE_GRACE_S = 1.0


class _Detect(enum.Enum):
    """Sentinel: find out from ``sys`` whether this process is frozen."""

    FROM_SYS = enum.auto()


def frozen_bundle_dir() -> str | None:
    """The PyInstaller bundle this process runs from (``sys._MEIPASS``), or None from source."""
    if not getattr(sys, "frozen", False):
        return None
    bundle = getattr(sys, "_MEIPASS", None)
    return bundle if isinstance(bundle, str) else str(Path(sys.executable).parent)


def remember_original_environment(environ: MutableMapping[str, str] | None = None) -> None:
    """Record the user's values of :data:`RUNTIME_HOOK_VARIABLES` before PyInstaller's hooks run.

    Called once, by our runtime hook, at the very start of the frozen program. A value already
    recorded (inherited from a parent that forgot to clean up) is replaced: what counts is this
    process's environment as it was started.
    """
    env = os.environ if environ is None else environ
    record = {name: env.get(name) for name in RUNTIME_HOOK_VARIABLES}
    env[ORIGINAL_ENV_VARIABLE] = json.dumps(record, sort_keys=True)


def child_process_env(
    environ: Mapping[str, str] | None = None,
    *,
    bundle_dir: str | _Detect | None = _Detect.FROM_SYS,
) -> dict[str, str]:
    """The environment to start a child process with: the user's, not the bundle's.

    ``environ`` defaults to ``os.environ``; ``bundle_dir`` to this process's bundle (None: not
    frozen, the environment is returned unchanged as a new dict). When frozen,
    ``LD_LIBRARY_PATH`` is restored from ``LD_LIBRARY_PATH_ORIG`` or dropped, the variables
    PyInstaller's runtime hooks overwrote get their recorded values back (or are dropped when
    the user had none), and the bootloader's private variables are removed.
    """
    env = dict(os.environ if environ is None else environ)
    bundle = frozen_bundle_dir() if bundle_dir is _Detect.FROM_SYS else bundle_dir
    if bundle is None:
        return env
    for name in BOOTLOADER_VARIABLES:
        original = env.pop(f"{name}_ORIG", None)
        _restore(env, name, original)
    recorded = _parse_record(env.pop(ORIGINAL_ENV_VARIABLE, None))
    if recorded is not None:
        for name in RUNTIME_HOOK_VARIABLES:
            _restore(env, name, recorded.get(name))
    for name in list(env):
        if name.startswith(BOOTLOADER_PRIVATE_PREFIXES):
            del env[name]
    return env


def _restore(env: dict[str, str], name: str, original: str | None) -> None:
    if original is None:
        env.pop(name, None)
    else:
        env[name] = original


def _parse_record(text: str | None) -> dict[str, str | None] | None:
    """The runtime hook's record, or None when it is missing or not ours (then change nothing)."""
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, dict):
        return None
    return {
        str(name): item for name, item in value.items() if item is None or isinstance(item, str)
    }


Launcher = Callable[[Sequence[str], dict[str, str]], None]


def open_in_browser(
    url: str,
    *,
    environ: Mapping[str, str] | None = None,
    bundle_dir: str | _Detect | None = _Detect.FROM_SYS,
    launch: Launcher | None = None,
) -> bool:
    """Open ``url`` in the user's browser, started with :func:`child_process_env`.

    Only ``http``/``https`` addresses are opened (never a file or a command). The browser is the
    first that can be found of: each entry of ``$BROWSER`` (``%s`` marks where the address
    goes), ``open`` on macOS, ``xdg-open`` elsewhere, then common browsers by name. On Windows
    the shell opens it (``os.startfile``; Windows has no ``LD_LIBRARY_PATH`` to undo). Returns
    False when no browser could be started: the caller then shows the address to copy.
    ``environ`` and ``bundle_dir`` are as for :func:`child_process_env`; ``launch(argv, env)``
    starts the process or raises OSError (by default a detached ``subprocess.Popen``, watched
    for :data:`FAILURE_GRACE_S` so that an opener failing at once counts as not started).
    """
    if not url.lower().startswith(URL_SCHEMES):
        raise InvalidInputError(
            _("Only http(s) addresses are opened in the browser."), code="NOT_A_WEB_ADDRESS"
        )
    env = child_process_env(environ, bundle_dir=bundle_dir)
    start = _popen_detached if launch is None else launch
    # Separate ifs: mypy skips a platform branch only when the condition is the check alone.
    if sys.platform == "win32":
        if launch is None and "BROWSER" not in env:
            try:
                os.startfile(url)  # noqa: S606 - an http(s) address, checked above
            except OSError:
                return False
            return True
    for argv in browser_commands(url, env):
        try:
            start(argv, env)
        except OSError:
            continue
        return True
    return False


FALLBACK_BROWSERS = ("x-www-browser", "firefox", "chromium", "google-chrome")


def browser_commands(url: str, env: Mapping[str, str]) -> list[list[str]]:
    """The command lines to try, in order, each one found on the child's ``PATH``."""
    import shlex
    import shutil

    candidates: list[list[str]] = []
    for entry in filter(None, env.get("BROWSER", "").split(os.pathsep)):
        words = shlex.split(entry)
        if words and any("%s" in word for word in words):
            candidates.append([word.replace("%s", url) for word in words])
        elif words:
            candidates.append([*words, url])
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    candidates += [[opener, url], *([name, url] for name in FALLBACK_BROWSERS)]
    path = env.get("PATH", os.defpath)
    found = [(shutil.which(argv[0], path=path), argv[1:]) for argv in candidates]
    return [[program, *rest] for program, rest in found if program is not None]


def _popen_detached(argv: Sequence[str], env: dict[str, str]) -> None:
    """Start the browser detached; raise OSError when it cannot start or fails at once."""
    import subprocess
    import threading

    # Detached from our terminal and session: the browser outlives the login dialog, and its
    # output is not ours to show.
    process = subprocess.Popen(
        list(argv),
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        close_fds=True,
    )
    # xdg-open with no usable browser (a server over ssh, WSL) exits non-zero within
    # milliseconds: then the next candidate is tried, and with none left the caller shows the
    # address. A browser that keeps running has started.
    try:
        status = process.wait(timeout=FAILURE_GRACE_S)
    except subprocess.TimeoutExpired:
        # Reap it whenever it exits (no zombie, no "still running" ResourceWarning); a daemon
        # thread never delays our own exit.
        threading.Thread(target=process.wait, name="browser-reaper", daemon=True).start()
        return
    if status != 0:
        raise OSError(f"{Path(argv[0]).name} exited with status {status}")


__all__ = [
    "child_process_env",
    "frozen_bundle_dir",
    "open_in_browser",
    "remember_original_environment",
]
