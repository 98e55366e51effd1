"""The questions the window asks the user, behind one small class so tests can answer them.

Every modal question goes through :class:`Dialogs`; tests pass a subclass with canned answers
instead of clicking through real dialogs. Qt's own parts of these dialogs (standard buttons, the
file dialog) speak the window's language through Qt's translations (:mod:`gui.qt.language`).
"""

from __future__ import annotations

import gettext
from enum import Enum

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from gui.core.i18n import N_, _


def profile_filter() -> str:
    # Translators: a file dialog's filter; keep the patterns in parentheses and the ";;".
    return _("Connector profiles (*.json);;All files (*)")


RESTART_TITLE = N_("Language")
RESTART_TEXT = N_(
    "The new language takes effect when the program restarts. The form stays as it is, "
    "unsaved changes included."
)
RESTART_NOW = N_("Restart now")
RESTART_LATER = N_("Later")


class UnsavedChoice(Enum):
    """What to do with unsaved changes before they would be lost."""

    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class Dialogs:
    """Real dialogs (QMessageBox, QFileDialog)."""

    def ask_unsaved(self, parent: QWidget, name: str) -> UnsavedChoice:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Unsaved changes"))
        box.setText(_("Save the changes to {name}?").format(name=name))
        box.setInformativeText(_("Your changes will be lost if you don't save them."))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return UnsavedChoice.SAVE
        if answer == QMessageBox.StandardButton.Discard:
            return UnsavedChoice.DISCARD
        return UnsavedChoice.CANCEL

    def ask_restart(self, parent: QWidget, language: gettext.NullTranslations) -> bool:
        """Restart now (True) or later, asked in the newly chosen ``language``."""
        box = QMessageBox(parent)
        box.setObjectName("restart_question")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(language.gettext(RESTART_TITLE))
        box.setText(language.gettext(RESTART_TEXT))
        now = box.addButton(language.gettext(RESTART_NOW), QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton(language.gettext(RESTART_LATER), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(now)
        box.setEscapeButton(later)
        box.exec()
        return box.clickedButton() is now

    def open_path(self, parent: QWidget, directory: str) -> str:
        name, _filter = QFileDialog.getOpenFileName(
            parent, _("Open profile"), directory, profile_filter()
        )
        return name

    def save_path(self, parent: QWidget, suggested: str) -> str:
        name, _filter = QFileDialog.getSaveFileName(
            parent, _("Save profile as"), suggested, profile_filter()
        )
        if name and "." not in name.rsplit("/", 1)[-1]:
            name += ".json"
        return name

    def choose_ca_bundle(self, parent: QWidget, current: str) -> str | None:
        """A PEM file of the portal's certificate authority; "" resets; None keeps."""
        name, _filter = QFileDialog.getOpenFileName(
            parent,
            _("Certificate authority of an on-premise portal (PEM)"),
            current,
            # Translators: a file dialog's filter; keep the patterns in parentheses and the ";;".
            _("Certificates (*.pem *.crt *.cer);;All files (*)"),
        )
        return name or None

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        """Yes or no to something that cannot be undone (No is the default)."""
        answer = QMessageBox.question(
            parent, title, question, defaultButton=QMessageBox.StandardButton.No
        )
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, parent: QWidget, title: str, label: str, current: str) -> str | None:
        """A line of text, or None when cancelled."""
        text, ok = QInputDialog.getText(parent, title, label, text=current)
        return text.strip() if ok else None
