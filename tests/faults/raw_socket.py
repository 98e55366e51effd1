"""A tiny raw-socket HTTP server on 127.0.0.1 for answers a well-behaved server never gives.

Each accepted connection reads one request, records it, and is answered by the next scripted
action (a reset in the middle of a body, a truncated chunked body, a stall longer than the
client's read timeout...). One request per connection, served one at a time on a background
thread. Optional TLS through an ``ssl.SSLContext`` (a trustme server certificate).

Use it as a context manager: leaving it releases any stalled action, stops the thread and closes
every socket, so the strict ``ResourceWarning`` setting stays quiet.
"""

from __future__ import annotations

import contextlib
import socket
import ssl
import struct
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived: the request line, headers (lower-case names), body bytes."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes


Action = Callable[[socket.socket, "HostileServer"], None]
"""Answers one connection; the server closes the socket afterwards unless the action did."""


def respond(
    status: int,
    body: bytes,
    *,
    content_type: str = "application/json",
    headers: dict[str, str] | None = None,
    reason: str = "X",
) -> Action:
    """A complete, well-formed answer with a Content-Length."""
    extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(body)}\r\nConnection: close\r\n{extra}\r\n"
    ).encode("latin-1")

    def action(conn: socket.socket, server: HostileServer) -> None:
        conn.sendall(head + body)

    return action


def raw(data: bytes) -> Action:
    """Send exactly ``data`` and close the connection normally (FIN)."""

    def action(conn: socket.socket, server: HostileServer) -> None:
        conn.sendall(data)

    return action


def reset_after(data: bytes, when: threading.Event | None = None) -> Action:
    """Send ``data``, then abort the connection with a TCP reset (RST).

    With ``when``, the reset waits until that event is set: a reset that arrives before the
    client has read the data makes the kernel drop the data, so a test that needs "the answer
    started, then broke" sets the event once the client is reading the body.
    """

    def action(conn: socket.socket, server: HostileServer) -> None:
        if data:
            conn.sendall(data)
        if when is not None:
            when.wait(10)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # SSLSocket.close() sends no close_notify, so with linger 0 the peer sees a bare RST.
        conn.close()

    return action


def stall(prefix: bytes = b"") -> Action:
    """Send ``prefix`` (maybe nothing), then say nothing more until the client hangs up or
    the server is closed."""

    def action(conn: socket.socket, server: HostileServer) -> None:
        if prefix:
            conn.sendall(prefix)
        conn.settimeout(30)
        with contextlib.suppress(OSError):
            while conn.recv(65536):  # b"" once the client gives up and closes
                pass

    return action


def trickle(data: bytes, interval: float = 1.0) -> Action:
    """Send ``data`` one byte every ``interval`` seconds (each read gets a byte in time, so only
    a total deadline ends it), until the client hangs up or the server is closed."""

    def action(conn: socket.socket, server: HostileServer) -> None:
        for byte in data:
            if server._stop.wait(interval):
                return
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                return

    return action


class HostileServer:
    """A scripted loopback HTTP(S) server. ``received`` lists requests; ``connections`` counts
    accepted TCP connections (including ones whose TLS handshake failed)."""

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self._ssl_context = ssl_context
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._actions: deque[Action] = deque()
        self._stop = threading.Event()
        self._current: socket.socket | None = None
        self.received: list[RecordedRequest] = []
        self.connections = 0
        self.handshake_failures = 0
        self.errors: list[BaseException] = []
        self.handled = 0
        self._handled_changed = threading.Condition()
        self._thread = threading.Thread(target=self._serve, name="hostile-server", daemon=True)

    @property
    def url(self) -> str:
        scheme = "https" if self._ssl_context is not None else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def script(self, *actions: Action) -> None:
        """Queue actions; each answers one future connection, in order."""
        self._actions.extend(actions)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        current = self._current
        if current is not None:  # wake an action blocked on this connection
            with contextlib.suppress(OSError):
                current.shutdown(socket.SHUT_RDWR)
        # Wake the blocking accept() with a throwaway connection, then wait for the thread.
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), 2):
            pass
        self._thread.join(10)
        self._listener.close()
        assert not self._thread.is_alive(), "hostile server thread did not stop"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            if self._stop.is_set():
                conn.close()
                return
            self.connections += 1
            self._current = conn
            try:
                self._handle(conn)
            except (OSError, ValueError) as exc:  # the client went away: fine, but recorded
                self.errors.append(exc)
            finally:
                self._current = None
                conn.close()
                with self._handled_changed:
                    self.handled += 1
                    self._handled_changed.notify_all()

    def wait_handled(self, count: int, timeout: float = 10.0) -> bool:
        """Wait until ``count`` connections have been fully handled (the server's side of a
        failed handshake finishes a moment after the client gives up)."""
        with self._handled_changed:
            return self._handled_changed.wait_for(lambda: self.handled >= count, timeout)

    def _handle(self, plain: socket.socket) -> None:
        plain.settimeout(5)
        conn: socket.socket = plain
        if self._ssl_context is not None:
            try:
                conn = self._ssl_context.wrap_socket(plain, server_side=True)
            except (ssl.SSLError, OSError):
                self.handshake_failures += 1
                return
        try:
            request = _read_request(conn)
            if request is None:
                return
            self.received.append(request)
            action = self._actions.popleft() if self._actions else respond(500, b"unscripted")
            action(conn, self)
        finally:
            if conn is not plain:
                conn.close()


def _read_request(conn: socket.socket) -> RecordedRequest | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    method, path, _version = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return RecordedRequest(method=method, path=path, headers=headers, body=body)
