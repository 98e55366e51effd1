"""The window's actions, their keyboard shortcuts, and the menu bar that holds them.

Every action is named ``action.<name>`` and added to the window, so its shortcut works wherever
the focus is. This module only makes and places them (:class:`WindowActions`); the presenters
connect the ones they serve.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QWidget

from gui.core.i18n import _


def add_action(
    owner: QWidget, text: str, name: str, shortcut: QKeySequence | str | None = None, tip: str = ""
) -> QAction:
    """A window-wide action named ``action.<name>``."""
    action = QAction(text, owner)
    action.setObjectName(f"action.{name}")
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    owner.addAction(action)
    return action


@dataclass(frozen=True)
class WindowActions:
    """The window's actions (File, Request, Portal menus)."""

    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    quit: QAction
    register: QAction
    onboard: QAction
    cancel: QAction
    copy_curl: QAction
    copy_php: QAction
    copy_js: QAction
    login: QAction
    forget: QAction
    sandbox: QAction


def build_actions(owner: QWidget) -> WindowActions:
    """The window's actions with their shortcuts, added to ``owner``."""
    std = QKeySequence.StandardKey
    actions = WindowActions(
        new=add_action(owner, _("&New"), "new", QKeySequence(std.New)),
        open=add_action(owner, _("&Open…"), "open", QKeySequence(std.Open)),
        save=add_action(owner, _("&Save"), "save", QKeySequence(std.Save)),
        save_as=add_action(owner, _("Save &As…"), "save_as", "Ctrl+Shift+S"),
        quit=add_action(owner, _("&Quit"), "quit", "Ctrl+Q"),
        register=add_action(owner, _("&Register"), "register", "Ctrl+Return"),
        onboard=add_action(
            owner, _("Run every &onboarding step"), "onboard", "Ctrl+Shift+Return"
        ),
        cancel=add_action(owner, _("&Cancel"), "cancel", "Esc"),
        copy_curl=add_action(
            owner, _("Copy as &curl"), "copy_curl", tip=_("The request for a shell")
        ),
        copy_php=add_action(
            owner, _("Copy as &PHP"), "copy_php", tip=_("The request for CRest / PHP")
        ),
        copy_js=add_action(
            owner, _("Copy as &JS"), "copy_js", tip=_("The request for BX24.callMethod")
        ),
        login=add_action(owner, _("&Log in…"), "login"),
        forget=add_action(owner, _("&Forget token"), "forget"),
        sandbox=add_action(owner, _("Try it with the local &sandbox"), "sandbox"),
    )
    actions.register.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
    actions.cancel.setEnabled(False)
    return actions


@dataclass(frozen=True)
class WindowMenus:
    """The menus other parts fill: File ▸ Open Recent, and View (Language goes there)."""

    recent: QMenu
    view: QMenu


def build_menus(
    window: QMainWindow,
    actions: WindowActions,
    network_actions: Sequence[QAction],
    log_dock: QDockWidget,
) -> WindowMenus:
    """File, Request, Portal (with ``network_actions``) and View."""
    menu = window.menuBar()
    file_menu = menu.addMenu(_("&File"))
    file_menu.setObjectName("menu.file")
    file_menu.addActions([actions.new, actions.open])
    recent_menu = file_menu.addMenu(_("Open &Recent"))
    recent_menu.setObjectName("menu.recent")
    file_menu.addActions([actions.save, actions.save_as])
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)
    request_menu = menu.addMenu(_("&Request"))
    request_menu.setObjectName("menu.request")
    request_menu.addActions([actions.register, actions.onboard, actions.cancel])
    request_menu.addSeparator()
    request_menu.addActions([actions.copy_curl, actions.copy_php, actions.copy_js])
    portal_menu = menu.addMenu(_("&Portal"))
    portal_menu.setObjectName("menu.portal")
    portal_menu.addActions([actions.login, actions.forget, actions.sandbox])
    portal_menu.addSeparator()
    portal_menu.addActions(list(network_actions))
    view_menu = menu.addMenu(_("&View"))
    view_menu.setObjectName("menu.view")
    view_menu.addAction(log_dock.toggleViewAction())
    return WindowMenus(recent_menu, view_menu)


def fill_recent_menu(menu: QMenu, recent: list[str], on_triggered: Callable[[], None]) -> None:
    """One numbered entry per path (its ``data`` is the path); disabled when there is none."""
    menu.clear()
    for index, path in enumerate(recent, start=1):
        action = menu.addAction(f"&{index} {path}")
        action.setData(path)
        action.triggered.connect(on_triggered)
    menu.setEnabled(bool(recent))
