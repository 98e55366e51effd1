"""View → Language: "System default" and every language the program speaks, each named in itself.

The choice is stored in the window's settings and applied at the next start, before any widget
is built (:func:`gui.qt.language.apply_language`). Changing it asks — in the language just
chosen — whether to restart now; the window then restarts with its form kept (the draft).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from gui.core import i18n
from gui.core.i18n import _
from gui.qt.dialogs import Dialogs
from gui.qt.language import translation_for
from gui.qt.settings import LANGUAGE, AppSettings

SYSTEM_DEFAULT = ""


class LanguageMenu(QObject):
    """The Language submenu of ``menu``.

    Signals:
        restart_requested(): the user chose another language and "Restart now".
    """

    restart_requested = Signal()

    def __init__(
        self, menu: QMenu, settings: AppSettings, dialogs: Dialogs, window: QWidget
    ) -> None:
        super().__init__(window)
        self._settings = settings
        self._dialogs = dialogs
        self._window = window
        self.menu = menu.addMenu(_("&Language"))
        self.menu.setObjectName("menu.language")
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        stored = settings.get(LANGUAGE)
        choices = [(SYSTEM_DEFAULT, _("System default"))]
        # Each language is named in itself (a Russian speaker finds "Русский" in an English menu).
        choices += [(code, name) for code, name in i18n.LANGUAGES.items()]
        for code, text in choices:
            action = QAction(text, self.group)
            action.setObjectName(f"action.language.{code or 'system'}")
            action.setCheckable(True)
            action.setChecked(code == stored)
            action.setData(code)
            self.menu.addAction(action)
            if code == SYSTEM_DEFAULT:
                self.menu.addSeparator()
        self.group.triggered.connect(self._on_group_triggered)

    def action(self, code: str) -> QAction:
        """The entry of ``code`` (``""``: System default)."""
        for action in self.group.actions():
            if action.data() == code:
                return action
        raise KeyError(code)

    def _on_group_triggered(self, action: QAction) -> None:
        choice = str(action.data() or "")
        if choice == self._settings.get(LANGUAGE):
            return
        self._settings.set(LANGUAGE, choice)
        self._settings.sync()
        if i18n.choose_language(choice or None) == i18n.current_language():
            return  # the window already speaks it ("System default" = the language in use)
        if self._dialogs.ask_restart(self._window, translation_for(choice)):
            self.restart_requested.emit()
