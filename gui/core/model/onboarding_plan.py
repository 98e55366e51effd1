"""The profile's ``ONBOARDING`` object: what to do on a portal after registering (DESIGN.md).

``{"LINE": "<line ID>" | "LINE_NAME": "<name>", "DATA": {"ID", "URL", "URL_IM", "NAME"},
"EVENTS": {"OnImConnectorMessageAdd": "<handler URL>", …}, "TEST_MESSAGE": true|false}``.
It is the program's own key: saved and opened with the profile, never sent with
``imconnector.register``. Unknown keys inside it are kept. :func:`plan_problems` says what is
wrong with it in the validation's terms (field ``ONBOARDING.…``), before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from gui.core.i18n import _

ONBOARDING_KEY = "ONBOARDING"
DATA_KEYS = ("ID", "URL", "URL_IM", "NAME")
MESSAGE_ADD_EVENT = "OnImConnectorMessageAdd"
CONNECTOR_EVENTS = (
    MESSAGE_ADD_EVENT,
    "OnImConnectorMessageUpdate",
    "OnImConnectorMessageDelete",
    "OnImConnectorDialogStart",
    "OnImConnectorDialogFinish",
    "OnImConnectorStatusDelete",
    "OnImConnectorLineDelete",
)
"""The events a connector's server may handle (BITRIX.md §5); the first one is required."""


@dataclass(frozen=True)
class OnboardingPlan:
    """What ``ONBOARDING`` asks for; empty strings mean "not given"."""

    line: str = ""
    line_name: str = ""
    data: Mapping[str, str] = field(default_factory=dict)
    events: Mapping[str, str] = field(default_factory=dict)
    test_message: bool = False
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    @classmethod
    def from_profile(cls, profile: Mapping[str, Any]) -> OnboardingPlan:
        """The plan in a profile (an empty plan when it has none); lenient, never raises."""
        raw = profile.get(ONBOARDING_KEY)
        if not isinstance(raw, Mapping):
            return cls()
        data, events = raw.get("DATA"), raw.get("EVENTS")
        known = {"LINE", "LINE_NAME", "DATA", "EVENTS", "TEST_MESSAGE"}
        return cls(
            line=_text(raw.get("LINE")),
            line_name=_text(raw.get("LINE_NAME")),
            data={k: _text(v) for k, v in data.items()} if isinstance(data, Mapping) else {},
            events={str(k): _text(v) for k, v in events.items()}
            if isinstance(events, Mapping)
            else {},
            test_message=raw.get("TEST_MESSAGE") is True,
            extra={k: v for k, v in raw.items() if k not in known},
        )

    def to_json(self) -> dict[str, Any]:
        """The ``ONBOARDING`` object (only what is set, unknown keys kept)."""
        out: dict[str, Any] = dict(self.extra)
        if self.line:
            out["LINE"] = self.line
        if self.line_name:
            out["LINE_NAME"] = self.line_name
        if any(self.data.values()):
            out["DATA"] = {key: self.data.get(key, "") for key in DATA_KEYS}
        if self.events:
            out["EVENTS"] = dict(self.events)
        if self.test_message:
            out["TEST_MESSAGE"] = True
        return out

    @property
    def is_empty(self) -> bool:
        return not self.to_json()


def _text(value: object) -> str:
    if value is None or isinstance(value, bool):
        return ""
    return str(value).strip()


def handler_url_problem(url: str) -> str:
    """Why Bitrix24 would refuse ``url`` as an event handler (empty when it would not)."""
    if not url:
        return _("Enter the handler URL of your connector's server.")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return _("The handler must be an http:// or https:// URL (ERROR_UNSUPPORTED_PROTOCOL).")
    if not parts.hostname:
        return _("The handler URL has no host (ERROR_WRONG_HANDLER_URL).")
    return ""


def plan_problems(raw: object) -> list[tuple[str, str, str]]:
    """``(field, code, message)`` for each thing wrong with an ``ONBOARDING`` value (errors)."""
    if not isinstance(raw, Mapping):
        message = _("{field} must be a JSON object.").format(field=ONBOARDING_KEY)
        return [(ONBOARDING_KEY, "ONBOARDING_NOT_OBJECT", message)]
    problems: list[tuple[str, str, str]] = []
    line = raw.get("LINE")
    if line is not None and not str(line).strip().isdigit():
        message = _("{field} is an Open Line's ID, a whole number.").format(field="LINE")
        problems.append(("ONBOARDING.LINE", "LINE_NOT_AN_ID", message))
    if line is not None and raw.get("LINE_NAME"):
        message = _("Give the line by {id_field} or by {name_field}, not both.").format(
            id_field="LINE", name_field="LINE_NAME"
        )
        problems.append(("ONBOARDING.LINE", "LINE_TWICE", message))
    data = raw.get("DATA", {})
    if not isinstance(data, Mapping):
        message = _("{field} must be a JSON object.").format(field="DATA")
        problems.append(("ONBOARDING.DATA", "DATA_NOT_OBJECT", message))
    else:
        for key in ("URL", "URL_IM"):
            value = _text(data.get(key))
            if value and urlsplit(value).scheme not in ("http", "https"):
                message = _("{field} must be a web URL.").format(field=f"DATA.{key}")
                problems.append((f"ONBOARDING.DATA.{key}", "DATA_URL_INVALID", message))
    events = raw.get("EVENTS", {})
    if not isinstance(events, Mapping):
        message = _("{field} must be an object.").format(field="EVENTS")
        return [*problems, ("ONBOARDING.EVENTS", "EVENTS_NOT_OBJECT", message)]
    if MESSAGE_ADD_EVENT not in events:
        problems.append(
            (
                "ONBOARDING.EVENTS.HANDLER",
                "MESSAGE_ADD_NOT_BOUND",
                _(
                    "{field} must bind {event}: without it no operator reply ever reaches your "
                    "channel."
                ).format(field="EVENTS", event=MESSAGE_ADD_EVENT),
            )
        )
    for event, url in events.items():
        where = "ONBOARDING.EVENTS.HANDLER"
        if str(event) not in CONNECTOR_EVENTS:
            message = _("{event} is not an Open Channels event.").format(event=event)
            problems.append((where, "EVENT_UNKNOWN", message))
        elif problem := handler_url_problem(_text(url)):
            # Translators: {problem} is a whole sentence about the handler of the event {event}.
            message = _("{event}: {problem}").format(event=event, problem=problem)
            problems.append((where, "HANDLER_URL_INVALID", message))
    return problems
