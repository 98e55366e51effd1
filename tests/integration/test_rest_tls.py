"""The REST client against the sandbox portal over real TLS (a throwaway trustme CA).

What went over the wire is asserted from the sandbox's own record of the raw request; every
business and system error of BITRIX.md comes back as the right typed outcome; redirects are not
followed; the environment's proxy and ``.netrc`` are never picked up silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
import requests

from gui.core.cancel import CancelToken
from gui.core.errors import (
    AuthError,
    B24Error,
    InvalidInputError,
    NetworkError,
    OperationCancelled,
    PortalError,
    PortalMovedError,
    TokenExpiredError,
)
from gui.core.portal.address import PortalAddress
from gui.core.portal.onboarding_methods import ConnectorData, Onboarding
from gui.core.portal.rest import RestClient, interpret
from gui.core.portal.transport import Transport
from gui.sandbox import SYSTEM_ERRORS
from gui.sandbox.wire import Action, json_response
from tests.faults import Fault, HostileServer, Redirect, SystemErrorReply
from tests.fixtures_sandbox import RunningSandbox

PROFILE: dict[str, Any] = {
    "ID": "acme_chat",
    "NAME": "Acme chat — тест",
    "ICON": {
        "DATA_IMAGE": "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/>",
        "COLOR": "#1e88e5",
        "SIZE": "90%",
        "POSITION": "center",
    },
    "PLACEMENT_HANDLER": "https://acme.example/settings",
    "ICON_DISABLED": {"DATA_IMAGE": "", "COLOR": "#ebeff2", "SIZE": "", "POSITION": ""},
    "DEL_EXTERNAL_MESSAGES": True,
    "EDIT_INTERNAL_MESSAGES": False,
    "DEL_INTERNAL_MESSAGES": True,
    "NEWSLETTER": False,
    "NEED_SYSTEM_MESSAGES": True,
    "NEED_SIGNATURE": False,
    "CHAT_GROUP": False,
    "COMMENT": "Our connector",
}


@dataclass
class Recorder:
    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@dataclass(frozen=True)
class BusinessReply(Fault):
    """A business error the sandbox's own checks cannot produce (saving failed etc.)."""

    name: ClassVar[str] = "business_reply"
    code: str = "APPLICATION_REGISTRATION_ERROR"

    def action(self, proceed: Any) -> Action:
        payload = {"result": False, "error": self.code, "error_description": "Не удалось"}
        return json_response(200, {"result": payload, "time": {}})


@pytest.fixture
def transport(tls_sandbox: RunningSandbox) -> Iterator[Transport]:
    with Transport(ca_bundle=tls_sandbox.ca_bundle, environ={}) as transport:
        yield transport


@pytest.fixture
def portal(tls_sandbox: RunningSandbox) -> PortalAddress:
    return PortalAddress.parse(tls_sandbox.url)


@pytest.fixture
def token(tls_sandbox: RunningSandbox) -> str:
    value: str = tls_sandbox.ready_token()["access_token"]
    return value


def make_client(transport: Transport, **options: Any) -> RestClient:
    options.setdefault("sleep", Recorder())
    options.setdefault("random", lambda: 0.5)
    return RestClient(transport, **options)


# ------------------------------------------------------------------ wire format


