"""Apps, authorization codes, token pairs and webhooks: the OAuth server's memory.

Behaviour (BITRIX.md §3): a code lives ``code_lifetime`` seconds (30) and works once; an access
token lives ``access_lifetime`` (1 hour); a refresh token lives ``refresh_lifetime`` (180 days)
and dies the moment it is used, because every refresh returns a new pair. Event deliveries carry
an access token alone (:meth:`TokenBook.issue_access`). An app's installation is finished unless
the rehearsal says otherwise (``install_unfinished``): events are not delivered until it is.
Not thread-safe on its own: :class:`~gui.sandbox.portal.SandboxPortal` holds the lock.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from gui.sandbox.clock import Clock

DEFAULT_SCOPE = "imopenlines,imconnector"
DEFAULT_REDIRECT_URI = "http://127.0.0.1/b24-connector-configurator/callback"
"""The sandbox app's configured redirect: the configurator's own loopback listener's path
(``gui.core.auth.login.CALLBACK_PATH``; a test keeps the two equal). Being a loopback address, any
port is accepted with it (RFC 8252 §7.3): the listener picks a free one each time."""


@dataclass(frozen=True)
class SandboxApp:
    """An app installed in the sandbox portal (a local app of type "server").

    ``application_token`` is what every event posted to the app's handlers carries in
    ``auth[application_token]``: a handler verifies it to know the post came from this portal.
    """

    client_id: str
    client_secret: str = field(repr=False)
    scope: str = DEFAULT_SCOPE
    redirect_uri: str = DEFAULT_REDIRECT_URI
    application_token: str = field(repr=False, default_factory=lambda: secrets.token_hex(16))
    app_id: int = 1


@dataclass(frozen=True)
class Grant:
    """A code, access token or refresh token and what it stands for."""

    value: str = field(repr=False)
    client_id: str
    scope: str
    user_id: int
    expires_at: float


@dataclass(frozen=True)
class Webhook:
    """An incoming webhook: ``/rest/<user_id>/<code>/<method>`` calls as that user."""

    user_id: int
    code: str = field(repr=False)
    scope: str

    @property
    def path(self) -> str:
        """``/rest/<user_id>/<code>/``: append a method name."""
        return f"/rest/{self.user_id}/{self.code}/"


@dataclass(frozen=True)
class IssuedPair:
    """A fresh access + refresh token pair."""

    access: Grant
    refresh: Grant


class OAuthFailure(Exception):
    """An OAuth server error (``invalid_grant``, ``invalid_client``, ``invalid_request``)."""

    def __init__(self, code: str, description: str, status: int = 400) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.status = status


def _token(prefix: str = "") -> str:
    return prefix + secrets.token_hex(32)


class TokenBook:
    """Installed apps and every live code and token."""

    def __init__(
        self,
        clock: Clock,
        *,
        access_lifetime: float = 3600.0,
        refresh_lifetime: float = 180 * 86400.0,
        code_lifetime: float = 30.0,
    ) -> None:
        self.clock = clock
        self.access_lifetime = access_lifetime
        self.refresh_lifetime = refresh_lifetime
        self.code_lifetime = code_lifetime
        self.apps: dict[str, SandboxApp] = {}
        self.uninstalled: set[str] = set()
        self.install_unfinished: set[str] = set()
        self.webhooks: dict[tuple[int, str], Webhook] = {}
        self._codes: dict[str, Grant] = {}
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}

    def add_app(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        *,
        scope: str = DEFAULT_SCOPE,
        redirect_uri: str = DEFAULT_REDIRECT_URI,
    ) -> SandboxApp:
        app = SandboxApp(
            client_id=client_id or f"local.{secrets.token_hex(7)}.{secrets.token_hex(4)}",
            client_secret=client_secret or secrets.token_urlsafe(32),
            scope=scope,
            redirect_uri=redirect_uri,
            app_id=len(self.apps) + 1,
        )
        self.apps[app.client_id] = app
        self.uninstalled.discard(app.client_id)
        return app

    def check_client(self, client_id: object, client_secret: object) -> SandboxApp:
        """The app with these credentials, or ``invalid_client``."""
        app = self.apps.get(client_id) if isinstance(client_id, str) else None
        if app is None or not isinstance(client_secret, str):
            raise OAuthFailure("invalid_client", "Invalid client credentials", 401)
        if not secrets.compare_digest(app.client_secret, client_secret):
            raise OAuthFailure("invalid_client", "Invalid client credentials", 401)
        return app

    def issue_code(self, app: SandboxApp, user_id: int = 1) -> Grant:
        code = Grant(
            value=_token(),
            client_id=app.client_id,
            scope=app.scope,
            user_id=user_id,
            expires_at=self.clock() + self.code_lifetime,
        )
        self._codes[code.value] = code
        return code

    def issue_access(self, app: SandboxApp, *, user_id: int = 1, scope: str | None = None) -> Grant:
        """An access token without a refresh token (what an event delivery carries)."""
        granted = app.scope if scope is None else scope
        expires = self.clock() + self.access_lifetime
        access = Grant(_token(), app.client_id, granted, user_id, expires)
        self._access[access.value] = access
        return access

    def issue_pair(
        self, app: SandboxApp, *, user_id: int = 1, scope: str | None = None
    ) -> IssuedPair:
        access = self.issue_access(app, user_id=user_id, scope=scope)
        granted, expires = access.scope, self.clock() + self.refresh_lifetime
        refresh = Grant(_token(), app.client_id, granted, user_id, expires)
        self._refresh[refresh.value] = refresh
        return IssuedPair(access=access, refresh=refresh)

    def add_webhook(self, user_id: int, code: str | None, scope: str) -> Webhook:
        hook = Webhook(user_id=user_id, code=code or secrets.token_hex(8), scope=scope)
        self.webhooks[(hook.user_id, hook.code)] = hook
        return hook

    def installed_app(self, client_id: str) -> SandboxApp | None:
        """The app, unless it was uninstalled."""
        return None if client_id in self.uninstalled else self.apps.get(client_id)

    def exchange_code(self, app: SandboxApp, code: object) -> IssuedPair:
        """A pair for a code; the code dies whether or not it was still valid."""
        if not isinstance(code, str) or not code:
            raise OAuthFailure("invalid_request", "The code parameter is missing")
        grant = self._codes.pop(code, None)
        if grant is None or grant.client_id != app.client_id:
            raise OAuthFailure("invalid_grant", "Invalid authorization code")
        if self.clock() >= grant.expires_at:
            raise OAuthFailure("invalid_grant", "The authorization code has expired")
        return self.issue_pair(app, user_id=grant.user_id, scope=grant.scope)

    def refresh(self, app: SandboxApp, refresh_token: object) -> IssuedPair:
        """A new pair; the refresh token used dies at once (reuse is ``invalid_grant``)."""
        if not isinstance(refresh_token, str) or not refresh_token:
            raise OAuthFailure("invalid_request", "The refresh_token parameter is missing")
        grant = self._refresh.get(refresh_token)
        if grant is None or grant.client_id != app.client_id:
            raise OAuthFailure("invalid_grant", "Invalid refresh token")
        del self._refresh[refresh_token]
        if self.clock() >= grant.expires_at:
            raise OAuthFailure("invalid_grant", "The refresh token has expired")
        return self.issue_pair(app, user_id=grant.user_id, scope=grant.scope)

    def access_grant(self, token: str) -> Grant | None:
        """The grant behind an access token (expired ones included), None if unknown."""
        return self._access.get(token)

    def revoke(self, token: str) -> bool:
        """Forget an access or refresh token; True if it existed."""
        found = self._access.pop(token, None) or self._refresh.pop(token, None)
        return found is not None

    def is_refresh_token_alive(self, token: str) -> bool:
        grant = self._refresh.get(token)
        return grant is not None and self.clock() < grant.expires_at
