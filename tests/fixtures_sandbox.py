"""Shared fixtures: the sandbox portal over real TLS with a throwaway CA, or plain loopback HTTP.

- ``sandbox_ca``: a ``trustme.CA`` for the whole session.
- ``ca_bundle_path``: that CA as a PEM file (``verify=`` for requests, the custom CA setting).
- ``sandbox_clock``: a :class:`~gui.sandbox.ManualClock` (``.advance(seconds)``).
- ``sandbox_portal``: a fresh :class:`~gui.sandbox.SandboxPortal` on that clock.
- ``tls_sandbox``: the portal served over HTTPS (cert for 127.0.0.1 and localhost); a
  :class:`RunningSandbox` with ``.portal``, ``.url``, ``.oauth_server``, ``.ca_bundle``,
  ``.clock``, ``.app`` and ``.ready_token()``.
- ``http_sandbox``: the same over plain HTTP on loopback (``.ca_bundle`` is None).
- ``serve_sandbox(portal, clock, context, ca_bundle)``: the generator behind both, for fixtures
  that need another certificate (``tests/conformance``).
- ``event_receiver``: a real HTTP handler on loopback that records what it is posted
  (:class:`EventReceiver`: ``.url``, ``.posts``, ``.wait_for(count)``, ``.hold()``).

Teardown stops the server (joining its threads) and fails the test if the server met an
unexpected error while answering.
"""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
import trustme

from gui.sandbox import ManualClock, SandboxApp, SandboxPortal, SandboxServer


@dataclass
class RunningSandbox:
    """A started sandbox and what a client needs to talk to it."""

    portal: SandboxPortal
    server: SandboxServer
    url: str
    ca_bundle: Path | None
    clock: ManualClock
    app: SandboxApp

    @property
    def oauth_server(self) -> str:
        """The OAuth server URL (the token endpoint is ``<oauth_server>/oauth/token/``)."""
        return self.url

    @property
    def token_url(self) -> str:
        return f"{self.url}/oauth/token/"

    def rest_url(self, method: str) -> str:
        return f"{self.url}/rest/{method}"

    def ready_token(self, **options: Any) -> dict[str, Any]:
        """A fresh token pair for ``app`` in the token store's shape (see ``mint_token``)."""
        options.setdefault("base_url", self.url)
        return self.portal.mint_token(self.app, **options)


@pytest.fixture(scope="session")
def sandbox_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="session")
def ca_bundle_path(sandbox_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sandbox-ca") / "ca.pem"
    sandbox_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture(scope="session")
def _sandbox_server_cert(sandbox_ca: trustme.CA) -> trustme.LeafCert:
    return sandbox_ca.issue_cert("127.0.0.1", "localhost")


@pytest.fixture
def sandbox_clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def sandbox_portal(sandbox_clock: ManualClock) -> SandboxPortal:
    return SandboxPortal(clock=sandbox_clock)


def serve_sandbox(
    portal: SandboxPortal,
    clock: ManualClock,
    context: ssl.SSLContext | None,
    ca_bundle: Path | None,
) -> Iterator[RunningSandbox]:
    app = portal.create_app()
    server = SandboxServer(portal, ssl_context=context)
    with server:
        yield RunningSandbox(portal, server, server.url, ca_bundle, clock, app)
        errors = server.errors
    assert not errors, f"the sandbox server failed while answering: {errors!r}"


@pytest.fixture
def tls_sandbox(
    sandbox_portal: SandboxPortal,
    sandbox_clock: ManualClock,
    _sandbox_server_cert: trustme.LeafCert,
    ca_bundle_path: Path,
) -> Iterator[RunningSandbox]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    _sandbox_server_cert.configure_cert(context)
    yield from serve_sandbox(sandbox_portal, sandbox_clock, context, ca_bundle_path)


@pytest.fixture
def http_sandbox(
    sandbox_portal: SandboxPortal, sandbox_clock: ManualClock
) -> Iterator[RunningSandbox]:
    yield from serve_sandbox(sandbox_portal, sandbox_clock, None, None)


def refresh_form(token: dict[str, Any]) -> dict[str, Any]:
    """The OAuth server's refresh request for ``token``, as the client posts it."""
    return {
        "grant_type": "refresh_token",
        "client_id": token["client_id"],
        "client_secret": token["client_secret"],
        "refresh_token": token["refresh_token"],
    }


# ---------------------------------------------------------------- a connector server's handler


@dataclass(frozen=True)
class ReceivedPost:
    """One POST an :class:`EventReceiver` got, as it came over the wire."""

    path: str
    headers: dict[str, str]
    body: bytes

    def form(self) -> dict[str, str]:
        """The form body's fields, PHP keys as they are (``data[CONNECTOR]``…)."""
        return dict(parse_qsl(self.body.decode("ascii"), keep_blank_values=True))


class _ReceiverHandler(BaseHTTPRequestHandler):
    server: _ReceiverServer

    def do_POST(self) -> None:
        receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        post = ReceivedPost(self.path, dict(self.headers.items()), body)
        receiver.record(post)
        receiver.released.wait(30)  # hold(): the post has arrived, its answer waits
        if receiver.on_post is not None:
            receiver.on_post(post)
        self.send_response(receiver.status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"OK")

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _ReceiverServer(ThreadingHTTPServer):
    receiver: EventReceiver


class EventReceiver:
    """An integrator's event handler on 127.0.0.1: records every POST, answers ``status``.

    ``hold()`` makes the next posts wait for their answer until ``release()`` (or ``close()``);
    ``on_post`` runs before answering (a handler that calls the portal back).
    """

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        self.posts: list[ReceivedPost] = []
        self.status = 200
        self.on_post: Callable[[ReceivedPost], None] | None = None
        self.released = threading.Event()
        self.released.set()
        self._arrived = threading.Condition()
        self._server = _ReceiverServer(("127.0.0.1", 0), _ReceiverHandler)
        self._server.receiver = self
        if ssl_context is not None:
            self._server.socket = ssl_context.wrap_socket(self._server.socket, server_side=True)
        scheme = "https" if ssl_context is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self._server.server_address[1]}/b24/events"
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    def record(self, post: ReceivedPost) -> None:
        with self._arrived:
            self.posts.append(post)
            self._arrived.notify_all()

    def wait_for(self, count: int, timeout: float = 10.0) -> bool:
        with self._arrived:
            return self._arrived.wait_for(lambda: len(self.posts) >= count, timeout)

    def hold(self) -> None:
        self.released.clear()

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)


@pytest.fixture
def event_receiver() -> Iterator[EventReceiver]:
    receiver = EventReceiver()
    yield receiver
    receiver.close()


@pytest.fixture
def tls_event_receiver(sandbox_ca: trustme.CA) -> Iterator[EventReceiver]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    sandbox_ca.issue_cert("127.0.0.1").configure_cert(context)
    receiver = EventReceiver(context)
    yield receiver
    receiver.close()
