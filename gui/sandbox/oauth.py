"""The OAuth server's two endpoints: ``/oauth/token/`` and ``/oauth/authorize/`` (BITRIX.md §3).

The sandbox serves them on the portal's own origin, so its OAuth server URL is the portal's base
URL: the token endpoint is ``<base>/oauth/token/``. ``server_endpoint`` has the real value's shape
(``https://oauth.bitrix.info/rest/``) on the sandbox's own host, ``<base>/rest/``: SDKs derive
the token URL from it (b24jssdk: the endpoint without ``/rest/`` + ``/oauth/token/``), so a
refresh stays on this machine.
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import SplitResult, urlencode, urlsplit

from gui.sandbox.tokens import Grant, OAuthFailure, SandboxApp, TokenBook
from gui.sandbox.wire import Params, Response, json_response


def host_of(base_url: str) -> str:
    """``host:port`` of a base URL (what Bitrix24 calls the domain)."""
    return urlsplit(base_url).netloc


def _is_loopback_http(parts: SplitResult) -> bool:
    host = (parts.hostname or "").lower()
    if parts.scheme.lower() != "http":
        return False
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def redirect_allowed(configured: str, given: str) -> bool:
    """Whether ``given`` is the app's ``configured`` redirect address.

    Exactly the same address; or, when the configured one is a loopback ``http://`` address (a
    desktop program's listener), any loopback address with the same path and query on any port
    (RFC 8252 §7.3: such a listener takes a free port each time).
    """
    if given == configured:
        return True
    try:
        want, got = urlsplit(configured), urlsplit(given)
        got.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return False
    return (
        _is_loopback_http(want)
        and _is_loopback_http(got)
        and (want.path, want.query) == (got.path, got.query)
        and not got.fragment
        and not got.username
    )


def token_payload(
    book: TokenBook, access: Grant, base_url: str, member_id: str, refresh: Grant | None = None
) -> dict[str, Any]:
    """The OAuth server's answer for a new pair, with every field the real one sends (without
    ``refresh_token`` when there is none: the ``auth`` block of an event delivery)."""
    base = base_url.rstrip("/")
    payload: dict[str, Any] = {
        "access_token": access.value,
        "expires": int(access.expires_at),
        "expires_in": max(0, round(access.expires_at - book.clock())),
        "scope": access.scope,
        "domain": host_of(base),
        "server_endpoint": f"{base}/rest/",
        "status": "L",
        "client_endpoint": f"{base}/rest/",
        "member_id": member_id,
        "user_id": access.user_id,
    }
    if refresh is not None:
        payload["refresh_token"] = refresh.value
    return payload


def token_endpoint(book: TokenBook, params: Params, base_url: str, member_id: str) -> Response:
    """``grant_type`` authorization_code or refresh_token, from the query (GET) or a form."""
    values = params.merged
    grant_type = values.get("grant_type")
    try:
        if grant_type not in ("authorization_code", "refresh_token"):
            raise OAuthFailure(
                "invalid_request", "grant_type must be authorization_code or refresh_token"
            )
        app = book.check_client(values.get("client_id"), values.get("client_secret"))
        if grant_type == "authorization_code":
            pair = book.exchange_code(app, values.get("code"))
        else:
            pair = book.refresh(app, values.get("refresh_token"))
    except OAuthFailure as failure:
        return json_response(
            failure.status, {"error": failure.code, "error_description": failure.description}
        )
    return json_response(200, token_payload(book, pair.access, base_url, member_id, pair.refresh))


def authorize_endpoint(book: TokenBook, params: Params, base_url: str, member_id: str) -> Response:
    """Approves at once (the sandbox has no login page) and redirects with a fresh code.

    The redirect goes to the app's configured address, like Bitrix24's. A ``redirect_uri`` is
    honoured only when :func:`redirect_allowed` says it is that address; any other one, like an
    unknown ``client_id``, gets an error page and no redirect (a code never leaves for a place
    the app did not name).
    """
    values = params.merged
    client_id = values.get("client_id")
    app: SandboxApp | None = book.apps.get(client_id) if isinstance(client_id, str) else None
    if app is None or client_id in book.uninstalled:
        page = b"<html><body><h1>Application not found</h1></body></html>"
        return Response(400, page, content_type="text/html; charset=utf-8")
    code = book.issue_code(app)
    host = host_of(base_url)
    query: dict[str, str] = {"code": code.value}
    if isinstance(values.get("state"), str):
        query["state"] = values["state"]
    query.update(domain=host, member_id=member_id, scope=app.scope, server_domain=host)
    target = values.get("redirect_uri")
    redirect_uri = app.redirect_uri
    if isinstance(target, str) and target:
        if not redirect_allowed(app.redirect_uri, target):
            page = (
                b"<html><body><h1>The redirect_uri does not match the application's "
                b"configured redirect address</h1></body></html>"
            )
            return Response(400, page, content_type="text/html; charset=utf-8")
        redirect_uri = target
    separator = "&" if "?" in redirect_uri else "?"
    location = f"{redirect_uri}{separator}{urlencode(query)}"
    return Response(302, b"", content_type="text/html", headers=(("Location", location),))
