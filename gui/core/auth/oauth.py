"""The Bitrix24 OAuth server: the authorize URL, the code exchange and the refresh.

BITRIX.md §3. Requests are form POSTs (secrets stay out of URLs and access logs); the
``client_secret`` goes only to the OAuth server, never to the portal. Every refresh returns a new
pair and the old refresh token dies: the caller must persist the result before anything else
(:mod:`gui.core.auth.refresh` does). Error messages name the problem and what to do; they
never contain a token, a code or the client secret.
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

from gui.core.auth.tokens import StoredToken
from gui.core.auth.trust import (
    endpoint_allowed,
    token_portal,
    untrusted_server_error,
)
from gui.core.cancel import CancelToken
from gui.core.errors import AuthError, NetworkError
from gui.core.portal.address import PortalAddress
from gui.core.portal.error_catalogue import OAUTH_ERRORS
from gui.core.portal.transport import Transport, check_url
from gui.core.secrets import scrub_text

log = logging.getLogger(__name__)

DEFAULT_OAUTH_SERVER = "https://oauth.bitrix.info"
TOKEN_PATH = "/oauth/token/"  # noqa: S105 - a URL path, not a password


def token_endpoint(server: str) -> str:
    """The token URL for an OAuth server given as an origin, a ``server_endpoint`` or a full URL."""
    parts = urlsplit(server.strip())
    if not parts.scheme or not parts.netloc:
        raise AuthError(f"“{server}” is not a valid OAuth server address.", code="OAUTH_SERVER")
    if parts.path.rstrip("/").endswith("/oauth/token"):
        url = f"{parts.scheme}://{parts.netloc}{parts.path}"
    else:
        url = f"{parts.scheme}://{parts.netloc}{TOKEN_PATH}"
    check_url(url)
    return url


def authorize_url(
    portal: PortalAddress | str, client_id: str, state: str, redirect_uri: str | None = None
) -> str:
    """``https://<portal>/oauth/authorize/?client_id=…&state=…`` (no secret in it)."""
    address = PortalAddress.parse(portal) if isinstance(portal, str) else portal
    query = {"client_id": client_id, "state": state}
    if redirect_uri:
        query["redirect_uri"] = redirect_uri
    return f"{address.base_url}/oauth/authorize/?{urlencode(query)}"


