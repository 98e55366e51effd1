"""Hostile OAuth answers and stored tokens (issue 11 points 4–6): a usable new pair is kept
whatever its optional fields say; nested JSON is a clear error; the refresh (with the client
secret) goes only to a trusted OAuth server; a token for another portal is refused unsent."""

from __future__ import annotations

import json
import math
import time
from typing import Any

import pytest

from gui.core.auth.oauth import OAuthClient, expiry_of
from gui.core.auth.tokens import StoredToken
from gui.core.auth.trust import check_token_for_portal
from gui.core.errors import AuthError, InvalidInputError, NetworkError
from gui.core.portal.address import PortalAddress
from tests.core.test_oauth_unit import FakeTransport, pair_answer, stored

NOW = 1_800_000_000.0
NESTED = b"[" * 100_000 + b"]" * 100_000


def refresh_with(answer: Any, token: StoredToken | None = None) -> StoredToken:
    transport = FakeTransport(answers=[(200, answer)])
    client = OAuthClient(transport, clock=lambda: NOW)
    return client.refresh(token or stored(server_endpoint="https://oauth.bitrix.info/rest/"))


@pytest.mark.parametrize(
    ("expires", "expires_in", "expected"),
    [
        (math.nan, 3600, NOW + 3600),
        (math.inf, 1800, NOW + 1800),
        (-math.inf, None, NOW + 3600),
        (-5, 3600, NOW + 3600),
        (0, "3600", NOW + 3600),
        (1e300, math.nan, NOW + 3600),
        ("soon", -7, NOW + 3600),
        (True, 60, NOW + 60),
        ([1], {"a": 1}, NOW + 3600),
        (NOW + 3600, 3600, NOW + 3600),
    ],
)
def test_a_malformed_expiry_still_keeps_the_new_pair(
    expires: Any, expires_in: Any, expected: float
) -> None:
    body = json.dumps(pair_answer(expires=expires, expires_in=expires_in)).encode()  # NaN as JSON
    token = refresh_with(body)

    assert token.refresh_token == "new-refresh-SECRET-8888"
    assert token.expires == int(expected)
    # What is stored is read back by the next run without complaint.
    assert StoredToken.from_json(token.to_json()).expires == int(expected)


def test_expiry_is_never_in_the_past_or_unbounded() -> None:
    for expires in (-1, 0, NOW - 3600, NOW + 1e12, math.nan):
        value = expiry_of({"expires": expires, "expires_in": -1}, NOW)
        assert NOW < value <= NOW + 3600


@pytest.mark.parametrize("field", ["member_id", "scope", "client_endpoint", "server_endpoint"])
@pytest.mark.parametrize("value", [None, 1.5, [], {"x": 1}, True, ""])
def test_malformed_optional_fields_fall_back_to_the_previous_values(field: str, value: Any) -> None:
    previous = stored(
        server_endpoint="https://oauth.bitrix.info/rest/",
        client_endpoint="https://example.bitrix24.com/rest/",
        member_id="m-old",
        scope="imopenlines",
    )
    token = refresh_with(pair_answer(**{field: value}), previous)

    assert token.refresh_token == "new-refresh-SECRET-8888"
    assert getattr(token, field) == getattr(previous, field)


def test_an_oauth_answer_nested_too_deep_is_a_clear_error() -> None:
    with pytest.raises(NetworkError) as caught:
        refresh_with(NESTED)
    assert caught.value.code == "OAUTH_BAD_ANSWER"


def test_a_keyring_entry_nested_too_deep_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError) as caught:
        StoredToken.from_json(NESTED.decode())
    assert caught.value.code == "TOKEN_NOT_JSON"


def test_an_answer_naming_another_server_is_not_followed() -> None:
    previous = stored(
        server_endpoint="https://oauth.bitrix.info/rest/",
        client_endpoint="https://example.bitrix24.com/rest/",
    )
    token = refresh_with(pair_answer(server_endpoint="https://evil.example/rest/"), previous)
    assert token.refresh_token == "new-refresh-SECRET-8888"  # the new pair is kept
    assert token.server_endpoint == "https://oauth.bitrix.info/rest/"

    # And the next refresh goes to Bitrix24's server, not to the one the answer named.
    transport = FakeTransport(answers=[(200, pair_answer())])
    OAuthClient(transport, clock=lambda: NOW).refresh(token)
    assert transport.sent[0][0] == "https://oauth.bitrix.info/oauth/token/"


