"""Where a token may go: its own portal only, and its refresh (with the client secret) only to
the configured OAuth server or Bitrix24's own.

BITRIX.md §3: the token endpoint is ``https://oauth.bitrix.info/oauth/token/`` (some portals use
``oauth.bitrix24.tech``); ``client_secret`` goes only to the OAuth server. A token answer's
``server_endpoint`` is a hint, not an order: a server that names another host is not followed
(the refresh carries the client secret), and a stored token that names one is refused with what
to do. The sandbox serves its OAuth server on its own loopback origin, so a loopback endpoint on
the portal's own host is accepted too. A stored token whose ``client_endpoint`` (or ``domain``)
names another portal is refused before anything is sent: the access token would go to that
portal's neighbour, the client secret to the wrong app's server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from gui.core.auth.tokens import StoredToken
from gui.core.errors import AuthError, InvalidInputError
from gui.core.portal.address import PortalAddress

KNOWN_OAUTH_HOSTS = frozenset({"oauth.bitrix.info", "oauth.bitrix24.tech"})
"""Bitrix24's own OAuth servers (BITRIX.md §3)."""


_OTHER_PORTAL = (
    "The token stored for {portal} was issued for another portal, {other}; nothing was sent. "
    "Log in to {portal} again (or store its own token with `token set`)."
)


def _host_key(url: str) -> str | None:
    """``url``'s host key (as :attr:`PortalAddress.host_key`), None when it is not an address."""
    try:
        return PortalAddress.parse(url).host_key
    except InvalidInputError:
        return None


def is_known_oauth_server(url: str) -> bool:
    """Whether ``url`` is one of Bitrix24's own OAuth servers over https."""
    parts = urlsplit(url.strip())
    return (
        parts.scheme.lower() == "https"
        and (parts.hostname or "") in KNOWN_OAUTH_HOSTS
        and (parts.port in (None, 443))
    )


def endpoint_allowed(endpoint: str, portal_host_key: str | None) -> bool:
    """Whether a token's ``server_endpoint`` may receive the refresh (and the client secret)."""
    if is_known_oauth_server(endpoint):
        return True
    parts = urlsplit(endpoint.strip())
    host = _host_key(endpoint)
    loopback = host is not None and PortalAddress.parse(endpoint).is_loopback
    return bool(loopback and parts.scheme in ("http", "https") and host == portal_host_key)


def untrusted_server_error(endpoint: str, portal_host_key: str) -> AuthError:
    shown = urlsplit(endpoint.strip()).netloc or endpoint
    return AuthError(
        "The token stored for {portal} says its OAuth server is {server}, which is not a "
        "Bitrix24 OAuth server ({known}). The refresh, which carries the app's client secret, "
        "was not sent there. If {server} is your on-premise OAuth server, name it with "
        "--oauth-server (or Portal ▸ OAuth server… in the window); otherwise log in again.".format(
            portal=portal_host_key, server=shown, known=", ".join(sorted(KNOWN_OAUTH_HOSTS))
        ),
        code="OAUTH_SERVER_UNTRUSTED",
        field="oauth_server",
    )


def token_portal(token: StoredToken) -> str | None:
    """The host key of the portal ``token`` says it was issued for, from its ``client_endpoint``."""
    return _host_key(token.client_endpoint) if token.client_endpoint else None


def check_token_for_portal(portal: PortalAddress, token: StoredToken) -> None:
    """Refuse (before anything is sent) a token whose ``client_endpoint`` or ``domain`` names
    another portal than ``portal``."""
    named = token_portal(token)
    domain = token.extra.get("domain")
    if named is None and isinstance(domain, str) and domain.strip():
        domain_host = _host_key(domain)
        if domain_host is not None and urlsplit(f"//{domain.strip()}").hostname not in (
            KNOWN_OAUTH_HOSTS
        ):
            named = domain_host
    if named is None or named == portal.host_key:
        return
    raise AuthError(
        _OTHER_PORTAL.format(portal=portal.host_key, other=named),
        code="TOKEN_OTHER_PORTAL",
        field="portal",
    )
