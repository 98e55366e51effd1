"""The sandbox portal on a loopback socket: plain HTTP, or TLS with a caller's ``SSLContext``.

A ``ThreadingHTTPServer`` on a daemon thread; each connection gets its own thread, tracked so
:meth:`SandboxServer.stop` can close every open connection (idle keep-alive ones included), wake
every delayed answer (they wait on the server's stop event, never in ``time.sleep``) and join
every thread with a bound. The TLS handshake happens in the connection's thread, so a client
that never finishes it cannot block the others. Network errors caused by clients (resets, a
refused certificate, a client that stopped reading a 10 MB body) are expected and ignored;
anything else is kept in :attr:`SandboxServer.errors` for the tests to see.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import sys
import threading
from http.server import ThreadingHTTPServer
from types import TracebackType
from typing import Any

from gui.sandbox.body_budget import BodyBudget
from gui.sandbox.handler import SandboxHandler
from gui.sandbox.portal import SandboxPortal

log = logging.getLogger(__name__)

STOP_JOIN_SECONDS = 5.0


class ConnectionServer(ThreadingHTTPServer):
    """A threading HTTP server that tracks its connections and threads so it can stop cleanly."""

    daemon_threads = True
    block_on_close = False
    # The listen backlog: socketserver's default of 5 made the kernel drop connections when 200
    # clients connected at once (the kernel caps it at net.core.somaxconn).
    request_queue_size = 1024

    def __init__(
        self, address: tuple[str, int], portal: SandboxPortal, ssl_context: ssl.SSLContext | None
    ) -> None:
        self.portal = portal
        self.ssl_context = ssl_context
        self.stopping = threading.Event()
        self.body_budget = BodyBudget()
        self.base_url = ""
        self.errors: list[BaseException] = []
        self._connections: set[socket.socket] = set()
        self._workers: list[threading.Thread] = []
        self._guard = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, SandboxHandler)

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = self.socket.accept()
        # Answers go out as several small writes (headers, body): without TCP_NODELAY each one
        # after the first waits for the client's delayed ACK, adding ~40 ms to every call.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.ssl_context is None:
            return sock, address
        try:
            wrapped = self.ssl_context.wrap_socket(
                sock, server_side=True, do_handshake_on_connect=False
            )
        except (OSError, ValueError) as error:
            sock.close()
            # socketserver only survives an OSError from get_request
            raise OSError(f"TLS set-up failed: {error}") from error
        return wrapped, address

    def process_request(self, request: Any, client_address: Any) -> None:
        worker = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name="sandbox-connection",
            daemon=True,
        )
        with self._guard:
            self._workers = [w for w in self._workers if w.is_alive()]
            self._workers.append(worker)
        worker.start()

    def track(self, connection: socket.socket) -> None:
        with self._guard:
            self._connections.add(connection)
        if self.stopping.is_set():
            self._shut(connection)

    def untrack(self, connection: socket.socket) -> None:
        with self._guard:
            self._connections.discard(connection)

    def close_connections(self) -> None:
        with self._guard:
            connections = list(self._connections)
        for connection in connections:
            self._shut(connection)

    def join_workers(self, seconds: float) -> None:
        with self._guard:
            workers = list(self._workers)
        for worker in workers:
            worker.join(seconds)

    @staticmethod
    def _shut(connection: socket.socket) -> None:
        # socket.socket.shutdown, not SSLSocket.shutdown: wake a blocked read without touching the
        # TLS object another thread is using.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(connection, socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, OSError) or error is None:  # ssl.SSLError is an OSError
            log.debug("sandbox: connection ended: %r", error)
            return
        log.error("sandbox: unexpected error", exc_info=error)
        with self._guard:
            self.errors.append(error)


class SandboxServer:
    """Serves a :class:`SandboxPortal` on ``host:port`` (port 0: any free port).

    Use as a context manager, or :meth:`start` / :meth:`stop`. ``url`` is the base URL
    (``https://127.0.0.1:PORT`` with an ``ssl_context``, ``http://...`` without); it is also the
    OAuth server URL. ``errors`` lists unexpected exceptions raised while answering.
    """

    def __init__(
        self,
        portal: SandboxPortal,
        host: str = "127.0.0.1",
        port: int = 0,
        ssl_context: ssl.SSLContext | None = None,
    ) -> None:
        self.portal = portal
        self._host = host
        self._port = port
        self._ssl_context = ssl_context
        self._server: ConnectionServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the sandbox server is not running")
        return self._server.base_url

    @property
    def errors(self) -> list[BaseException]:
        return [] if self._server is None else list(self._server.errors)

    def start(self) -> SandboxServer:
        if self._server is not None:
            raise RuntimeError("the sandbox server is already running")
        server = ConnectionServer((self._host, self._port), self.portal, self._ssl_context)
        host, port = str(server.server_address[0]), int(server.server_address[1])
        scheme = "https" if self._ssl_context is not None else "http"
        shown = f"[{host}]" if ":" in host else host
        server.base_url = f"{scheme}://{shown}:{port}"
        if self.portal.base_url is None:
            self.portal.base_url = server.base_url
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="sandbox-server",
            daemon=True,
        )
        self._server, self._thread = server, thread
        thread.start()
        return self

    def stop(self) -> None:
        """Stop serving, drop open connections, wake delayed answers and join every thread."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.stopping.set()
        server.shutdown()
        thread.join(STOP_JOIN_SECONDS)
        server.close_connections()
        server.join_workers(STOP_JOIN_SECONDS)
        server.server_close()
        self._server = None
        self._thread = None

    def close(self) -> None:
        """Same as :meth:`stop` (for owners that close what they hold)."""
        self.stop()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
