"""The portal panel: the token summary, log in (pasted code), forget, the local sandbox."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.portal.address import PortalAddress
from gui.qt import create_window
from gui.qt.main_window import MainWindow
from gui.qt.settings import CA_BUNDLE, OAUTH_SERVER, AppSettings
from tests.fixtures_sandbox import RunningSandbox
from tests.qt.conftest import WindowKit
from tests.qt.driving import fill_every_field, named, status_text, type_into


def test_token_summary_and_forget(
    qtbot: QtBot, sandbox_window: MainWindow, tls_sandbox: RunningSandbox, kit: WindowKit
) -> None:
    type_into(qtbot, sandbox_window, "portal", tls_sandbox.url)
    token_label = named(sandbox_window, "portal.token")
    qtbot.waitUntil(lambda: "OS keyring" in token_label.text(), timeout=3000)  # type: ignore[attr-defined]
    assert "imopenlines" in named(sandbox_window, "portal.scopes").text()  # type: ignore[attr-defined]
    assert "in " in named(sandbox_window, "portal.expires").text()  # type: ignore[attr-defined]
    kit.dialogs.confirms += [False, True]
    qtbot.mouseClick(named(sandbox_window, "portal.forget"), Qt.MouseButton.LeftButton)
    assert kit.dialogs.asked == ["confirm:Forget the token"]
    assert kit.token_store().load(PortalAddress.parse(tls_sandbox.url)) is not None  # said No
    qtbot.mouseClick(named(sandbox_window, "portal.forget"), Qt.MouseButton.LeftButton)
    assert kit.token_store().load(PortalAddress.parse(tls_sandbox.url)) is None
    assert "none stored" in token_label.text()  # type: ignore[attr-defined]


def test_log_in_with_a_pasted_code_stores_the_token(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    kit: WindowKit,
    tls_sandbox: RunningSandbox,
) -> None:
    settings = kit.settings()
    settings.set(CA_BUNDLE, str(tls_sandbox.ca_bundle))
    settings.set(OAUTH_SERVER, tls_sandbox.oauth_server)
    settings.sync()
    opened: list[str] = []
    window = open_window(open_url=lambda url: opened.append(url) or True)
    type_into(qtbot, window, "portal", tls_sandbox.url)
    qtbot.mouseClick(named(window, "portal.login"), Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "login_dialog")
    assert dialog is not None
    type_into(qtbot, dialog, "login.client_id", tls_sandbox.app.client_id)
    type_into(qtbot, dialog, "login.client_secret", tls_sandbox.app.client_secret)
    qtbot.mouseClick(named(dialog, "login.start"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened), timeout=5000)
    assert "/oauth/authorize/" in opened[0] and "client_secret" not in opened[0]
    assert named(dialog, "login.authorize_url").text() == opened[0]  # type: ignore[attr-defined]
    code = tls_sandbox.portal.issue_code(tls_sandbox.app)
    pasted = named(dialog, "login.pasted")
    assert isinstance(pasted, QLineEdit)
    with qtbot.waitSignal(dialog.finished, timeout=10000):
        pasted.setText(code)
        qtbot.mouseClick(named(dialog, "login.use_pasted"), Qt.MouseButton.LeftButton)
    token = kit.token_store().load(PortalAddress.parse(tls_sandbox.url))
    assert token is not None and token.client_id == tls_sandbox.app.client_id
    assert "Logged in" in status_text(window)
    [exchange] = [r for r in tls_sandbox.portal.received if r.kind == "oauth_token"]
    assert exchange.params["grant_type"] == "authorization_code"


def test_local_sandbox_registers_end_to_end_in_a_few_clicks(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    qtbot.mouseClick(named(window, "portal.sandbox"), Qt.MouseButton.LeftButton)
    url = named(window, "portal").text()  # type: ignore[attr-defined]
    assert url.startswith("http://127.0.0.1:")
    assert "sandbox" in status_text(window)
    register = named(window, "register")
    qtbot.waitUntil(register.isEnabled, timeout=3000)
    qtbot.mouseClick(register, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Registered" in status_text(window), timeout=10000)
    window.close()  # stops the sandbox (the thread guard checks its threads are gone)


@pytest.mark.keyring
def test_create_window_uses_the_real_keyring(
    qtbot: QtBot,
    tls_sandbox: RunningSandbox,
    secret_service_keyring: object,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The public entry point, wired with the real Secret Service: register end to end."""
    del secret_service_keyring  # ensures a usable Secret Service and cleans our entries
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # the draft (gui.core.paths)
    settings = AppSettings.default()
    settings.set(CA_BUNDLE, str(tls_sandbox.ca_bundle))
    settings.set(OAUTH_SERVER, tls_sandbox.oauth_server)
    settings.sync()
    address = PortalAddress.parse(tls_sandbox.url)
    TokenStore().save(address, StoredToken.from_mapping(tls_sandbox.ready_token()))
    window = create_window()
    qtbot.addWidget(window)
    try:
        window.show()
        qtbot.waitExposed(window)
        fill_every_field(qtbot, window, tls_sandbox.url)
        draft = tmp_path / "data" / "b24-connector-configurator" / "draft.json"
        qtbot.waitUntil(draft.is_file, timeout=5000)  # autosaved where gui.core.paths says
        qtbot.mouseClick(named(window, "register"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Registered" in status_text(window), timeout=15000)
        assert "acme_chat" in tls_sandbox.portal.connectors
    finally:
        window.close()


def test_closing_during_a_login_stops_its_listener(
    qtbot: QtBot, open_window: Callable[..., MainWindow], tls_sandbox: RunningSandbox
) -> None:
    window = open_window(open_url=lambda url: True)
    type_into(qtbot, window, "portal", tls_sandbox.url)
    qtbot.mouseClick(named(window, "portal.login"), Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "login_dialog")
    assert dialog is not None
    type_into(qtbot, dialog, "login.client_id", "app.client")
    type_into(qtbot, dialog, "login.client_secret", "secret-value")
    qtbot.mouseClick(named(dialog, "login.start"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.network_runner.busy, timeout=3000)
    window.close()  # the thread guard then checks the listener and the wait are gone
    assert not window.isVisible()
