"""Files and state: save / open / recent files, unsaved-changes prompts, the draft, settings."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from gui.qt.dialogs import UnsavedChoice
from gui.qt.main_window import MainWindow
from gui.qt.settings import LAST_PORTAL, RECENT_FILES
from tests.qt.conftest import WindowKit
from tests.qt.driving import named, status_text, type_into


def test_save_writes_the_profile_and_open_reads_it_back(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit, tmp_path: Path
) -> None:
    window = open_window()
    type_into(qtbot, window, "ID", "acme_chat")
    type_into(qtbot, window, "NAME", "Acme")
    assert window.isWindowModified()
    target = tmp_path / "acme.json"
    kit.dialogs.save_paths.append(str(target))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    profile = json.loads(target.read_text())
    assert profile["ID"] == "acme_chat" and profile["NAME"] == "Acme"
    assert "AUTH" not in profile and "auth" not in profile
    assert profile["CHAT_GROUP"] is False
    assert not window.isWindowModified()
    assert "acme.json" in window.windowTitle()

    profile["NAME"] = "Changed on disk"
    profile["X_VENDOR_KEY"] = {"kept": True}
    target.write_text(json.dumps(profile))
    type_into(qtbot, window, "NAME", "Unsaved edit")
    kit.dialogs.unsaved.append(UnsavedChoice.DISCARD)
    kit.dialogs.open_paths.append(str(target))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert kit.dialogs.asked == ["save", "unsaved:acme.json", "open"]
    assert named(window, "NAME").text() == "Changed on disk"  # type: ignore[attr-defined]
    assert kit.settings().get(RECENT_FILES)[0] == str(target.resolve())

    kit.dialogs.save_paths.append(str(tmp_path / "copy.json"))
    window.window_actions.save_as.trigger()
    copy = json.loads((tmp_path / "copy.json").read_text())
    assert copy["X_VENDOR_KEY"] == {"kept": True}  # unknown keys survive exactly as read


def test_cancel_in_the_unsaved_prompt_keeps_the_form(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    window = open_window()
    type_into(qtbot, window, "NAME", "Keep me")
    kit.dialogs.unsaved.append(UnsavedChoice.CANCEL)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert named(window, "NAME").text() == "Keep me"  # type: ignore[attr-defined]
    kit.dialogs.unsaved.append(UnsavedChoice.DISCARD)
    window.window_actions.new.trigger()
    assert named(window, "NAME").text() == ""  # type: ignore[attr-defined]


def test_an_unreadable_profile_is_reported_not_raised(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit, tmp_path: Path
) -> None:
    window = open_window()
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    kit.dialogs.open_paths.append(str(bad))
    window.window_actions.open.trigger()
    assert "not valid JSON" in status_text(window)


def test_the_draft_survives_a_kill_and_is_restored(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    first = open_window()
    type_into(qtbot, first, "ID", "draft_me")
    type_into(qtbot, first, "portal", "https://acme.bitrix24.com")
    draft = kit.draft_store().path
    qtbot.waitUntil(lambda: draft.exists() and "draft_me" in draft.read_text(), timeout=5000)
    assert "access_token" not in draft.read_text()
    # A kill: the first window never closes, a new process (window) starts with the same state.
    second = open_window()
    assert named(second, "ID").text() == "draft_me"  # type: ignore[attr-defined]
    assert named(second, "portal").text() == "https://acme.bitrix24.com"  # type: ignore[attr-defined]
    assert "Restored" in status_text(second)
    second.close()
    assert not draft.exists()  # a clean close leaves no draft behind
    first.close()


def test_geometry_and_last_portal_are_remembered(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    first = open_window()
    first.resize(700, 500)
    size = (first.width(), first.height())
    type_into(qtbot, first, "portal", "https://remembered.bitrix24.com")
    first.close()
    assert kit.settings().get(LAST_PORTAL) == "https://remembered.bitrix24.com"
    second = open_window()
    assert named(second, "portal").text() == "https://remembered.bitrix24.com"  # type: ignore[attr-defined]
    assert (second.width(), second.height()) == size


def test_quit_asks_about_unsaved_changes(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    window = open_window()
    type_into(qtbot, window, "NAME", "Not saved yet")
    kit.dialogs.unsaved.append(UnsavedChoice.CANCEL)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert window.isVisible()
    assert kit.dialogs.asked == ["unsaved:Untitled"]
    kit.dialogs.unsaved.append(UnsavedChoice.DISCARD)
    window.window_actions.quit.trigger()
    assert not window.isVisible()


def test_opening_a_pipe_or_a_device_is_reported_at_once(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit, tmp_path: Path
) -> None:
    window = open_window()
    type_into(qtbot, window, "NAME", "Keep me")
    fifo = tmp_path / "profile.json"
    os.mkfifo(fifo)
    for path, kind in ((fifo, "a pipe (FIFO)"), (Path("/dev/zero"), "a device")):
        kit.dialogs.unsaved.append(UnsavedChoice.DISCARD)
        kit.dialogs.open_paths.append(str(path))
        window.window_actions.open.trigger()  # used to block forever on the FIFO
        assert f"{path} is {kind}, not a profile" in status_text(window)
        assert named(window, "NAME").text() == "Keep me"  # type: ignore[attr-defined]
