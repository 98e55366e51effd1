"""Onboarding in the window: the plan in the profile, every step on the network runner with
progress per step and Cancel between steps, the checklist per portal, teardown, stale handlers,
and — with the local sandbox — an operator's reply delivered to the connector's handler.

Every network call goes through the application layer (:mod:`gui.core.application.onboarding`);
the token is read on the GUI thread before a task starts. Steps report back through a queued
signal as they finish, so the panel shows each one while the next runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from gui.core.application import Configurator, PortalSession
from gui.core.application.configurator import no_token_error
from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.errors import B24Error, InvalidInputError
from gui.core.i18n import _, ngettext
from gui.core.model.onboarding_plan import OnboardingPlan, plan_problems
from gui.core.portal.address import PortalAddress
from gui.qt.connector_form import ConnectorForm
from gui.qt.dialogs import Dialogs
from gui.qt.feedback import Feedback, Tone, fix_first
from gui.qt.onboarding_panel import OnboardingPanel, step_title
from gui.qt.portal_panel import PortalPanel
from gui.qt.task_runner import TaskRunner

if TYPE_CHECKING:  # the onboarding flow imports the REST client (requests): not at start-up
    from gui.core.application.onboarding import StepResult

TEST_CHAT = "b24cc-test-chat"
"""The external chat the test message opens (the operator's reply goes back to it)."""


class _Progress(QObject):
    """Carries a finished step from the network runner to the GUI thread.

    Signals:
        step_done(object result): a :class:`StepResult`.
    """

    step_done = Signal(object)


class OnboardingPresenter(QObject):
    """Drives the Onboarding panel.

    ``register_blockers()`` says why the form cannot be sent (the register presenter's reasons);
    ``sandbox()`` is the running local sandbox session, if any. Signals: none; outcomes go to
    the panel and ``feedback``.
    """

    def __init__(
        self,
        panel: OnboardingPanel,
        form: ConnectorForm,
        portal_panel: PortalPanel,
        runner: TaskRunner,
        token_store: Callable[[], TokenStore],
        configurator: Callable[[], Configurator],
        register_blockers: Callable[[], list[str]],
        sandbox: Callable[[], Any],
        dialogs: Dialogs,
        feedback: Feedback,
    ) -> None:
        super().__init__(panel)
        self._panel = panel
        self._form = form
        self._portal_panel = portal_panel
        self._runner = runner
        self._token_store = token_store
        self._configurator = configurator
        self._register_blockers = register_blockers
        self._sandbox = sandbox
        self._dialogs = dialogs
        self._feedback = feedback
        self._task: tuple[int, str] | None = None
        self._checklists: dict[str, tuple[dict[str, bool | None], list[str], str]] = {}
        self._stale: dict[str, list[tuple[str, str]]] = {}
        self._progress = _Progress(self)
        self._progress.step_done.connect(self._on_progress_step_done)
        panel.plan_changed.connect(self._on_panel_plan_changed)
        form.loaded.connect(self._on_form_loaded)
        for signal, slot in (
            (panel.run_requested, self.run),
            (panel.cancel_requested, self.cancel),
            (panel.refresh_lines_requested, self._on_refresh_lines),
            (panel.recheck_requested, self._on_recheck),
            (panel.teardown_requested, self._on_teardown),
            (panel.unbind_stale_requested, self._on_unbind_stale),
            (panel.operator_reply_requested, self._on_operator_reply),
        ):
            signal.connect(slot)
        panel.sandbox_installed.toggled.connect(self._on_sandbox_installed_toggled)
        runner.succeeded.connect(self._on_runner_succeeded)
        runner.failed.connect(self._on_runner_failed)

    @property
    def busy(self) -> bool:
        return self._task is not None

    # ------------------------------------------------------------------ the plan
    def _on_form_loaded(self) -> None:
        self._panel.set_plan(OnboardingPlan.from_profile(self._form.connector().to_profile()))
        self._show_plan_problems()

    def _on_panel_plan_changed(self) -> None:
        self._form.set_onboarding(self._panel.plan().to_json())
        self._show_plan_problems()

    def form_changed(self) -> None:
        """The form changed (Register's blockers may have too): refresh the Run button's tip."""
        self._show_plan_problems()

    def _plan_problems(self) -> dict[str, str]:
        plan = self._panel.plan().to_json()
        return {field: message for field, _code, message in plan_problems(plan)} if plan else {}

    def _show_plan_problems(self) -> None:
        problems = self._plan_problems()
        self._panel.show_messages(problems if self._panel.plan().to_json() else {})
        reasons = [*self._register_blockers(), *problems.values()]
        if not self._panel.plan().events:
            reasons.append(_("Enter your connector's event handler URL."))
        self._panel.run.setToolTip(
            fix_first(reasons)
            if reasons
            else _("Register, then every step in order (Ctrl+Shift+Return)")
        )

    def portal_changed(self) -> None:
        """The address changed: show that portal's checklist (or that it is not checked)."""
        key = self._host_key()
        remembered = self._checklists.get(key or "")
        if remembered is None:
            self._panel.show_checklist({}, [], _("Not checked yet on this portal: Re-check."))
        else:
            self._panel.show_checklist(*remembered)
        self._panel.unbind_stale.setVisible(bool(self._stale.get(key or "")))
        sandbox = self._sandbox()
        in_sandbox = sandbox is not None and key == sandbox.address.host_key
        self._panel.operator_reply.setVisible(in_sandbox)
        self._panel.sandbox_installed.setVisible(in_sandbox)
        if in_sandbox:
            self._panel.sandbox_installed.setChecked(sandbox.portal.is_installed())

    def _on_sandbox_installed_toggled(self, installed: bool) -> None:
        sandbox = self._sandbox()
        if sandbox is not None:
            sandbox.portal.set_installed(installed=installed)

    def _host_key(self) -> str | None:
        try:
            return PortalAddress.parse(self._portal_panel.text()).host_key
        except B24Error:
            return None

    # ------------------------------------------------------------------ starting tasks
    def _start(
        self, kind: str, work: Callable[[Configurator, PortalAddress, StoredToken, Any], Any]
    ) -> None:
        """Read the token (GUI thread) and run ``work`` on the network runner."""
        if self.busy:
            return
        try:
            portal = PortalAddress.parse(self._portal_panel.text())
            token = self._token_store().load(portal)
            if token is None:
                raise no_token_error(portal)
        except B24Error as exc:
            self._feedback.error(exc)
            return
        app = self._configurator()
        task_id = self._runner.submit(lambda cancel: work(app, portal, token, cancel))
        self._task = (task_id, kind)
        self._panel.set_busy(True)

    def _on_session(self, kind: str, action: Callable[[PortalSession], Any]) -> None:
        """Run ``action(session)`` on a session with the portal (token read on the GUI thread)."""
        from gui.core.application.onboarding import on_portal

        self._start(
            kind,
            lambda app, portal, token, cancel: on_portal(
                app, portal, action, token=token, cancel=cancel
            ),
        )

    def run(self) -> None:
        """Every step in order (Register's checks and the plan's first)."""
        reasons = [*self._register_blockers(), *self._plan_problems().values()]
        if reasons or not self._panel.plan().events:
            self._feedback.say(
                _("Fix the fields marked in red first (the Run button's tooltip says which)."),
                Tone.ERROR,
            )
            if self._plan_problems():
                self._panel.show_messages(self._plan_problems())
            elif not self._panel.plan().events:
                self._feedback.field_error(
                    "ONBOARDING.EVENTS.HANDLER", _("Enter your connector's event handler URL.")
                )
            return
        from gui.core.application.onboarding import onboard

        profile = self._form.connector().to_profile()
        create = self._panel.create_line.isChecked()
        self._panel.clear_steps()
        progress = self._progress.step_done.emit

        def work(app: Configurator, portal: PortalAddress, token: StoredToken, cancel: Any) -> Any:
            return onboard(
                app,
                portal,
                profile,
                create_line=create,
                token=token,
                cancel=cancel,
                on_step=progress,
            )

        self._start("run", work)
        if self.busy:
            self._feedback.say(_("Onboarding: running the steps…"), Tone.INFO)

    def cancel(self) -> None:
        """Stop after the running step (the step itself may already have reached the portal)."""
        if self._task is None:
            return
        self._runner.cancel(self._task[0])
        self._task = None
        self._panel.set_busy(False)
        self._feedback.say(
            _("Cancelled: the steps already done stay done; running again is safe."), Tone.INFO
        )

    def _on_refresh_lines(self) -> None:
        self._on_session("lines", lambda session: session.methods().list_lines())

    def _on_recheck(self) -> None:
        from gui.core.application.onboarding import check_session

        plan, connector_id = self._panel.plan(), self._connector_id()
        line = plan.line

        if not line:
            self._feedback.field_error("ONBOARDING.LINE", _("Choose the Open Line to check."))
            return
        self._on_session("check", lambda s: check_session(s, connector_id, line, plan.events))

    def _on_teardown(self) -> None:
        from gui.core.application.onboarding import teardown

        plan, connector_id = self._panel.plan(), self._connector_id()
        question = _(
            "Deactivate {connector} on line {line}, unbind its events and unregister it from "
            "this portal? Its chats stay, but no message reaches it any more."
        ).format(connector=connector_id, line=plan.line or "—")
        if not self._dialogs.confirm(self._panel, _("Tear down the connector"), question):
            return

        self._on_session("teardown", lambda s: teardown(s, connector_id, plan.line, plan.events))

    def _on_unbind_stale(self) -> None:
        stale = self._stale.get(self._host_key() or "", [])

        self._on_session("unbind", lambda s: [s.methods().unbind_event(e, h) for e, h in stale])

    def _on_operator_reply(self) -> None:
        sandbox, plan = self._sandbox(), self._panel.plan()
        if sandbox is None or self.busy:
            return
        connector_id, line = self._connector_id(), plan.line
        text = _("Hello from the operator (sandbox rehearsal)")

        def reply(_cancel: Any) -> Any:
            try:
                return sandbox.portal.operator_reply(connector_id, line, TEST_CHAT, text)
            except LookupError:
                raise InvalidInputError(
                    _(
                        "No visitor has written on this line yet: tick “Send a test message” "
                        "and run the steps, then the operator can answer the test visitor."
                    ),
                    code="NO_VISITOR_CHAT",
                    field="ONBOARDING.TEST_MESSAGE",
                ) from None

        task_id = self._runner.submit(reply)
        self._task = (task_id, "reply")
        self._panel.set_busy(True)

    def _connector_id(self) -> str:
        return self._form.connector().id.strip().lower()

    # ------------------------------------------------------------------ results
    def _on_progress_step_done(self, result: StepResult) -> None:
        if self._task is None or self._task[1] != "run":
            return
        self._panel.show_step(result.step, result.ok, result.description or result.error or "")

    def _take(self, task_id: int) -> str | None:
        if self._task is None or self._task[0] != task_id:
            return None
        kind = self._task[1]
        self._task = None
        self._panel.set_busy(False)
        return kind

    def _on_runner_succeeded(self, task_id: int, result: Any) -> None:
        kind = self._take(task_id)
        if kind == "run":
            self._show_report(result)
        elif kind == "lines":
            self._panel.set_lines([(line.id, line.name) for line in result])
            self._feedback.say(
                ngettext(
                    "The portal has {n} Open Line.", "The portal has {n} Open Lines.", len(result)
                ).format(n=len(result)),
                Tone.INFO,
            )
        elif kind == "check":
            self._show_checklist(result)
        elif kind in ("teardown", "unbind"):
            self._show_undo(kind, result)
        elif kind == "reply":
            self._show_reply(result)

    def _on_runner_failed(self, task_id: int, error: object) -> None:
        if self._take(task_id) is not None:
            self._feedback.error(error)

    def _show_report(self, report: Any) -> None:
        key = report.portal
        self._stale[key] = [
            (item["event"], item["handler"])
            for step in report.steps
            for item in step.detail.get("stale", [])
        ]
        self._panel.unbind_stale.setVisible(bool(self._stale[key]))
        if report.checklist is not None:
            self._show_checklist(report.checklist)
        failure = report.failure
        if failure is None:
            self._feedback.say(
                _("✓ Onboarded on {portal}: messages can flow both ways.").format(portal=key),
                Tone.SUCCESS,
            )
            return
        where = (
            _("✗ Stopped at “{step}”: {reason}")
            if failure is report.steps[-1]
            else _("✗ Problem in “{step}”: {reason}")
        )
        text = where.format(
            step=step_title(failure.step), reason=failure.description or failure.error
        )
        self._feedback.field_error(failure.field, failure.description or "")
        self._feedback.say(text, Tone.ERROR)
        if report.checklist is None:
            self._panel.checklist_note.setText(
                _("The steps stopped at “{step}”; see above.").format(step=step_title(failure.step))
            )

    def _show_checklist(self, checklist: Any) -> None:
        items: dict[str, bool | None] = {
            "registered": checklist.registered,
            "active": checklist.active,
            "configured": checklist.configured,
            "data_set": checklist.data_set,
            "events_bound": checklist.events_bound,
            "app_installed": checklist.app_installed,
            "ready": checklist.ready,
        }
        reasons = [problem.description for problem in checklist.problems]
        note = _("Ready: messages flow both ways.") if checklist.ready else _("Not ready yet:")
        self._checklists[self._host_key() or ""] = (items, reasons, note)
        self._panel.show_checklist(items, reasons, note)

    def _show_undo(self, kind: str, results: Any) -> None:
        if kind == "unbind":
            self._stale.pop(self._host_key() or "", None)
            self._panel.unbind_stale.setVisible(False)
            count = sum(results)
            self._feedback.say(
                ngettext(
                    "Unbound {n} stale handler.", "Unbound {n} stale handlers.", count
                ).format(n=count),
                Tone.SUCCESS,
            )
            return
        failed = [r for r in results if not r.ok]
        self._checklists.pop(self._host_key() or "", None)
        self.portal_changed()
        if failed:
            problems = "; ".join(f"{step_title(r.step)}: {r.description}" for r in failed)
            self._feedback.say(
                _("✗ Teardown: {problems}").format(problems=problems), Tone.ERROR
            )
        else:
            self._feedback.say(
                _("Torn down: deactivated, events unbound, unregistered."), Tone.SUCCESS
            )

    def _show_reply(self, reply: Any) -> None:
        if not reply.deliveries:
            self._feedback.say(
                _("The operator replied; nothing was delivered: {reason}").format(
                    reason=reply.note
                ),
                Tone.ERROR,
            )
            return
        parts = [
            _("{handler}: {status} in {ms} ms").format(
                handler=d.handler, status=d.status or d.error, ms=f"{d.seconds * 1000:.0f}"
            )
            for d in reply.deliveries
        ]
        self._feedback.say(
            _("Operator reply posted → {deliveries}").format(deliveries="; ".join(parts)),
            Tone.SUCCESS,
        )
