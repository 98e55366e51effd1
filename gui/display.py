"""Whether the X server the window would open on answers, asked before Qt is loaded.

With ``DISPLAY`` set to a server that is gone (a closed session, an SSH login without X
forwarding that kept the variable), Qt's xcb plugin aborts the process (exit 134) and blames a
missing ``xcb-cursor0`` library, which is not the cause. A local display is a Unix socket
(``/tmp/.X11-unix/X<n>``, also in Linux's abstract namespace); ``localhost:<n>`` or an IP
address is TCP port 6000 + n (SSH forwarding uses ``localhost:10`` and up). Anything this does
not understand, or a host name that would need a DNS lookup, is left for Qt to try.
"""

from __future__ import annotations

import ipaddress
import re
import socket

from gui.core.i18n import N_

UNREACHABLE = N_(
    "cannot reach the display {display}: no X server answers there. Check DISPLAY (over SSH, "
    "log in with -X or -Y), use QT_QPA_PLATFORM=offscreen for automation, or run a command "
    "instead (--help lists them)."
)
"""Why the window cannot open (English source; shown as ``_(UNREACHABLE)``)."""

_DISPLAY = re.compile(r"(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?")
TIMEOUT_S = 2.0


def unreachable_display(environ: dict[str, str], platform: str) -> str | None:
    """``DISPLAY`` when the window would use X there and no server answers; else ``None``."""
    if platform == "darwin" or platform.startswith(("win", "cygwin")):
        return None
    qpa = environ.get("QT_QPA_PLATFORM", "")
    if (qpa and not qpa.startswith("xcb")) or (not qpa and environ.get("WAYLAND_DISPLAY")):
        return None  # not X: Qt opens the platform it was told, or Wayland
    display = environ.get("DISPLAY", "")
    found = _DISPLAY.fullmatch(display)
    if found is None:
        return None
    host, number = found["host"], int(found["number"])
    if host in ("", "unix"):
        answers = _local_server_answers(number, platform)
    elif host == "localhost" or _is_address(host):
        answers = _tcp_server_answers(host, 6000 + number)
    else:
        return None
    return None if answers else display


def _local_server_answers(number: int, platform: str) -> bool:
    path = f"/tmp/.X11-unix/X{number}"  # noqa: S108  (X11's own socket folder, not a temp file)
    names = ([f"\0{path}"] if platform.startswith("linux") else []) + [path]
    return any(_unix_socket_answers(name) for name in names)


def _unix_socket_answers(name: str) -> bool:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(TIMEOUT_S)
        try:
            connection.connect(name)
        except OSError:
            return False
    return True


def _tcp_server_answers(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=TIMEOUT_S).close()
    except OSError:
        return False
    return True


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
