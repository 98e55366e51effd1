"""The window's collaborators: the token store, the calls that reach a portal, the sandbox, a clock.

They come in through :class:`Services` so tests can pass their own (an in-memory keyring, a TLS
sandbox's CA bundle). The real ones import ``requests``, ``keyring`` and the sandbox lazily, so
building a window imports only Qt and the light parts of the core: start-up stays fast.

The network functions here run on the network runner's thread: each gets immutable inputs
(options, the portal address, the token value, the profile dict) and builds its own transport.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from gui.core.cancel import CancelToken
from gui.qt.request_recorder import RecordingTransport, RequestSink


@dataclass(frozen=True)
class NetworkOptions:
    """What the network calls need from the settings: a CA bundle and the OAuth server."""

    ca_bundle: str = ""
    oauth_server: str = ""


class TokenStoreLike(Protocol):
    """The part of :class:`gui.core.auth.tokens.TokenStore` the window uses (GUI thread only)."""

    def load(self, portal: Any) -> Any: ...

    def save(self, portal: Any, token: Any) -> None: ...

    def forget(self, portal: Any) -> bool: ...


Persist = Callable[[Any], None]


class CoreRegister:
    """``imconnector.register`` with expiry → refresh → persist → retry, via the core.

    One :class:`~gui.core.auth.refresh.RefreshCoordinator` lives as long as the window, so
    every call of the window shares its single-flight refresh and the latest token pair. It is
    created on the first call, keeping ``authorized_calls`` (and requests) out of start-up.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._coordinator: Any = None

    def _shared_coordinator(self) -> Any:
        from gui.core.auth.refresh import RefreshCoordinator

        with self._lock:
            if self._coordinator is None:
                self._coordinator = RefreshCoordinator()
            return self._coordinator

    def __call__(
        self,
        options: NetworkOptions,
        sink: RequestSink,
        portal: Any,
        token: Any,
        persist: Persist,
        profile: Mapping[str, Any],
        cancel: CancelToken,
    ) -> Any:
        from gui.core.auth.oauth import DEFAULT_OAUTH_SERVER, OAuthClient
        from gui.core.auth.refresh import AuthorizedClient
        from gui.core.portal.rest import RestClient
        from gui.core.portal.transport import Transport

        transport = RecordingTransport(Transport(ca_bundle=options.ca_bundle or None), sink)
        try:
            oauth = OAuthClient(transport, server_url=options.oauth_server or DEFAULT_OAUTH_SERVER)
            client = AuthorizedClient(RestClient(transport), oauth, self._shared_coordinator())
            return client.register(portal, token, persist, dict(profile), cancel)
        finally:
            transport.close()


def open_keyring_store() -> TokenStoreLike:
    """The real token store (OS keyring); imported here so start-up does not load keyring."""
    from gui.core.auth.tokens import TokenStore

    return TokenStore()


def core_login(
    options: NetworkOptions,
    sink: RequestSink,
    results: Any,
    client_id: str,
    client_secret: str,
    cancel: CancelToken,
) -> Any:
    """Wait for the authorization (loopback redirect or paste), then exchange the code at once."""
    from gui.core.auth.login import wait_for_authorization
    from gui.core.auth.oauth import DEFAULT_OAUTH_SERVER, OAuthClient
    from gui.core.portal.transport import Transport

    answer = wait_for_authorization(results, cancel=cancel)
    transport = RecordingTransport(Transport(ca_bundle=options.ca_bundle or None), sink)
    try:
        oauth = OAuthClient(transport, server_url=options.oauth_server or DEFAULT_OAUTH_SERVER)
        return oauth.exchange_code(answer.code, client_id, client_secret, cancel)
    finally:
        transport.close()


def open_in_browser(url: str) -> bool:
    """Open ``url`` in the user's browser (the core's opener: a clean child environment when
    frozen). It may wait about a second to see the opener fail, so call it off the GUI thread."""
    from gui.core.child_env import open_in_browser as core_open

    return core_open(url)


RegisterCall = Callable[
    [NetworkOptions, RequestSink, Any, Any, Persist, Mapping[str, Any], CancelToken], Any
]
LoginCall = Callable[[NetworkOptions, RequestSink, Any, str, str, CancelToken], Any]


@dataclass(frozen=True)
class Services:
    """Everything outside the window that the window talks to."""

    open_token_store: Callable[[], TokenStoreLike] = open_keyring_store
    register: RegisterCall = field(default_factory=CoreRegister)
    login: LoginCall = core_login
    open_url: Callable[[str], bool] = field(default=lambda url: open_in_browser(url))
    clock: Callable[[], float] = field(default=time.time)
