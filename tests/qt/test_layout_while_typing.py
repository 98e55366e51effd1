"""Typing never moves the other fields: a hint under the field being typed in appears, changes
and vanishes in room the field holds while it has the focus (clicks land where the user aims)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from gui.qt.main_window import MainWindow
from tests.qt.driving import fill_every_field, named, status_text

OTHERS = ("NAME", "PLACEMENT_HANDLER", "COMMENT", "ICON.COLOR", "ICON_DISABLED.SIZE", "CHAT_GROUP")


def _places(window: MainWindow, paths: tuple[str, ...]) -> dict[str, QPoint]:
    QApplication.processEvents()  # the layout settles as the user would see it
    return {path: named(window, path).mapTo(window, QPoint(0, 0)) for path in paths}


def _type_and_watch(
    qtbot: QtBot, window: MainWindow, path: str, keys: str, watched: tuple[str, ...]
) -> list[dict[str, QPoint]]:
    field: QWidget = named(window, path)
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    seen = []
    for key in keys:
        if key == "\b":
            qtbot.keyClick(field, Qt.Key.Key_Backspace)
        else:
            qtbot.keyClicks(field, key)
        seen.append(_places(window, watched))
    return seen


def test_typing_an_id_moves_no_other_field(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    named(window, "ID").setFocus()
    before = _places(window, OTHERS)
    # Hints come and go: empty (required), a dot (invalid), no vendor prefix, then valid.
    seen = _type_and_watch(qtbot, window, "ID", "acme.\b_chat\b\b\b\b\b\b\b\b\bacme_chat", OTHERS)
    assert named(window, "message.ID").text() == ""  # acme_chat: nothing more to say
    assert all(places == before for places in seen), [
        (step, path)
        for step, places in enumerate(seen)
        for path in OTHERS
        if places[path] != before[path]
    ]


def test_a_colour_hint_never_collapses_while_typing(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    """In the narrow icon column a colour's hint can run longer than the line it holds: it may
    push the rows below once, but they never jump back and forth while the user types (valid,
    invalid, valid again), and the other column and the fields above stay put."""
    window = open_window()
    still = ("ID", "ICON.DATA_IMAGE", "ICON_DISABLED.COLOR", "ICON_DISABLED.SIZE")
    below = ("ICON.SIZE", "ICON.POSITION")
    named(window, "ICON.COLOR").setFocus()
    before = _places(window, still + below)
    seen = _type_and_watch(qtbot, window, "ICON.COLOR", "#zz\b\b3bc8f5", still + below)
    assert all(places[path] == before[path] for places in seen for path in still)
    for path in below:
        heights = [places[path].y() for places in seen]
        assert heights == sorted(heights), (path, heights)  # only ever down, never back up
    named(window, "ID").setFocus()  # leaving the field gives the room back
    qtbot.waitUntil(lambda: _places(window, below) == {p: before[p] for p in below})


def test_no_token_under_the_address_is_one_whole_sentence_the_status_has_the_rest(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    fill_every_field(qtbot, window, "https://acme.bitrix24.com")
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    beside = named(window, "message.portal").text()  # type: ignore[attr-defined]
    assert beside == "No token is stored for acme.bitrix24.com."
    status = status_text(window)
    assert status.startswith("✗ No token is stored for acme.bitrix24.com. Log in first")
    assert "NO_TOKEN" in status and "NO_TOKEN" not in beside
    message = named(window, "message.portal")
    assert message.toolTip().startswith(beside) and "token set" in message.toolTip()
    assert message.height() >= message.sizeHint().height()  # shown whole, not clipped
