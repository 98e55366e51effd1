"""Event delivery over real sockets: the sandbox posts to a real handler on loopback.

The round trip an integrator rehearses: register, activate, bind ``OnImConnectorMessageAdd``,
a visitor message comes in (``imconnector.send.messages``), an operator replies, the handler
receives what Bitrix24 posts. What went over the wire is checked on the receiving end.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import requests

from gui.sandbox import SandboxApp, SandboxPortal, UnknownChat
from tests.fixtures_sandbox import EventReceiver, ReceivedPost, RunningSandbox

TIMEOUT = (5, 30)
ICON = {"DATA_IMAGE": "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"}


def rest(sandbox: RunningSandbox, method: str, token: str, **params: Any) -> Any:
    answer = requests.post(
        sandbox.rest_url(method), json={"auth": token, **params}, timeout=TIMEOUT
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["result"]


def onboard(sandbox: RunningSandbox, handler: str, app: SandboxApp | None = None) -> str:
    """Register ``acme_chat`` for ``app``, activate it on line 1, bind ``handler``, and bring a
    visitor message into chat ``chat-7``; the app's access token."""
    token = str(sandbox.portal.mint_token(app or sandbox.app, base_url=sandbox.url)["access_token"])
    profile = {
        "ID": "acme_chat",
        "NAME": "Acme",
        "ICON": ICON,
        "PLACEMENT_HANDLER": "https://a.example/",
    }
    assert rest(sandbox, "imconnector.register", token, **profile) == {"result": True}
    rest(sandbox, "imconnector.activate", token, CONNECTOR="acme_chat", LINE=1, ACTIVE=1)
    rest(sandbox, "event.bind", token, event="OnImConnectorMessageAdd", handler=handler)
    visitor = {"user": {"id": "v1", "name": "Vera"}, "message": {"id": "m1", "text": "Hi"}}
    messages = [{**visitor, "chat": {"id": "chat-7"}}]
    sent = rest(
        sandbox,
        "imconnector.send.messages",
        token,
        CONNECTOR="acme_chat",
        LINE=1,
        MESSAGES=messages,
    )
    assert sent["SUCCESS"] is True
    return token


