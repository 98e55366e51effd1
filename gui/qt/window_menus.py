"""The window's actions, their keyboard shortcuts, and the menu bar that holds them.

Every action is named ``action.<name>`` and added to the window, so its shortcut works wherever
the focus is. The window connects the actions; this module only makes and places them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow


def add_action(
    window: MainWindow,
    text: str,
    name: str,
    shortcut: QKeySequence | str | None = None,
    tip: str = "",
) -> QAction:
    """A window-wide action named ``action.<name>``."""
    action = QAction(text, window)
    action.setObjectName(f"action.{name}")
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    window.addAction(action)
    return action


def build_actions(window: MainWindow) -> None:
    """Create the window's ``act_*`` actions with their shortcuts."""
    std = QKeySequence.StandardKey
    window.act_new = add_action(window, "&New", "new", QKeySequence(std.New))
    window.act_open = add_action(window, "&Open…", "open", QKeySequence(std.Open))
    window.act_save = add_action(window, "&Save", "save", QKeySequence(std.Save))
    window.act_save_as = add_action(window, "Save &As…", "save_as", "Ctrl+Shift+S")
    window.act_quit = add_action(window, "&Quit", "quit", "Ctrl+Q")
    window.act_register = add_action(window, "&Register", "register", "Ctrl+Return")
    window.act_register.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    window.act_cancel = add_action(window, "&Cancel", "cancel", "Esc")
    window.act_cancel.setEnabled(False)
    window.act_curl = add_action(
        window, "Copy as &curl", "copy_curl", tip="The request for a shell"
    )
    window.act_php = add_action(
        window, "Copy as &PHP", "copy_php", tip="The request for CRest / PHP"
    )
    window.act_js = add_action(
        window, "Copy as &JS", "copy_js", tip="The request for BX24.callMethod"
    )
    window.act_login = add_action(window, "&Log in…", "login")
    window.act_forget = add_action(window, "&Forget token", "forget")
    window.act_sandbox = add_action(window, "Try it with the local &sandbox", "sandbox")


def build_menus(window: MainWindow, network_actions: list[QAction]) -> None:
    """File, Request, Portal (with ``network_actions``) and View; sets ``window.recent_menu``."""
    menu = window.menuBar()
    file_menu = menu.addMenu("&File")
    file_menu.addActions([window.act_new, window.act_open])
    window.recent_menu = file_menu.addMenu("Open &Recent")
    window.recent_menu.setObjectName("menu.recent")
    file_menu.addActions([window.act_save, window.act_save_as])
    file_menu.addSeparator()
    file_menu.addAction(window.act_quit)
    request_menu = menu.addMenu("&Request")
    request_menu.addActions([window.act_register, window.act_cancel])
    request_menu.addSeparator()
    request_menu.addActions([window.act_curl, window.act_php, window.act_js])
    portal_menu = menu.addMenu("&Portal")
    portal_menu.addActions([window.act_login, window.act_forget, window.act_sandbox])
    portal_menu.addSeparator()
    portal_menu.addActions(network_actions)
    view_menu = menu.addMenu("&View")
    view_menu.addAction(window.log_dock.toggleViewAction())


def fill_recent_menu(menu: QMenu, recent: list[str], on_triggered: Callable[[], None]) -> None:
    """One numbered entry per path (its ``data`` is the path); disabled when there is none."""
    menu.clear()
    for index, path in enumerate(recent, start=1):
        action = menu.addAction(f"&{index} {path}")
        action.setData(path)
        action.triggered.connect(on_triggered)
    menu.setEnabled(bool(recent))
