"""The questions the window asks the user, behind one small class so tests can answer them.

Every modal question goes through :class:`Dialogs`; tests pass a subclass with canned answers
instead of clicking through real dialogs.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

PROFILE_FILTER = "Connector profiles (*.json);;All files (*)"


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
        box.setWindowTitle("Unsaved changes")
        box.setText(f"Save the changes to {name}?")
        box.setInformativeText("Your changes will be lost if you don't save them.")
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

    def open_path(self, parent: QWidget, directory: str) -> str:
        name, _ = QFileDialog.getOpenFileName(parent, "Open profile", directory, PROFILE_FILTER)
        return name

    def save_path(self, parent: QWidget, suggested: str) -> str:
        name, _ = QFileDialog.getSaveFileName(parent, "Save profile as", suggested, PROFILE_FILTER)
        if name and "." not in name.rsplit("/", 1)[-1]:
            name += ".json"
        return name

    def choose_ca_bundle(self, parent: QWidget, current: str) -> str | None:
        """A PEM file of the portal's certificate authority; "" resets; None keeps."""
        name, _ = QFileDialog.getOpenFileName(
            parent,
            "Certificate authority of an on-premise portal (PEM)",
            current,
            "Certificates (*.pem *.crt *.cer);;All files (*)",
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
