"""The Onboarding part of the window: what ``ONBOARDING`` asks for, the steps as they run, and
the connector's checklist on the portal (public widget names, README "Automating the window":
``ONBOARDING.LINE``, ``ONBOARDING.DATA.*``, ``ONBOARDING.EVENTS.HANDLER``, ``onboard``,
``onboarding.checklist``).

The panel only displays and reports what the user does; the presenter runs the steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.core.i18n import N_, _
from gui.core.model.onboarding_plan import CONNECTOR_EVENTS, MESSAGE_ADD_EVENT, OnboardingPlan
from gui.qt.field_row import (
    FieldMessage,
    MessageKind,
    WrappedLabel,
    describe,
    field_label,
    mark_editor,
    name_field,
)

# The texts below are translated where they are shown (the language is chosen at start).
STEP_TITLES = {
    "preflight": N_("Preflight: scopes and the app's installation"),
    "register": N_("Register the connector"),
    "line": N_("Find the Open Line"),
    "activate": N_("Activate on the line"),
    "data": N_("Set the connector data"),
    "events": N_("Bind the events"),
    "status": N_("Check the status"),
    "test_message": N_("Send a test message"),
}
CHECKLIST_TITLES = (
    ("registered", N_("Registered (in imconnector.list)")),
    ("active", N_("Active on the line")),
    ("configured", N_("Configured")),
    ("data_set", N_("Connector data set")),
    ("events_bound", N_("Events bound")),
    ("app_installed", N_("App installed (installation finished)")),
    ("ready", N_("Ready")),
)
DATA_LABELS = {
    "ID": N_("Channel ID:"),
    "URL": N_("Channel URL:"),
    "URL_IM": N_("Chat URL:"),
    "NAME": N_("Name:"),
}
DATA_HELP = {
    "ID": (
        "acme-42",
        N_("The channel's ID in your system (imconnector.connector.data.set DATA.ID)."),
    ),
    "URL": ("https://acme.example/channel", N_("A link to the channel, shown to operators.")),
    "URL_IM": ("https://acme.example/chat", N_("A link to the chat in your system.")),
    "NAME": ("Acme chat", N_("The channel's name, shown in the Open Line's settings.")),
}


def step_title(step: str) -> str:
    """A step's title in the user's language (the step's name when it has none)."""
    return _(STEP_TITLES[step]) if step in STEP_TITLES else step


class OnboardingPanel(QWidget):
    """The onboarding fields, the steps' progress and the checklist.

    Signals:
        plan_changed(): the user edited the plan.
        run_requested(), cancel_requested(), refresh_lines_requested(), recheck_requested(),
        teardown_requested(), unbind_stale_requested(), operator_reply_requested(): buttons.
    """

    plan_changed = Signal()
    run_requested = Signal()
    cancel_requested = Signal()
    refresh_lines_requested = Signal()
    recheck_requested = Signal()
    teardown_requested = Signal()
    unbind_stale_requested = Signal()
    operator_reply_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("onboarding")
        self._extra: Mapping[str, Any] = {}
        self._messages: dict[str, FieldMessage] = {}
        self._editors: dict[str, QWidget] = {}

        self.line = QComboBox()
        self.line.setEditable(True)
        self.line.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.line.lineEdit().setPlaceholderText(
            _("the line's ID — Refresh lists the portal's lines")
        )
        self.refresh_lines = self._button(_("Refresh"), "onboarding.refresh_lines")
        describe(self.refresh_lines, _("Read every Open Line of the portal (all pages)"))
        self.line_name = QLineEdit()
        self.line_name.setPlaceholderText(_("…or a line name (created only if you tick below)"))
        self.create_line = QCheckBox(_("Create the line named above if the portal has none"))
        name_field(self.create_line, "onboarding.create_line", self.create_line.text())
        self.data = {key: QLineEdit() for key in DATA_LABELS}
        for key, (example, tip) in DATA_HELP.items():
            self.data[key].setPlaceholderText(example)
            describe(
                self.data[key],
                _("{help} The whole DATA object is sent; the portal merges it.").format(
                    help=_(tip)
                ),
            )
        self.handler = QLineEdit()
        self.handler.setPlaceholderText("https://your-connector.example.com/b24/events")
        describe(
            self.handler,
            _(
                "Where the portal posts the events below (event.bind). Already bound here: "
                "nothing is sent; bound at another URL: reported as stale, with an offer to "
                "unbind."
            ),
        )
        self.events = {name: QCheckBox(name) for name in CONNECTOR_EVENTS}
        for name, box in self.events.items():
            name_field(box, f"ONBOARDING.EVENTS.{name}", name)
        self.events[MESSAGE_ADD_EVENT].setChecked(True)
        self.events[MESSAGE_ADD_EVENT].setEnabled(False)
        describe(
            self.events[MESSAGE_ADD_EVENT],
            _("Always bound: without it no operator reply ever reaches your channel"),
        )
        self.test_message = QCheckBox(_("Send a test message from a test visitor into the line"))
        name_field(self.test_message, "ONBOARDING.TEST_MESSAGE", self.test_message.text())

        plan_box = QGroupBox(_("What to set up on the portal (saved in the profile)"))
        form = QFormLayout(plan_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._row(form, _("Open Line:"), "ONBOARDING.LINE", self.line, self.refresh_lines)
        self._row(form, _("…or by name:"), "ONBOARDING.LINE_NAME", self.line_name)
        form.addRow("", self.create_line)
        for key, label in DATA_LABELS.items():
            self._row(form, _(label), f"ONBOARDING.DATA.{key}", self.data[key])
        self._row(form, _("Event handler:"), "ONBOARDING.EVENTS.HANDLER", self.handler)
        events = QWidget()
        events_layout = QGridLayout(events)
        events_layout.setContentsMargins(0, 0, 0, 0)
        for index, box in enumerate(self.events.values()):
            events_layout.addWidget(box, index // 2, index % 2)
        form.addRow(QLabel(_("Events:")), events)  # names a group: each box has its own name
        form.addRow("", self.test_message)

        self.run = self._button(_("Run every step"), "onboard")
        self.run.setToolTip(_("Register, then every step in order (Ctrl+Shift+Return)"))
        self.cancel = self._button(_("Cancel"), "onboarding.cancel")
        describe(self.cancel, _("Stop after the step that is running"))
        self.cancel.setEnabled(False)
        self.steps = QListWidget()
        name_field(self.steps, "onboarding.steps", _("Steps"))
        self.steps.setAccessibleDescription(_("The steps and how each went"))
        self.steps.setMinimumHeight(120)
        self.steps.setWordWrap(True)
        self.checklist = QListWidget()
        name_field(self.checklist, "onboarding.checklist", _("Status on the portal"))
        self.checklist.setAccessibleDescription(_("The connector's status on the portal"))
        self.checklist.setWordWrap(True)
        self.checklist_note = WrappedLabel(_("Not checked yet: run the steps or Re-check."))
        name_field(self.checklist_note, "onboarding.checklist_note")
        self.recheck = self._button(_("Re-check"), "onboarding.recheck")
        describe(self.recheck, _("Ask the portal for the connector's status on the line"))
        self.unbind_stale = self._button(_("Unbind stale handlers"), "onboarding.unbind_stale")
        self.unbind_stale.setVisible(False)
        self.teardown = self._button(_("Tear down…"), "onboarding.teardown")
        describe(self.teardown, _("Deactivate on the line, unbind the events, unregister"))
        self.operator_reply = self._button(
            _("Play an operator reply"), "onboarding.operator_reply"
        )
        describe(
            self.operator_reply,
            _(
                "The local sandbox plays an operator answering the test visitor: "
                "OnImConnectorMessageAdd is posted to your handler"
            ),
        )
        self.operator_reply.setVisible(False)
        self.sandbox_installed = QCheckBox(_("Sandbox: the app's installation is finished"))
        name_field(
            self.sandbox_installed, "onboarding.sandbox_installed", self.sandbox_installed.text()
        )
        describe(
            self.sandbox_installed,
            _(
                "Untick to rehearse the most common silent failure: app.info says INSTALLED "
                "false and the sandbox delivers no event to any handler"
            ),
        )
        self.sandbox_installed.setChecked(True)
        self.sandbox_installed.setVisible(False)

        run_row = QHBoxLayout()
        run_row.addWidget(self.run, 1)
        run_row.addWidget(self.cancel)
        steps_box = QGroupBox(_("Steps"))
        QVBoxLayout(steps_box).addWidget(self.steps)
        status_box = QGroupBox(_("Status on the portal"))
        status = QVBoxLayout(status_box)
        status.addWidget(self.checklist_note)
        status.addWidget(self.checklist)
        # Two rows of buttons: four in one row do not fit the half width in every language.
        buttons = QGridLayout()
        buttons.addWidget(self.recheck, 0, 0)
        buttons.addWidget(self.teardown, 0, 2)
        buttons.addWidget(self.unbind_stale, 1, 0)
        buttons.addWidget(self.operator_reply, 1, 2)
        buttons.setColumnStretch(1, 1)
        status.addLayout(buttons)
        status.addWidget(self.sandbox_installed)
        results = QHBoxLayout()
        results.addWidget(steps_box, 1)
        results.addWidget(status_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(plan_box)
        layout.addLayout(run_row)
        layout.addLayout(results, 1)

        for editor in (self.line_name, self.handler, *self.data.values()):
            editor.textEdited.connect(self._on_edited)
        self.line.editTextChanged.connect(self._on_edited)
        for box in (*self.events.values(), self.test_message):
            box.toggled.connect(self._on_edited)
        for button, signal in (
            (self.run, self.run_requested),
            (self.cancel, self.cancel_requested),
            (self.refresh_lines, self.refresh_lines_requested),
            (self.recheck, self.recheck_requested),
            (self.teardown, self.teardown_requested),
            (self.unbind_stale, self.unbind_stale_requested),
            (self.operator_reply, self.operator_reply_requested),
        ):
            button.clicked.connect(signal)

    def _button(self, text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        name_field(button, name, text)
        return button

    def _row(
        self, form: QFormLayout, label: str, path: str, editor: QWidget, *more: QWidget
    ) -> None:
        name_field(editor, path)
        visible = field_label(label, editor)
        if isinstance(editor, QComboBox):
            editor.lineEdit().setAccessibleName(editor.accessibleName())
        self._editors[path] = editor
        self._messages[path] = FieldMessage(path)
        self._messages[path].keep_space()  # typing never moves the rows below
        row: QWidget = editor
        if more:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            for widget in (editor, *more):
                line.addWidget(widget, 1 if widget is editor else 0)
        form.addRow(visible, row)
        form.addRow("", self._messages[path])

    # ------------------------------------------------------------------ the plan
    def plan(self) -> OnboardingPlan:
        """What the fields ask for."""
        handler = self.handler.text().strip()
        events = {name: handler for name, box in self.events.items() if box.isChecked()}
        return OnboardingPlan(
            line=self.line_id(),
            line_name=self.line_name.text().strip(),
            data={key: edit.text().strip() for key, edit in self.data.items()},
            events=events if handler else {},
            test_message=self.test_message.isChecked(),
            extra=self._extra,
        )

    def line_id(self) -> str:
        """The chosen line's ID (the combo shows ``ID — name``)."""
        return self.line.currentText().split("—", 1)[0].strip()

    def set_plan(self, plan: OnboardingPlan) -> None:
        """Show ``plan`` (a profile was opened); not an edit."""
        self.blockSignals(True)
        try:
            self._extra = plan.extra
            self.line.setEditText(plan.line)
            self.line_name.setText(plan.line_name)
            for key, edit in self.data.items():
                edit.setText(plan.data.get(key, ""))
            self.handler.setText(next(iter(plan.events.values()), ""))
            for name, box in self.events.items():
                box.setChecked(name == MESSAGE_ADD_EVENT or name in plan.events)
            self.test_message.setChecked(plan.test_message)
        finally:
            self.blockSignals(False)

    def set_lines(self, lines: list[tuple[str, str]]) -> None:
        """Offer the portal's lines (``(ID, name)``), keeping the chosen one."""
        chosen = self.line_id()
        self.line.blockSignals(True)
        self.line.clear()
        self.line.addItems([f"{line_id} — {name}" for line_id, name in lines])
        match = next((i for i, (line_id, _) in enumerate(lines) if line_id == chosen), -1)
        self.line.setCurrentIndex(match)
        self.line.setEditText(self.line.itemText(match) if match >= 0 else chosen)
        self.line.blockSignals(False)

    def _on_edited(self, *_args: object) -> None:
        self.plan_changed.emit()

    # ------------------------------------------------------------------ messages
    def owns(self, field: str) -> bool:
        """The ``ONBOARDING.*`` fields (:class:`~gui.qt.feedback.FieldOwner`)."""
        return field in self._messages

    def show_field_error(self, field: str, message: str) -> None:
        self.show_messages({field: message})
        self._editors[field].setFocus()

    def show_messages(self, messages: Mapping[str, str]) -> None:
        """Errors beside their fields; every other field's message is cleared."""
        for path, label in self._messages.items():
            text = messages.get(path, "")
            if text:
                label.show_message(MessageKind.ERROR, text)
            else:
                label.clear_message()
            mark_editor(self._editors[path], MessageKind.ERROR if text else None)

    def message_text(self, path: str) -> str:
        label = self._messages.get(path)
        return label.text() if label is not None and label.isVisible() else ""

    # ------------------------------------------------------------------ progress and status
    def set_busy(self, busy: bool) -> None:
        for widget in (self.run, self.recheck, self.teardown, self.refresh_lines):
            widget.setEnabled(not busy)
        self.cancel.setEnabled(busy)

    def clear_steps(self) -> None:
        self.steps.clear()

    def show_step(self, step: str, ok: bool | None, text: str = "") -> None:
        """A step's line: ``…`` running, ``✓`` done, ``✗`` failed (with the reason)."""
        mark = "…" if ok is None else ("✓" if ok else "✗")
        title = step_title(step)
        line = f"{mark} {title}" + (f" — {text}" if text else "")
        for row in range(self.steps.count()):
            item = self.steps.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == step:
                item.setText(line)
                return
        item = QListWidgetItem(line)
        item.setData(Qt.ItemDataRole.UserRole, step)
        self.steps.addItem(item)

    def show_checklist(
        self, items: Mapping[str, bool | None], reasons: list[str], note: str
    ) -> None:
        """One ✓/✗ line per item (``None``: not known), then each reason with its fix."""
        self.checklist.clear()
        for key, title in CHECKLIST_TITLES:
            value = items.get(key)
            mark = "?" if value is None else ("✓" if value else "✗")
            entry = QListWidgetItem(f"{mark} {_(title)}")
            entry.setData(Qt.ItemDataRole.UserRole, key)
            self.checklist.addItem(entry)
        for reason in reasons:
            self.checklist.addItem(QListWidgetItem(f"   • {reason}"))
        self.checklist_note.setText(note)

    def checklist_text(self) -> str:
        return "\n".join(self.checklist.item(i).text() for i in range(self.checklist.count()))
