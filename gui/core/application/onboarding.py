"""Guided onboarding: from "registered" to "a client's message reaches the operator".

The steps of BITRIX.md §5, each idempotent (running the whole flow twice changes nothing the
second time), each reported as a :class:`StepResult`:

1. ``preflight`` — the token's scopes include ``imopenlines`` and ``imconnector``; ``app.info``
   says the app's installation is finished (if not, the portal delivers no event to any handler:
   said plainly, and the flow goes on, since every other step works without it);
2. ``register`` — with the ID the portal stores (lower-cased), the one every later step uses;
3. ``line`` — every Open Line, page by page; the one named by ID or name; created only on request;
4. ``activate`` — only after checking that the ID is registered (a mistyped ID is "activated"
   silently by the portal), and only when the status says it is not active yet;
5. ``data`` — ``connector.data.set`` with the whole ``DATA`` object;
6. ``events`` — what is bound is read first; "already bound" is success; a handler for the same
   event at another URL is reported as stale (and can be unbound);
7. ``status`` — the checklist (:class:`Checklist`);
8. ``test_message`` — optional: one message from a test visitor into the line.

A failing step stops the flow (later steps are not run; the report says where it stopped), except
when the only thing wrong is the unfinished installation (preflight, status), as said.
:func:`teardown` undoes it all: deactivate, unbind, unregister.
"""

from __future__ import annotations

import dataclasses
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from gui.core.application.configurator import Configurator, PortalSession, register_params
from gui.core.auth.tokens import StoredToken
from gui.core.cancel import CancelToken
from gui.core.errors import B24Error, InternalError, InvalidInputError, PortalError
from gui.core.i18n import N_, _, ngettext
from gui.core.model.onboarding_plan import MESSAGE_ADD_EVENT, OnboardingPlan
from gui.core.portal.address import PortalAddress
from gui.core.portal.onboarding_methods import ConnectorData, OpenLine, flag

_T = TypeVar("_T")
STEPS = ("preflight", "register", "line", "activate", "data", "events", "status", "test_message")
REQUIRED_SCOPES = ("imopenlines", "imconnector")
INSTALL_HELP = N_(
    "The app's installation is not finished, so the portal delivers no event to any of its "
    "handlers: operators' replies will never reach your connector. Finish it: open the app once "
    "in the portal (its install page must call BX24.installFinish()), or reinstall it."
)
"""Why an unfinished installation matters (English source; shown as ``_(INSTALL_HELP)``)."""


@dataclass(frozen=True)
class StepResult:
    """One step's outcome (the ``onboard`` command prints these).

    ``changed``: the step wrote to the portal. ``exit_code``: the command line's code for a
    failure (DESIGN.md). ``detail``: what the step found (the line, stale handlers, …).
    """

    step: str
    ok: bool
    changed: bool = False
    error: str | None = None
    description: str | None = None
    field: str | None = None
    exit_code: int = 0
    detail: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "ok": self.ok,
            "changed": self.changed,
            "error": self.error,
            "description": self.description,
        }


@dataclass(frozen=True)
class Problem:
    """One reason the connector is not ready, with the field it concerns."""

    error: str
    description: str
    field: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"error": self.error, "description": self.description, "field": self.field}


@dataclass(frozen=True)
class Checklist:
    """Where a connector stands on a portal's line, at a glance (the ``status`` command)."""

    registered: bool
    active: bool
    configured: bool
    events_bound: bool
    app_installed: bool
    problems: tuple[Problem, ...] = ()
    data_set: bool | None = None
    """Whether this session set the connector data (None: not known; no method reads it)."""

    @property
    def ready(self) -> bool:
        return all(
            (self.registered, self.active, self.configured, self.events_bound, self.app_installed)
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "registered": self.registered,
            "active": self.active,
            "configured": self.configured,
            "events_bound": self.events_bound,
            "app_installed": self.app_installed,
            "ready": self.ready,
            "problems": [problem.to_json() for problem in self.problems],
        }


