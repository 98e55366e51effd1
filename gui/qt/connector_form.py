"""The form: a field for every ``imconnector.register`` parameter, and the message beside each.

Grouped the way an integrator thinks: the connector itself, its active and disabled icons, the
behaviour flags. The form only edits; it neither validates nor sends. It turns its fields into a
:class:`~gui.core.model.connector.Connector` (keeping keys it does not show, so a profile survives a
round trip) and shows whatever messages it is given beside the fields they name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from gui.core.i18n import _
from gui.core.model.connector import FLAG_DEFAULTS, ICON_KEYS, Connector, IconSpec
from gui.core.model.field_help import tooltip_html
from gui.qt.field_row import (
    FieldMessage,
    MessageKind,
    describe,
    field_label,
    mark_editor,
    name_field,
)
from gui.qt.flags_box import FlagsBox
from gui.qt.icon_editor import IconEditor

FieldNote = tuple[str, MessageKind, str]
"""(parameter path, kind, text): one message for one field."""


class ConnectorForm(QWidget):
    """Every parameter's input, named by its parameter path.

    Signals:
        edited(str path): the user changed the field at ``path``.
        changed(): the connector the form describes changed (an edit or :meth:`set_connector`).
        loaded(): a connector was put in the form (:meth:`set_connector`: opened, new, restored).
    """

    edited = Signal(str)
    changed = Signal()
    loaded = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._base = Connector()
        self._editors: dict[str, QWidget] = {}
        self._messages: dict[str, FieldMessage] = {}
        self._sticky: dict[str, tuple[MessageKind, str]] = {}
        self._shown: list[FieldNote] = []
        self._touched: set[str] = set()

        self.connector_id = QLineEdit()
        # Translators: a placeholder; "vendor_channel" is an example ID, keep it in Latin letters.
        self.connector_id.setPlaceholderText(_("vendor_channel (a-z, 0-9, _)"))
        self.connector_name = QLineEdit()
        self.connector_name.setPlaceholderText(_("The name operators see in Contact Center"))
        self.placement_handler = QLineEdit()
        self.placement_handler.setPlaceholderText("https://your-app.example.com/connector/settings")
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(_("Shown in the connector's settings slider (optional)"))
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(56)

        connector_box = QGroupBox(_("Connector"))
        form = QFormLayout(connector_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for path, label, widget in (
            ("ID", "ID:", self.connector_id),
            ("NAME", _("Name:"), self.connector_name),
            ("PLACEMENT_HANDLER", _("Settings page:"), self.placement_handler),
            ("COMMENT", _("Comment:"), self.comment),
        ):
            name_field(widget, path)
            describe(widget, tooltip_html(path))
            message = FieldMessage(path)
            # Their hints run to two lines at the usual width (no vendor prefix, not public...).
            message.keep_space(lines=1 if path == "COMMENT" else 2)
            form.addRow(field_label(label, widget), widget)
            form.addRow("", message)
            self._editors[path] = widget
            self._messages[path] = message
        self.connector_id.textChanged.connect(self._on_connector_id_text_changed)
        self.connector_name.textChanged.connect(self._on_connector_name_text_changed)
        self.placement_handler.textChanged.connect(self._on_placement_handler_text_changed)
        self.comment.textChanged.connect(self._on_comment_text_changed)

        self.icon_editor = IconEditor("ICON", _("Active icon"))
        self.disabled_icon_editor = IconEditor("ICON_DISABLED", _("Disabled icon"))
        self.flags_box = FlagsBox()
        for editor in (self.icon_editor, self.disabled_icon_editor):
            self._editors.update(editor.editors())
            self._messages.update(editor.messages())
            editor.edited.connect(self._on_icon_editor_edited)
            editor.message.connect(self._on_icon_editor_message)
        # Text the user types into: its hints hold their room, so typing never moves a field.
        # (The flags' messages come only with a loaded profile and take no room until then.)
        for message in (
            *self.icon_editor.messages().values(),
            *self.disabled_icon_editor.messages().values(),
        ):
            message.keep_space()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_application_focus_changed)
        self._editors.update(self.flags_box.editors())
        self._messages.update(self.flags_box.messages())
        self.flags_box.changed.connect(self._on_flags_box_changed)

        icons = QHBoxLayout()
        icons.addWidget(self.icon_editor)
        icons.addWidget(self.disabled_icon_editor)
        layout = QVBoxLayout(self)
        layout.addWidget(connector_box)
        layout.addLayout(icons)
        layout.addWidget(self.flags_box)
        layout.addStretch(1)

    # ------------------------------------------------------------------ model
    def connector(self) -> Connector:
        """The connector the fields describe (unknown keys of the loaded profile kept)."""
        base = self._base
        icon = self._icon(base.icon, self.icon_editor)
        icon_disabled = self._icon(base.icon_disabled, self.disabled_icon_editor)
        flags = {flag.lower(): value for flag, value in self.flags_box.flags().items()}
        return Connector(
            id=self.connector_id.text().strip(),
            name=self.connector_name.text().strip(),
            icon=icon,
            placement_handler=self.placement_handler.text().strip(),
            icon_disabled=icon_disabled,
            comment=self.comment.toPlainText(),
            extra=base.extra,
            **flags,
        )

    @staticmethod
    def _icon(base: IconSpec, editor: IconEditor) -> IconSpec:
        values = editor.values()
        return IconSpec(
            data_image=values["DATA_IMAGE"],
            color=values["COLOR"],
            size=values["SIZE"],
            position=values["POSITION"],
            extra=base.extra,
        )

    def set_connector(self, connector: Connector) -> None:
        """Show ``connector`` in the fields; messages from the previous one are cleared."""
        self._base = connector
        self._sticky.clear()
        self._touched.clear()
        line_edits = {
            self.connector_id: connector.id,
            self.connector_name: connector.name,
            self.placement_handler: connector.placement_handler,
        }
        for widget, value in line_edits.items():
            widget.blockSignals(True)
            widget.setText(value)
            widget.setCursorPosition(0)
            widget.blockSignals(False)
        self.comment.blockSignals(True)
        self.comment.setPlainText(connector.comment)
        self.comment.blockSignals(False)
        for editor, icon in (
            (self.icon_editor, connector.icon),
            (self.disabled_icon_editor, connector.icon_disabled),
        ):
            editor.set_values({key: icon.get(key) for key in ICON_KEYS})
        self.flags_box.blockSignals(True)
        self.flags_box.set_flags({flag: connector.flag(flag) for flag in FLAG_DEFAULTS})
        self.flags_box.blockSignals(False)
        self.loaded.emit()
        self.changed.emit()

    def set_onboarding(self, plan: Mapping[str, Any]) -> None:
        """Set the profile's ``ONBOARDING`` object (the Onboarding panel); empty removes it."""
        extra = {key: value for key, value in self._base.extra.items() if key != "ONBOARDING"}
        if plan:
            extra["ONBOARDING"] = dict(plan)
        self._base = replace(self._base, extra=extra)
        self.changed.emit()

    # ------------------------------------------------------------------ messages
    def editor(self, path: str) -> QWidget:
        """The input widget of parameter ``path`` (KeyError for an unknown path)."""
        return self._editors[path]

    def paths(self) -> tuple[str, ...]:
        return tuple(self._editors)

    def owns(self, field: str) -> bool:
        """True for a parameter path this form edits (:class:`~gui.qt.feedback.FieldOwner`)."""
        return field in self._editors

    def show_field_error(self, field: str, message: str) -> None:
        """An error beside ``field`` until the user edits it; the field gets the focus."""
        self.set_sticky_message(field, MessageKind.ERROR, message)
        self._editors[field].setFocus()

    def set_sticky_message(self, path: str, kind: MessageKind, text: str) -> None:
        """A message that stays until the user edits that field (load notes, portal errors)."""
        if path not in self._messages:
            return
        if text:
            self._sticky[path] = (kind, text)
        else:
            self._sticky.pop(path, None)
        self.show_messages(self._shown)

    def show_messages(self, notes: Iterable[FieldNote]) -> None:
        """Show ``notes`` beside their fields (the worst per field wins) plus sticky ones."""
        self._shown = list(notes)
        rank = {MessageKind.ERROR: 0, MessageKind.WARNING: 1, MessageKind.NOTE: 2}
        best: dict[str, tuple[MessageKind, list[str]]] = {}
        merged = [*self._shown, *((p, k, t) for p, (k, t) in self._sticky.items())]
        for path, kind, text in merged:
            if path not in self._messages:
                continue
            current = best.get(path)
            if current is None or rank[kind] < rank[current[0]]:
                best[path] = (kind, [text])
            elif kind == current[0] and text not in current[1]:
                current[1].append(text)
        focused = QApplication.focusWidget()
        for path, label in self._messages.items():
            found = best.get(path)
            editor = self._editors[path]
            if not _within(focused, editor):
                label.release_space()  # only the field being typed in holds its message's room
            if found is None:
                label.clear_message()
                mark_editor(editor, None)
            else:
                label.show_message(found[0], "\n".join(found[1]))
                mark_editor(editor, found[0] if found[0] is not MessageKind.NOTE else None)

    def message_text(self, path: str) -> str:
        """The message shown beside ``path`` (empty when none)."""
        label = self._messages.get(path)
        return label.text() if label is not None and label.isVisible() else ""

    # ------------------------------------------------------------------ slots
    def _on_application_focus_changed(self, old: QWidget | None, _new: QWidget | None) -> None:
        """The field left: its message shrinks to what it says now (its room was held while
        the user typed there)."""
        for path, editor in self._editors.items():
            if _within(old, editor) and path in self._messages:
                self._messages[path].release_space()

    def is_untouched_and_empty(self, path: str) -> bool:
        """True for a field the user has not edited since the profile was loaded, still empty."""
        if path in self._touched or path not in self._editors:
            return False
        return not str(self.connector().value_at(path)).strip()

    def _field_edited(self, path: str) -> None:
        self._touched.add(path)
        self._sticky.pop(path, None)
        self.edited.emit(path)
        self.changed.emit()

    def _on_connector_id_text_changed(self, _text: str) -> None:
        self._field_edited("ID")

    def _on_connector_name_text_changed(self, _text: str) -> None:
        self._field_edited("NAME")

    def _on_placement_handler_text_changed(self, _text: str) -> None:
        self._field_edited("PLACEMENT_HANDLER")

    def _on_comment_text_changed(self) -> None:
        self._field_edited("COMMENT")

    def _on_icon_editor_edited(self, path: str) -> None:
        self._field_edited(path)

    def _on_icon_editor_message(self, path: str, kind: object, text: str) -> None:
        if isinstance(kind, MessageKind):
            self.set_sticky_message(path, kind, text)

    def _on_flags_box_changed(self) -> None:
        self._field_edited("flags")


def _within(widget: QWidget | None, editor: QWidget) -> bool:
    """True when ``widget`` is ``editor`` or inside it (an editable combo box's line edit)."""
    return widget is not None and (widget is editor or editor.isAncestorOf(widget))
