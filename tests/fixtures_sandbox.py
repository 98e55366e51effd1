"""Shared fixtures: the sandbox portal over real TLS with a throwaway CA, or plain loopback HTTP.

- ``sandbox_ca``: a ``trustme.CA`` for the whole session.
- ``ca_bundle_path``: that CA as a PEM file (``verify=`` for requests, the custom CA setting).
- ``sandbox_clock``: a :class:`~gui.sandbox.ManualClock` (``.advance(seconds)``).
- ``sandbox_portal``: a fresh :class:`~gui.sandbox.SandboxPortal` on that clock.
- ``tls_sandbox``: the portal served over HTTPS (cert for 127.0.0.1 and localhost); a
  :class:`RunningSandbox` with ``.portal``, ``.url``, ``.oauth_server``, ``.ca_bundle``,
  ``.clock``, ``.app`` and ``.ready_token()``.
- ``http_sandbox``: the same over plain HTTP on loopback (``.ca_bundle`` is None).

Teardown stops the server (joining its threads) and fails the test if the server met an
unexpected error while answering.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _run(
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
    yield from _run(sandbox_portal, sandbox_clock, context, ca_bundle_path)


@pytest.fixture
def http_sandbox(
    sandbox_portal: SandboxPortal, sandbox_clock: ManualClock
) -> Iterator[RunningSandbox]:
    yield from _run(sandbox_portal, sandbox_clock, None, None)


def refresh_form(token: dict[str, Any]) -> dict[str, Any]:
    """The OAuth server's refresh request for ``token``, as the client posts it."""
    return {
        "grant_type": "refresh_token",
        "client_id": token["client_id"],
        "client_secret": token["client_secret"],
        "refresh_token": token["refresh_token"],
    }
