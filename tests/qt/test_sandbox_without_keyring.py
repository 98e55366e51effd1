"""The window's sandbox rehearsal on a machine with no OS keyring (keyring's own ``fail`` backend,
which is what keyring picks where no Secret Service runs): its token lives in memory, the Token
line says so, and Register succeeds; a real portal still needs the keyring."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring.core
import pytest
from keyring.backends import fail
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from gui.qt import create_window
from gui.qt.main_window import MainWindow
from gui.qt.settings import SANDBOX_PORT, AppSettings
from tests.qt.conftest import ScriptedDialogs
from tests.qt.driving import named, status_text, type_into


@pytest.fixture
def keyringless_window(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MainWindow]:
    """``create_window()`` with its real token store, keyring having chosen ``fail.Keyring``."""
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail.Keyring())
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    window = create_window(AppSettings.default(), dialogs=ScriptedDialogs(confirms=[True]))
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def test_sandbox_registers_with_no_keyring(qtbot: QtBot, keyringless_window: MainWindow) -> None:
    window = keyringless_window
    token_line = named(window, "portal.token")
    qtbot.waitUntil(lambda: "keyring unavailable" in token_line.text(), timeout=3000)  # type: ignore[attr-defined]
    qtbot.mouseClick(named(window, "portal.sandbox"), Qt.MouseButton.LeftButton)
    assert "KEYRING" not in status_text(window)
    assert token_line.text() == "sandbox token, in memory — gone when the program closes"  # type: ignore[attr-defined]
    register = named(window, "register")
    qtbot.waitUntil(register.isEnabled, timeout=3000)
    qtbot.mouseClick(register, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Registered" in status_text(window), timeout=10000)
    assert window.portal.sandbox is not None
    assert "sandbox_demo" in window.portal.sandbox.portal.connectors


def test_a_real_portal_still_needs_the_keyring(
    qtbot: QtBot, keyringless_window: MainWindow
) -> None:
    window = keyringless_window
    qtbot.mouseClick(named(window, "portal.sandbox"), Qt.MouseButton.LeftButton)
    type_into(qtbot, window, "portal", "https://acme.bitrix24.com")
    token_line = named(window, "portal.token")
    qtbot.waitUntil(lambda: "KEYRING_MISSING" in token_line.text(), timeout=3000)  # type: ignore[attr-defined]
    assert "gnome-keyring" in token_line.toolTip()


def test_the_sandbox_comes_back_on_its_last_port(
    qtbot: QtBot, keyringless_window: MainWindow, tmp_path: Path
) -> None:
    """After a restart the address saved last time still points at a live sandbox."""
    window = keyringless_window
    qtbot.mouseClick(named(window, "portal.sandbox"), Qt.MouseButton.LeftButton)
    first = named(window, "portal").text()  # type: ignore[attr-defined]
    window.close()
    assert AppSettings.default().get(SANDBOX_PORT) == int(first.rsplit(":", 1)[1])
    again = create_window(AppSettings.default(), dialogs=ScriptedDialogs())
    qtbot.addWidget(again)
    try:
        again.show()
        qtbot.mouseClick(named(again, "portal.sandbox"), Qt.MouseButton.LeftButton)
        assert named(again, "portal").text() == first  # type: ignore[attr-defined]
    finally:
        again.close()
