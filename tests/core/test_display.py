"""The window's X display is checked before Qt loads: a server that is gone is a clear error
(exit 2), not Qt's abort blaming xcb-cursor0. Real sockets: an abstract Unix socket named as an
X server's, and a TCP listener on loopback at 6000 + n."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator

import pytest

from gui.display import unreachable_display

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 on Linux")


def _free_display_number() -> int:
    """A display number with no X server, Unix or TCP."""
    for number in range(9100, 9400):
        probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            probe.bind(("127.0.0.1", 6000 + number))
        except OSError:
            continue
        finally:
            probe.close()
        if unreachable_display({"DISPLAY": f":{number}"}, "linux") is not None:
            return number
    raise RuntimeError("no free display number")


@pytest.fixture
def number() -> int:
    return _free_display_number()


@pytest.fixture
def local_server(number: int) -> Iterator[int]:
    """An X server's Unix socket, in Linux's abstract namespace (no file to clean up)."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(f"\0/tmp/.X11-unix/X{number}")
        server.listen(1)
        yield number


@pytest.fixture
def tcp_server(number: int) -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 6000 + number))
        server.listen(1)
        yield number


def test_a_display_with_no_server_is_reported(number: int) -> None:
    for display in (f":{number}", f":{number}.0", f"unix:{number}", f"localhost:{number}.0"):
        assert unreachable_display({"DISPLAY": display}, "linux") == display
    assert unreachable_display({"DISPLAY": f"127.0.0.1:{number}"}, "linux") is not None


def test_a_local_server_answers(local_server: int) -> None:
    assert unreachable_display({"DISPLAY": f":{local_server}"}, "linux") is None
    assert unreachable_display({"DISPLAY": f"unix:{local_server}.0"}, "linux") is None


def test_a_forwarded_server_answers(tcp_server: int) -> None:
    assert unreachable_display({"DISPLAY": f"localhost:{tcp_server}.0"}, "linux") is None
    assert unreachable_display({"DISPLAY": f"127.0.0.1:{tcp_server}"}, "linux") is None


def test_what_qt_would_not_open_with_x_is_left_to_qt(number: int) -> None:
    gone = f":{number}"
    assert unreachable_display({"DISPLAY": gone, "QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert unreachable_display({"DISPLAY": gone, "WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert unreachable_display({"DISPLAY": gone}, "darwin") is None
    assert unreachable_display({"DISPLAY": gone, "QT_QPA_PLATFORM": "xcb"}, "linux") == gone


def test_a_named_host_is_left_to_qt_without_a_dns_lookup(number: int) -> None:
    assert unreachable_display({"DISPLAY": f"xserver.example:{number}"}, "linux") is None
