"""The sandbox portal's logic without sockets: the server's checks, their order and formats."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.sandbox import SYSTEM_ERRORS, TOKEN_STORE_KEYS, ManualClock, SandboxPortal
from tests.fixtures_sandbox import refresh_form
from tests.sandbox.portal_calls import BASE, call, register, send, valid_profile

# ---------------------------------------------------------------- register: success and upsert


def test_register_answers_the_nested_result_with_a_time_block(
    portal: SandboxPortal, token: str
) -> None:
    status, body = register(portal, token)
    assert status == 200
    assert body["result"] == {"result": True}
    assert {"start", "finish", "duration", "operating", "operating_reset_at"} <= set(body["time"])


def test_register_lower_cases_the_id_and_upserts(portal: SandboxPortal, token: str) -> None:
    register(portal, token, ID="Acme_Chat", NAME="First")
    register(portal, token, ID="acme_chat", NAME="Second")
    assert list(portal.connectors) == ["acme_chat"]
    assert portal.connectors["acme_chat"]["NAME"] == "Second"
    assert portal.registrations("ACME_CHAT") == 2


def test_register_stores_parameters_without_auth(portal: SandboxPortal, token: str) -> None:
    register(portal, token, CHAT_GROUP=True)
    stored = portal.connectors["acme_chat"]
    assert "AUTH" not in stored and "auth" not in stored
    assert stored["CHAT_GROUP"] is True


# ---------------------------------------------------------------- register: business errors


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"ID": "acme.chat"}, "APPLICATION_REGISTRATION_ERROR_POINT"),
        ({"ID": ...}, "CONNECTOR_ID_REQUIRED"),
        ({"ID": ""}, "CONNECTOR_ID_REQUIRED"),
        ({"ID": "0"}, "CONNECTOR_ID_REQUIRED"),
        ({"ID": 7}, "CONNECTOR_ID_REQUIRED"),
        ({"ID": ["a"]}, "CONNECTOR_ID_REQUIRED"),
        ({"NAME": ...}, "NAME_REQUIRED"),
        ({"NAME": "0"}, "NAME_REQUIRED"),
        ({"ICON": ...}, "ICON_REQUIRED"),
        ({"ICON": {"COLOR": "#fff"}}, "ICON_REQUIRED"),
        ({"ICON": "data:image/svg+xml,x"}, "ICON_REQUIRED"),
        ({"PLACEMENT_HANDLER": ""}, "NO_PLACEMENT_HANDLER"),
    ],
)
def test_register_business_errors_come_inside_http_200(
    portal: SandboxPortal, token: str, overrides: dict[str, Any], code: str
) -> None:
    status, body = register(portal, token, **overrides)
    assert status == 200
    assert body["result"]["result"] is False
    assert body["result"]["error"] == code
    assert body["result"]["error_description"]
    assert portal.connectors == {}


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        # each row breaks everything from its own check on: the first failing check answers
        (
            {"ID": "a.b", "NAME": "", "ICON": ..., "PLACEMENT_HANDLER": ""},
            "APPLICATION_REGISTRATION_ERROR_POINT",
        ),
        ({"ID": "", "NAME": "", "ICON": ..., "PLACEMENT_HANDLER": ""}, "CONNECTOR_ID_REQUIRED"),
        ({"NAME": "", "ICON": ..., "PLACEMENT_HANDLER": ""}, "NAME_REQUIRED"),
        ({"ICON": ..., "PLACEMENT_HANDLER": ""}, "ICON_REQUIRED"),
    ],
)
def test_register_checks_in_the_servers_order(
    portal: SandboxPortal, token: str, overrides: dict[str, Any], code: str
) -> None:
    _, body = register(portal, token, **overrides)
    assert body["result"]["error"] == code


def test_missing_application_is_checked_after_icon_and_before_placement_handler(
    portal: SandboxPortal,
) -> None:
    app = portal.create_app()
    token = str(portal.mint_token(app)["access_token"])
    portal.uninstall_app(app.client_id)
    _, body = register(portal, token, PLACEMENT_HANDLER="")
    assert body["result"]["error"] == "NO_APPLICATION_ID"
    _, body = register(portal, token, ICON=..., PLACEMENT_HANDLER="")
    assert body["result"]["error"] == "ICON_REQUIRED"


def test_lower_case_keys_are_read_like_the_servers_converter(
    portal: SandboxPortal, token: str
) -> None:
    params = {"auth": token, "id": "acme_chat", "name": "Acme", "icon": {"data_image": "x"}}
    params["placement_handler"] = "https://acme.example/"
    status, body = call(portal, "imconnector.register", params)
    assert (status, body["result"]) == (200, {"result": True})


def test_form_encoded_register_with_php_style_keys(portal: SandboxPortal, token: str) -> None:
    form = urlencode(
        {
            "auth": token,
            "ID": "form_chat",
            "NAME": "Form",
            "ICON[DATA_IMAGE]": "data:image/svg+xml,x",
            "PLACEMENT_HANDLER": "https://acme.example/",
        }
    )
    answer = send(
        portal,
        "/rest/imconnector.register.json",
        form.encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert json.loads(answer.body)["result"] == {"result": True}
    assert portal.connectors["form_chat"]["ICON"] == {"DATA_IMAGE": "data:image/svg+xml,x"}


def test_auth_in_the_query_string_works_and_is_recorded_as_such(
    portal: SandboxPortal, token: str
) -> None:
    answer = send(portal, f"/rest/imconnector.list?auth={token}", b"", method="GET")
    assert answer.status == 200
    assert portal.received[-1].auth_in_url is True
    assert portal.received[-1].auth == token


# ---------------------------------------------------------------- system errors


def test_missing_and_unknown_tokens_are_no_auth_found(portal: SandboxPortal) -> None:
    assert call(portal, "imconnector.list", {}) == (
        401,
        {"error": "NO_AUTH_FOUND", "error_description": SYSTEM_ERRORS["NO_AUTH_FOUND"][1]},
    )
    status, body = call(portal, "imconnector.list", {"auth": "not-a-token"})
    assert (status, body["error"]) == (401, "NO_AUTH_FOUND")


def test_revoked_token_is_unknown(portal: SandboxPortal, token: str) -> None:
    assert portal.revoke(token)
    status, body = call(portal, "imconnector.list", {"auth": token})
    assert (status, body["error"]) == (401, "NO_AUTH_FOUND")


def test_access_token_expires_on_the_injected_clock(
    portal: SandboxPortal, clock: ManualClock, token: str
) -> None:
    clock.advance(59)
    assert call(portal, "imconnector.list", {"auth": token})[0] == 200
    clock.advance(1)
    status, body = call(portal, "imconnector.list", {"auth": token})
    assert (status, body["error"]) == (401, "expired_token")


def test_unknown_method_is_404(portal: SandboxPortal, token: str) -> None:
    status, body = call(portal, "imconnector.nonsense", {"auth": token})
    assert (status, body["error"]) == (404, "ERROR_METHOD_NOT_FOUND")
    status, body = call(portal, "", {"auth": token})
    assert (status, body["error"]) == (404, "ERROR_METHOD_NOT_FOUND")


def test_token_without_imopenlines_scope_is_insufficient(portal: SandboxPortal) -> None:
    app = portal.create_app(scope="crm")
    token = portal.mint_token(app)["access_token"]
    status, body = call(portal, "imconnector.register", {"auth": token, **valid_profile()})
    assert (status, body["error"]) == (403, "insufficient_scope")
    # event.bind itself needs no scope, but the app only knows the events of its scopes
    bind = {"auth": token, "event": "OnAppUninstall", "handler": "https://a.example/h"}
    assert call(portal, "event.bind", bind)[0] == 200
    status, body = call(portal, "event.bind", {**bind, "event": "OnImConnectorMessageAdd"})
    assert (status, body["error"]) == (400, "ERROR_EVENT_NOT_FOUND")


def test_webhook_paths_answer_wrong_auth_type(portal: SandboxPortal, token: str) -> None:
    body = json.dumps(valid_profile()).encode()
    portal.create_webhook(code="abcdef123")
    hook = portal.create_webhook(code="abc")
    for target in (
        "/rest/1/abcdef123/imconnector.register",
        f"{hook.path}imconnector.register.json",
    ):
        answer = send(portal, target, body)
        assert answer.status == 403
        assert json.loads(answer.body)["error"] == "WRONG_AUTH_TYPE"
    assert portal.received[-1].webhook is True
    assert portal.connectors == {}


def test_webhook_path_to_an_unknown_method_is_404(portal: SandboxPortal) -> None:
    hook = portal.create_webhook()
    answer = send(portal, f"{hook.path}no.such.method", b"{}")
    assert (answer.status, json.loads(answer.body)["error"]) == (404, "ERROR_METHOD_NOT_FOUND")


def test_an_unknown_webhook_is_invalid_credentials_before_anything_else(
    portal: SandboxPortal,
) -> None:
    portal.create_webhook(code="real")
    for target in ("/rest/1/guessed/imconnector.register", "/rest/2/real/no.such.method"):
        answer = send(portal, target, json.dumps(valid_profile()).encode())
        assert (answer.status, json.loads(answer.body)["error"]) == (401, "INVALID_CREDENTIALS")


@pytest.mark.parametrize(
    "method", ["imopenlines.config.list.get", "imopenlines.config.add", "scope", "profile"]
)
def test_methods_that_are_not_app_only_accept_a_webhook(portal: SandboxPortal, method: str) -> None:
    hook = portal.create_webhook(user_id=5)
    answer = send(portal, f"{hook.path}{method}.json", b"{}")
    assert answer.status == 200, answer.body
    if method == "profile":
        assert json.loads(answer.body)["result"]["ID"] == "5"


def test_a_webhook_without_the_scope_is_insufficient(portal: SandboxPortal) -> None:
    hook = portal.create_webhook(scope="crm")
    answer = send(portal, f"{hook.path}imopenlines.config.list.get", b"{}")
    assert (answer.status, json.loads(answer.body)["error"]) == (403, "insufficient_scope")


def test_method_names_are_case_insensitive_and_json_suffix_optional(
    portal: SandboxPortal, token: str
) -> None:
    assert call(portal, "IMCONNECTOR.LIST.json", {"auth": token})[0] == 200
    assert portal.received[-1].rest_method == "imconnector.list"


# ---------------------------------------------------------------- rate limit


def test_rate_limit_is_a_leaky_bucket_on_the_clock(clock: ManualClock) -> None:
    portal = SandboxPortal(clock=clock, burst=3, drain_per_second=2.0)
    portal.base_url = BASE
    token = portal.mint_token()["access_token"]
    statuses = [call(portal, "imconnector.list", {"auth": token})[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 503]
    status, body = call(portal, "imconnector.list", {"auth": token})
    assert (status, body["error"]) == (503, "QUERY_LIMIT_EXCEEDED")
    clock.advance(0.5)  # drains one request
    assert call(portal, "imconnector.list", {"auth": token})[0] == 200
    assert call(portal, "imconnector.list", {"auth": token})[0] == 503
    clock.advance(1.5)  # drains three
    statuses = [call(portal, "imconnector.list", {"auth": token})[0] for _ in range(4)]
    assert statuses == [200, 200, 200, 503]


def test_oauth_requests_do_not_count_against_the_rate_limit(clock: ManualClock) -> None:
    portal = SandboxPortal(clock=clock, burst=1, drain_per_second=0)
    portal.base_url = BASE
    token = portal.mint_token()
    form = {"grant_type": "refresh_token", "client_id": token["client_id"]}
    form |= {"client_secret": token["client_secret"], "refresh_token": token["refresh_token"]}
    send(
        portal,
        "/oauth/token/",
        urlencode(form).encode(),
        content_type="application/x-www-form-urlencoded",
    )
    assert call(portal, "imconnector.list", {"auth": token["access_token"]})[0] == 200


# ---------------------------------------------------------------- onboarding methods


def test_lines_activate_data_status_list_unregister(portal: SandboxPortal, token: str) -> None:
    register(portal, token)
    _, lines = call(portal, "imopenlines.config.list.get", {"auth": token})
    line = lines["result"][0]["ID"]
    status, body = call(
        portal, "imconnector.status", {"auth": token, "CONNECTOR": "acme_chat", "LINE": line}
    )
    assert body["result"] == {
        "LINE": int(line),
        "CONNECTOR": "acme_chat",
        "ERROR": False,
        "CONFIGURED": False,
        "STATUS": False,
    }
    status, body = call(
        portal,
        "imconnector.activate",
        {"auth": token, "CONNECTOR": "acme_chat", "LINE": line, "ACTIVE": 1},
    )
    assert (status, body["result"]) == (200, True)  # flat, unlike register
    data = {
        "ID": "x",
        "URL": "https://acme.example",
        "URL_IM": "https://acme.example/im",
        "NAME": "Acme",
    }
    params = {"auth": token, "CONNECTOR": "acme_chat", "LINE": line, "DATA": data}
    assert call(portal, "imconnector.connector.data.set", params)[1]["result"] is True
    _, body = call(
        portal, "imconnector.status", {"auth": token, "CONNECTOR": "acme_chat", "LINE": line}
    )
    assert body["result"]["STATUS"] is True
    assert portal.binding("acme_chat", line).data == data
    _, body = call(portal, "imconnector.list", {"auth": token})
    assert body["result"]["acme_chat"] == "Acme chat"
    assert body["result"]["livechat"] and body["result"]["telegrambot"]  # the built-in ones
    # the ID as given: the server lower-cases it on register only
    _, body = call(portal, "imconnector.unregister", {"auth": token, "ID": "ACME_CHAT"})
    assert body["result"]["error"] == "APPLICATION_UNREGISTRATION_ERROR"
    _, body = call(portal, "imconnector.unregister", {"auth": token, "ID": "acme_chat"})
    assert body["result"] == {"result": True}
    assert "acme_chat" not in call(portal, "imconnector.list", {"auth": token})[1]["result"]
    _, body = call(portal, "imconnector.unregister", {"auth": token, "ID": "acme_chat"})
    assert body["result"]["error"] == "APPLICATION_UNREGISTRATION_ERROR"


@pytest.mark.parametrize(
    ("active", "expected"),
    [("N", True), (1, True), ("Y", True), (0, False), ("0", False), ("", False)],
)
def test_activate_uses_php_truthiness(
    portal: SandboxPortal, token: str, active: object, expected: bool
) -> None:
    register(portal, token)
    call(
        portal,
        "imconnector.activate",
        {"auth": token, "CONNECTOR": "acme_chat", "LINE": "1", "ACTIVE": 1},
    )
    call(
        portal,
        "imconnector.activate",
        {"auth": token, "CONNECTOR": "acme_chat", "LINE": "1", "ACTIVE": active},
    )
    assert portal.binding("acme_chat", "1").active is expected


@pytest.mark.parametrize(
    ("method", "params"),
    [
        ("imconnector.activate", {"LINE": "1", "ACTIVE": 1}),
        ("imconnector.activate", {"CONNECTOR": "acme_chat", "ACTIVE": 1}),
        ("imconnector.activate", {"CONNECTOR": "acme_chat", "LINE": "1"}),
        ("imconnector.status", {"LINE": "1"}),
        ("imconnector.connector.data.set", {"CONNECTOR": "acme_chat", "LINE": "1"}),
        ("event.bind", {"event": "OnImConnectorMessageAdd"}),
        ("imconnector.send.messages", {"CONNECTOR": "acme_chat", "LINE": "1"}),
    ],
)
def test_missing_arguments_are_error_argument(
    portal: SandboxPortal, token: str, method: str, params: dict[str, Any]
) -> None:
    register(portal, token)
    status, body = call(portal, method, {"auth": token, **params})
    assert (status, body["error"]) == (400, "ERROR_ARGUMENT")


def test_event_bind_refuses_a_duplicate_as_the_server_does(
    portal: SandboxPortal, token: str
) -> None:
    params = {
        "auth": token,
        "event": "OnImConnectorMessageAdd",
        "handler": "https://acme.example/h",
    }
    assert call(portal, "event.bind", params)[1]["result"] is True
    assert call(portal, "event.bind", params) == (
        400,
        {
            "error": "ERROR_CORE",
            "error_description": "Unable to set event handler: Handler already binded",
        },
    )
    assert portal.bound_events == [("ONIMCONNECTORMESSAGEADD", "https://acme.example/h")]
    _, body = call(portal, "event.get", {"auth": token})
    assert body["result"] == [
        {
            "event": "ONIMCONNECTORMESSAGEADD",
            "handler": "https://acme.example/h",
            "auth_type": "0",
            "offline": 0,
        }
    ]


def test_configured_lines_are_listed(clock: ManualClock) -> None:
    portal = SandboxPortal(clock=clock, lines=[{"ID": "7", "LINE_NAME": "Sales"}])
    portal.base_url = BASE
    token = portal.mint_token()["access_token"]
    assert call(portal, "imopenlines.config.list.get", {"auth": token})[1]["result"] == [
        {"ID": "7", "LINE_NAME": "Sales"}
    ]


# ---------------------------------------------------------------- OAuth


def oauth(portal: SandboxPortal, form: dict[str, Any], *, get: bool = False) -> tuple[int, Any]:
    if get:
        answer = send(portal, "/oauth/token/?" + urlencode(form), method="GET")
    else:
        answer = send(
            portal,
            "/oauth/token/",
            urlencode(form).encode(),
            content_type="application/x-www-form-urlencoded",
        )
    return answer.status, json.loads(answer.body)


def test_mint_token_has_the_token_store_shape(portal: SandboxPortal) -> None:
    token = portal.mint_token()
    assert tuple(token) == TOKEN_STORE_KEYS
    assert token["client_endpoint"] == f"{BASE}/rest/"
    assert token["server_endpoint"] == f"{BASE}/rest/"  # the real value's shape, on this host
    assert token["scope"] == "imopenlines,imconnector"
    assert token["expires"] == 1_800_000_060


def test_refresh_rotates_and_the_old_refresh_token_dies(
    portal: SandboxPortal, clock: ManualClock
) -> None:
    token = portal.mint_token()
    clock.advance(61)
    status, first = oauth(portal, refresh_form(token))
    assert status == 200
    assert first["refresh_token"] != token["refresh_token"]
    assert first["access_token"] != token["access_token"]
    assert first["expires"] == 1_800_000_061 + 60
    assert first["expires_in"] == 60
    assert {"domain", "member_id", "scope", "status", "user_id", "client_endpoint"} <= set(first)
    assert not portal.refresh_token_alive(token["refresh_token"])
    status, again = oauth(portal, refresh_form(token))
    assert (status, again["error"]) == (400, "invalid_grant")
    status, second = oauth(
        portal, refresh_form({**token, "refresh_token": first["refresh_token"]}), get=True
    )
    assert status == 200
    assert call(portal, "imconnector.list", {"auth": second["access_token"]})[0] == 200


def test_wrong_client_credentials_are_invalid_client(portal: SandboxPortal) -> None:
    token = portal.mint_token()
    status, body = oauth(portal, {**refresh_form(token), "client_secret": "wrong"})
    assert (status, body["error"]) == (401, "invalid_client")
    status, body = oauth(portal, {**refresh_form(token), "client_id": "local.nobody"})
    assert (status, body["error"]) == (401, "invalid_client")
    # a failed attempt does not burn the refresh token
    assert oauth(portal, refresh_form(token))[0] == 200


def test_bad_grant_type_is_invalid_request(portal: SandboxPortal) -> None:
    token = portal.mint_token()
    status, body = oauth(portal, {**refresh_form(token), "grant_type": "password"})
    assert (status, body["error"]) == (400, "invalid_request")


def test_authorization_code_works_once_and_lives_30_seconds(
    portal: SandboxPortal, clock: ManualClock
) -> None:
    app = portal.create_app()
    form = {
        "grant_type": "authorization_code",
        "client_id": app.client_id,
        "client_secret": app.client_secret,
    }
    code = portal.issue_code(app)
    status, body = oauth(portal, {**form, "code": code})
    assert status == 200 and body["scope"] == app.scope
    assert oauth(portal, {**form, "code": code})[1]["error"] == "invalid_grant"
    late = portal.issue_code(app)
    clock.advance(30)
    assert oauth(portal, {**form, "code": late})[1]["error"] == "invalid_grant"


def test_authorize_redirects_to_the_configured_uri_or_its_loopback_twin(
    portal: SandboxPortal,
) -> None:
    app = portal.create_app(redirect_uri="http://127.0.0.1:5000/cb?x=1")
    answer = send(portal, f"/oauth/authorize/?client_id={app.client_id}&state=s1", method="GET")
    assert answer.status == 302
    location = dict(answer.headers)["Location"]
    assert location.startswith("http://127.0.0.1:5000/cb?x=1&")
    query = parse_qs(urlsplit(location).query)
    assert query["state"] == ["s1"]
    assert query["domain"] == ["127.0.0.1:8443"] and query["server_domain"] == ["127.0.0.1:8443"]
    assert query["member_id"] == [portal.member_id]
    assert query["scope"] == ["imopenlines,imconnector"]
    given = urlencode(
        {"client_id": app.client_id, "state": "s2", "redirect_uri": "http://localhost:9/cb?x=1"}
    )
    location = dict(send(portal, f"/oauth/authorize/?{given}", method="GET").headers)["Location"]
    assert location.startswith("http://localhost:9/cb?x=1&code=")  # a loopback port may vary
    code = parse_qs(urlsplit(location).query)["code"][0]
    form = {"grant_type": "authorization_code", "client_id": app.client_id}
    assert oauth(portal, {**form, "client_secret": app.client_secret, "code": code})[0] == 200


@pytest.mark.parametrize(
    ("configured", "given"),
    [
        ("http://127.0.0.1:5000/cb", "https://evil.example/cb"),
        ("http://127.0.0.1:5000/cb", "http://127.0.0.1:5000/other"),
        ("http://127.0.0.1:5000/cb", "http://127.0.0.1.evil.example:5000/cb"),
        ("http://127.0.0.1:5000/cb", "http://user@127.0.0.1:5000/cb"),
        ("https://connector.example/oauth", "https://connector.example/oauth2"),
        ("https://connector.example/oauth", "https://connector.example:8443/oauth"),
        ("https://connector.example/oauth", "http://127.0.0.1:9/oauth"),
    ],
)
def test_authorize_refuses_a_redirect_uri_the_app_did_not_configure(
    portal: SandboxPortal, configured: str, given: str
) -> None:
    """As on Bitrix24: the code goes only where the app says; anywhere else, no redirect."""
    app = portal.create_app(redirect_uri=configured)
    query = urlencode({"client_id": app.client_id, "state": "s", "redirect_uri": given})
    answer = send(portal, f"/oauth/authorize/?{query}", method="GET")
    assert answer.status == 400
    assert "Location" not in dict(answer.headers)
    assert b"redirect_uri" in answer.body


def test_authorize_accepts_the_configured_address_exactly(portal: SandboxPortal) -> None:
    app = portal.create_app(redirect_uri="https://connector.example/oauth")
    query = urlencode(
        {"client_id": app.client_id, "redirect_uri": "https://connector.example/oauth"}
    )
    location = dict(send(portal, f"/oauth/authorize/?{query}", method="GET").headers)["Location"]
    assert location.startswith("https://connector.example/oauth?code=")


def test_the_sandbox_app_redirects_to_the_configurators_own_listener() -> None:
    """The default app is configured with the path `login`'s loopback listener uses."""
    from gui.core.auth.login import CALLBACK_PATH
    from gui.sandbox import DEFAULT_REDIRECT_URI

    assert urlsplit(DEFAULT_REDIRECT_URI).path == CALLBACK_PATH