def test_an_answer_naming_another_portal_keeps_the_tokens_own() -> None:
    previous = stored(client_endpoint="https://example.bitrix24.com/rest/")
    token = refresh_with(pair_answer(client_endpoint="https://other.bitrix24.com/rest/"), previous)
    assert token.client_endpoint == "https://example.bitrix24.com/rest/"


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://evil.example/rest/",
        "https://oauth.bitrix.info.evil.example/rest/",
        "https://oauth.bitrix.info:8443/rest/",
        "http://127.0.0.1:9/rest/",  # loopback, but not the portal's own host
    ],
)
def test_a_stored_untrusted_server_endpoint_is_refused_before_sending(endpoint: str) -> None:
    transport = FakeTransport(answers=[(200, pair_answer())])
    token = stored(server_endpoint=endpoint, client_endpoint="https://example.bitrix24.com/rest/")

    with pytest.raises(AuthError) as caught:
        OAuthClient(transport).refresh(token)

    assert caught.value.code == "OAUTH_SERVER_UNTRUSTED"
    assert "--oauth-server" in caught.value.message
    assert transport.sent == []


@pytest.mark.parametrize(
    "endpoint", ["https://oauth.bitrix.info/rest/", "https://oauth.bitrix24.tech/rest/"]
)
def test_bitrix24s_own_servers_are_trusted(endpoint: str) -> None:
    transport = FakeTransport(answers=[(200, pair_answer())])
    OAuthClient(transport).refresh(stored(server_endpoint=endpoint))
    assert transport.sent[0][0] == endpoint.replace("/rest/", "/oauth/token/")


def test_the_sandbox_loopback_origin_is_trusted_for_its_own_portal() -> None:
    transport = FakeTransport(answers=[(200, pair_answer())])
    token = stored(
        server_endpoint="http://127.0.0.1:8765/rest/",
        client_endpoint="http://127.0.0.1:8765/rest/",
    )
    OAuthClient(transport).refresh(token)
    assert transport.sent[0][0] == "http://127.0.0.1:8765/oauth/token/"


def test_the_configured_server_overrides_the_tokens() -> None:
    transport = FakeTransport(answers=[(200, pair_answer())])
    token = stored(server_endpoint="https://evil.example/rest/")
    OAuthClient(transport, "https://oauth.example.org", force_server_url=True).refresh(token)
    assert transport.sent[0][0] == "https://oauth.example.org/oauth/token/"


@pytest.mark.parametrize(
    ("client_endpoint", "domain"),
    [("https://other.bitrix24.com/rest/", None), ("", "other.bitrix24.com")],
)
def test_a_token_for_another_portal_is_refused(client_endpoint: str, domain: str | None) -> None:
    data: dict[str, Any] = {**stored().as_dict(), "client_endpoint": client_endpoint}
    if domain:
        data["domain"] = domain
    token = StoredToken.from_mapping(data)

    with pytest.raises(AuthError) as caught:
        check_token_for_portal(PortalAddress.parse("example.bitrix24.com"), token)

    assert caught.value.code == "TOKEN_OTHER_PORTAL"
    assert "other.bitrix24.com" in caught.value.message


@pytest.mark.parametrize(
    ("client_endpoint", "domain"),
    [
        ("https://example.bitrix24.com/rest/", "oauth.bitrix.info"),
        ("", "oauth.bitrix.info"),
        ("", None),
        ("https://EXAMPLE.bitrix24.com:443/rest/", None),
    ],
)
def test_a_token_for_this_portal_passes(client_endpoint: str, domain: str | None) -> None:
    data: dict[str, Any] = {**stored().as_dict(), "client_endpoint": client_endpoint}
    if domain:
        data["domain"] = domain
    check_token_for_portal(
        PortalAddress.parse("example.bitrix24.com"), StoredToken.from_mapping(data)
    )


def test_the_real_clock_is_used_by_default() -> None:
    assert abs(expiry_of({}, time.time()) - time.time() - 3600) < 5
