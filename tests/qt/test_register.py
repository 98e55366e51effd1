"""Register against the TLS sandbox: what went over the wire and what the window shows."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.core.portal.address import PortalAddress
from gui.qt.main_window import MainWindow
from gui.sandbox.scripted import ProceedFn
from gui.sandbox.wire import Action, Response
from tests.faults import Delay, Fault, SystemErrorReply
from tests.fixtures_sandbox import RunningSandbox
from tests.qt.conftest import WindowKit, store_token
from tests.qt.driving import click_register, fill_every_field, named, status_text


class BusinessRefusal(Fault):
    """An HTTP 200 whose nested result is a business error (the portal's own shape)."""

    name = "business_refusal"

    def __init__(self, code: str, description: str) -> None:
        self.code = code
        self.description = description

    def action(self, proceed: ProceedFn) -> Action:
        body = (
            f'{{"result": {{"result": false, "error": "{self.code}", '
            f'"error_description": "{self.description}"}}, "time": {{}}}}'
        )
        return Response(200, body.encode())


def register_requests(sandbox: RunningSandbox) -> list[Any]:
    return [r for r in sandbox.portal.received if r.rest_method == "imconnector.register"]


def wait_idle(qtbot: QtBot, window: MainWindow, timeout: int = 15000) -> None:
    qtbot.waitUntil(lambda: not named(window, "cancel").isEnabled(), timeout=timeout)


def test_every_field_goes_over_the_wire_and_success_is_shown(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    values = fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    click_register(qtbot, sandbox_window)
    qtbot.waitUntil(lambda: "Registered" in status_text(sandbox_window), timeout=15000)

    [request] = register_requests(tls_sandbox)
    assert not request.auth_in_url
    assert request.header(
        "Content-Type",
    ).startswith("application/json")
    body = request.json()
    assert isinstance(body["auth"], str) and body["auth"]
    for key in (
        "ID",
        "NAME",
        "PLACEMENT_HANDLER",
        "COMMENT",
        *[k for k in values if k.isupper() and "." not in k and k not in ("ID", "NAME")],
    ):
        assert body[key] == values[key], key
    for icon in ("ICON", "ICON_DISABLED"):
        for sub in ("DATA_IMAGE", "COLOR", "SIZE", "POSITION"):
            assert body[icon][sub] == values[f"{icon}.{sub}"]
    assert body["CHAT_GROUP"] is True and body["NEWSLETTER"] is False
    assert "acme_chat" in tls_sandbox.portal.connectors
    assert "Acme Chat" in status_text(sandbox_window)
    log_text = named(sandbox_window, "request_log.text").toPlainText()  # type: ignore[attr-defined]
    assert "imconnector.register" in log_text
    assert body["auth"] not in log_text


def test_business_error_is_shown_beside_its_field(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    tls_sandbox.portal.script_next(
        BusinessRefusal("NAME_REQUIRED", "Не указано имя"), target="rest"
    )
    click_register(qtbot, sandbox_window)
    qtbot.waitUntil(lambda: "Not registered" in status_text(sandbox_window), timeout=15000)
    assert "NAME_REQUIRED" in status_text(sandbox_window)
    assert "NAME_REQUIRED" in sandbox_window.form.message_text("NAME")
    assert named(sandbox_window, "NAME").property("problem") == "error"
    assert "acme_chat" not in tls_sandbox.portal.connectors


def test_system_error_says_what_to_do(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    tls_sandbox.portal.script_next(SystemErrorReply("insufficient_scope"), target="rest")
    click_register(qtbot, sandbox_window)
    qtbot.waitUntil(lambda: "insufficient_scope" in status_text(sandbox_window), timeout=15000)
    assert "imopenlines" in status_text(sandbox_window)
    assert named(sandbox_window, "register").isEnabled()


def test_wrong_auth_type_explains_webhooks_and_app_tokens(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    tls_sandbox.portal.script_next(SystemErrorReply("WRONG_AUTH_TYPE"), target="rest")
    click_register(qtbot, sandbox_window)
    qtbot.waitUntil(lambda: "WRONG_AUTH_TYPE" in status_text(sandbox_window), timeout=15000)
    assert "webhook" in status_text(sandbox_window).lower()


def test_expired_token_is_refreshed_and_stored_without_asking(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    kit: WindowKit,
    tls_sandbox: RunningSandbox,
) -> None:
    from gui.qt.settings import CA_BUNDLE, OAUTH_SERVER

    settings = kit.settings()
    settings.set(CA_BUNDLE, str(tls_sandbox.ca_bundle))
    settings.set(OAUTH_SERVER, tls_sandbox.oauth_server)
    settings.sync()
    old = store_token(kit, tls_sandbox)
    window = open_window()
    tls_sandbox.clock.advance(7200)  # the portal now answers expired_token
    fill_every_field(qtbot, window, tls_sandbox.url)
    click_register(qtbot, window)
    qtbot.waitUntil(lambda: "Registered" in status_text(window), timeout=15000)
    assert "refreshed" in status_text(window)
    kinds = [r.kind for r in tls_sandbox.portal.received]
    assert "oauth_token" in kinds
    new = kit.token_store().load(PortalAddress.parse(tls_sandbox.url))
    assert new is not None and new.refresh_token != old.refresh_token
    assert tls_sandbox.portal.refresh_token_alive(new.refresh_token)
    assert len(register_requests(tls_sandbox)) == 2
    log_text = named(window, "request_log.text").toPlainText()  # type: ignore[attr-defined]
    assert "oauth/token" in log_text and "refresh_token" in log_text
    for secret in (*old.secrets(), *new.secrets()):
        assert secret not in log_text


def test_cancel_returns_control_and_drops_the_late_answer(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    tls_sandbox.portal.script_next(Delay(1.5), target="rest")
    click_register(qtbot, sandbox_window)
    cancel = named(sandbox_window, "cancel")
    assert cancel.isEnabled() and named(sandbox_window, "busy").isVisible()
    qtbot.waitUntil(lambda: len(register_requests(tls_sandbox)) == 1, timeout=5000)
    qtbot.keyClick(sandbox_window, Qt.Key.Key_Escape)
    assert "Cancelled" in status_text(sandbox_window)
    assert not cancel.isEnabled() and not named(sandbox_window, "busy").isVisible()
    assert named(sandbox_window, "register").isEnabled()
    # The portal still answers (after 1.5 s); that late answer must not change what is shown.
    qtbot.waitUntil(lambda: sandbox_window.network_runner.active_threads() == 0, timeout=5000)
    qtbot.wait(50)
    assert "Cancelled" in status_text(sandbox_window)


def test_double_click_sends_one_request(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    tls_sandbox.portal.script_next(Delay(0.5), target="rest")
    button = click_register(qtbot, sandbox_window)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.mouseDClick(button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(sandbox_window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, sandbox_window)
    assert "Registered" in status_text(sandbox_window)
    assert len(register_requests(tls_sandbox)) == 1


def test_close_while_busy_neither_crashes_nor_hangs(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    tls_sandbox.portal.script_next(Delay(2), target="rest")
    click_register(qtbot, sandbox_window)
    qtbot.waitUntil(lambda: len(register_requests(tls_sandbox)) == 1, timeout=5000)
    started = time.monotonic()
    assert sandbox_window.close()
    assert time.monotonic() - started < 10
    assert not sandbox_window.isVisible()


def test_missing_token_is_explained_beside_the_portal(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox, kit: WindowKit
) -> None:
    kit.token_store().forget(PortalAddress.parse(tls_sandbox.url))
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    click_register(qtbot, sandbox_window)
    assert "Log in" in status_text(sandbox_window)
    message = named(sandbox_window, "message.portal")
    assert message.text().startswith("No token is stored for")  # type: ignore[attr-defined]
    assert "Log in" in message.toolTip()  # the whole story; the status line has it too
    assert register_requests(tls_sandbox) == []


def test_ctrl_return_on_an_invalid_form_says_why_beside_the_field_and_in_the_status(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    fill_every_field(qtbot, sandbox_window, tls_sandbox.url)
    named(sandbox_window, "ID").setText("")  # type: ignore[attr-defined]
    named(sandbox_window, "NAME").setFocus()
    assert not named(sandbox_window, "register").isEnabled()

    qtbot.keyClick(sandbox_window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert status_text(sandbox_window).startswith("✗ Not sent: ID: ")
    assert sandbox_window.form.message_text("ID")  # the reason beside the field too
    assert named(sandbox_window, "ID").hasFocus()
    assert register_requests(tls_sandbox) == []