def test_authorize_for_an_unknown_app_does_not_redirect(portal: SandboxPortal) -> None:
    answer = send(portal, "/oauth/authorize/?client_id=local.nobody&state=s", method="GET")
    assert answer.status == 400
    assert "Location" not in dict(answer.headers)


# ---------------------------------------------------------------- record and moves


def test_every_request_is_recorded_with_raw_bytes(portal: SandboxPortal, token: str) -> None:
    register(portal, token)
    send(portal, "/nowhere", method="GET")
    first, second = portal.received[-2:]
    assert first.kind == "rest" and first.rest_method == "imconnector.register"
    assert first.json()["auth"] == token and first.auth == token
    assert first.auth_in_url is False
    assert first.header("content-type") == "application/json"
    assert first.time == portal.clock()
    assert second.kind == "other"
    assert len(portal.received.rest_calls("imconnector.register")) == 1


def test_moved_portal_answers_302_to_the_new_address(portal: SandboxPortal, token: str) -> None:
    portal.moved_to = "https://new.example/"
    answer = send(portal, "/rest/imconnector.list", json.dumps({"auth": token}).encode())
    assert answer.status == 302
    assert dict(answer.headers)["Location"] == "https://new.example/rest/imconnector.list"
    assert portal.received[-1].fault == "moved"


