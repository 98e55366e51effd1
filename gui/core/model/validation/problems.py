"""What a rule reports: :class:`Problem`, its :class:`Severity`, how its message quotes the
user's value, and the order problems are listed in.

:class:`Finding` is a problem that does not know its field yet: the icon checks are memoised per
value and shared by ``ICON`` and ``ICON_DISABLED``, so the field is filled in afterwards. Messages
are shown beside a field and written to logs, so user text reaches them short and printable,
with its JSON type named.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gui.core.i18n import _
from gui.core.model.connector import PROFILE_FIELDS

# One logger for the whole package, named after it (the log format shows the name).
log = logging.getLogger(__package__)

PROFILE_FIELD = "profile"
"""The field of problems that belong to the file as a whole, not to one parameter."""


class Severity(enum.Enum):
    """How much a problem matters: an ERROR blocks sending; a WARNING only informs."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field (a parameter path such as ``ICON.COLOR``).

    ``code`` is stable and machine-readable (tests, scripting); ``message`` is our plain words
    and says what to do about it.
    """

    field: str
    severity: Severity
    code: str
    message: str

    @property
    def is_onboarding(self) -> bool:
        """A problem of the program's own ``ONBOARDING`` key (never sent with register)."""
        return self.field.split(".")[0] == "ONBOARDING"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem blocks sending."""
    return any(problem.is_error for problem in problems)


def one_line(message: str) -> str:
    """A message as one printable line, whatever user text was quoted into it."""
    if message.isprintable():  # nearly always: the character walk below is the slow path
        return message
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in message)


def error(field: str, code: str, message: str) -> Problem:
    """A problem that blocks sending, its message made one printable line."""
    return Problem(field, Severity.ERROR, code, one_line(message))


def warning(field: str, code: str, message: str) -> Problem:
    """A problem that only informs, its message made one printable line."""
    return Problem(field, Severity.WARNING, code, one_line(message))


def validation_failed() -> Problem:
    """The answer when a rule itself fails unexpectedly (logged with its traceback), in the
    current language."""
    return error(
        PROFILE_FIELD,
        "VALIDATION_FAILED",
        _("The profile could not be checked (the details are in the log)."),
    )


@dataclass(frozen=True)
class Finding:
    """A problem before it knows its field (icon checks are memoised per value)."""

    severity: Severity
    code: str
    message: str

    @classmethod
    def error(cls, code: str, message: str) -> Finding:
        return cls(Severity.ERROR, code, message)

    @classmethod
    def warning(cls, code: str, message: str) -> Finding:
        return cls(Severity.WARNING, code, message)

    def at(self, field: str) -> Problem:
        """The problem this finding is for ``field`` (which replaces ``{field}``)."""
        message = one_line(self.message.replace("{field}", field))
        return Problem(field, self.severity, self.code, message)


def show_char(ch: str) -> str:
    """A character as a user can see it: itself, or ``U+XXXX`` for spaces and invisible ones."""
    return ch if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def preview(value: object, limit: int = 40) -> str:
    """A short, printable form of a value for a message (invisible characters spelled out)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return one_line(text)


def json_type(value: object) -> str:
    """What a JSON value is, in words for a message: ``the number 1``, ``an object``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        # Translators: this and the next five name a JSON value inside sentences such as
        # "ID must be text; it is {kind}." true and false are JSON literals: keep them.
        return _("the boolean {value}").format(value=str(value).lower())
    if isinstance(value, int | float):
        return _("the number {value}").format(value=preview(value))
    if isinstance(value, str):
        return _('the text "{value}"').format(value=preview(value))
    if isinstance(value, Mapping):
        return _("an object")
    if isinstance(value, list | tuple):
        return _("a list")
    return _("a {type}").format(type=type(value).__name__)


def _field_rank(field: str) -> tuple[int, int, str]:
    """Where a field's problems go: the file first, then the docs' order, unknown keys last."""
    if field == PROFILE_FIELD:
        return (-1, 0, "")
    if field in PROFILE_FIELDS:
        return (PROFILE_FIELDS.index(field), 1, "")
    if field in ("ICON", "ICON_DISABLED"):
        return (PROFILE_FIELDS.index(f"{field}.DATA_IMAGE"), 0, "")
    head = field.partition(".")[0]
    if head in ("ICON", "ICON_DISABLED"):
        return (PROFILE_FIELDS.index(f"{head}.POSITION"), 2, field)
    return (len(PROFILE_FIELDS), 0, field)


def in_form_order(problems: list[Problem]) -> list[Problem]:
    """Problems in form order (the docs' parameter order, which is the form's: a user reads the
    list top to bottom beside the form), each field's in the order found."""
    return sorted(problems, key=lambda problem: _field_rank(problem.field))