def test_an_operator_reply_reaches_the_bound_handler_as_bitrix24_posts_it(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    onboard(http_sandbox, event_receiver.url)
    reply = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Hello from the operator")

    (post,) = event_receiver.posts
    assert post.path == "/b24/events"
    assert post.headers["Content-Type"] == "application/x-www-form-urlencoded"
    form = post.form()
    (bound_id,) = {form["event_handler_id"]}
    visitor_chat = http_sandbox.portal.messages[0].im_chat_id
    assert {key: value for key, value in form.items() if not key.startswith("auth[")} == {
        "event": "ONIMCONNECTORMESSAGEADD",
        "event_handler_id": bound_id,
        "data[CONNECTOR]": "acme_chat",
        "data[LINE]": "1",
        "data[MESSAGES][0][im][chat_id]": str(visitor_chat),
        "data[MESSAGES][0][im][message_id]": str(reply.message.im_message_id),
        "data[MESSAGES][0][message][user_id]": "1",
        "data[MESSAGES][0][message][text]": "Hello from the operator",
        "data[MESSAGES][0][chat][id]": "chat-7",
        "ts": str(int(http_sandbox.clock())),
    }
    auth = {key[5:-1]: value for key, value in form.items() if key.startswith("auth[")}
    assert set(auth) == {
        "access_token",
        "expires",
        "expires_in",
        "scope",
        "domain",
        "server_endpoint",
        "status",
        "client_endpoint",
        "member_id",
        "user_id",
        "application_token",
    }  # and no refresh token
    assert auth["application_token"] == http_sandbox.app.application_token
    assert auth["domain"] == http_sandbox.url.removeprefix("http://")
    assert auth["member_id"] == http_sandbox.portal.member_id
    assert auth["client_endpoint"] == auth["server_endpoint"] == f"{http_sandbox.url}/rest/"
    # the token works: the handler can answer through the REST API
    assert "acme_chat" in rest(http_sandbox, "imconnector.list", auth["access_token"])

    (record,) = reply.deliveries
    assert (record.status, record.error, record.ok) == (200, None, True)
    assert record.body == post.body and record.seconds > 0
    assert http_sandbox.portal.deliveries.snapshot() == [record]
    assert [m.author for m in http_sandbox.portal.messages] == ["visitor", "operator"]


def test_nothing_is_delivered_until_the_installation_is_finished(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    onboard(http_sandbox, event_receiver.url)
    http_sandbox.portal.set_installed(installed=False)
    reply = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Anyone?")
    assert (reply.deliveries, event_receiver.posts) == ([], [])
    assert reply.note is not None and "installation is not finished" in reply.note
    http_sandbox.portal.set_installed(installed=True)
    assert http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Now?").deliveries[0].ok
    assert len(event_receiver.posts) == 1


def test_connector_events_go_only_to_the_app_that_owns_the_connector(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    onboard(http_sandbox, event_receiver.url)
    other = http_sandbox.portal.create_app()
    other_token = http_sandbox.portal.mint_token(other)["access_token"]
    rest(
        http_sandbox,
        "event.bind",
        other_token,
        event="OnImConnectorMessageAdd",
        handler=event_receiver.url + "?other",
    )
    rest(
        http_sandbox,
        "event.bind",
        http_sandbox.ready_token()["access_token"],
        event="OnImConnectorMessageAdd",
        event_type="offline",
    )
    reply = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Only once")
    assert [record.handler for record in reply.deliveries] == [event_receiver.url]
    assert [post.path for post in event_receiver.posts] == ["/b24/events"]


def test_a_reply_needs_a_chat_a_visitor_opened(http_sandbox: RunningSandbox) -> None:
    with pytest.raises(UnknownChat, match="chat-404"):
        http_sandbox.portal.operator_reply("acme_chat", 1, "chat-404", "Hello?")


def test_handlers_off_this_machine_are_never_contacted(http_sandbox: RunningSandbox) -> None:
    onboard(http_sandbox, "https://connector.example.com/events")
    (record,) = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Hi").deliveries
    assert record.status is None
    assert record.error is not None and record.error.startswith("NOT_LOOPBACK")


def test_https_handlers_are_verified_and_reached(
    http_sandbox: RunningSandbox, tls_event_receiver: EventReceiver, ca_bundle_path: Any
) -> None:
    onboard(http_sandbox, tls_event_receiver.url)
    (refused,) = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "1").deliveries
    assert refused.status is None and "SSLError" in str(refused.error)  # the CA is not trusted
    http_sandbox.portal.event_poster.ca_bundle = str(ca_bundle_path)
    (record,) = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "2").deliveries
    assert record.status == 200
    assert tls_event_receiver.posts[-1].form()["data[MESSAGES][0][message][text]"] == "2"


def test_a_slow_handler_does_not_hold_up_the_portal(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    token = onboard(http_sandbox, event_receiver.url)
    event_receiver.hold()
    result: list[Any] = []
    replying = threading.Thread(
        target=lambda: result.append(
            http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Hold on")
        )
    )
    replying.start()
    try:
        assert event_receiver.wait_for(1)
        # the post is waiting for its answer; the portal keeps answering meanwhile
        assert "acme_chat" in rest(http_sandbox, "imconnector.list", token)
    finally:
        event_receiver.release()
        replying.join(30)
    assert result[0].deliveries[0].status == 200


def test_a_handler_that_never_answers_times_out_and_is_recorded(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    onboard(http_sandbox, event_receiver.url)
    http_sandbox.portal.event_poster.timeout = (2.0, 0.2)
    event_receiver.hold()
    (record,) = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Hello?").deliveries
    assert record.status is None and "ReadTimeout" in str(record.error)
    assert 0.2 <= record.seconds < 5


def test_a_handler_may_call_the_portal_back_before_answering(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    onboard(http_sandbox, event_receiver.url)
    seen: list[Any] = []

    def answer_through_rest(post: ReceivedPost) -> None:
        token = post.form()["auth[access_token]"]
        seen.append(rest(http_sandbox, "imconnector.status", token, CONNECTOR="acme_chat", LINE=1))

    event_receiver.on_post = answer_through_rest
    (record,) = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Hi").deliveries
    assert record.status == 200 and seen[0]["STATUS"] is True


def test_the_handler_status_is_recorded_as_it_came(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    onboard(http_sandbox, event_receiver.url)
    event_receiver.status = 500
    (record,) = http_sandbox.portal.operator_reply("acme_chat", 1, "chat-7", "Hi").deliveries
    assert (record.status, record.ok, record.error) == (500, False, None)
    assert record.summary() == {
        "handler": event_receiver.url,
        "status": 500,
        "seconds": round(record.seconds, 3),
    }


def test_listeners_hear_of_each_message_and_delivery(
    http_sandbox: RunningSandbox, event_receiver: EventReceiver
) -> None:
    portal: SandboxPortal = http_sandbox.portal
    heard: list[object] = []
    portal.messages.listen(heard.append)
    portal.deliveries.listen(heard.append)
    onboard(http_sandbox, event_receiver.url)
    reply = portal.operator_reply("acme_chat", 1, "chat-7", "Hi")
    assert heard == [portal.messages[0], reply.message, reply.deliveries[0]]
