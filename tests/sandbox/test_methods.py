"""The methods as the server answers them, called the ways real clients call (BITRIX.md §5).

Each test sends what a client sends (JSON, a PHP-style form, multipart; the token as ``auth``,
``access_token`` or a Bearer header) and checks the answer's exact shape.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
import requests

from gui.sandbox import ManualClock, SandboxPortal
from gui.sandbox.wire import Incoming, Response
from tests.sandbox.portal_calls import BASE, ICON, call, register, send, valid_profile

DATA = {"ID": "x", "URL": "https://acme.example", "URL_IM": "https://acme.example/im", "NAME": "A"}


def form_call(portal: SandboxPortal, target: str, form: dict[str, Any]) -> tuple[int, Any]:
    answer = send(
        portal, target, urlencode(form).encode(), content_type="application/x-www-form-urlencoded"
    )
    return answer.status, json.loads(answer.body)


def headers_call(
    portal: SandboxPortal, target: str, headers: dict[str, str], body: bytes
) -> Response:
    answer = portal.respond(Incoming("POST", target, headers, body, BASE))
    assert isinstance(answer, Response)
    return answer


# ---------------------------------------------------------------- how clients call


def test_the_double_slash_path_b24jssdk_builds_is_a_method(
    portal: SandboxPortal, token: str
) -> None:
    answer = send(
        portal, "/rest//imconnector.list?bx24_request_id=1", json.dumps({"auth": token}).encode()
    )
    assert answer.status == 200
    assert portal.received[-1].rest_method == "imconnector.list"


@pytest.mark.parametrize("where", ["body", "query"])
def test_the_token_as_access_token(portal: SandboxPortal, token: str, where: str) -> None:
    if where == "body":
        status, body = call(portal, "scope", {"access_token": token})
    else:
        answer = send(portal, f"/rest/scope?access_token={token}", method="GET")
        status, body = answer.status, json.loads(answer.body)
        assert portal.received[-1].auth_in_url is True
    assert (status, body["result"]) == (200, ["imopenlines", "imconnector"])
    assert portal.received[-1].auth == token


def test_the_token_as_a_bearer_header(portal: SandboxPortal, token: str) -> None:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    answer = headers_call(
        portal, "/rest/imconnector.register", headers, json.dumps(valid_profile()).encode()
    )
    assert json.loads(answer.body)["result"] == {"result": True}
    assert portal.received[-1].auth == token and portal.received[-1].auth_in_url is False
    wrong = headers_call(portal, "/rest/scope", {"Authorization": "Bearer nope"}, b"")
    assert (wrong.status, json.loads(wrong.body)["error"]) == (401, "NO_AUTH_FOUND")


def test_a_multipart_body_with_php_keys(portal: SandboxPortal, token: str) -> None:
    fields = {
        "auth": token,
        "ID": "multi_chat",
        "NAME": "Multi",
        "PLACEMENT_HANDLER": "https://a.example/",
    }
    fields["ICON[DATA_IMAGE]"] = ICON["DATA_IMAGE"]
    prepared = requests.Request(
        "POST", "http://x/", files={name: (None, value) for name, value in fields.items()}
    ).prepare()
    assert isinstance(prepared.body, bytes)
    headers = {"Content-Type": prepared.headers["Content-Type"]}
    answer = headers_call(portal, "/rest/imconnector.register.json", headers, prepared.body)
    assert json.loads(answer.body)["result"] == {"result": True}
    assert portal.connectors["multi_chat"]["ICON"] == {"DATA_IMAGE": ICON["DATA_IMAGE"]}


# ---------------------------------------------------------------- the onboarding methods' quirks


def test_status_line_is_optional_and_an_integer(portal: SandboxPortal, token: str) -> None:
    register(portal, token)
    call(
        portal,
        "imconnector.activate",
        {"auth": token, "CONNECTOR": "acme_chat", "LINE": "1", "ACTIVE": 1},
    )
    _, body = call(portal, "imconnector.status", {"auth": token, "CONNECTOR": "acme_chat"})
    assert body["result"] == {
        "LINE": 0,
        "CONNECTOR": "acme_chat",
        "ERROR": False,
        "CONFIGURED": False,
        "STATUS": False,
    }
    _, body = call(
        portal, "imconnector.status", {"auth": token, "CONNECTOR": "acme_chat", "LINE": "1"}
    )
    assert (body["result"]["LINE"], body["result"]["STATUS"]) == (1, True)


def test_unknown_connectors_and_lines_are_accepted_silently(
    portal: SandboxPortal, token: str
) -> None:
    """The trap: a mistyped ID or line is 'activated' and 'configured' without a word."""
    params = {"auth": token, "CONNECTOR": "nobody_registered_me", "LINE": 99}
    assert call(portal, "imconnector.activate", {**params, "ACTIVE": 1})[1]["result"] is True
    assert (
        call(portal, "imconnector.connector.data.set", {**params, "DATA": DATA})[1]["result"]
        is True
    )
    _, body = call(portal, "imconnector.status", params)
    assert body["result"] == {
        "LINE": 99,
        "CONNECTOR": "nobody_registered_me",
        "ERROR": False,
        "CONFIGURED": True,
        "STATUS": True,
    }


def test_connector_is_used_as_given_not_lower_cased(portal: SandboxPortal, token: str) -> None:
    register(portal, token, ID="Acme_Chat")  # stored as acme_chat
    call(
        portal,
        "imconnector.activate",
        {"auth": token, "CONNECTOR": "Acme_Chat", "LINE": 1, "ACTIVE": 1},
    )
    _, given = call(
        portal, "imconnector.status", {"auth": token, "CONNECTOR": "Acme_Chat", "LINE": 1}
    )
    _, stored = call(
        portal, "imconnector.status", {"auth": token, "CONNECTOR": "acme_chat", "LINE": 1}
    )
    assert (given["result"]["CONNECTOR"], given["result"]["STATUS"]) == ("Acme_Chat", True)
    assert stored["result"]["STATUS"] is False


def test_data_set_merges_and_drops_empty_fields(portal: SandboxPortal, token: str) -> None:
    params = {"auth": token, "CONNECTOR": "acme_chat", "LINE": 1}
    call(portal, "imconnector.connector.data.set", {**params, "DATA": DATA})
    call(portal, "imconnector.connector.data.set", {**params, "DATA": {"NAME": "B", "URL_IM": ""}})
    assert portal.binding("acme_chat", 1).data == {
        "ID": "x",
        "URL": "https://acme.example",
        "NAME": "B",
    }


def test_unregister_failures_are_nested_in_http_200(portal: SandboxPortal, token: str) -> None:
    status, body = call(portal, "imconnector.unregister", {"auth": token})
    assert (status, body["result"]["result"], body["result"]["error"]) == (
        200,
        False,
        "APPLICATION_UNREGISTRATION_ERROR",
    )


def test_only_the_owning_app_may_unregister(portal: SandboxPortal, token: str) -> None:
    register(portal, token)
    other = portal.mint_token(portal.create_app())["access_token"]
    _, body = call(portal, "imconnector.unregister", {"auth": other, "ID": "acme_chat"})
    assert body["result"]["error"] == "APPLICATION_UNREGISTRATION_ERROR"
    assert "acme_chat" in portal.connectors


# ---------------------------------------------------------------- Open Lines


@pytest.fixture
def lines_portal(clock: ManualClock) -> SandboxPortal:
    lines = [
        {"ID": str(n), "ACTIVE": "Y" if n % 2 else "N", "LINE_NAME": f"Line {n:03}"}
        for n in range(1, 251)
    ]
    portal = SandboxPortal(clock=clock, burst=1000, lines=lines)
    portal.base_url = BASE
    return portal


def lines(portal: SandboxPortal, params: Any) -> tuple[int, Any]:
    token = portal.mint_token()["access_token"]
    status, body = call(portal, "imopenlines.config.list.get", {"auth": token, "PARAMS": params})
    return status, body.get("result", body)


def test_config_list_reads_select_order_filter_limit_offset(lines_portal: SandboxPortal) -> None:
    _, every = lines(lines_portal, {})
    assert len(every) == 50  # the default page
    _, page = lines(
        lines_portal,
        {
            "select": ["ID", "LINE_NAME"],
            "order": {"ID": "DESC"},
            "filter": {"ACTIVE": "Y"},
            "limit": 3,
            "offset": 1,
        },
    )
    assert page == [
        {"ID": "247", "LINE_NAME": "Line 247"},
        {"ID": "245", "LINE_NAME": "Line 245"},
        {"ID": "243", "LINE_NAME": "Line 243"},
    ]
    assert len(lines(lines_portal, {"limit": 500})[1]) == 200
    _, negated = lines(lines_portal, {"filter": {"!ACTIVE": "Y"}, "select": ["ID"], "limit": 2})
    assert negated == [{"ID": "2"}, {"ID": "4"}]


@pytest.mark.parametrize(
    "params",
    [
        "nope",
        {"select": "ID"},
        {"order": ["ID"]},
        {"order": {"ID": "UP"}},
        {"filter": "x"},
        {"limit": "many"},
        {"offset": -1},
    ],
)
def test_config_list_refuses_bad_params_with_invalid_format(
    lines_portal: SandboxPortal, params: Any
) -> None:
    status, body = lines(lines_portal, params)
    assert (status, body["error"]) == (400, "INVALID_FORMAT")


def test_config_add_returns_the_new_line_id(portal: SandboxPortal, token: str) -> None:
    status, body = call(
        portal, "imopenlines.config.add", {"auth": token, "PARAMS": {"LINE_NAME": "Sales"}}
    )
    assert (status, body["result"]) == (200, 3)
    _, listed = call(
        portal, "imopenlines.config.list.get", {"auth": token, "PARAMS": {"filter": {"ID": 3}}}
    )
    assert listed["result"] == [{"LINE_NAME": "Sales", "ID": "3", "ACTIVE": "Y"}]


# ---------------------------------------------------------------- batch, app.info, profile


def test_batch_runs_each_command_with_the_callers_token(portal: SandboxPortal, token: str) -> None:
    register(portal, token)
    cmd = {
        "status": "imconnector.status?CONNECTOR=acme_chat&LINE=1",
        "lines": "imopenlines.config.list.get?PARAMS[select][]=ID",
        "broken": "no.such.method",
        "nested": "batch?cmd[a]=scope",
    }
    status, body = call(portal, "batch", {"auth": token, "halt": 0, "cmd": cmd})
    assert status == 200
    result = body["result"]
    assert result["result"]["status"]["CONNECTOR"] == "acme_chat"
    assert result["result"]["lines"] == [{"ID": "1"}, {"ID": "2"}]
    assert result["result_error"] == {
        "broken": {"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"},
        "nested": {
            "error": "ERROR_BATCH_METHOD_NOT_ALLOWED",
            "error_description": "Method is not allowed for batch usage",
        },
    }
    assert set(result["result_time"]) == {"status", "lines"}
    assert (result["result_total"], result["result_next"]) == ([], [])


def test_batch_halts_on_the_first_error_and_lists_stay_lists(
    portal: SandboxPortal, token: str
) -> None:
    _, body = form_call(
        portal,
        "/rest/batch.json",
        {"auth": token, "halt": 1, "cmd[0]": "scope", "cmd[1]": "nope", "cmd[2]": "scope"},
    )
    assert body["result"]["result"] == [["imopenlines", "imconnector"]]
    assert list(body["result"]["result_error"]) == ["1"]


def test_app_info_says_whether_the_installation_is_finished(
    portal: SandboxPortal, token: str
) -> None:
    _, body = call(portal, "app.info", {"auth": token})
    app = portal.app(body["result"]["CODE"])
    assert (body["result"]["INSTALLED"], body["result"]["STATUS"]) == (True, "L")
    assert (
        body["result"]["install"]["installed"] is True
        and body["result"]["client_id"] == app.client_id
    )
    portal.set_installed(app, False)
    assert call(portal, "app.info", {"auth": token})[1]["result"]["INSTALLED"] is False
    assert portal.is_installed(app) is False


def test_app_info_is_app_only_profile_is_not(portal: SandboxPortal) -> None:
    hook = portal.create_webhook(user_id=3)
    answer = send(portal, f"{hook.path}app.info", b"{}")
    assert (answer.status, json.loads(answer.body)["error"]) == (403, "WRONG_AUTH_TYPE")
    assert json.loads(send(portal, f"{hook.path}profile", b"{}").body)["result"]["ADMIN"] is True


# ---------------------------------------------------------------- events: binding


def bind(portal: SandboxPortal, token: str, **params: Any) -> tuple[int, Any]:
    return call(portal, "event.bind", {"auth": token, **params})


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"event": "OnSomethingMadeUp", "handler": "https://a.example/h"}, "ERROR_EVENT_NOT_FOUND"),
        (
            {"event": "OnImConnectorMessageAdd", "handler": "ftp://a.example/h"},
            "ERROR_UNSUPPORTED_PROTOCOL",
        ),
        (
            {"event": "OnImConnectorMessageAdd", "handler": "https:///no-host"},
            "ERROR_WRONG_HANDLER_URL",
        ),
        (
            {
                "event": "OnImConnectorMessageAdd",
                "handler": "https://a.example/h",
                "event_type": "sometimes",
            },
            "ERROR_ARGUMENT",
        ),
    ],
)
def test_event_bind_errors(
    portal: SandboxPortal, token: str, params: dict[str, Any], code: str
) -> None:
    status, body = bind(portal, token, **params)
    assert (status, body["error"]) == (400, code)
    assert portal.bound_events == []


def test_offline_bindings_need_no_handler_and_show_as_offline(
    portal: SandboxPortal, token: str
) -> None:
    assert (
        bind(portal, token, event="OnImConnectorMessageAdd", event_type="offline")[1]["result"]
        is True
    )
    assert (
        bind(
            portal,
            token,
            event="onimconnectormessageadd",
            handler="http://127.0.0.1:9/h",
            auth_type=1,
        )[0]
        == 200
    )
    _, body = call(portal, "event.get", {"auth": token})
    assert body["result"] == [
        {"event": "ONIMCONNECTORMESSAGEADD", "handler": "", "auth_type": "0", "offline": 1},
        {
            "event": "ONIMCONNECTORMESSAGEADD",
            "handler": "http://127.0.0.1:9/h",
            "auth_type": "1",
            "offline": 0,
        },
    ]
    unbind = {"auth": token, "event": "OnImConnectorMessageAdd", "handler": "http://127.0.0.1:9/h"}
    assert call(portal, "event.unbind", unbind)[1]["result"] == {"count": 1}


# ---------------------------------------------------------------- visitor messages


def message(chat: str = "chat-7", text: str = "Hi") -> dict[str, Any]:
    return {
        "user": {"id": "visitor-1", "name": "Vera"},
        "message": {"id": "m1", "date": 1, "text": text},
        "chat": {"id": chat},
    }


def test_send_messages_needs_the_connector_active_on_the_line(
    portal: SandboxPortal, token: str
) -> None:
    register(portal, token)
    params = {"auth": token, "CONNECTOR": "acme_chat", "LINE": 1, "MESSAGES": [message()]}
    _, body = call(portal, "imconnector.send.messages", params)
    assert (
        body["result"]["SUCCESS"] is False
        and body["result"]["ERRORS"][0]["code"] == "NOT_ACTIVE_LINE"
    )
    assert len(portal.messages) == 0
    call(
        portal,
        "imconnector.activate",
        {"auth": token, "CONNECTOR": "acme_chat", "LINE": 1, "ACTIVE": 1},
    )
    _, body = call(portal, "imconnector.send.messages", params)
    (outcome,) = body["result"]["DATA"]["RESULT"]
    assert body["result"]["SUCCESS"] is True and outcome["SUCCESS"] is True
    (stored,) = portal.messages.snapshot()
    assert (stored.author, stored.chat_id, stored.text, stored.user_name) == (
        "visitor",
        "chat-7",
        "Hi",
        "Vera",
    )
    assert (outcome["chat"]["id"], outcome["message"]) == (
        stored.im_chat_id,
        [stored.im_message_id],
    )
