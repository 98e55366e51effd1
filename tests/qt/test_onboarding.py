"""The Onboarding part driven as a user drives it: pick a line, run every step, read the
checklist; a failure shown beside its field; teardown after a confirmation; the sandbox's
operator reply reaching a real handler."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QPushButton
from pytestqt.qtbot import QtBot

from gui.core.auth.tokens import StoredToken
from gui.core.portal.address import PortalAddress
from gui.qt.main_window import MainWindow
from tests.faults import Delay
from tests.fixtures_sandbox import EventReceiver, RunningSandbox
from tests.qt.conftest import WindowKit, store_token
from tests.qt.driving import fill_every_field, named, set_flag, status_text, type_into

HANDLER = "https://connector.example.com/b24/events"


def click(qtbot: QtBot, window: MainWindow, name: str) -> None:
    button = named(window, name)
    assert isinstance(button, QPushButton)
    qtbot.waitUntil(button.isEnabled, timeout=3000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_onboarding(qtbot: QtBot, window: MainWindow, portal: str, handler: str = HANDLER) -> None:
    fill_every_field(qtbot, window, portal)
    window.widgets.tabs.setCurrentIndex(1)
    type_into(qtbot, window, "ONBOARDING.DATA.ID", "acme-1")
    type_into(qtbot, window, "ONBOARDING.DATA.URL", "https://acme.example/chat")
    type_into(qtbot, window, "ONBOARDING.EVENTS.HANDLER", handler)


def pick_line(qtbot: QtBot, window: MainWindow, line_id: str) -> None:
    click(qtbot, window, "onboarding.refresh_lines")
    combo = named(window, "ONBOARDING.LINE")
    assert isinstance(combo, QComboBox)
    qtbot.waitUntil(lambda: combo.count() > 0, timeout=10000)
    combo.setCurrentIndex(
        next(i for i in range(combo.count()) if combo.itemText(i).startswith(line_id))
    )


def run_steps(qtbot: QtBot, window: MainWindow) -> str:
    click(qtbot, window, "onboard")
    qtbot.waitUntil(lambda: status_text(window).startswith(("✓ Onboarded", "✗")), timeout=20000)
    return status_text(window)


def checklist(window: MainWindow) -> str:
    widget = named(window, "onboarding.checklist")
    assert isinstance(widget, QListWidget)
    return "\n".join(widget.item(i).text() for i in range(widget.count()))


def steps(window: MainWindow) -> list[str]:
    widget = named(window, "onboarding.steps")
    assert isinstance(widget, QListWidget)
    return [widget.item(i).text()[0] for i in range(widget.count())]


def test_pick_a_line_run_every_step_and_read_the_checklist(
    qtbot: QtBot,
    sandbox_window: MainWindow,
    tls_sandbox: RunningSandbox,
    kit: WindowKit,
    tmp_path: Path,
) -> None:
    open_onboarding(qtbot, sandbox_window, tls_sandbox.url)
    pick_line(qtbot, sandbox_window, "2")
    set_flag(qtbot, sandbox_window, "ONBOARDING.TEST_MESSAGE", True)

    status = run_steps(qtbot, sandbox_window)

    assert status.startswith("✓ Onboarded"), status
    assert steps(sandbox_window) == ["✓"] * 8
    assert "✓ Ready" in checklist(sandbox_window) and "✗" not in checklist(sandbox_window)
    assert tls_sandbox.portal.binding("acme_chat", 2).active
    assert tls_sandbox.portal.bound_events == [("ONIMCONNECTORMESSAGEADD", HANDLER)]
    # The plan is part of the profile: saved with it, never sent with register.
    kit.dialogs.save_paths.append(str(tmp_path / "acme.json"))
    sandbox_window.window_actions.save_as.trigger()
    saved = json.loads((tmp_path / "acme.json").read_text())
    assert saved["ONBOARDING"]["LINE"] == "2"
    assert saved["ONBOARDING"]["EVENTS"] == {"OnImConnectorMessageAdd": HANDLER}
    (sent,) = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert "ONBOARDING" not in sent.params


def test_a_step_that_fails_is_shown_beside_its_field_and_stops_the_rest(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    open_onboarding(qtbot, sandbox_window, tls_sandbox.url)
    type_into(qtbot, sandbox_window, "ONBOARDING.LINE", "99")

    status = run_steps(qtbot, sandbox_window)

    assert "Stopped at “Find the Open Line”" in status
    assert steps(sandbox_window) == ["✓", "✓", "✗"]
    message = sandbox_window.widgets.onboarding.message_text("ONBOARDING.LINE")
    assert "no Open Line '99'" in message
    assert tls_sandbox.portal.received.rest_calls("imconnector.activate") == []


def test_teardown_asks_first_then_undoes_everything(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox, kit: WindowKit
) -> None:
    open_onboarding(qtbot, sandbox_window, tls_sandbox.url)
    pick_line(qtbot, sandbox_window, "1")
    assert run_steps(qtbot, sandbox_window).startswith("✓")

    kit.dialogs.confirms.append(False)
    click(qtbot, sandbox_window, "onboarding.teardown")
    assert "acme_chat" in tls_sandbox.portal.connectors  # "No" changes nothing
    kit.dialogs.confirms.append(True)
    click(qtbot, sandbox_window, "onboarding.teardown")
    qtbot.waitUntil(lambda: status_text(sandbox_window).startswith("Torn down"), timeout=10000)

    assert "acme_chat" not in tls_sandbox.portal.connectors
    assert tls_sandbox.portal.bound_events == []
    assert kit.dialogs.asked.count("confirm:Tear down the connector") == 2


def test_the_local_sandbox_plays_an_operator_whose_reply_reaches_the_handler(
    qtbot: QtBot, open_window: Callable[..., MainWindow], event_receiver: EventReceiver
) -> None:
    window = open_window()
    window.window_actions.sandbox.trigger()
    qtbot.waitUntil(lambda: "sandbox runs at" in status_text(window), timeout=5000)
    sandbox = window.portal.sandbox
    assert sandbox is not None
    open_onboarding(qtbot, window, sandbox.url, handler=event_receiver.url)
    pick_line(qtbot, window, "1")
    set_flag(qtbot, window, "ONBOARDING.TEST_MESSAGE", True)
    assert run_steps(qtbot, window).startswith("✓ Onboarded")

    click(qtbot, window, "onboarding.operator_reply")
    qtbot.waitUntil(lambda: status_text(window).startswith("Operator reply"), timeout=10000)

    assert f"{event_receiver.url}: 200" in status_text(window)
    assert event_receiver.wait_for(1)
    assert event_receiver.posts[0].form()["event"] == "ONIMCONNECTORMESSAGEADD"


def test_switching_portals_shows_each_ones_token_and_checklist(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox, kit: WindowKit
) -> None:
    other = "https://client-two.bitrix24.example"
    store_token(kit, tls_sandbox)  # the sandbox's, again (already stored by the fixture)
    data = tls_sandbox.ready_token()
    kit.token_store().save(PortalAddress.parse(other), StoredToken.from_mapping(data))
    open_onboarding(qtbot, sandbox_window, tls_sandbox.url)
    pick_line(qtbot, sandbox_window, "1")
    assert run_steps(qtbot, sandbox_window).startswith("✓ Onboarded")
    panel = sandbox_window.portal_panel
    sandbox_window.portal.show_known_portals()

    assert sorted(panel.known.stringList()) == sorted([tls_sandbox.url, other])
    assert named(sandbox_window, "portal.choose").isEnabled()
    panel.address.completer().activated.emit(other)  # the user picks it from the list

    assert panel.text() == other
    qtbot.waitUntil(lambda: "stored" in named(sandbox_window, "portal.token").text())  # type: ignore[attr-defined]
    note = named(sandbox_window, "onboarding.checklist_note").text()  # type: ignore[attr-defined]
    assert note.startswith("Not checked yet on this portal")
    panel.address.completer().activated.emit(tls_sandbox.url)
    assert "✓ Ready" in checklist(sandbox_window)


def test_the_sandbox_rehearses_an_unfinished_installation(
    qtbot: QtBot, open_window: Callable[..., MainWindow], event_receiver: EventReceiver
) -> None:
    window = open_window()
    window.window_actions.sandbox.trigger()
    sandbox = window.portal.sandbox
    assert sandbox is not None
    open_onboarding(qtbot, window, sandbox.url, handler=event_receiver.url)
    pick_line(qtbot, window, "1")
    set_flag(qtbot, window, "ONBOARDING.TEST_MESSAGE", True)
    toggle = named(window, "onboarding.sandbox_installed")
    assert toggle.isVisible()
    set_flag(qtbot, window, "onboarding.sandbox_installed", False)

    status = run_steps(qtbot, window)

    assert status.startswith("✗"), status
    # preflight says so, the other steps run, and the status is not ready
    assert steps(window) == ["✗", "✓", "✓", "✓", "✓", "✓", "✗", "✓"]
    assert "✗ App installed" in checklist(window) and "✗ Ready" in checklist(window)
    assert "no event" in checklist(window)
    click(qtbot, window, "onboarding.operator_reply")
    qtbot.waitUntil(lambda: "nothing was delivered" in status_text(window), timeout=10000)
    assert event_receiver.posts == []


def test_cancel_stops_between_steps(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox
) -> None:
    open_onboarding(qtbot, sandbox_window, tls_sandbox.url)
    type_into(qtbot, sandbox_window, "ONBOARDING.LINE", "1")
    tls_sandbox.portal.script_next(Delay(0), Delay(1.5), target="rest")  # imconnector.list waits

    click(qtbot, sandbox_window, "onboard")
    qtbot.waitUntil(lambda: steps(sandbox_window) == ["✓"], timeout=10000)  # preflight done
    click(qtbot, sandbox_window, "onboarding.cancel")

    assert status_text(sandbox_window).startswith("Cancelled")
    assert named(sandbox_window, "onboard").isEnabled()
    qtbot.waitUntil(lambda: sandbox_window.network_runner.active_threads() == 0, timeout=10000)
    assert tls_sandbox.portal.received.rest_calls("imconnector.activate") == []
    assert tls_sandbox.portal.received.rest_calls("event.bind") == []
