"""A request in flight that another thread can abort at once: Cancel, and the total deadline.

``requests`` cannot be interrupted in the middle of a socket read, and its read timeout restarts
with every byte (a server trickling its headers one byte a second is waited on forever). So every
connection the transport's session opens or reuses during a request is noted on the request's
:class:`Flight` (through a context variable: the connection classes below look it up), and
:meth:`Flight.abort` shuts those sockets down from whichever thread calls it: the cancelling
(GUI) thread, or a timer at the request's total deadline. A blocked read then returns at once;
the transport sees :attr:`Flight.reason` and raises the matching error (a cut answer is never
taken for a whole one).
"""

from __future__ import annotations

import contextlib
import contextvars
import socket
import threading
from typing import Any

import requests
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

_CURRENT: contextvars.ContextVar[Flight | None] = contextvars.ContextVar(
    "b24_request_in_flight", default=None
)


class Flight:
    """The connections one request uses; :meth:`abort` shuts them down (thread-safe, once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._connections: list[Any] = []
        self.reason: str | None = None
        """``"cancel"`` or ``"deadline"`` once aborted."""

    def add(self, connection: Any) -> None:
        with self._lock:
            if connection not in self._connections:
                self._connections.append(connection)
            aborted = self.reason is not None
        if aborted:
            _shut_down(connection)

    def abort(self, reason: str) -> None:
        with self._lock:
            if self.reason is not None:
                return
            self.reason = reason
            connections = list(self._connections)
        for connection in connections:
            _shut_down(connection)

    def __enter__(self) -> Flight:
        self._token = _CURRENT.set(self)
        return self

    def __exit__(self, *exc_info: object) -> None:
        _CURRENT.reset(self._token)
        with self._lock:
            self._connections.clear()


def _shut_down(connection: Any) -> None:
    """Wake whatever thread reads ``connection``'s socket: a shutdown ends a blocked ``recv``.

    The plain socket's ``shutdown`` on purpose, also for TLS: ``SSLSocket.shutdown`` would drop
    the TLS object under the reading thread's feet.
    """
    sock = getattr(connection, "sock", None)
    if sock is None:
        return
    with contextlib.suppress(OSError, ValueError):  # already closed, or never connected
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _note(connection: Any) -> None:
    flight = _CURRENT.get()
    if flight is not None:
        flight.add(connection)


class _NotedHTTPConnection(HTTPConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self.sock = sock
        _note(self)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:  # a reused keep-alive connection
        _note(self)
        super().request(*args, **kwargs)


class _NotedHTTPSConnection(HTTPSConnection):
    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        self.sock = sock
        _note(self)
        return sock

    def request(self, *args: Any, **kwargs: Any) -> None:
        _note(self)
        super().request(*args, **kwargs)


class _NotedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _NotedHTTPConnection


class _NotedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _NotedHTTPSConnection


class AbortableAdapter(requests.adapters.HTTPAdapter):
    """requests' adapter whose connections are noted on the current :class:`Flight`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {
            "http": _NotedHTTPPool,
            "https": _NotedHTTPSPool,
        }


def make_abortable(session: requests.Session) -> None:
    """Mount :class:`AbortableAdapter` for http and https on ``session``."""
    adapter = AbortableAdapter()
    session.mount("https://", adapter)
    session.mount("http://", adapter)