# ---------------------------------------------------------------- operating-time budget


def test_operating_budget_blocks_a_method_until_its_window_frees(clock: ManualClock) -> None:
    portal = SandboxPortal(clock=clock, access_lifetime=86400)
    token = portal.mint_token(base_url=BASE)["access_token"]
    portal.operating.budget = 10
    portal.operating.cost_per_call = 4
    first = call(portal, "imconnector.list", {"auth": token})[1]["time"]
    assert first["operating"] == 4
    assert first["operating_reset_at"] == int(clock()) + 600
    clock.advance(100)
    assert call(portal, "imconnector.list", {"auth": token})[0] == 200
    assert call(portal, "imconnector.list", {"auth": token})[0] == 200  # 12 s used now
    status, body = call(portal, "imconnector.list", {"auth": token})
    assert (status, body["error"]) == (429, "OPERATION_TIME_LIMIT")
    assert body["time"]["operating_reset_at"] == 1_800_000_600
    assert call(portal, "imopenlines.config.list.get", {"auth": token})[0] == 200  # per method
    clock.advance(500)  # the first call leaves the window: 8 s used
    assert call(portal, "imconnector.list", {"auth": token})[0] == 200


def test_scripted_system_error_can_carry_a_time_block_and_retry_after(
    portal: SandboxPortal, token: str
) -> None:
    from tests.faults import SystemErrorReply

    portal.script_next(
        SystemErrorReply(
            "OPERATION_TIME_LIMIT", extra={"time": {"operating_reset_at": 123}}, retry_after=7
        )
    )
    answer = send(portal, "/rest/imconnector.list", json.dumps({"auth": token}).encode())
    assert answer.status == 429
    assert json.loads(answer.body)["time"] == {"operating_reset_at": 123}
    assert dict(answer.headers)["Retry-After"] == "7"


