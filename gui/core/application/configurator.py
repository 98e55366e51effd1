"""Clients built from settings, and the operations on a portal as single calls.

:class:`Configurator` holds what lives as long as the program (the settings, where tokens are
kept, one :class:`~gui.core.auth.refresh.RefreshCoordinator`) and builds, per operation, the chain
``Transport`` → ``OAuthClient`` → ``RestClient`` → ``AuthorizedClient``. Nothing else in the
program constructs those.

Tokens come and go through a :class:`TokenKeeper`: the CLI passes the keyring
:class:`~gui.core.auth.tokens.TokenStore` itself; the window passes an adapter that runs each
keyring call on its GUI thread (the worker thread waits). A token read before the operation can
be passed in as a value (the window reads it on the GUI thread when the user clicks).
Every secret that passes through here is registered with the log's masking filter.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from gui.core.auth.refresh import RefreshCoordinator
from gui.core.auth.tokens import StoredToken
from gui.core.cancel import CancelToken
from gui.core.errors import AuthError
from gui.core.logs import register_secrets
from gui.core.portal.address import PortalAddress
from gui.core.portal.recording import RequestSink

if TYPE_CHECKING:
    from gui.core.auth.login import AuthorizationResponse
    from gui.core.auth.oauth import OAuthClient
    from gui.core.auth.refresh import AuthorizedClient
    from gui.core.portal.onboarding_methods import Onboarding
    from gui.core.portal.rest import RegisterOutcome
    from gui.core.portal.transport import Transport


@dataclass(frozen=True)
class ClientSettings:
    """What the user chose for the network: a CA bundle and an OAuth server.

    ``oauth_server`` empty: token requests go to the server that issued the token (its
    ``server_endpoint``), else ``https://oauth.bitrix.info``. Set: every token request goes there.
    """

    ca_bundle: str = ""
    oauth_server: str = ""


class TokenKeeper(Protocol):
    """Where a portal's token pair is read and stored (the OS keyring, reached how the caller
    needs: directly from the CLI, through the GUI thread from the window)."""

    def load(self, portal: PortalAddress) -> StoredToken | None: ...

    def save(self, portal: PortalAddress, token: StoredToken) -> None: ...


@dataclass(frozen=True)
class LoginResult:
    """A finished login: the stored pair and the portal the authorization came from."""

    token: StoredToken
    domain: str


def no_token_error(portal: PortalAddress) -> AuthError:
    """The error for a portal with no stored token (field ``portal``)."""
    return AuthError(
        f"No token is stored for {portal.host_key}. Log in first (the window's “Log in…”, or "
        f"`login --portal {portal.base_url} --client-id …`), or store one with `token set`.",
        code="NO_TOKEN",
        field="portal",
    )


def register_params(profile: Mapping[str, Any]) -> dict[str, Any]:
    """What ``imconnector.register`` is sent: the profile without the program's own
    ``ONBOARDING`` key, and the ID lower-cased (the portal stores it so, and every later call
    must use the stored form: BITRIX.md §5)."""
    params = {key: value for key, value in profile.items() if key != "ONBOARDING"}
    if isinstance(params.get("ID"), str):
        params["ID"] = params["ID"].strip().lower()
    return params


class PortalSession:
    """Authorised calls to one portal over one connection; made by :meth:`Configurator.open`.

    An expired access token is refreshed once (single-flight across the program), the new pair
    is stored through the keeper before the call is retried, and ``invalid_grant`` reloads a pair
    another process may have stored.
    """

    def __init__(
        self,
        portal: PortalAddress,
        token: StoredToken,
        client: AuthorizedClient,
        keeper: TokenKeeper,
        cancel: CancelToken | None,
    ) -> None:
        self.portal = portal
        self._token = token
        self._client = client
        self._keeper = keeper
        self._cancel = cancel

    @property
    def token(self) -> StoredToken:
        """The pair the session uses now (a refresh replaces it)."""
        return self._token

    def _persist(self, token: StoredToken) -> None:
        register_secrets(token.secrets())
        self._keeper.save(self.portal, token)
        self._token = token

    def call(self, method: str, params: Mapping[str, Any]) -> Any:
        """``method``'s ``result`` (system errors raise as typed errors)."""
        return self._client.call(
            self.portal, self._token, self._persist, method, params, self._cancel
        )

    def register(self, profile: Mapping[str, Any]) -> RegisterOutcome:
        """``imconnector.register`` with the profile; business errors come back in the outcome."""
        return self._client.register(self.portal, self._token, self._persist, profile, self._cancel)

    def methods(self) -> Onboarding:
        """The typed onboarding methods over this session."""
        from gui.core.portal.onboarding_methods import Onboarding

        return Onboarding(self.call)


