"""One connection of the sandbox's HTTP server: read a request, ask the portal, act.

The handler speaks HTTP/1.1 with keep-alive, reads ``Content-Length`` and chunked bodies, and
performs the portal's :data:`~gui.sandbox.wire.Action`: send a response (a short one when
``declared_length`` says so), reset the connection (SO_LINGER 0), or wait on the server's stop
event and then act. TLS handshakes happen here, in the connection's own thread. Nothing is
logged beyond method, path and status: query strings may carry secrets.
"""

from __future__ import annotations

import logging
import socket
import ssl
import struct
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any, Protocol
from urllib.parse import urlsplit

from gui.sandbox.body_budget import WAIT_FOR_BUDGET_SECONDS, BodyBudget
from gui.sandbox.wire import Action, Delayed, Incoming, ResetConnection, Response

log = logging.getLogger(__name__)

MAX_REQUEST_BODY = 32 * 1024 * 1024
"""One request's body at most (413 above); all of them together share a
:class:`~gui.sandbox.body_budget.BodyBudget`."""
WRITE_CHUNK = 64 * 1024
IDLE_CONNECTION_SECONDS = 60.0


class ServingSide(Protocol):
    """What a connection needs from the server that accepted it (``server.ConnectionServer``)."""

    base_url: str
    stopping: threading.Event
    body_budget: BodyBudget

    @property
    def portal(self) -> Any: ...

    def track(self, connection: Any) -> None: ...

    def untrack(self, connection: Any) -> None: ...


class SandboxHandler(BaseHTTPRequestHandler):
    """Reads one request at a time, asks the portal, performs the action it returns."""

    server: ServingSide  # type: ignore[assignment]
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    timeout = IDLE_CONNECTION_SECONDS

    def setup(self) -> None:
        self.server.track(self.request)
        try:
            if isinstance(self.request, ssl.SSLSocket):
                self.request.settimeout(self.timeout)
                self.request.do_handshake()
            super().setup()
        except BaseException:
            self.server.untrack(self.request)  # finish() is not called when setup() fails
            raise

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.request)

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        # Method and path only: a query string may carry a token (``auth``) or a code.
        log.debug("sandbox: %s %s -> %s", self.command, urlsplit(self.path).path, code)

    def log_message(self, format: str, *args: Any) -> None:
        log.debug("sandbox: a request could not be read")

    def do_GET(self) -> None:
        self._serve()

    def do_POST(self) -> None:
        self._serve()

    def do_PUT(self) -> None:
        self._serve()

    def do_DELETE(self) -> None:
        self._serve()

    def _serve(self) -> None:
        self._reserved = 0
        try:
            self._answer()  # its body and parameters are freed when it returns, before release
        finally:
            self.server.body_budget.release(self._reserved)
            self._reserved = 0

    def _answer(self) -> None:
        body = self._read_body()
        if isinstance(body, int):  # the status that refuses it
            self._send(Response(body, b"", content_type="text/html"))
            self.close_connection = True
            return
        incoming = Incoming(
            method=self.command,
            target=self.path,
            headers=dict(self.headers.items()),
            body=body,
            base_url=self.server.base_url,
            peer=str(self.client_address[0]),
        )
        self._perform(self.server.portal.respond(incoming))

    def _reserve(self, size: int) -> bool:
        """Take ``size`` bytes of the server-wide body budget (waiting, bounded)."""
        if not self.server.body_budget.reserve(size, self.server.stopping, WAIT_FOR_BUDGET_SECONDS):
            return False
        self._reserved += size
        return True

    def _read_body(self) -> bytes | int:
        """The request body (Content-Length or chunked), or the status refusing it: 413 too big
        or malformed, 503 when the bodies other connections hold leave no room."""
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        try:
            length = int(self.headers.get("Content-Length", "0") or "0")
        except ValueError:
            return 413
        if length < 0 or length > MAX_REQUEST_BODY:
            return 413
        if not self._reserve(length):
            self._discard(length)  # read and dropped, so the client can read the 503
            return 503
        return self.rfile.read(length) if length else b""

    def _discard(self, length: int) -> None:
        """Read ``length`` body bytes without keeping them (constant memory)."""
        while length > 0 and not self.server.stopping.is_set():
            chunk = self.rfile.read(min(length, WRITE_CHUNK))
            if not chunk:
                return
            length -= len(chunk)

    def _read_chunked(self) -> bytes | int:
        parts: list[bytes] = []
        total = 0
        while True:
            size_line = self.rfile.readline(1024).split(b";")[0].strip()
            try:
                size = int(size_line, 16)
            except ValueError:
                return 413
            if size == 0:
                while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return b"".join(parts)
            total += size
            if total > MAX_REQUEST_BODY:
                return 413
            if not self._reserve(size):
                return 503
            parts.append(self.rfile.read(size))
            self.rfile.readline(1024)  # the CRLF after each chunk

    def _perform(self, action: Action) -> None:
        while isinstance(action, Delayed):
            if self.server.stopping.wait(action.seconds):
                self.close_connection = True
                return
            action = action.then()
        if isinstance(action, ResetConnection):
            self._reset()
            return
        self._send(action)

    def _send(self, response: Response) -> None:
        declared = response.declared_length
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header(
            "Content-Length", str(declared if declared is not None else len(response.body))
        )
        for name, value in response.headers:
            self.send_header(name, value)
        if declared is not None:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        view = memoryview(response.body)
        for start in range(0, len(view), WRITE_CHUNK):
            if self.server.stopping.is_set():
                self.close_connection = True
                return
            self.wfile.write(view[start : start + WRITE_CHUNK])

    def _reset(self) -> None:
        """Close with SO_LINGER 0: the kernel sends RST instead of a clean FIN."""
        self.close_connection = True
        self.request.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.rfile.close()
        self.request.close()