def test_register_wire_format_and_success(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    outcome = make_client(transport).register(portal, PROFILE, token)

    assert outcome.ok is True
    assert outcome.http_status == 200
    (sent,) = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert sent.method == "POST"
    assert sent.path == "/rest/imconnector.register"
    assert sent.query == ""
    assert sent.auth_in_url is False
    assert token not in sent.path
    assert (sent.header("Content-Type") or "").startswith("application/json")
    assert sent.header("Authorization") is None
    assert sent.header("Cookie") is None
    body = json.loads(sent.body.decode("utf-8"))
    assert body == {**PROFILE, "auth": token}
    assert list(body) == [*PROFILE, "auth"]
    for flag in ("DEL_EXTERNAL_MESSAGES", "NEWSLETTER", "CHAT_GROUP"):
        assert type(body[flag]) is bool
    assert b'"CHAT_GROUP":false' in sent.body
    assert "Acme chat — тест".encode() in sent.body, "UTF-8 JSON, not \\u escapes"
    assert isinstance(body["ICON"], dict)
    assert tls_sandbox.portal.connectors["acme_chat"]["NAME"] == "Acme chat — тест"


def test_registering_twice_is_an_upsert(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    client = make_client(transport)
    assert client.register(portal, PROFILE, token).ok
    assert client.register(portal, {**PROFILE, "NAME": "Renamed"}, token).ok
    assert tls_sandbox.portal.registrations("acme_chat") == 2
    assert tls_sandbox.portal.connectors["acme_chat"]["NAME"] == "Renamed"


def test_call_returns_the_result_value(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    lines = make_client(transport).call(portal, "imopenlines.config.list.get", {}, token)
    assert isinstance(lines, list)
    assert tls_sandbox.portal.received.rest_calls()[-1].auth == token


# ------------------------------------------------------------------ business errors


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"ID": "acme.chat"}, "APPLICATION_REGISTRATION_ERROR_POINT", "ID"),
        ({"ID": "0"}, "CONNECTOR_ID_REQUIRED", "ID"),
        ({"ID": ""}, "CONNECTOR_ID_REQUIRED", "ID"),
        ({"NAME": ""}, "NAME_REQUIRED", "NAME"),
        ({"ICON": {"COLOR": "#fff"}}, "ICON_REQUIRED", "ICON.DATA_IMAGE"),
        ({"PLACEMENT_HANDLER": ""}, "NO_PLACEMENT_HANDLER", "PLACEMENT_HANDLER"),
    ],
)
def test_business_errors_from_the_servers_checks(
    tls_sandbox: RunningSandbox,
    transport: Transport,
    portal: PortalAddress,
    token: str,
    change: dict[str, Any],
    code: str,
    field: str,
) -> None:
    outcome = make_client(transport).register(portal, {**PROFILE, **change}, token)
    assert (outcome.ok, outcome.error, outcome.field, outcome.http_status) == (
        False,
        code,
        field,
        200,
    )
    assert outcome.description
    assert outcome.explanation
    assert tls_sandbox.portal.connectors == {}
    assert len(tls_sandbox.portal.received.rest_calls()) == 1, "not retried"


