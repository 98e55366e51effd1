"""Register: when it may be pressed, sending it on the network runner, and showing its outcome.

The form is validated by the core on every change; its problems are shown beside their fields
and decide, with the portal's address, whether Register is enabled (its tooltip says why not).
A click reads the token on the GUI thread (keyring is never touched elsewhere) and hands the
application layer's ``register`` to the runner with immutable inputs; a refreshed pair is stored
through the window's token keeper on the GUI thread before the retry. The outcome names what was
*sent*: the form may change while the request runs. One request at a time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QProgressBar, QPushButton

from gui.core.application import Configurator
from gui.core.application.configurator import no_token_error
from gui.core.auth.tokens import TokenStore
from gui.core.i18n import N_, _
from gui.core.model.connector import Connector
from gui.core.portal.address import PortalAddress
from gui.qt.connector_form import ConnectorForm, FieldNote
from gui.qt.feedback import Feedback, Tone, fix_first
from gui.qt.field_row import MessageKind
from gui.qt.gui_thread_call import GuiThreadTokens
from gui.qt.portal_panel import PortalPanel
from gui.qt.task_runner import TaskRunner
from gui.qt.window_actions import WindowActions

NOT_SENT = N_("✗ Not sent: {field}: {message}")
"""Ctrl+Return (or Register) on a form that cannot be sent: the first reason, in the status."""
MORE_REASONS = N_("(and {count} more marked in the form)")


class RegisterPresenter(QObject):
    """Validates the form, enables Register, sends it, shows the outcome.

    Signals:
        busy_changed(bool busy): a registration started (True) or ended / was cancelled (False).
        sent(str portal_text): a registration was sent to the portal at ``portal_text``.
    """

    busy_changed = Signal(bool)
    sent = Signal(str)

    def __init__(
        self,
        form: ConnectorForm,
        panel: PortalPanel,
        buttons: tuple[QPushButton, QPushButton, QProgressBar],
        actions: WindowActions,
        runner: TaskRunner,
        tokens: GuiThreadTokens,
        token_store: Callable[[], TokenStore],
        configurator: Callable[[], Configurator],
        feedback: Feedback,
    ) -> None:
        super().__init__(form)
        self._form = form
        self._panel = panel
        self._register_button, self._cancel_button, self._busy_bar = buttons
        self._register_action, self._cancel_action = actions.register, actions.cancel
        self._runner = runner
        self._token_store = token_store
        self._configurator = configurator
        self._feedback = feedback
        self._started = False
        self._errors: list[tuple[str, str]] = []
        self._task_id: int | None = None
        self._refreshed = False
        self._sent: tuple[Connector, str] = (Connector(), "")
        for trigger in (self._register_button.clicked, self._register_action.triggered):
            trigger.connect(self.register)
        for trigger in (self._cancel_button.clicked, self._cancel_action.triggered):
            trigger.connect(self.cancel)
        tokens.saved.connect(self._on_tokens_saved)
        runner.succeeded.connect(self._on_runner_succeeded)
        runner.failed.connect(self._on_runner_failed)
        self._update_state()

    @property
    def busy(self) -> bool:
        return self._task_id is not None

    # ------------------------------------------------------------------ validation
    def start(self) -> None:
        """The form is filled: validate from now on."""
        self._started = True
        self.revalidate()

    def revalidate(self) -> Connector:
        """Check the form's connector (the core's rules), show the problems; returns it."""
        from gui.core.model.validation import Severity, validate_connector

        connector = self._form.connector()
        if not self._started:
            return connector
        notes: list[FieldNote] = []
        self._errors = []
        for problem in validate_connector(connector, check_render=False):
            if problem.is_onboarding:  # the Onboarding tab shows (and is blocked by) those
                continue
            kind = MessageKind.ERROR if problem.severity is Severity.ERROR else MessageKind.WARNING
            if kind is MessageKind.ERROR:
                self._errors.append((problem.field, problem.message))
                if self._form.is_untouched_and_empty(problem.field):
                    kind = MessageKind.NOTE  # not yet filled in is not yet a mistake: no red
            notes.append((problem.field, kind, problem.message))
        self._form.show_messages(notes)
        self._update_state()
        return connector

    def portal_changed(self) -> None:
        """The address was edited: mark it when it cannot be used, update Register."""
        if not self._started:
            return
        problem = self._panel.address_problem() if self._panel.text() else ""
        self._panel.show_message(MessageKind.ERROR if problem else None, problem)
        self._update_state()

    def blockers(self) -> list[str]:
        """Why the form cannot be sent now (empty when it can)."""
        return [
            _("{field}: {problem}").format(field=field, problem=message)
            for field, message in self._blocking_fields()
        ]

    def _blocking_fields(self) -> list[tuple[str, str]]:
        reasons = list(self._errors)
        if not self._started:
            reasons.append(("window", _("Starting…")))
        elif problem := self._panel.address_problem():
            reasons.append(("portal", problem))
        return reasons

    def _update_state(self) -> None:
        reasons = self.blockers()
        if self.busy:
            tip = _("A registration is running (Esc cancels it).")
        elif reasons:
            tip = fix_first(reasons)
        else:
            tip = _("Send imconnector.register to the portal (Ctrl+Return)")
        enabled = not self.busy and not reasons
        self._register_button.setEnabled(enabled)
        self._register_button.setToolTip(tip)
        # The shortcut stays live on an invalid form: pressing it says why nothing is sent.
        self._register_action.setEnabled(not self.busy and self._started)
        self._cancel_button.setEnabled(self.busy)
        self._cancel_action.setEnabled(self.busy)
        self._busy_bar.setVisible(self.busy)

    # ------------------------------------------------------------------ sending
    def register(self) -> None:
        """Send the form's connector to the portal (only when started, idle and valid)."""
        if self.busy or not self._started:
            return
        self._panel.flush()
        connector = self.revalidate()
        if reasons := self._blocking_fields():
            self._say_not_sent(reasons)
            return
        portal_text = self._panel.text()
        try:
            portal = PortalAddress.parse(portal_text)
            token = self._token_store().load(portal)  # GUI thread: keyring is only touched here
            if token is None:
                raise no_token_error(portal)
        except Exception as exc:
            self._feedback.error(exc)
            return
        configurator, profile = self._configurator(), connector.to_profile()
        self._refreshed = False
        self._sent = (connector, portal_text)
        self._task_id = self._runner.submit(
            lambda cancel: configurator.register(portal, profile, token=token, cancel=cancel)
        )
        self._set_busy(True)
        self.sent.emit(portal_text)
        self._feedback.say(
            _("Registering on {portal}…").format(portal=portal.host_key), Tone.INFO
        )

    def _say_not_sent(self, reasons: list[tuple[str, str]]) -> None:
        """The first reason beside its field (which gets the focus) and in the status line."""
        field, message = reasons[0]
        self._feedback.field_error(field, message)
        text = _(NOT_SENT).format(field=field, message=message)
        if len(reasons) > 1:
            text += " " + _(MORE_REASONS).format(count=len(reasons) - 1)
        self._feedback.say(text, Tone.ERROR)

    def cancel(self) -> None:
        """Stop waiting for the answer. The request may already have reached the portal."""
        if self._task_id is None:
            return
        self._runner.cancel(self._task_id)
        self._task_id = None
        self._set_busy(False)
        self._feedback.say(
            _(
                "Cancelled. The request may already have reached the portal; registering "
                "again is safe (the same ID updates the same connector)."
            ),
            Tone.INFO,
        )

    def _set_busy(self, busy: bool) -> None:
        self._update_state()
        self.busy_changed.emit(busy)

    def _take(self, task_id: int) -> bool:
        if task_id != self._task_id:
            return False
        self._task_id = None
        self._set_busy(False)
        return True

    # ------------------------------------------------------------------ the outcome
    def _on_tokens_saved(self, _portal: object) -> None:
        if self.busy:
            self._refreshed = True

    def _on_runner_succeeded(self, task_id: int, outcome: Any) -> None:
        if not self._take(task_id):
            return
        connector, portal_text = self._sent
        if outcome.ok:
            text = _(
                "✓ Registered “{name}” ({id}) on {portal}. Next: the Onboarding tab activates "
                "it on an Open Line and binds its events (Ctrl+Shift+Return)."
            ).format(name=connector.name, id=connector.id.strip().lower(), portal=portal_text)
            if self._refreshed:
                text += " " + _("The access token had expired; it was refreshed and stored.")
            self._feedback.say(text, Tone.SUCCESS)
            return
        explanation = outcome.explanation or _("The portal refused the registration.")
        message = _("{code}: {explanation}").format(
            code=outcome.error or "UNKNOWN", explanation=explanation
        )
        if outcome.description:
            message += " " + _("(The portal said: “{description}”.)").format(
                description=outcome.description
            )
        self._feedback.field_error(outcome.field, message)
        self._feedback.say(_("✗ Not registered. {reason}").format(reason=message), Tone.ERROR)

    def _on_runner_failed(self, task_id: int, error: object) -> None:
        if self._take(task_id):
            self._feedback.error(error)
