"""The sandbox portal over real TLS (a throwaway trustme CA), driven with plain ``requests``.

What a client sees on the wire: statuses, bodies, redirects, broken answers, and what the portal
recorded of each request.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
import urllib.request
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import trustme

from gui.sandbox import SYSTEM_ERRORS, SandboxPortal, SandboxServer
from tests.faults import (
    ConnectionReset,
    Delay,
    EmptyBody,
    HtmlPage,
    HugeBody,
    InvalidJson,
    Redirect,
    ShortBody,
    SystemErrorReply,
    TruncatedJson,
)
from tests.fixtures_sandbox import RunningSandbox, refresh_form
from tests.sandbox.portal_calls import ICON, valid_profile

TIMEOUT = (5, 10)


def profile(**overrides: Any) -> dict[str, Any]:
    return valid_profile(CHAT_GROUP=False, **overrides)


def post(
    sandbox: RunningSandbox, method: str, body: dict[str, Any], **kwargs: Any
) -> requests.Response:
    return requests.post(
        sandbox.rest_url(method),
        json=body,
        verify=str(sandbox.ca_bundle),
        timeout=kwargs.pop("timeout", TIMEOUT),
        allow_redirects=False,
        **kwargs,
    )


def token_request(sandbox: RunningSandbox, form: dict[str, Any]) -> requests.Response:
    return requests.post(
        sandbox.token_url, data=form, verify=str(sandbox.ca_bundle), timeout=TIMEOUT
    )


# ---------------------------------------------------------------- registration


def test_register_over_tls_and_what_went_over_the_wire(tls_sandbox: RunningSandbox) -> None:
    token = tls_sandbox.ready_token()
    assert tls_sandbox.url.startswith("https://127.0.0.1:")
    answer = post(tls_sandbox, "imconnector.register", {"auth": token["access_token"], **profile()})
    assert answer.status_code == 200
    assert answer.json()["result"] == {"result": True}
    assert "time" in answer.json()
    assert list(tls_sandbox.portal.connectors) == ["acme_chat"]
    (received,) = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert received.method == "POST"
    assert received.path == "/rest/imconnector.register"
    assert received.query == "" and not received.auth_in_url
    assert received.auth == token["access_token"]
    sent = received.json()
    assert sent["CHAT_GROUP"] is False and isinstance(sent["ICON"], dict)
    assert received.header("Content-Type") == "application/json"


def test_business_errors_in_the_servers_order(tls_sandbox: RunningSandbox) -> None:
    """Start with every field wrong, fix one at a time: each answer names the next check."""
    auth = tls_sandbox.ready_token()["access_token"]
    body = profile(ID="acme.chat", NAME="", ICON=..., PLACEMENT_HANDLER="")
    steps: list[tuple[dict[str, Any], str]] = [
        ({"ID": "0"}, "APPLICATION_REGISTRATION_ERROR_POINT"),
        ({"ID": "acme_chat"}, "CONNECTOR_ID_REQUIRED"),
        ({"NAME": "Acme"}, "NAME_REQUIRED"),
        ({"ICON": dict(ICON)}, "ICON_REQUIRED"),
        ({"PLACEMENT_HANDLER": "https://acme.example/"}, "NO_PLACEMENT_HANDLER"),
    ]
    for fix, expected in steps:
        answer = post(tls_sandbox, "imconnector.register", {"auth": auth, **body})
        assert answer.status_code == 200
        assert answer.json()["result"]["result"] is False
        assert answer.json()["result"]["error"] == expected
        body.update(fix)
    answer = post(tls_sandbox, "imconnector.register", {"auth": auth, **body})
    assert answer.json()["result"] == {"result": True}


def test_no_application_id_comes_after_icon(tls_sandbox: RunningSandbox) -> None:
    app = tls_sandbox.portal.create_app()
    auth = tls_sandbox.portal.mint_token(app)["access_token"]
    tls_sandbox.portal.uninstall_app(app.client_id)
    answer = post(
        tls_sandbox, "imconnector.register", {"auth": auth, **profile(PLACEMENT_HANDLER="")}
    )
    assert answer.json()["result"]["error"] == "NO_APPLICATION_ID"


# ---------------------------------------------------------------- system errors


def test_webhook_path_is_wrong_auth_type(tls_sandbox: RunningSandbox) -> None:
    hook = tls_sandbox.portal.create_webhook(code="x9y8z7w6")
    answer = requests.post(
        f"{tls_sandbox.url}{hook.path}imconnector.register.json",
        json=profile(),
        verify=str(tls_sandbox.ca_bundle),
        timeout=TIMEOUT,
    )
    assert answer.status_code == 403
    assert answer.json()["error"] == "WRONG_AUTH_TYPE"
    assert answer.json()["error_description"].startswith("Current authorization type is denied")


def test_unknown_and_missing_tokens(tls_sandbox: RunningSandbox) -> None:
    for body in ({}, {"auth": "nope"}):
        answer = post(tls_sandbox, "imconnector.list", body)
        assert (answer.status_code, answer.json()["error"]) == (401, "NO_AUTH_FOUND")


def test_scope_method_and_argument_errors(tls_sandbox: RunningSandbox) -> None:
    narrow = tls_sandbox.portal.create_app(scope="crm,user")
    auth = tls_sandbox.portal.mint_token(narrow)["access_token"]
    answer = post(tls_sandbox, "imconnector.register", {"auth": auth, **profile()})
    assert (answer.status_code, answer.json()["error"]) == (403, "insufficient_scope")
    auth = tls_sandbox.ready_token()["access_token"]
    answer = post(tls_sandbox, "imconnector.nothing", {"auth": auth})
    assert (answer.status_code, answer.json()["error"]) == (404, "ERROR_METHOD_NOT_FOUND")
    answer = post(tls_sandbox, "imconnector.status", {"auth": auth, "LINE": "1"})
    assert (answer.status_code, answer.json()["error"]) == (400, "ERROR_ARGUMENT")


@pytest.mark.parametrize("code", sorted(SYSTEM_ERRORS))
def test_every_scripted_system_error_has_its_status(tls_sandbox: RunningSandbox, code: str) -> None:
    tls_sandbox.portal.script_next(SystemErrorReply(code))
    answer = post(
        tls_sandbox, "imconnector.list", {"auth": tls_sandbox.ready_token()["access_token"]}
    )
    status, description = SYSTEM_ERRORS[code]
    assert answer.status_code == status
    assert answer.json() == {"error": code, "error_description": description}


def test_scripted_system_error_with_a_chosen_status(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(SystemErrorReply("invalid_token", status=403))
    answer = post(tls_sandbox, "imconnector.list", {})
    assert (answer.status_code, answer.json()["error"]) == (403, "invalid_token")


# ---------------------------------------------------------------- tokens


def test_expiry_then_refresh_then_rotation(tls_sandbox: RunningSandbox) -> None:
    token = tls_sandbox.ready_token()
    tls_sandbox.clock.advance(3600)
    answer = post(tls_sandbox, "imconnector.list", {"auth": token["access_token"]})
    assert (answer.status_code, answer.json()["error"]) == (401, "expired_token")
    fresh = token_request(tls_sandbox, refresh_form(token))
    assert fresh.status_code == 200
    pair = fresh.json()
    assert pair["client_endpoint"] == f"{tls_sandbox.url}/rest/"
    assert pair["server_endpoint"] == f"{tls_sandbox.url}/rest/"
    assert pair["expires"] == int(tls_sandbox.clock()) + 3600
    assert post(tls_sandbox, "imconnector.list", {"auth": pair["access_token"]}).status_code == 200
    reused = token_request(tls_sandbox, refresh_form(token))
    assert (reused.status_code, reused.json()["error"]) == (400, "invalid_grant")
    again = token_request(
        tls_sandbox, refresh_form({**token, "refresh_token": pair["refresh_token"]})
    )
    assert again.status_code == 200 and again.json()["refresh_token"] != pair["refresh_token"]
    oauth_calls = [r for r in tls_sandbox.portal.received if r.kind == "oauth_token"]
    assert all(r.params["client_secret"] == token["client_secret"] for r in oauth_calls)
    assert all(r.auth is None for r in oauth_calls)


def test_token_endpoint_by_get_like_the_docs(tls_sandbox: RunningSandbox) -> None:
    token = tls_sandbox.ready_token()
    answer = requests.get(
        tls_sandbox.token_url,
        params=refresh_form(token),
        verify=str(tls_sandbox.ca_bundle),
        timeout=TIMEOUT,
    )
    assert answer.status_code == 200 and answer.json()["access_token"]


def test_invalid_client(tls_sandbox: RunningSandbox) -> None:
    token = tls_sandbox.ready_token()
    answer = token_request(tls_sandbox, {**refresh_form(token), "client_secret": "guess"})
    assert (answer.status_code, answer.json()["error"]) == (401, "invalid_client")


def test_authorize_redirects_with_a_code_that_exchanges_once(tls_sandbox: RunningSandbox) -> None:
    app = tls_sandbox.app
    answer = requests.get(
        f"{tls_sandbox.url}/oauth/authorize/",
        params={
            "client_id": app.client_id,
            "state": "st4te",
            "redirect_uri": "http://127.0.0.1:1/b24-connector-configurator/callback",
        },
        verify=str(tls_sandbox.ca_bundle),
        timeout=TIMEOUT,
        allow_redirects=False,
    )
    assert answer.status_code == 302
    location = answer.headers["Location"]
    assert location.startswith("http://127.0.0.1:1/b24-connector-configurator/callback?")
    query = {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
    assert query["state"] == "st4te"
    host = urlsplit(tls_sandbox.url).netloc
    assert query["domain"] == host and query["server_domain"] == host
    form = {"grant_type": "authorization_code", "client_id": app.client_id}
    form |= {"client_secret": app.client_secret, "code": query["code"]}
    assert token_request(tls_sandbox, form).status_code == 200
    second = token_request(tls_sandbox, form)
    assert (second.status_code, second.json()["error"]) == (400, "invalid_grant")


def test_code_expires_after_30_seconds(tls_sandbox: RunningSandbox) -> None:
    app = tls_sandbox.app
    code = tls_sandbox.portal.issue_code(app)
    tls_sandbox.clock.advance(30)
    form = {"grant_type": "authorization_code", "client_id": app.client_id}
    answer = token_request(tls_sandbox, {**form, "client_secret": app.client_secret, "code": code})
    assert answer.json()["error"] == "invalid_grant"


# ---------------------------------------------------------------- rate limit


def test_rate_limit_with_the_injected_clock(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.rate_limit.burst = 5
    tls_sandbox.portal.rate_limit.drain_per_second = 2.0
    auth = tls_sandbox.ready_token()["access_token"]
    with requests.Session() as session:
        url, verify = tls_sandbox.rest_url("imconnector.list"), str(tls_sandbox.ca_bundle)

        def status() -> int:
            return session.post(
                url, json={"auth": auth}, verify=verify, timeout=TIMEOUT
            ).status_code

        assert [status() for _ in range(6)] == [200] * 5 + [503]
        tls_sandbox.clock.advance(1.0)
        assert [status() for _ in range(3)] == [200, 200, 503]
        answer = session.post(url, json={"auth": auth}, verify=verify, timeout=TIMEOUT)
    assert answer.json()["error"] == "QUERY_LIMIT_EXCEEDED"


def test_operating_time_limit_over_the_wire(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.operating.budget = 1
    tls_sandbox.portal.operating.cost_per_call = 1
    auth = tls_sandbox.ready_token()["access_token"]
    first = post(tls_sandbox, "imconnector.list", {"auth": auth})
    assert first.json()["time"]["operating"] == 1
    blocked = post(tls_sandbox, "imconnector.list", {"auth": auth})
    assert (blocked.status_code, blocked.json()["error"]) == (429, "OPERATION_TIME_LIMIT")
    reset_at = blocked.json()["time"]["operating_reset_at"]
    assert reset_at == first.json()["time"]["operating_reset_at"]
    tls_sandbox.clock.advance(reset_at - tls_sandbox.clock())
    assert post(tls_sandbox, "imconnector.list", {"auth": auth}).status_code == 200


# ---------------------------------------------------------------- faults


def test_html_502_page(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(HtmlPage())
    answer = post(tls_sandbox, "imconnector.list", {})
    assert answer.status_code == 502
    assert answer.headers["Content-Type"].startswith("text/html")
    assert "<html>" in answer.text
    assert tls_sandbox.portal.received[-1].fault == "html_page"
    # the fault was used up: the next request is answered normally
    assert post(tls_sandbox, "imconnector.list", {}).json()["error"] == "NO_AUTH_FOUND"


def test_ten_megabyte_body(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(HugeBody())
    answer = post(tls_sandbox, "imconnector.list", {}, stream=True)
    with answer:
        assert answer.headers["Content-Length"] == str(10 * 1024 * 1024)
        first = answer.raw.read(1024)
    assert first.startswith(b'{"result": "')


def test_ten_megabyte_body_read_whole(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(HugeBody())
    assert len(post(tls_sandbox, "imconnector.list", {}).content) == 10 * 1024 * 1024


@pytest.mark.parametrize(
    ("fault", "body"),
    [
        (InvalidJson(), b"{result: true, <b>Fatal error</b>"),
        (TruncatedJson(), b'{"result": {"result": tr'),
        (EmptyBody(), b""),
    ],
)
def test_bodies_that_are_not_json(tls_sandbox: RunningSandbox, fault: Any, body: bytes) -> None:
    tls_sandbox.portal.script_next(fault)
    answer = post(tls_sandbox, "imconnector.list", {})
    assert answer.status_code == 200
    assert answer.content == body
    with pytest.raises(ValueError):
        json.loads(answer.content)


def test_short_body_breaks_the_read(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(ShortBody())
    with pytest.raises(requests.exceptions.ChunkedEncodingError):
        post(tls_sandbox, "imconnector.list", {})


def test_connection_reset(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(ConnectionReset())
    with pytest.raises(requests.ConnectionError):
        post(tls_sandbox, "imconnector.list", {})
    assert tls_sandbox.portal.received[-1].fault == "connection_reset"


def test_delay_longer_than_the_read_timeout(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(Delay(30))
    with pytest.raises(requests.exceptions.ReadTimeout):
        post(tls_sandbox, "imconnector.list", {}, timeout=(5, 0.2))


def test_redirect_fault_and_moved_portal(tls_sandbox: RunningSandbox) -> None:
    tls_sandbox.portal.script_next(Redirect("https://elsewhere.example/rest/"))
    answer = post(tls_sandbox, "imconnector.register", {})
    assert (answer.status_code, answer.headers["Location"]) == (
        302,
        "https://elsewhere.example/rest/",
    )
    tls_sandbox.portal.moved_to = "https://new-name.bitrix24.example"
    for _ in range(2):
        answer = post(tls_sandbox, "imconnector.register", {})
        assert answer.status_code == 302
        assert (
            answer.headers["Location"]
            == "https://new-name.bitrix24.example/rest/imconnector.register"
        )
    assert tls_sandbox.portal.connectors == {}


def test_faults_can_target_only_the_oauth_server(tls_sandbox: RunningSandbox) -> None:
    token = tls_sandbox.ready_token()
    tls_sandbox.portal.script_next(HtmlPage(503), target="oauth")
    assert post(tls_sandbox, "imconnector.list", {"auth": token["access_token"]}).status_code == 200
    assert token_request(tls_sandbox, refresh_form(token)).status_code == 503
    assert tls_sandbox.portal.refresh_token_alive(token["refresh_token"])


def test_a_client_without_the_ca_is_refused(tls_sandbox: RunningSandbox) -> None:
    with pytest.raises(requests.exceptions.SSLError):
        requests.post(
            tls_sandbox.rest_url("imconnector.list"), json={}, timeout=TIMEOUT, verify=True
        )


# ---------------------------------------------------------------- the server itself


def test_stop_does_not_hang_with_a_delayed_request_in_flight(sandbox_ca: trustme.CA) -> None:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    sandbox_ca.issue_cert("127.0.0.1").configure_cert(context)
    client_context = ssl.create_default_context()
    sandbox_ca.configure_trust(client_context)
    portal = SandboxPortal()
    portal.script_next(Delay(120))
    server = SandboxServer(portal, ssl_context=context).start()
    outcome: list[object] = []

    def client() -> None:
        request = urllib.request.Request(f"{server.url}/rest/imconnector.list", data=b"{}")
        try:
            with urllib.request.urlopen(request, timeout=60, context=client_context) as answer:
                outcome.append(answer.status)
        except OSError as error:  # URLError, RemoteDisconnected, resets are all OSErrors
            outcome.append(error)

    worker = threading.Thread(target=client)
    worker.start()
    try:
        assert portal.received.wait_for(1, timeout=10), "the request never arrived"
        started = time.monotonic()
        server.stop()
        stopped_in = time.monotonic() - started
    finally:
        server.stop()
        worker.join(10)
    assert stopped_in < 3
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], OSError)
    assert server.errors == []


def test_idle_keep_alive_connections_do_not_hold_stop() -> None:
    portal = SandboxPortal()
    server = SandboxServer(portal).start()
    with requests.Session() as session:
        assert session.get(f"{server.url}/", timeout=TIMEOUT).status_code == 200
        started = time.monotonic()
        server.stop()  # the session still holds its kept-alive connection open
        assert time.monotonic() - started < 3


def test_our_oauth_client_follows_server_endpoint_to_the_sandbox(
    tls_sandbox: RunningSandbox,
) -> None:
    """The token's ``server_endpoint`` is ``<url>/rest/``; our client maps it to
    ``<url>/oauth/token/`` and never uses its configured server (a closed port here)."""
    from gui.core.auth.oauth import OAuthClient
    from gui.core.auth.tokens import StoredToken
    from gui.core.portal.transport import Transport

    stored = StoredToken.from_mapping(tls_sandbox.ready_token())
    assert stored.server_endpoint == f"{tls_sandbox.url}/rest/"
    with Transport(ca_bundle=tls_sandbox.ca_bundle, environ={}) as transport:
        fresh = OAuthClient(transport, "https://127.0.0.1:9").refresh(stored)
    assert fresh.access_token != stored.access_token
    (refresh,) = [item for item in tls_sandbox.portal.received if item.kind == "oauth_token"]
    assert (refresh.method, refresh.path) == ("POST", "/oauth/token/")
    assert not tls_sandbox.portal.refresh_token_alive(stored.refresh_token)