@given(
    connector_id=st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="."),
        min_size=1,
        max_size=40,
    ).filter(lambda text: text != "0")
)
@settings(max_examples=60, deadline=None)
def test_any_id_without_a_dot_registers_lower_cased(connector_id: str) -> None:
    portal = SandboxPortal(clock=ManualClock(start=1_800_000_000.0))
    token = portal.mint_token(base_url=BASE)["access_token"]
    status, body = register(portal, token, ID=connector_id)
    assert (status, body["result"]) == (200, {"result": True})
    assert list(portal.connectors) == [connector_id.lower()]


@given(prefix=st.text(max_size=10), suffix=st.text(max_size=10))
@settings(max_examples=40, deadline=None)
def test_any_id_with_a_dot_is_refused_first(prefix: str, suffix: str) -> None:
    portal = SandboxPortal(clock=ManualClock(start=1_800_000_000.0))
    token = portal.mint_token(base_url=BASE)["access_token"]
    _, body = register(portal, token, ID=f"{prefix}.{suffix}", NAME="", ICON=...)
    assert body["result"]["error"] == "APPLICATION_REGISTRATION_ERROR_POINT"


def test_refresh_token_expires_after_its_lifetime(clock: ManualClock) -> None:
    portal = SandboxPortal(clock=clock, refresh_lifetime=100)
    portal.base_url = BASE
    token = portal.mint_token()
    clock.advance(100)
    status, body = oauth(portal, refresh_form(token))
    assert (status, body["error"]) == (400, "invalid_grant")


def test_a_refresh_token_works_only_for_its_own_app(portal: SandboxPortal) -> None:
    first, second = portal.create_app(), portal.create_app()
    token = portal.mint_token(first)
    form = {**refresh_form(token), "client_id": second.client_id}
    status, body = oauth(portal, {**form, "client_secret": second.client_secret})
    assert (status, body["error"]) == (400, "invalid_grant")
    assert oauth(portal, refresh_form(token))[0] == 200


def test_authorize_for_an_uninstalled_app_does_not_redirect(portal: SandboxPortal) -> None:
    app = portal.create_app()
    portal.uninstall_app(app.client_id)
    answer = send(portal, f"/oauth/authorize/?client_id={app.client_id}", method="GET")
    assert answer.status == 400
