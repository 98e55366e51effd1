"""The behaviour flags: a check box per flag, its documented default, a tooltip explaining it."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QGroupBox, QPushButton, QWidget

from gui.core.i18n import N_, _
from gui.core.model.connector import FLAG_DEFAULTS
from gui.core.model.field_help import tooltip_html
from gui.qt.field_row import FieldMessage, describe, name_field

FLAG_LABELS: dict[str, str] = {
    "DEL_EXTERNAL_MESSAGES": N_("Clients' messages may be deleted"),
    "EDIT_INTERNAL_MESSAGES": N_("Operators' messages may be edited"),
    "DEL_INTERNAL_MESSAGES": N_("Operators' messages may be deleted"),
    "NEWSLETTER": N_("Usable in CRM mailings"),
    "NEED_SYSTEM_MESSAGES": N_("Send system messages to the channel"),
    "NEED_SIGNATURE": N_("Add the operator's signature"),
    "CHAT_GROUP": N_("Group chats (one dialog per external chat)"),
}
"""Each flag's check box text (translated where shown)."""


class FlagsBox(QGroupBox):
    """The seven behaviour flags of ``imconnector.register``.

    Signals:
        changed(): a flag was toggled by the user or by :meth:`set_flags`.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("Behaviour"), parent)
        layout = QGridLayout(self)
        layout.setVerticalSpacing(2)
        self._boxes: dict[str, QCheckBox] = {}
        self._messages: dict[str, FieldMessage] = {}
        for flag, default in FLAG_DEFAULTS.items():
            label = _(FLAG_LABELS[flag]) if flag in FLAG_LABELS else flag
            # The label alone: two columns of it fit 1280 px in every language (Russian's longest
            # with "(EDIT_INTERNAL_MESSAGES)" did not); the parameter's name leads its tooltip.
            box = QCheckBox(label)
            name_field(box, flag, label)
            help_text = tooltip_html(flag)
            default_text = _("Default: on.") if default else _("Default: off.")
            if default_text.rstrip(".") not in help_text:
                help_text += f"<p>{default_text}</p>"
            describe(box, help_text)
            box.setChecked(default)
            box.toggled.connect(self._on_box_toggled)
            message = FieldMessage(flag, self)
            index = len(self._boxes)
            row, column = 2 * (index // 2), index % 2
            layout.addWidget(box, row, column)
            layout.addWidget(message, row + 1, column)
            self._boxes[flag] = box
            self._messages[flag] = message
        reset = QPushButton(_("Reset to documented defaults"))
        name_field(reset, "flags.reset", reset.text())
        reset.clicked.connect(self._on_reset_clicked)
        layout.addWidget(reset, 2 * ((len(self._boxes) + 1) // 2), 0, 1, 2)

    def flags(self) -> dict[str, bool]:
        return {flag: box.isChecked() for flag, box in self._boxes.items()}

    def set_flags(self, values: dict[str, bool]) -> None:
        for flag, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(values.get(flag, FLAG_DEFAULTS[flag]))
            box.blockSignals(False)
        self.changed.emit()

    def editors(self) -> dict[str, QCheckBox]:
        return dict(self._boxes)

    def messages(self) -> dict[str, FieldMessage]:
        return dict(self._messages)

    def _on_box_toggled(self, _checked: bool) -> None:
        self.changed.emit()

    def _on_reset_clicked(self) -> None:
        self.set_flags(dict(FLAG_DEFAULTS))
