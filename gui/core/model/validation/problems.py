"""What a validation rule reports: :class:`Problem`, its :class:`Severity`, and how rules build one.

Every rule module speaks in these types, so they live apart from any rule. :class:`Finding` is a
problem that does not know its field yet: the icon checks are memoised per value and shared by
``ICON`` and ``ICON_DISABLED``, so the field is filled in afterwards.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

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
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem blocks sending."""
    return any(problem.is_error for problem in problems)


def one_line(message: str) -> str:
    """A message as one printable line, whatever user text was quoted into it."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in message)


def error(field: str, code: str, message: str) -> Problem:
    """A problem that blocks sending, its message made one printable line."""
    return Problem(field, Severity.ERROR, code, one_line(message))


def warning(field: str, code: str, message: str) -> Problem:
    """A problem that only informs, its message made one printable line."""
    return Problem(field, Severity.WARNING, code, one_line(message))


VALIDATION_FAILED = error(
    PROFILE_FIELD,
    "VALIDATION_FAILED",
    "The profile could not be checked (the details are in the log).",
)
"""The answer when a rule itself fails unexpectedly (logged with its traceback)."""


@dataclass(frozen=True)
class Finding:
    """A problem before it knows its field (icon checks are memoised per value)."""

    severity: Severity
    code: str
    message: str

    def at(self, field: str) -> Problem:
        """The problem this finding is for ``field`` (which replaces ``{field}``)."""
        message = one_line(self.message.replace("{field}", field))
        return Problem(field, self.severity, self.code, message)