class OAuthClient:
    """Talks to the OAuth server at ``server_url`` (default ``https://oauth.bitrix.info``).

    A refresh goes to the token's ``server_endpoint`` when it is known (the server that issued
    it) and trusted (:mod:`gui.core.auth.trust`: Bitrix24's own OAuth servers, or the sandbox's
    loopback origin), unless ``force_server_url`` is set (the user named a server explicitly,
    which always wins). An untrusted ``server_endpoint`` is refused before anything is sent.
    """

    def __init__(
        self,
        transport: Transport,
        server_url: str = DEFAULT_OAUTH_SERVER,
        *,
        force_server_url: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._transport = transport
        self._server_url = server_url
        self._force = force_server_url
        self._clock = clock

    authorize_url = staticmethod(authorize_url)

    def token_url(self, token: StoredToken | None = None) -> str:
        """Where a token request goes (see the class docstring)."""
        if token is None or not token.server_endpoint or self._force:
            return token_endpoint(self._server_url)
        portal = token_portal(token)
        if not endpoint_allowed(token.server_endpoint, portal):
            raise untrusted_server_error(token.server_endpoint, portal or "this portal")
        return token_endpoint(token.server_endpoint)

    def exchange_code(
        self, code: str, client_id: str, client_secret: str, cancel: CancelToken | None = None
    ) -> StoredToken:
        """Trade an authorization code (30 s lifetime) for a token pair."""
        form = {
            "grant_type": "authorization_code",
            "client_id": client_id,
            "client_secret": client_secret,
            "code": code,
        }
        url = self.token_url()
        answer = self._post(url, form, (code, client_secret), cancel)
        return self._token_from(answer, client_id, client_secret, previous=None, used=url)

    def refresh(self, token: StoredToken, cancel: CancelToken | None = None) -> StoredToken:
        """A new pair for ``token``'s refresh token (which dies on the server at once)."""
        form = {
            "grant_type": "refresh_token",
            "client_id": token.client_id,
            "client_secret": token.client_secret,
            "refresh_token": token.refresh_token,
        }
        url = self.token_url(token)
        answer = self._post(url, form, token.secrets(), cancel)
        return self._token_from(answer, token.client_id, token.client_secret, token, used=url)

    def _post(
        self,
        url: str,
        form: Mapping[str, str],
        secrets: tuple[str, ...],
        cancel: CancelToken | None,
    ) -> dict[str, Any]:
        answer = self._transport.post_form(url, form, cancel)
        host = urlsplit(url).hostname or "the OAuth server"
        log.info("OAuth %s at %s: HTTP %s", form.get("grant_type"), url, answer.status)
        try:
            data = json.loads(answer.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            data = None  # RecursionError: JSON nested thousands deep
        if not isinstance(data, dict):
            raise NetworkError(
                f"{host} did not answer like a Bitrix24 OAuth server (HTTP {answer.status}). "
                "Check the OAuth server address.",
                code="OAUTH_BAD_ANSWER",
            )
        error = data.get("error")
        if error:
            code = str(error)
            description = scrub_text(str(data.get("error_description") or ""), secrets)
            info = OAUTH_ERRORS.get(code)
            meaning = info.explanation if info else "The OAuth server refused the request."
            detail = f" Server said: {description}" if description else ""
            log.warning("OAuth server refused the %s request with %s", form.get("grant_type"), code)
            raise AuthError(f"{meaning} ({code}){detail}", code=code)
        if answer.status != 200:
            raise NetworkError(
                f"{host} answered HTTP {answer.status} without an OAuth result.",
                code="OAUTH_BAD_ANSWER",
            )
        return data

    def _token_from(
        self,
        data: Mapping[str, Any],
        client_id: str,
        client_secret: str,
        previous: StoredToken | None,
        used: str,
    ) -> StoredToken:
        """The new pair, whenever the answer holds one: the server has already rotated it, so a
        malformed optional field falls back (never an error, never a value the next run
        refuses) instead of throwing the only live refresh token away."""
        access = data.get("access_token")
        refresh = data.get("refresh_token")
        if not isinstance(access, str) or not access or not isinstance(refresh, str) or not refresh:
            raise AuthError(
                "The OAuth server's answer has no token pair.", code="OAUTH_INCOMPLETE_ANSWER"
            )

        def kept(key: str) -> str:
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                return value
            if isinstance(value, int) and not isinstance(value, bool):
                return str(value)
            return getattr(previous, key) if previous is not None else ""

        client_endpoint = kept("client_endpoint")
        if (
            previous is not None
            and previous.client_endpoint
            and client_endpoint
            and _host(client_endpoint) != _host(previous.client_endpoint)
        ):
            log.warning("the OAuth answer named another portal; kept the token's own")
            client_endpoint = previous.client_endpoint
        server_endpoint = kept("server_endpoint")
        if server_endpoint and not endpoint_allowed(
            server_endpoint, _host(client_endpoint) if client_endpoint else None
        ):
            log.warning(
                "the OAuth answer named %s as its server; not followed (refreshes stay at %s)",
                urlsplit(server_endpoint).netloc,
                urlsplit(used).netloc,
            )
            server_endpoint = previous.server_endpoint if previous is not None else ""
        extra = {
            key: value
            for key, value in data.items()
            if key in {"domain", "user_id", "status"}
            and (isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)))
        }
        return StoredToken(
            access_token=access,
            refresh_token=refresh,
            expires=expiry_of(data, self._clock()),
            client_id=client_id,
            client_secret=client_secret,
            client_endpoint=client_endpoint,
            server_endpoint=server_endpoint,
            member_id=kept("member_id"),
            scope=kept("scope"),
            extra=extra,
        )


_MAX_LIFETIME = 10 * 365 * 86400.0
"""Past this an access token's expiry is not believable (they live an hour)."""
_CLOCK_SKEW = 300.0


def _number(value: object) -> float | None:
    """A finite number from a JSON number or a numeric string, else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except (ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def expiry_of(data: Mapping[str, Any], now: float) -> int:
    """The access token's expiry (unix seconds) from an OAuth answer: ``expires`` when it is a
    believable time, else now + ``expires_in`` when that is a believable lifetime, else now + an
    hour. Never NaN, infinite, negative or in the past (the store would refuse it)."""
    expires = _number(data.get("expires"))
    if expires is not None and now - _CLOCK_SKEW <= expires <= now + _MAX_LIFETIME:
        return int(expires)
    lifetime = _number(data.get("expires_in"))
    if lifetime is None or not 0 < lifetime <= _MAX_LIFETIME:
        lifetime = 3600.0
    return int(now + lifetime)


def _host(url: str) -> str:
    return (urlsplit(url.strip()).netloc or url).lower()