def test_no_application_id_when_the_app_is_gone(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    tls_sandbox.portal.uninstall_app(tls_sandbox.app.client_id)
    outcome = make_client(transport).register(portal, PROFILE, token)
    assert (outcome.ok, outcome.error, outcome.field) == (False, "NO_APPLICATION_ID", None)


@pytest.mark.parametrize(
    "code", ["APPLICATION_REGISTRATION_ERROR", "GENERAL_CONNECTOR_REGISTRATION_ERROR"]
)
def test_saving_failures_are_business_outcomes(
    tls_sandbox: RunningSandbox,
    transport: Transport,
    portal: PortalAddress,
    token: str,
    code: str,
) -> None:
    tls_sandbox.portal.script_next(BusinessReply(code), target="rest")
    outcome = make_client(transport).register(portal, PROFILE, token)
    assert (outcome.ok, outcome.error, outcome.field) == (False, code, None)
    assert outcome.description == "Не удалось"


# ------------------------------------------------------------------ system errors


AUTH = {
    "WRONG_AUTH_TYPE",
    "NO_AUTH_FOUND",
    "invalid_token",
    "insufficient_scope",
    "user_access_error",
    "INVALID_CREDENTIALS",
    "APPLICATION_NOT_FOUND",
    "authorization_error",
}


@pytest.mark.parametrize("code", sorted(SYSTEM_ERRORS))
def test_every_system_error_becomes_its_typed_error(
    tls_sandbox: RunningSandbox,
    transport: Transport,
    portal: PortalAddress,
    token: str,
    code: str,
) -> None:
    tls_sandbox.portal.script_next(SystemErrorReply(code), target="rest")
    client = make_client(transport, max_attempts=1)
    with pytest.raises(B24Error) as caught:
        client.register(portal, PROFILE, token)
    error = caught.value
    assert error.code == code
    assert token not in error.message
    if code == "expired_token":
        assert type(error) is TokenExpiredError
    elif code in AUTH:
        assert type(error) is AuthError
    else:
        assert type(error) is PortalError
        assert error.http_status == SYSTEM_ERRORS[code][0]
        assert error.description == SYSTEM_ERRORS[code][1]


def test_the_code_decides_not_the_status(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    tls_sandbox.portal.script_next(SystemErrorReply("WRONG_AUTH_TYPE", status=401), target="rest")
    tls_sandbox.portal.script_next(SystemErrorReply("ACCESS_DENIED", status=401), target="rest")
    client = make_client(transport)
    with pytest.raises(AuthError) as first:
        client.register(portal, PROFILE, token)
    assert "Webhooks cannot register connectors" in first.value.message
    with pytest.raises(PortalError):
        client.register(portal, PROFILE, token)


def test_real_expiry_unknown_token_and_missing_scope(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    client = make_client(transport)
    narrow = tls_sandbox.ready_token(scope="crm")["access_token"]
    with pytest.raises(AuthError) as scope:
        client.register(portal, PROFILE, narrow)
    assert scope.value.code == "insufficient_scope"
    assert "imopenlines" in scope.value.message
    with pytest.raises(AuthError) as unknown:
        client.register(portal, PROFILE, "not-a-token")
    assert unknown.value.code == "NO_AUTH_FOUND"
    tls_sandbox.clock.advance(3601)
    with pytest.raises(TokenExpiredError):
        client.register(portal, PROFILE, token)


def test_a_webhook_style_call_is_wrong_auth_type(
    tls_sandbox: RunningSandbox, transport: Transport, token: str
) -> None:
    tls_sandbox.portal.create_webhook(code="webhooksecret")  # a real webhook, the wrong context
    answer = transport.post_json(
        f"{tls_sandbox.url}/rest/1/webhooksecret/imconnector.register", {**PROFILE}
    )
    with pytest.raises(AuthError) as caught:
        interpret(answer)
    assert caught.value.code == "WRONG_AUTH_TYPE"


# ------------------------------------------------------------------ retries and cancellation


def test_rate_limit_is_retried_then_succeeds(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    limit = SystemErrorReply("QUERY_LIMIT_EXCEEDED")
    tls_sandbox.portal.script_next(limit, limit, target="rest")
    sleep = Recorder()
    outcome = make_client(transport, sleep=sleep).register(portal, PROFILE, token)
    assert outcome.ok
    calls = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert [call.fault for call in calls] == ["system_error", "system_error", None]
    assert len({call.body for call in calls}) == 1
    assert sleep.delays == [0.75, 1.5]


def test_backoff_lets_the_real_leaky_bucket_drain(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    bucket = tls_sandbox.portal.rate_limit
    bucket.burst, bucket.drain_per_second = 1, 0.5
    client = make_client(transport, sleep=tls_sandbox.clock.advance, random=lambda: 1.0)
    assert client.register(portal, PROFILE, token).ok
    # The second call finds the bucket full and waits 1 s, then 2 s: the bucket drains 0.5/s.
    assert client.register(portal, PROFILE, token).ok
    calls = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert len(calls) == 4


def test_rate_limit_gives_up_after_max_attempts(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    tls_sandbox.portal.script_next(*[SystemErrorReply("OVERLOAD_LIMIT")] * 3, target="rest")
    with pytest.raises(PortalError) as caught:
        make_client(transport, max_attempts=3).register(portal, PROFILE, token)
    assert caught.value.code == "OVERLOAD_LIMIT"
    assert len(tls_sandbox.portal.received.rest_calls()) == 3


def test_cancelling_the_backoff_sends_nothing_more(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    cancel = CancelToken()
    tls_sandbox.portal.script_next(SystemErrorReply("QUERY_LIMIT_EXCEEDED"), target="rest")
    # The user presses Cancel while the client waits before its retry.
    client = RestClient(transport, sleep=lambda _seconds: cancel.cancel())
    with pytest.raises(OperationCancelled):
        client.register(portal, PROFILE, token, cancel)
    assert len(tls_sandbox.portal.received) == 1
    with pytest.raises(OperationCancelled):
        client.register(portal, PROFILE, token, cancel)
    assert len(tls_sandbox.portal.received) == 1, "a cancelled token sends nothing"


# ------------------------------------------------------------------ redirects


def test_a_302_is_not_followed_and_nothing_reaches_the_new_address(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> None:
    with HostileServer() as target:
        tls_sandbox.portal.moved_to = target.url
        with pytest.raises(PortalMovedError) as caught:
            make_client(transport).register(portal, PROFILE, token)
        assert target.connections == 0
        assert target.received == []
    assert caught.value.location == f"{target.url}/rest/imconnector.register"
    assert caught.value.field == "portal"
    assert target.url in caught.value.message
    assert token not in caught.value.message
    assert len(tls_sandbox.portal.received) == 1


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_every_redirect_status_is_reported_with_its_location(
    tls_sandbox: RunningSandbox,
    transport: Transport,
    portal: PortalAddress,
    token: str,
    status: int,
) -> None:
    tls_sandbox.portal.script_next(Redirect("https://new.example.invalid/", status), target="rest")
    with pytest.raises(PortalMovedError) as caught:
        make_client(transport).register(portal, PROFILE, token)
    assert caught.value.location == "https://new.example.invalid/"
    assert len(tls_sandbox.portal.received) == 1


# ------------------------------------------------------------------ certificates


def test_without_the_ca_the_certificate_is_refused(
    tls_sandbox: RunningSandbox, portal: PortalAddress, token: str
) -> None:
    # certifi only: the throwaway CA is unknown.
    with Transport(environ={}) as strict, pytest.raises(NetworkError) as caught:
        make_client(strict).register(portal, PROFILE, token)
    assert caught.value.code == "TLS_ERROR"
    assert "CA bundle" in caught.value.message
    assert len(tls_sandbox.portal.received) == 0, "nothing was sent over the refused connection"


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"])
def test_the_ca_bundle_variables_are_honoured(
    tls_sandbox: RunningSandbox, portal: PortalAddress, token: str, variable: str
) -> None:
    environ = {variable: str(tls_sandbox.ca_bundle)}
    with Transport(environ=environ) as via_env:
        assert via_env.ca_bundle == str(tls_sandbox.ca_bundle)
        assert make_client(via_env).register(portal, PROFILE, token).ok


def test_a_missing_ca_bundle_is_invalid_input_and_nothing_is_sent(
    tls_sandbox: RunningSandbox, portal: PortalAddress, token: str, tmp_path: Path
) -> None:
    missing = tmp_path / "missing.pem"
    with Transport(ca_bundle=missing) as broken, pytest.raises(InvalidInputError) as caught:
        make_client(broken).register(portal, PROFILE, token)
    assert caught.value.code == "CA_BUNDLE_NOT_FOUND"
    assert len(tls_sandbox.portal.received) == 0


# ------------------------------------------------------------------ the environment is not trusted


@pytest.fixture
def hostile_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HostileServer]:
    """A ``.netrc`` with a password for 127.0.0.1 and a proxy on loopback, both in the
    environment as requests would read them."""
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login netrcuser password netrcpassword\n")
    netrc.chmod(0o600)
    with HostileServer() as proxy:
        monkeypatch.setenv("NETRC", str(netrc))
        for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY"):
            monkeypatch.setenv(name, proxy.url)
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        yield proxy


def test_netrc_and_proxy_from_the_environment_are_ignored(
    tls_sandbox: RunningSandbox,
    portal: PortalAddress,
    token: str,
    hostile_environment: HostileServer,
) -> None:
    session = requests.Session()
    assert session.trust_env is True
    with session, Transport(session, ca_bundle=tls_sandbox.ca_bundle) as transport:
        assert make_client(transport).register(portal, PROFILE, token).ok
        assert session.trust_env is False
    (sent,) = tls_sandbox.portal.received
    assert sent.header("Authorization") is None
    assert hostile_environment.connections == 0, "the environment's proxy was not used"


def test_control_requests_defaults_would_have_used_both(
    hostile_environment: HostileServer,
) -> None:
    """Shows the fixture above is effective: a default session goes through the environment's
    proxy and attaches the ``.netrc`` password."""
    with requests.Session() as session:
        session.get("http://127.0.0.1:9/rest/x", timeout=5).close()
    (seen,) = hostile_environment.received
    assert seen.path == "http://127.0.0.1:9/rest/x"
    assert seen.headers.get("authorization", "").startswith("Basic ")


# ------------------------------------------------------------------ onboarding (BITRIX.md §5)


@pytest.fixture
def onboarding(
    tls_sandbox: RunningSandbox, transport: Transport, portal: PortalAddress, token: str
) -> Onboarding:
    assert make_client(transport).register(portal, PROFILE, token).ok
    return Onboarding.direct(make_client(transport), portal, token)


def test_the_whole_onboarding_sequence(tls_sandbox: RunningSandbox, onboarding: Onboarding) -> None:
    lines = onboarding.list_lines()
    assert [line.id for line in lines] == ["1", "2"]
    assert lines[0].name and lines[0].active is True
    line = lines[0].id

    onboarding.activate("acme_chat", line)
    data = ConnectorData("acme-1", "https://acme.example/c", "https://acme.example/im", "Acme")
    onboarding.set_data("acme_chat", line, data)
    status = onboarding.status("acme_chat", line)
    assert status.ready is True
    assert (status.line, status.connector) == (line, "acme_chat")
    onboarding.bind_event("https://acme.example/events")
    assert onboarding.list_connectors()["acme_chat"] == PROFILE["NAME"]  # beside the built-in

    received = tls_sandbox.portal.received
    (activate,) = received.rest_calls("imconnector.activate")
    assert activate.json() == {
        "CONNECTOR": "acme_chat",
        "LINE": line,
        "ACTIVE": 1,
        "auth": activate.auth,
    }
    assert type(activate.json()["ACTIVE"]) is int
    (data_set,) = received.rest_calls("imconnector.connector.data.set")
    assert data_set.json()["DATA"] == {
        "ID": "acme-1",
        "URL": "https://acme.example/c",
        "URL_IM": "https://acme.example/im",
        "NAME": "Acme",
    }
    (asked,) = received.rest_calls("imconnector.status")
    assert asked.json()["LINE"] == line
    assert tls_sandbox.portal.bound_events == [
        ("ONIMCONNECTORMESSAGEADD", "https://acme.example/events")
    ]
    assert tls_sandbox.portal.binding("acme_chat", line).data == data_set.json()["DATA"]
    assert all(call.auth_in_url is False for call in received.rest_calls())


def test_deactivate_sends_zero_and_status_is_not_ready(
    tls_sandbox: RunningSandbox, onboarding: Onboarding
) -> None:
    onboarding.activate("acme_chat", "1")
    onboarding.activate("acme_chat", "1", active=False)
    last = tls_sandbox.portal.received.rest_calls("imconnector.activate")[-1]
    assert last.json()["ACTIVE"] == 0
    assert tls_sandbox.portal.binding("acme_chat", "1").active is False
    assert onboarding.status("acme_chat", "1").ready is False


def test_unregister_nested_result_and_its_business_error(
    tls_sandbox: RunningSandbox, onboarding: Onboarding
) -> None:
    assert onboarding.unregister("acme_chat").ok is True
    assert tls_sandbox.portal.connectors == {}
    again = onboarding.unregister("acme_chat")
    assert (again.ok, again.error, again.field) == (False, "APPLICATION_UNREGISTRATION_ERROR", "ID")


def test_a_missing_argument_is_error_argument(onboarding: Onboarding) -> None:
    with pytest.raises(PortalError) as caught:
        onboarding.status("", "1")  # an unknown line is accepted silently, an empty ID is not
    assert caught.value.code == "ERROR_ARGUMENT"
    assert caught.value.http_status == 400


def test_an_unconfirmed_step_is_not_success(
    tls_sandbox: RunningSandbox, onboarding: Onboarding
) -> None:
    tls_sandbox.portal.script_next(BusinessReply("X"), target="rest")  # a nested object, not true
    with pytest.raises(PortalError) as caught:
        onboarding.activate("acme_chat", "1")
    assert caught.value.code == "NOT_CONFIRMED"