class Configurator:
    """The program's operations on portals, with clients built from :class:`ClientSettings`.

    ``observe`` (optional) receives every request and answer, secrets masked (the window's
    request log). ``clock`` is wall-clock Unix time (token expiry). One instance per program
    run: its refresh coordinator makes concurrent refreshes of one portal single-flight.
    """

    def __init__(
        self,
        settings: ClientSettings,
        tokens: TokenKeeper,
        *,
        observe: RequestSink | None = None,
        clock: Callable[[], float] = time.time,
        coordinator: RefreshCoordinator | None = None,
    ) -> None:
        self.settings = settings
        self._tokens = tokens
        self._observe = observe
        self._clock = clock
        self._coordinator = coordinator or RefreshCoordinator()

    def with_settings(self, settings: ClientSettings) -> Configurator:
        """The same configurator (tokens, refresh coordinator) with other network settings."""
        return Configurator(
            settings,
            self._tokens,
            observe=self._observe,
            clock=self._clock,
            coordinator=self._coordinator,
        )

    @property
    def refresh_count(self) -> int:
        """How many token refreshes this configurator made (tests, benchmarks)."""
        return self._coordinator.refresh_count

    # ------------------------------------------------------------------ clients
    def _transport(self) -> Transport:
        from gui.core.portal.recording import RecordingTransport
        from gui.core.portal.transport import Transport

        transport = Transport(ca_bundle=self.settings.ca_bundle or None)
        if self._observe is None:
            return transport
        return RecordingTransport(transport, self._observe)  # type: ignore[return-value]

    def _oauth(self, transport: Transport) -> OAuthClient:
        from gui.core.auth.oauth import DEFAULT_OAUTH_SERVER, OAuthClient

        server = self.settings.oauth_server.strip()
        return OAuthClient(transport, server or DEFAULT_OAUTH_SERVER, force_server_url=bool(server))

    def peek_token(self, portal: PortalAddress) -> StoredToken | None:
        """The portal's stored pair, if any (a missing or locked keyring raises now)."""
        token = self._tokens.load(portal)
        if token is not None:
            register_secrets(token.secrets())
        return token

    def stored_token(self, portal: PortalAddress) -> StoredToken:
        """The portal's stored pair, or the ``NO_TOKEN`` error."""
        token = self.peek_token(portal)
        if token is None:
            raise no_token_error(portal)
        return token

    @contextmanager
    def open(
        self,
        portal: PortalAddress,
        token: StoredToken | None = None,
        cancel: CancelToken | None = None,
    ) -> Iterator[PortalSession]:
        """A :class:`PortalSession` on ``portal`` with ``token`` (default: the stored one)."""
        from gui.core.auth.refresh import AuthorizedClient
        from gui.core.portal.rest import RestClient

        if token is None:
            token = self.stored_token(portal)
        else:
            register_secrets(token.secrets())
        transport = self._transport()
        try:
            client = AuthorizedClient(
                RestClient(transport, clock=self._clock),
                self._oauth(transport),
                self._coordinator,
                clock=self._clock,
                reload=self._tokens.load,
            )
            yield PortalSession(portal, token, client, self._tokens, cancel)
        finally:
            transport.close()

    # ------------------------------------------------------------------ operations
    def register(
        self,
        portal: PortalAddress,
        profile: Mapping[str, Any],
        *,
        token: StoredToken | None = None,
        cancel: CancelToken | None = None,
    ) -> RegisterOutcome:
        """``imconnector.register`` with ``profile`` (the parameters as in the profile file)."""
        with self.open(portal, token, cancel) as session:
            return session.register(profile)

    def authorize_url(
        self, portal: PortalAddress, client_id: str, state: str, redirect_uri: str | None = None
    ) -> str:
        """The portal's authorization page for the app (no secret in it)."""
        from gui.core.auth.oauth import authorize_url

        return authorize_url(portal, client_id, state, redirect_uri)

    def finish_login(
        self,
        portal: PortalAddress,
        answers: queue.Queue[AuthorizationResponse | Exception],
        client_id: str,
        client_secret: str,
        *,
        timeout: float | None = None,
        cancel: CancelToken | None = None,
    ) -> LoginResult:
        """Wait for the authorization (loopback redirect or pasted code), exchange the code at
        once (it lives 30 s), store the pair and return it."""
        from gui.core.auth.login import DEFAULT_WAIT_SECONDS, wait_for_authorization

        register_secrets([client_secret])
        answer = wait_for_authorization(
            answers, timeout=timeout or DEFAULT_WAIT_SECONDS, cancel=cancel
        )
        register_secrets([answer.code])
        from gui.core.auth.shield import storing_pair

        transport = self._transport()
        try:
            with storing_pair():  # Ctrl+C / SIGTERM wait until the issued pair is stored
                token = self._oauth(transport).exchange_code(
                    answer.code, client_id, client_secret, cancel
                )
                register_secrets(token.secrets())
                self._tokens.save(portal, token)
        finally:
            transport.close()
        return LoginResult(token, answer.domain)
