"""Screen readers and the keyboard: what Qt's accessibility tree says about the window, the
previews' text alternative, and a visible focus on everything Tab reaches."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface, QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QMenu,
    QWidget,
)
from pytestqt.qtbot import QtBot

from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import PROFILE_FIELDS
from gui.qt.field_row import plain_text, spoken
from gui.qt.main_window import MainWindow
from gui.qt.settings import LANGUAGE
from tests.qt.conftest import WindowKit

CURRENT_COLOR_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="8" fill="currentColor"/></svg>'
)


def _tree(interface: QAccessibleInterface) -> Iterator[QAccessibleInterface]:
    yield interface
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None and child.isValid():
            yield from _tree(child)


def _unnamed_focusable(window: QWidget) -> list[str]:
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None and root.isValid()
    found = []
    for interface in _tree(root):
        state = interface.state()
        if state.focusable and not state.invisible and not interface.text(QAccessible.Text.Name):
            owner = interface.object()
            name = owner.objectName() if owner is not None else "?"
            kind = type(owner).__name__ if owner is not None else "?"
            found.append(f"{interface.role()} {kind} {name!r}")
    return found


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_focusable_widget_has_a_name_in_the_accessibility_tree(
    qtbot: QtBot,
    open_window: Callable[..., MainWindow],
    kit: WindowKit,
    language: str,
) -> None:
    settings = kit.settings()
    settings.set(LANGUAGE, language)
    settings.sync()
    window = open_window()
    window.window_actions.sandbox.trigger()  # the sandbox's own controls appear too
    tabs = window.widgets.tabs
    unnamed: list[str] = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(20)
        unnamed += _unnamed_focusable(window)
    assert unnamed == [], "\n".join(unnamed)


def test_the_walk_finds_an_unnamed_input(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    assert _unnamed_focusable(window) == []
    window.form.icon_editor.swatch.setAccessibleName("")  # a button with no text and no label
    assert _unnamed_focusable(window) == ["Role.Button ColourSwatch 'ICON.COLOR.swatch'"]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_input_is_named_by_its_visible_label_and_described_by_its_help(
    open_window: Callable[..., MainWindow], kit: WindowKit, language: str
) -> None:
    settings = kit.settings()
    settings.set(LANGUAGE, language)
    settings.sync()
    window = open_window()
    labels = [label for label in window.findChildren(QLabel) if label.buddy() is not None]
    assert len(labels) >= 20
    for label in labels:
        buddy = label.buddy()
        assert buddy.accessibleName() == spoken(label.text()), buddy.objectName()
    labelled = {label.buddy().objectName() for label in labels}
    for path in (*PROFILE_FIELDS, "portal", "ONBOARDING.LINE", "ONBOARDING.EVENTS.HANDLER"):
        widget = window.findChild(QWidget, path)
        if isinstance(widget, QCheckBox):  # its own text is its label
            assert widget.accessibleName() == widget.text(), path
        else:
            assert path in labelled, f"{path} has no visible label"
    for path in PROFILE_FIELDS:
        editor = window.form.editor(path)
        assert editor.accessibleName(), path
        assert editor.accessibleDescription() == plain_text(editor.toolTip()), path
        assert editor.accessibleDescription(), path
        if isinstance(editor, QComboBox):
            assert editor.lineEdit().accessibleName() == editor.accessibleName()
    if language == "ru":
        assert window.form.connector_name.accessibleName() == "Название"
        assert window.form.placement_handler.accessibleName() == "Страница настроек"


def _alternative(window: MainWindow) -> str:
    return window.preview_active.text_alternative


def test_the_previews_say_what_they_show_and_follow_the_form(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    preview = window.preview_active
    qtbot.waitUntil(lambda: "round badge" in _alternative(window))
    assert _alternative(window) == "44 px round badge: white glyph on #90be00"
    assert preview.accessibleDescription() == _alternative(window)
    assert preview.large.accessibleName() == _alternative(window)

    window.form.icon_editor.colour.setText("#2fc6f6")
    qtbot.waitUntil(lambda: "#2fc6f6" in _alternative(window))
    assert _alternative(window) == "44 px round badge: white glyph on #2fc6f6"

    window.form.icon_editor.data_image.setText(encode_data_image(CURRENT_COLOR_SVG))
    qtbot.waitUntil(lambda: "black" in _alternative(window))
    assert _alternative(window) == "44 px round badge: black glyph on #2fc6f6"

    window.form.icon_editor.data_image.setText("")
    qtbot.waitUntil(lambda: "no glyph" in _alternative(window))
    assert _alternative(window) == "44 px round badge: #2fc6f6, no glyph"


def test_the_previews_text_alternative_is_in_the_users_language(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    settings = kit.settings()
    settings.set(LANGUAGE, "ru")
    settings.sync()
    window = open_window()
    window.form.icon_editor.colour.setText("#2fc6f6")
    qtbot.waitUntil(lambda: "#2fc6f6" in _alternative(window))
    assert _alternative(window) == "Круглый значок 44 пикс.: белый символ на фоне #2fc6f6"


def _menu_actions(window: MainWindow) -> set[str]:
    names: set[str] = set()
    menus = [action.menu() for action in window.menuBar().actions() if action.menu()]
    while menus:
        menu = menus.pop()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            names.add(action.objectName())
    return names


def test_every_action_is_in_a_menu_and_every_menu_has_its_own_mnemonic(
    open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    for language in ("en", "ru"):
        settings = kit.settings()
        settings.set(LANGUAGE, language)
        settings.sync()
        window = open_window()
        in_menus = _menu_actions(window)
        for action in window.actions():
            if action.objectName().startswith("action.") and action.text():
                assert action.objectName() in in_menus, action.objectName()
        titles = [action.text() for action in window.menuBar().actions()]
        keys = [title[title.index("&") + 1].lower() for title in titles if "&" in title]
        assert len(keys) == len(titles) and len(set(keys)) == len(keys), titles
        window.close()


def _focus_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits, in order, once around."""
    chain, widget = [], window.nextInFocusChain()
    while widget is not window and widget not in chain:
        if (
            widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def test_tab_reaches_every_control_and_shows_where_the_focus_is(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    window.window_actions.sandbox.trigger()
    qtbot.wait(50)
    chain = _focus_chain(window)
    names = {widget.objectName() for widget in chain}
    for expected in ("ID", "ICON.COLOR.swatch", "ICON.load", "flags.reset", "register"):
        assert expected in names
    unfocused = {widget.objectName(): widget.grab().toImage() for widget in chain}
    window.form.connector_id.setFocus(Qt.FocusReason.TabFocusReason)
    no_indicator = []
    for _ in range(len(chain)):
        focused = QApplication.focusWidget()
        qtbot.wait(10)
        image: QImage = focused.grab().toImage()
        name = focused.objectName()
        if name in unfocused and image == unfocused[name]:
            no_indicator.append(name)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert no_indicator == []


def test_the_login_dialog_names_its_inputs_too(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    settings = kit.settings()
    settings.set(LANGUAGE, "ru")
    settings.sync()
    window = open_window()
    window.portal_panel.set_text("https://acme.bitrix24.com")
    window.window_actions.login.trigger()
    dialog = window.findChild(QDialog, "login_dialog")
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert _unnamed_focusable(dialog) == []
    secret = dialog.findChild(QWidget, "login.client_secret")
    assert secret.accessibleName() == "client_secret"
    assert secret.accessibleDescription().startswith("Секрет приложения")
    dialog.reject()
