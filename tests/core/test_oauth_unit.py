"""The OAuth client's requests and error mapping, against a recording fake transport."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from gui.core.auth.oauth import DEFAULT_OAUTH_SERVER, OAuthClient, token_endpoint
from gui.core.auth.tokens import StoredToken
from gui.core.cancel import CancelToken
from gui.core.errors import AuthError, InvalidInputError, NetworkError
from gui.core.portal.address import PortalAddress
from gui.core.portal.transport import HttpAnswer

CLIENT_SECRET = "client-SECRET-5555"
OLD_REFRESH = "old-refresh-SECRET-6666"


@dataclass
class FakeTransport:
    """Answers every form POST with the queued (status, JSON) and records what was sent."""

    answers: list[tuple[int, Any]] = field(default_factory=list)
    sent: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def post_form(
        self, url: str, form: Mapping[str, str], cancel: CancelToken | None = None
    ) -> HttpAnswer:
        self.sent.append((url, dict(form)))
        status, payload = self.answers.pop(0)
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        return HttpAnswer(status, {"content-type": "application/json"}, body, url)


def pair_answer(**changes: Any) -> dict[str, Any]:
    answer: dict[str, Any] = {
        "access_token": "new-access-SECRET-7777",
        "refresh_token": "new-refresh-SECRET-8888",
        "expires": 1_900_003_600,
        "expires_in": 3600,
        "scope": "imopenlines,imconnector",
        "domain": "oauth.bitrix.info",
        "server_endpoint": "https://oauth.bitrix.info/rest/",
        "client_endpoint": "https://example.bitrix24.com/rest/",
        "member_id": "m-1",
        "user_id": 1,
        "status": "L",
    }
    answer.update(changes)
    return answer


def stored(**changes: Any) -> StoredToken:
    values: dict[str, Any] = {
        "access_token": "old-access-SECRET-4444",
        "refresh_token": OLD_REFRESH,
        "expires": 1_900_000_000,
        "client_id": "local.app",
        "client_secret": CLIENT_SECRET,
    }
    values.update(changes)
    return StoredToken.from_mapping(values)


def test_authorize_url_has_client_id_and_state_and_no_secret() -> None:
    client = OAuthClient(FakeTransport())

    url = client.authorize_url(
        PortalAddress.parse("Example.Bitrix24.com"),
        "local.app",
        "st4te",
        redirect_uri="http://127.0.0.1:5000/cb",
    )

    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "example.bitrix24.com",
        "/oauth/authorize/",
    )
    assert parse_qs(parts.query) == {
        "client_id": ["local.app"],
        "state": ["st4te"],
        "redirect_uri": ["http://127.0.0.1:5000/cb"],
    }


def test_exchange_code_posts_the_form_to_the_default_server() -> None:
    transport = FakeTransport([(200, pair_answer())])

    token = OAuthClient(transport).exchange_code("the-code-123", "local.app", CLIENT_SECRET)

    assert transport.sent == [
        (
            f"{DEFAULT_OAUTH_SERVER}/oauth/token/",
            {
                "grant_type": "authorization_code",
                "client_id": "local.app",
                "client_secret": CLIENT_SECRET,
                "code": "the-code-123",
            },
        )
    ]
    assert token.access_token == "new-access-SECRET-7777"
    assert token.refresh_token == "new-refresh-SECRET-8888"
    assert token.expires == 1_900_003_600
    assert (token.client_id, token.client_secret) == ("local.app", CLIENT_SECRET)
    assert token.server_endpoint == "https://oauth.bitrix.info/rest/"
    assert token.member_id == "m-1"
    assert token.scopes == ("imopenlines", "imconnector")
    assert token.extra == {"domain": "oauth.bitrix.info", "user_id": 1, "status": "L"}


def test_refresh_goes_to_the_tokens_server_endpoint_and_keeps_known_fields() -> None:
    transport = FakeTransport([(200, pair_answer(member_id="", scope=""))])
    old = stored(
        server_endpoint="https://oauth.bitrix24.tech/rest/", member_id="m-old", scope="imopenlines"
    )

    new = OAuthClient(transport, "https://unused.example").refresh(old)

    url, form = transport.sent[0]
    assert url == "https://oauth.bitrix24.tech/oauth/token/"
    assert form == {
        "grant_type": "refresh_token",
        "client_id": "local.app",
        "client_secret": CLIENT_SECRET,
        "refresh_token": OLD_REFRESH,
    }
    assert (new.member_id, new.scope) == ("m-old", "imopenlines")
    assert new.client_secret == CLIENT_SECRET


def test_an_explicit_server_wins_when_forced() -> None:
    transport = FakeTransport([(200, pair_answer())])
    old = stored(server_endpoint="https://oauth.bitrix.info/rest/")

    OAuthClient(transport, "https://oauth.example.org", force_server_url=True).refresh(old)

    assert transport.sent[0][0] == "https://oauth.example.org/oauth/token/"


def test_expires_in_is_used_when_expires_is_missing() -> None:
    answer = pair_answer()
    del answer["expires"]
    transport = FakeTransport([(200, answer)])

    token = OAuthClient(transport, clock=lambda: 1000.0).refresh(stored())

    assert token.expires == 4600


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("invalid_grant", "Log in again"),
        ("invalid_client", "client_id / client_secret"),
        ("invalid_request", "malformed"),
        ("invalid_scope", "scope"),
        ("PAYMENT_REQUIRED", "plan"),
        ("something_new", "refused"),
    ],
)
def test_oauth_errors_are_auth_errors_with_advice(code: str, words: str) -> None:
    description = f"refresh token {OLD_REFRESH} is dead"
    transport = FakeTransport([(400, {"error": code, "error_description": description})])

    with pytest.raises(AuthError) as caught:
        OAuthClient(transport).refresh(stored())

    assert caught.value.code == code
    assert caught.value.exit_code == 3
    assert words in caught.value.message
    assert OLD_REFRESH not in caught.value.message
    assert CLIENT_SECRET not in caught.value.message


@pytest.mark.parametrize(
    "answer",
    [(502, b"<html>Bad gateway</html>"), (200, [1, 2]), (500, {"unexpected": True})],
    ids=["html", "json-list", "no-result"],
)
def test_answers_that_are_not_oauth_are_network_errors(answer: tuple[int, Any]) -> None:
    with pytest.raises(NetworkError) as caught:
        OAuthClient(FakeTransport([answer])).refresh(stored())

    assert caught.value.code == "OAUTH_BAD_ANSWER"
    assert caught.value.exit_code == 4


def test_an_answer_without_a_pair_is_an_auth_error() -> None:
    with pytest.raises(AuthError, match="no token pair"):
        OAuthClient(FakeTransport([(200, {"access_token": "x"})])).refresh(stored())


@pytest.mark.parametrize(
    ("server", "url"),
    [
        ("https://oauth.bitrix.info", "https://oauth.bitrix.info/oauth/token/"),
        ("https://oauth.bitrix.info/rest/", "https://oauth.bitrix.info/oauth/token/"),
        ("https://127.0.0.1:8443/oauth/", "https://127.0.0.1:8443/oauth/token/"),
        ("https://x.example/oauth/token/", "https://x.example/oauth/token/"),
        ("http://127.0.0.1:9000", "http://127.0.0.1:9000/oauth/token/"),
    ],
)
def test_token_endpoint_from_any_server_form(server: str, url: str) -> None:
    assert token_endpoint(server) == url


def test_plain_http_oauth_server_is_refused_before_sending() -> None:
    transport = FakeTransport()

    with pytest.raises(InvalidInputError) as caught:
        OAuthClient(transport, "http://oauth.example.org").exchange_code("c0de", "id", "secret")

    assert caught.value.code == "HTTPS_REQUIRED"
    assert transport.sent == []


def test_stored_server_endpoint_over_plain_http_is_refused() -> None:
    transport = FakeTransport()

    with pytest.raises(AuthError) as caught:
        OAuthClient(transport).refresh(stored(server_endpoint="http://evil.example/rest/"))

    assert caught.value.code == "OAUTH_SERVER_UNTRUSTED"

    assert transport.sent == []
