"""The REST client's judgement of answers, its retries and cancellation, with a fake transport.

The fake is passed in through the constructor (no monkeypatching); it hands out scripted
``HttpAnswer``s (or raises scripted errors) and records what it was asked to send.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest

from gui.core.cancel import CancelToken
from gui.core.errors import (
    AuthError,
    B24Error,
    NetworkError,
    OperationCancelled,
    PortalError,
    TokenExpiredError,
)
from gui.core.portal.address import PortalAddress
from gui.core.portal.onboarding_methods import Onboarding
from gui.core.portal.rest import RegisterOutcome, RestClient
from gui.core.portal.transport import HttpAnswer

PORTAL = PortalAddress.parse("https://x.bitrix24.com")
TOKEN = "access-token-0123456789"
PROFILE: dict[str, Any] = {
    "ID": "acme_chat",
    "NAME": "Acme chat",
    "ICON": {"DATA_IMAGE": "data:image/svg+xml,<svg/>"},
    "PLACEMENT_HANDLER": "https://acme.example/settings",
    "CHAT_GROUP": False,
}


def answer(
    status: int, payload: Any = None, *, body: bytes | None = None, **headers: str
) -> HttpAnswer:
    data = body if body is not None else json.dumps(payload).encode()
    return HttpAnswer(
        status=status,
        headers={"content-type": "application/json", **headers},
        body=data,
        url="https://x.bitrix24.com/rest/m",
    )


def system(status: int, code: str, description: str = "text", **extra: Any) -> HttpAnswer:
    return answer(status, {"error": code, "error_description": description, **extra})


@dataclass
class Sent:
    url: str
    body: dict[str, Any]
    cancel: CancelToken | None


@dataclass
class FakeTransport:
    """Answers from a script; ``on_post`` runs after each post (e.g. to cancel)."""

    script: list[HttpAnswer | B24Error]
    sent: list[Sent] = field(default_factory=list)
    on_post: Callable[[], None] | None = None

    def post_json(
        self, url: str, body: Mapping[str, Any], cancel: CancelToken | None = None
    ) -> HttpAnswer:
        self.sent.append(Sent(url, json.loads(json.dumps(body)), cancel))
        if self.on_post is not None:
            self.on_post()
        item = self.script.pop(0)
        if isinstance(item, B24Error):
            raise item
        return item


@dataclass
class Recorder:
    """An injected sleep that only records how long the client asked to wait."""

    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def client(
    *script: HttpAnswer | B24Error, **options: Any
) -> tuple[RestClient, FakeTransport, Recorder]:
    transport = FakeTransport(list(script))
    sleep = Recorder()
    options.setdefault("random", lambda: 0.5)
    return RestClient(transport, sleep=sleep, **options), transport, sleep


# ------------------------------------------------------------------ wire format


def test_call_posts_params_with_auth_only_in_the_body_and_returns_result() -> None:
    rest, transport, _ = client(answer(200, {"result": [{"ID": "1"}], "time": {}}))
    result = rest.call(PORTAL, "imopenlines.config.list.get", {"A": 1}, TOKEN)
    assert result == [{"ID": "1"}]
    (sent,) = transport.sent
    assert sent.url == "https://x.bitrix24.com/rest/imopenlines.config.list.get"
    assert TOKEN not in sent.url
    assert sent.body == {"A": 1, "auth": TOKEN}


def test_an_auth_key_in_params_never_replaces_the_token() -> None:
    rest, transport, _ = client(answer(200, {"result": True}))
    rest.call(PORTAL, "m", {"auth": "other", "AUTH": "x", "B": 2}, TOKEN)
    assert transport.sent[0].body == {"B": 2, "auth": TOKEN}


def test_register_sends_the_profile_unchanged_plus_auth() -> None:
    rest, transport, _ = client(answer(200, {"result": {"result": True}}))
    rest.register(PORTAL, PROFILE, TOKEN)
    sent = transport.sent[0]
    assert sent.url.endswith("/rest/imconnector.register")
    assert sent.body == {**PROFILE, "auth": TOKEN}
    assert sent.body["CHAT_GROUP"] is False


def test_no_token_sends_nothing() -> None:
    rest, transport, _ = client()
    with pytest.raises(AuthError) as caught:
        rest.call(PORTAL, "m", {}, "")
    assert caught.value.code == "NO_TOKEN"
    assert transport.sent == []


# ------------------------------------------------------------------ register outcomes


def test_register_success_only_for_nested_true() -> None:
    rest, _, _ = client(answer(200, {"result": {"result": True}, "time": {"start": 1}}))
    outcome = rest.register(PORTAL, PROFILE, TOKEN)
    assert outcome == RegisterOutcome(ok=True, http_status=200)
    assert outcome.to_json_dict() == {"ok": True}


@pytest.mark.parametrize(
    "result",
    [True, "true", 1, {"result": "Y"}, {"result": 1}, {}, None, [True], {"result": None}],
)
def test_anything_but_nested_true_is_not_a_success(result: Any) -> None:
    rest, _, _ = client(answer(200, {"result": result}))
    outcome = rest.register(PORTAL, PROFILE, TOKEN)
    assert outcome.ok is False
    assert outcome.error == "REGISTRATION_NOT_CONFIRMED"
    assert outcome.explanation
    description = outcome.to_json_dict()["description"]  # what `register` prints: never null
    assert description and "did not confirm" in description


@pytest.mark.parametrize(
    ("code", "field"),
    [
        ("APPLICATION_REGISTRATION_ERROR_POINT", "ID"),
        ("CONNECTOR_ID_REQUIRED", "ID"),
        ("NAME_REQUIRED", "NAME"),
        ("ICON_REQUIRED", "ICON.DATA_IMAGE"),
        ("NO_APPLICATION_ID", None),
        ("NO_PLACEMENT_HANDLER", "PLACEMENT_HANDLER"),
        ("APPLICATION_REGISTRATION_ERROR", None),
        ("GENERAL_CONNECTOR_REGISTRATION_ERROR", None),
    ],
)
def test_business_errors_inside_http_200_come_back_as_outcomes(
    code: str, field: str | None
) -> None:
    payload = {"result": {"result": False, "error": code, "error_description": "Ошибка"}}
    rest, transport, _ = client(answer(200, payload))
    outcome = rest.register(PORTAL, PROFILE, TOKEN)
    assert outcome.ok is False
    assert outcome.error == code
    assert outcome.field == field
    assert outcome.description == "Ошибка"
    assert outcome.explanation and outcome.explanation != "Ошибка"
    assert outcome.http_status == 200
    assert outcome.to_json_dict() == {
        "ok": False,
        "error": code,
        "description": "Ошибка",
        "field": field,
    }
    assert len(transport.sent) == 1, "a business error is never retried unchanged"


def test_false_without_a_code_is_a_failure_with_our_code() -> None:
    rest, _, _ = client(answer(200, {"result": {"result": False}}))
    outcome = rest.register(PORTAL, PROFILE, TOKEN)
    assert (outcome.ok, outcome.error, outcome.field) == (False, "REGISTRATION_FAILED", None)


def test_unknown_business_code_is_reported_not_swallowed() -> None:
    payload = {"result": {"result": False, "error": "BRAND_NEW", "error_description": "d"}}
    rest, _, _ = client(answer(200, payload))
    outcome = rest.register(PORTAL, PROFILE, TOKEN)
    assert (outcome.ok, outcome.error, outcome.field) == (False, "BRAND_NEW", None)
    assert "BRAND_NEW" in (outcome.explanation or "")


def test_the_token_is_scrubbed_from_the_portal_description() -> None:
    payload = {"result": {"result": False, "error": "NAME_REQUIRED", "error_description": TOKEN}}
    rest, _, _ = client(answer(200, payload))
    outcome = rest.register(PORTAL, PROFILE, TOKEN)
    assert TOKEN not in repr(outcome)


# ------------------------------------------------------------------ system errors


@pytest.mark.parametrize("status", [401, 403])
def test_wrong_auth_type_is_an_auth_error_explaining_webhooks(status: int) -> None:
    rest, _, _ = client(system(status, "WRONG_AUTH_TYPE", "Application context required"))
    with pytest.raises(AuthError) as caught:
        rest.register(PORTAL, PROFILE, TOKEN)
    assert caught.value.code == "WRONG_AUTH_TYPE"
    assert "Webhooks cannot register connectors" in caught.value.message
    assert "Application context required" in caught.value.message


def test_expired_token_raises_token_expired_and_is_not_retried_here() -> None:
    rest, transport, _ = client(
        system(401, "expired_token", "The access token provided has expired")
    )
    with pytest.raises(TokenExpiredError):
        rest.call(PORTAL, "m", {}, TOKEN)
    assert len(transport.sent) == 1


def test_insufficient_scope_says_add_imopenlines() -> None:
    rest, _, _ = client(system(403, "insufficient_scope"))
    with pytest.raises(AuthError) as caught:
        rest.register(PORTAL, PROFILE, TOKEN)
    assert "imopenlines" in caught.value.message


def test_branch_on_code_not_status_a_401_portal_code_is_a_portal_error() -> None:
    rest, _, _ = client(system(401, "ACCESS_DENIED"))
    with pytest.raises(PortalError) as caught:
        rest.register(PORTAL, PROFILE, TOKEN)
    assert caught.value.code == "ACCESS_DENIED"
    assert caught.value.http_status == 401


def test_a_top_level_error_inside_http_200_is_still_an_error() -> None:
    rest, _, _ = client(system(200, "NO_AUTH_FOUND"))
    with pytest.raises(AuthError):
        rest.register(PORTAL, PROFILE, TOKEN)


def test_portal_errors_carry_status_and_description_without_the_token() -> None:
    rest, transport, _ = client(system(500, "INTERNAL_SERVER_ERROR", f"boom {TOKEN}"))
    with pytest.raises(PortalError) as caught:
        rest.register(PORTAL, PROFILE, TOKEN)
    assert caught.value.http_status == 500
    assert TOKEN not in caught.value.message
    assert TOKEN not in (caught.value.description or "")
    assert len(transport.sent) == 1


# ------------------------------------------------------------ answers that are not Bitrix24 JSON


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (
            answer(
                502,
                body=b"<html><body>502 Bad Gateway</body></html>",
                **{"content-type": "text/html"},
            ),
            "HTML_RESPONSE",
        ),
        (answer(200, body=b"<!DOCTYPE html><html></html>"), "HTML_RESPONSE"),
        (answer(200, body=b""), "EMPTY_RESPONSE"),
        (answer(200, body=b"  \r\n"), "EMPTY_RESPONSE"),
        (answer(200, body=b'{"result": {"result": tr'), "INVALID_JSON"),
        (answer(200, body=b"\xff\xfe\x00garbage"), "INVALID_JSON"),
        (answer(200, body=b"[" * 100_000 + b"]" * 100_000), "INVALID_JSON"),
        (answer(200, [1, 2]), "UNEXPECTED_ANSWER"),
        (answer(200, "ok"), "UNEXPECTED_ANSWER"),
        (answer(200, {"time": {}}), "UNEXPECTED_ANSWER"),
        (answer(500, {"result": {"result": True}}), "UNEXPECTED_ANSWER"),
        (answer(404, {}), "UNEXPECTED_ANSWER"),
    ],
)
def test_answers_that_are_not_bitrix_json_are_network_errors(reply: HttpAnswer, code: str) -> None:
    rest, _, _ = client(reply)
    with pytest.raises(NetworkError) as caught:
        rest.register(PORTAL, PROFILE, TOKEN)
    assert caught.value.code == code
    assert caught.value.exit_code == 4


def test_transport_errors_pass_through_and_are_not_retried() -> None:
    rest, transport, _ = client(NetworkError("slow", code="TIMEOUT"))
    with pytest.raises(NetworkError) as caught:
        rest.register(PORTAL, PROFILE, TOKEN)
    assert caught.value.code == "TIMEOUT"
    assert len(transport.sent) == 1


# ------------------------------------------------------------------ retries


OK = answer(200, {"result": {"result": True}})


@pytest.mark.parametrize("code", ["QUERY_LIMIT_EXCEEDED", "OVERLOAD_LIMIT"])
def test_rate_limits_are_retried_with_exponential_backoff_and_jitter(code: str) -> None:
    rest, transport, sleep = client(system(503, code), system(503, code), OK)
    assert rest.register(PORTAL, PROFILE, TOKEN).ok
    assert len(transport.sent) == 3
    # random() = 0.5, base 1 s: equal jitter gives 0.75 * 2^(n-1).
    assert sleep.delays == [0.75, 1.5]
    assert all(sent.body == transport.sent[0].body for sent in transport.sent)


def test_jitter_spans_half_to_full_ceiling() -> None:
    low, _, low_sleep = client(system(503, "QUERY_LIMIT_EXCEEDED"), OK, random=lambda: 0.0)
    high, _, high_sleep = client(system(503, "QUERY_LIMIT_EXCEEDED"), OK, random=lambda: 0.999)
    low.call(PORTAL, "m", {}, TOKEN)
    high.call(PORTAL, "m", {}, TOKEN)
    assert low_sleep.delays == [0.5]
    assert high_sleep.delays[0] == pytest.approx(0.9995)


def test_retries_are_bounded_in_count_and_in_delay() -> None:
    limit = system(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    rest, transport, sleep = client(
        *[limit] * 6, max_attempts=6, max_backoff=3.0, random=lambda: 1.0
    )
    with pytest.raises(PortalError) as caught:
        rest.call(PORTAL, "m", {}, TOKEN)
    assert len(transport.sent) == 6
    assert sleep.delays == [1.0, 2.0, 3.0, 3.0, 3.0]
    assert caught.value.code == "QUERY_LIMIT_EXCEEDED"
    assert caught.value.http_status == 503
    assert "6 times" in caught.value.message


def test_a_retry_after_header_is_honoured_when_within_bounds() -> None:
    limit = answer(503, {"error": "QUERY_LIMIT_EXCEEDED"}, **{"retry-after": "7"})
    rest, _, sleep = client(limit, OK, max_backoff=10.0)
    rest.call(PORTAL, "m", {}, TOKEN)
    assert sleep.delays == [7.0]


def test_a_retry_after_longer_than_the_bound_is_reported_not_waited() -> None:
    limit = answer(503, {"error": "QUERY_LIMIT_EXCEEDED"}, **{"retry-after": "120"})
    rest, transport, sleep = client(limit, max_backoff=10.0)
    with pytest.raises(PortalError) as caught:
        rest.call(PORTAL, "m", {}, TOKEN)
    assert caught.value.retry_after == 120.0
    assert sleep.delays == []
    assert len(transport.sent) == 1


def test_operation_time_limit_is_not_retried_and_says_when_it_may_be() -> None:
    limit = system(
        429, "OPERATION_TIME_LIMIT", time={"operating": 481, "operating_reset_at": 1_700_000_090}
    )
    rest, transport, sleep = client(limit, clock=lambda: 1_700_000_000.0)
    with pytest.raises(PortalError) as caught:
        rest.register(PORTAL, PROFILE, TOKEN)
    assert len(transport.sent) == 1
    assert sleep.delays == []
    assert caught.value.code == "OPERATION_TIME_LIMIT"
    assert caught.value.retry_after == 90.0
    assert "22:14:50 UTC" in caught.value.message
    assert "90 s" in caught.value.message


def test_operation_time_limit_without_reset_time_still_fails_cleanly() -> None:
    rest, _, _ = client(system(429, "OPERATION_TIME_LIMIT", time={"operating_reset_at": "soon"}))
    with pytest.raises(PortalError) as caught:
        rest.call(PORTAL, "m", {}, TOKEN)
    assert caught.value.retry_after is None


@pytest.mark.parametrize("code", ["INTERNAL_SERVER_ERROR", "ERROR_ARGUMENT", "ACCESS_DENIED"])
def test_other_errors_are_never_retried(code: str) -> None:
    rest, transport, sleep = client(system(500, code), OK)
    with pytest.raises(PortalError):
        rest.call(PORTAL, "m", {}, TOKEN)
    assert len(transport.sent) == 1
    assert sleep.delays == []


def test_max_attempts_one_means_no_retry() -> None:
    rest, transport, _ = client(system(503, "QUERY_LIMIT_EXCEEDED"), OK, max_attempts=1)
    with pytest.raises(PortalError) as caught:
        rest.call(PORTAL, "m", {}, TOKEN)
    assert "once" in caught.value.message
    assert len(transport.sent) == 1


# ------------------------------------------------------------------ cancellation


def test_cancelling_during_backoff_stops_the_retries() -> None:
    cancel = CancelToken()
    limit = system(503, "QUERY_LIMIT_EXCEEDED")
    transport = FakeTransport([limit, limit, OK])

    def sleep(seconds: float) -> None:
        cancel.cancel()  # the user presses Cancel while we wait

    rest = RestClient(transport, sleep=sleep, random=lambda: 0.5)
    with pytest.raises(OperationCancelled):
        rest.register(PORTAL, PROFILE, TOKEN, cancel)
    assert len(transport.sent) == 1
    assert transport.sent[0].cancel is cancel


def test_the_default_wait_returns_at_once_when_cancelled() -> None:
    cancel = CancelToken()
    limit = system(503, "QUERY_LIMIT_EXCEEDED")
    transport = FakeTransport([limit, OK], on_post=cancel.cancel)
    # An hour-long back-off: the test only finishes because the wait is the cancel token's.
    rest = RestClient(transport, base_backoff=3600.0, max_backoff=3600.0)
    with pytest.raises(OperationCancelled):
        rest.call(PORTAL, "m", {}, TOKEN, cancel)
    assert len(transport.sent) == 1


def test_cancel_token_basics() -> None:
    token = CancelToken()
    assert token.cancelled is False
    assert token.wait(0) is False
    token.raise_if_cancelled()
    token.cancel()
    token.cancel()
    assert token.cancelled is True
    assert token.wait(3600) is True
    with pytest.raises(OperationCancelled) as caught:
        token.raise_if_cancelled()
    assert caught.value.code == "CANCELLED"


def test_cancel_from_another_thread_wakes_a_waiter() -> None:
    token = CancelToken()
    started = threading.Event()
    results: list[bool] = []

    def waiter() -> None:
        started.set()
        results.append(token.wait(3600))

    thread = threading.Thread(target=waiter)
    thread.start()
    started.wait(10)
    token.cancel()
    thread.join(10)
    assert not thread.is_alive()
    assert results == [True]


# ------------------------------------------------------------------ onboarding wrappers


@dataclass
class FakeCall:
    """A bound ``call(method, params)`` answering from a script."""

    results: list[Any]
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def __call__(self, method: str, params: Mapping[str, Any]) -> Any:
        self.sent.append((method, dict(params)))
        return self.results.pop(0)


@pytest.mark.parametrize(
    ("answered", "ready"),
    [
        ({"STATUS": True, "ERROR": False}, True),
        ({"STATUS": "Y", "ERROR": "N"}, True),
        ({"STATUS": "N"}, False),
        ({"STATUS": "false"}, False),
        ({"STATUS": 2}, False),
        ({"STATUS": True, "ERROR": True}, False),
        ({}, False),
    ],
)
def test_status_is_ready_only_when_status_is_true(answered: dict[str, Any], ready: bool) -> None:
    call = FakeCall([answered])
    assert Onboarding(call).status("acme_chat", "7").ready is ready
    assert call.sent == [("imconnector.status", {"CONNECTOR": "acme_chat", "LINE": "7"})]


@pytest.mark.parametrize("answered", [{"result": True}, "Y", 1, None, False])
def test_activate_requires_a_flat_true(answered: Any) -> None:
    with pytest.raises(PortalError) as caught:
        Onboarding(FakeCall([answered])).activate("acme_chat", "1")
    assert caught.value.code == "NOT_CONFIRMED"


def test_activate_sends_one_or_zero_never_a_string() -> None:
    call = FakeCall([True, True])
    Onboarding(call).activate("acme_chat", "1")
    Onboarding(call).activate("acme_chat", "1", active=False)
    assert [params["ACTIVE"] for _, params in call.sent] == [1, 0]


def test_an_empty_connector_list_may_come_as_a_json_array() -> None:
    assert Onboarding(FakeCall([[]])).list_connectors() == {}
    with pytest.raises(PortalError):
        Onboarding(FakeCall([["acme_chat"]])).list_connectors()


def test_direct_binds_portal_token_and_cancel() -> None:
    cancel = CancelToken()
    rest, transport, _ = client(answer(200, {"result": True}))
    Onboarding.direct(rest, PORTAL, TOKEN, cancel).bind_event("https://acme.example/e")
    (sent,) = transport.sent
    assert sent.url.endswith("/rest/event.bind")
    assert sent.body == {
        "event": "OnImConnectorMessageAdd",
        "handler": "https://acme.example/e",
        "auth": TOKEN,
    }
    assert sent.cancel is cancel