@dataclass(frozen=True)
class OnboardingReport:
    """One portal's run: its steps in order; the first failure names the error and field."""

    portal: str
    steps: tuple[StepResult, ...]
    checklist: Checklist | None = None

    @property
    def ok(self) -> bool:
        return all(step.ok for step in self.steps)

    @property
    def failure(self) -> StepResult | None:
        return next((step for step in self.steps if not step.ok), None)

    @property
    def exit_code(self) -> int:
        return max((step.exit_code for step in self.steps), default=0)

    def to_json(self) -> dict[str, Any]:
        failure = self.failure
        return {
            "portal": self.portal,
            "ok": self.ok,
            "steps": [step.to_json() for step in self.steps],
            "error": failure.error if failure else None,
            "field": failure.field if failure else None,
        }


def failed(step: str, error: B24Error) -> StepResult:
    """A step that raised one of our errors."""
    return StepResult(
        step,
        ok=False,
        error=error.code,
        description=error.message,
        field=error.field,
        exit_code=error.exit_code,
    )


class OnboardingRun:
    """Runs the steps on one portal session.

    ``on_step(result)`` is called after each step (progress in the window); ``cancel`` is checked
    between steps. ``line`` overrides the plan's line; ``create_line`` allows creating the line
    named by ``LINE_NAME`` when the portal has none of that name.
    """

    def __init__(
        self,
        session: PortalSession,
        profile: Mapping[str, Any],
        *,
        line: str = "",
        create_line: bool = False,
        cancel: CancelToken | None = None,
        on_step: Callable[[StepResult], None] = lambda _result: None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._session = session
        self._methods = session.methods()
        self._params = register_params(profile)
        self._plan = OnboardingPlan.from_profile(profile)
        self._line_override = line.strip()
        self._create_line = create_line
        self._cancel = cancel
        self._on_step = on_step
        self._clock = clock
        self._steps: list[StepResult] = []
        self._connectors: dict[str, str] = {}
        self._line: OpenLine | None = None
        self._data_set: bool | None = None
        self._stale: list[tuple[str, str]] = []

    @property
    def connector_id(self) -> str:
        return str(self._params.get("ID", ""))

    def run(self) -> OnboardingReport:
        """Every step in order, stopping at the first that fails."""
        checklist = None
        steps: list[tuple[str, Callable[[], StepResult]]] = [
            ("preflight", self._preflight),
            ("register", self._register),
            ("line", self._pick_line),
            ("activate", self._activate),
            ("data", self._set_data),
            ("events", self._bind_events),
            ("status", lambda: self._status_step()),
        ]
        if self._plan.test_message:
            steps.append(("test_message", self._test_message))
        for name, step in steps:
            if self._cancel is not None and self._cancel.cancelled:
                break
            result = self._run_step(name, step)
            if name == "status":
                checklist = self._checklist
            if not result.ok and result.error != "APP_NOT_INSTALLED":  # see the module docstring
                break
        return OnboardingReport(self._session.portal.host_key, tuple(self._steps), checklist)

    def _run_step(self, name: str, step: Callable[[], StepResult]) -> StepResult:
        try:
            result = step()
        except B24Error as error:
            result = failed(name, error)
        self._steps.append(result)
        self._on_step(result)
        return result

    # ------------------------------------------------------------------ the steps
    def _preflight(self) -> StepResult:
        token = self._session.token
        scopes = set(token.scopes) or set(self._methods.scopes())
        missing = [scope for scope in REQUIRED_SCOPES if scope not in scopes]
        if missing:
            return StepResult(
                "preflight",
                ok=False,
                error="insufficient_scope",
                description=ngettext(
                    "The app lacks the scope {scopes}: add it to the app's permissions in the "
                    "portal, reinstall the app and log in again.",
                    "The app lacks the scopes {scopes}: add them to the app's permissions in the "
                    "portal, reinstall the app and log in again.",
                    len(missing),
                ).format(scopes=", ".join(missing)),
                field="portal",
                exit_code=3,
            )
        if not flag(self._methods.app_info().get("INSTALLED")):
            return StepResult(
                "preflight",
                ok=False,
                error="APP_NOT_INSTALLED",
                description=_(INSTALL_HELP),
                exit_code=1,
            )
        return StepResult("preflight", ok=True, description=_("Scopes and installation are fine."))

    def _register(self) -> StepResult:
        self._connectors = self._methods.list_connectors()
        known = self.connector_id in self._connectors
        outcome = self._session.register(self._params)
        if not outcome.ok:
            text = outcome.explanation or outcome.description or _("The portal refused it.")
            return StepResult(
                "register",
                False,
                error=outcome.error,
                description=text,
                field=outcome.field,
                exit_code=1,
            )
        self._connectors[self.connector_id] = str(self._params.get("NAME", ""))
        if known:
            text = _("{connector} updated.").format(connector=self.connector_id)
        else:
            text = _("{connector} registered.").format(connector=self.connector_id)
        return StepResult("register", True, changed=not known, description=text)

    def _pick_line(self) -> StepResult:
        plan, wanted = self._plan, self._line_override or self._plan.line
        lines = self._methods.list_lines()
        if wanted:
            found = next((line for line in lines if line.id == wanted), None)
            where = "ONBOARDING.LINE"
        elif plan.line_name:
            found = next((line for line in lines if line.name == plan.line_name), None)
            found = found or next(
                (line for line in lines if line.name.casefold() == plan.line_name.casefold()), None
            )
            where = "ONBOARDING.LINE_NAME"
            if found is None and self._create_line:
                new_id = self._methods.add_line(plan.line_name)
                self._line = OpenLine(new_id, plan.line_name, True)
                text = _("Created line {line}.").format(line=new_id)
                return StepResult("line", True, changed=True, description=text)
        elif len(lines) == 1:
            found, where = lines[0], "ONBOARDING.LINE"
        else:
            names = ", ".join(f"{line.id} {line.name!r}" for line in lines[:8])
            raise InvalidInputError(
                ngettext(
                    "Choose an Open Line (ONBOARDING.LINE or --line); the portal has {n}: {lines}.",
                    "Choose an Open Line (ONBOARDING.LINE or --line); the portal has {n}: {lines}.",
                    len(lines),
                ).format(n=len(lines), lines=names + ("…" if len(lines) > 8 else "")),
                code="LINE_REQUIRED",
                field="ONBOARDING.LINE",
            )
        if found is None:
            shown = repr(wanted or plan.line_name)
            if plan.line_name and not wanted:
                text = ngettext(
                    "The portal has no Open Line {line} among its {n} line; pick one from the "
                    "list (or allow creating it).",
                    "The portal has no Open Line {line} among its {n} lines; pick one from the "
                    "list (or allow creating it).",
                    len(lines),
                )
            else:
                text = ngettext(
                    "The portal has no Open Line {line} among its {n} line; pick one from the "
                    "list.",
                    "The portal has no Open Line {line} among its {n} lines; pick one from the "
                    "list.",
                    len(lines),
                )
            raise InvalidInputError(
                text.format(line=shown, n=len(lines)),
                code="LINE_NOT_FOUND",
                field=where,
            )
        self._line = found
        text = _("Line {line} ({name}).").format(line=found.id, name=found.name)
        return StepResult("line", True, description=text)

    def _activate(self) -> StepResult:
        line = self._need_line()
        if self.connector_id not in self._connectors:
            raise not_registered(self.connector_id)
        if self._methods.status(self.connector_id, line.id).status:
            text = _("Already active on line {line}.").format(line=line.id)
            return StepResult("activate", True, description=text)
        self._methods.activate(self.connector_id, line.id, True)
        text = _("Activated on line {line}.").format(line=line.id)
        return StepResult("activate", True, changed=True, description=text)

    def _set_data(self) -> StepResult:
        line, data = self._need_line(), self._plan.data
        if not any(data.values()):
            return StepResult(
                "data", True, description=_("No DATA in the profile: nothing to set.")
            )
        values = ConnectorData(*(data.get(key, "") for key in ("ID", "URL", "URL_IM", "NAME")))
        self._methods.set_data(self.connector_id, line.id, values)
        self._data_set = True
        return StepResult(
            "data", True, changed=True, description=_("Connector data sent (merged).")
        )

    def _bind_events(self) -> StepResult:
        bound = self._methods.events()
        changed, stale = False, []
        for event, handler in self._plan.events.items():
            mine = [item for item in bound if item.is_for(event)]
            stale += [(event, item.handler) for item in mine if item.handler != handler]
            if not any(item.handler == handler for item in mine):
                changed = self._methods.bind_event(handler, event) or changed
        self._stale = stale
        text = _("Events bound.") if changed else _("Events were already bound.")
        if stale:
            handlers = "; ".join(f"{event} → {handler}" for event, handler in stale)
            text += " " + _("Stale handlers (another URL for the same event): {handlers}").format(
                handlers=handlers
            )
        detail = {"stale": [{"event": e, "handler": h} for e, h in stale]}
        return StepResult("events", True, changed=changed, description=text, detail=detail)

    def _status_step(self) -> StepResult:
        checklist = self.check()
        self._checklist = checklist
        if checklist.ready:
            return StepResult("status", True, description=_("Ready: messages flow both ways."))
        first = (
            checklist.problems[0] if checklist.problems else Problem("NOT_READY", _("Not ready."))
        )
        return StepResult(
            "status",
            False,
            error=first.error,
            description=first.description,
            field=first.field,
            exit_code=1,
        )

    def _test_message(self) -> StepResult:
        line = self._need_line()
        stamp = int(self._clock())
        message = {
            # The names and the text show in the operator's chat: in the user's language.
            "user": {"id": "b24cc-test-visitor", "name": _("Test visitor")},
            "message": {
                "id": uuid.uuid4().hex,
                "date": stamp,
                "text": _("Test message from B24 Connector Configurator"),
            },
            "chat": {"id": "b24cc-test-chat", "name": _("Configurator test")},
        }
        outcomes = self._methods.send_messages(self.connector_id, line.id, [message])
        sent = bool(outcomes) and all(flag(item.get("SUCCESS", True)) for item in outcomes)
        if not sent:
            raise PortalError(
                _("The portal did not take the test message."), code="MESSAGE_NOT_SENT"
            )
        return StepResult(
            "test_message",
            True,
            changed=True,
            description=_("Sent; it shows in line {line}.").format(line=line.id),
            detail={"messages": [dict(item) for item in outcomes]},
        )

    # ------------------------------------------------------------------ the checklist
    def check(self) -> Checklist:
        """Where the connector stands now (every item read from the portal)."""
        line = self._need_line()
        return check_session(
            self._session, self.connector_id, line.id, self._plan.events, self._data_set
        )

    def _need_line(self) -> OpenLine:
        if self._line is None:
            raise InternalError(_("No line was chosen before this step."), code="NO_LINE")
        return self._line

    @property
    def stale(self) -> list[tuple[str, str]]:
        """(event, handler) pairs bound at another URL than the profile's (found by ``events``)."""
        return list(self._stale)


def check_session(
    session: PortalSession,
    connector_id: str,
    line: str,
    events: Mapping[str, str],
    data_set: bool | None = None,
) -> Checklist:
    """Read where ``connector_id`` stands on ``line``: registered (``imconnector.list``), active
    and configured (``imconnector.status``), events bound (``event.get``: every event of
    ``events`` at its handler; without ``events``, any handler for OnImConnectorMessageAdd),
    the app's installation finished (``app.info``)."""
    methods = session.methods()
    registered = connector_id in methods.list_connectors()
    status = methods.status(connector_id, line)
    installed = flag(methods.app_info().get("INSTALLED"))
    bound = methods.events()
    wanted = events or {MESSAGE_ADD_EVENT: ""}
    missing = [
        event
        for event, handler in wanted.items()
        if not any(item.is_for(event) and handler in ("", item.handler) for item in bound)
    ]
    return checklist_of(
        connector_id,
        line,
        registered,
        status.status,
        status.configured,
        missing,
        installed,
        data_set,
        status.error,
    )


def not_registered(connector_id: str) -> PortalError:
    """A connector ID the portal does not list: activating it would "succeed" silently."""
    return PortalError(
        _(
            "The portal has no connector {connector} (imconnector.list), so activating it "
            "would change nothing visible while the portal answers true. Check the ID for typos, "
            "or register it first."
        ).format(connector=repr(connector_id)),
        code="CONNECTOR_NOT_REGISTERED",
        field="ID",
    )


def checklist_of(
    connector_id: str,
    line: str,
    registered: bool,
    active: bool,
    configured: bool,
    missing_events: list[str],
    installed: bool,
    data_set: bool | None = None,
    error: bool = False,
) -> Checklist:
    """The checklist with a reason and a fix for every item that is not done."""
    problems: list[Problem] = []
    if not registered:
        problems.append(
            Problem(
                "CONNECTOR_NOT_REGISTERED",
                _("{connector} is not registered on the portal: Register it.").format(
                    connector=connector_id
                ),
                "ID",
            )
        )
    if not active:
        problems.append(
            Problem(
                "NOT_ACTIVE",
                _("{connector} is not active on line {line}: activate it.").format(
                    connector=connector_id, line=line
                ),
                "ONBOARDING.LINE",
            )
        )
    elif not configured:
        problems.append(
            Problem(
                "NOT_CONFIGURED",
                _("{connector} is not configured on line {line}.").format(
                    connector=connector_id, line=line
                ),
                "ONBOARDING.LINE",
            )
        )
    if error:
        problems.append(
            Problem(
                "CONNECTOR_ERROR",
                _("The portal reports an error for this connector on the line."),
                None,
            )
        )
    if missing_events:
        problems.append(
            Problem(
                "EVENTS_NOT_BOUND",
                ngettext(
                    "Not bound: {events}. Bind it to your connector's handler.",
                    "Not bound: {events}. Bind them to your connector's handler.",
                    len(missing_events),
                ).format(events=", ".join(missing_events)),
                "ONBOARDING.EVENTS.HANDLER",
            )
        )
    if not installed:
        problems.append(Problem("APP_NOT_INSTALLED", _(INSTALL_HELP), None))
    return Checklist(
        registered=registered,
        active=active and not error,
        configured=configured,
        events_bound=not missing_events,
        app_installed=installed,
        problems=tuple(problems),
        data_set=data_set,
    )


def teardown(
    session: PortalSession, connector_id: str, line: str, events: Mapping[str, str]
) -> list[StepResult]:
    """Undo onboarding: deactivate on the line, unbind the connector's events, unregister.

    Each part is tried even when an earlier one failed (a half-onboarded connector is the usual
    reason to tear down)."""
    methods, connector_id = session.methods(), connector_id.strip().lower()
    results: list[StepResult] = []

    def attempt(name: str, action: Callable[[], object]) -> None:
        try:
            action()
        except B24Error as error:
            results.append(failed(name, error))
        else:
            results.append(StepResult(name, True, changed=True))

    if line:
        attempt("deactivate", lambda: methods.activate(connector_id, line, False))
    attempt("unbind", lambda: [methods.unbind_event(e, h) for e, h in events.items()])
    outcome = methods.unregister(connector_id)
    if outcome.ok:
        results.append(StepResult("unregister", True, changed=True))
    else:
        text = outcome.explanation or outcome.description
        results.append(
            StepResult("unregister", False, error=outcome.error, description=text, exit_code=1)
        )
    return results


# ---------------------------------------------------------------------- operations, one call each
def onboard(
    app: Configurator,
    portal: PortalAddress,
    profile: Mapping[str, Any],
    *,
    line: str = "",
    create_line: bool = False,
    token: StoredToken | None = None,
    cancel: CancelToken | None = None,
    on_step: Callable[[StepResult], None] = lambda _result: None,
) -> OnboardingReport:
    """The whole flow on one portal; a portal that cannot even be reached (no token, a locked
    keyring) is a report whose ``preflight`` failed, so a batch goes on to the next portal."""
    try:
        with app.open(portal, token, cancel) as session:
            run = OnboardingRun(
                session, profile, line=line, create_line=create_line, cancel=cancel, on_step=on_step
            )
            return run.run()
    except B24Error as error:
        result = failed("preflight", error)
        on_step(result)
        return OnboardingReport(portal.host_key, (result,))


def on_portal(
    app: Configurator,
    portal: PortalAddress,
    action: Callable[[PortalSession], _T],
    *,
    token: StoredToken | None = None,
    cancel: CancelToken | None = None,
) -> _T:
    """Run ``action`` on a session with the portal (one of the single-step operations)."""
    with app.open(portal, token, cancel) as session:
        return action(session)


def activate(session: PortalSession, connector_id: str, line: str, active: bool = True) -> None:
    """Activate (or deactivate) the connector on the line; activating an ID the portal does
    not list is refused before anything is sent (the portal would answer true)."""
    methods = session.methods()
    if active and connector_id not in methods.list_connectors():
        raise not_registered(connector_id)
    methods.activate(connector_id, line, active)
