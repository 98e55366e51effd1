"""The one route for what the user is told: the status line (``status``), and an error beside
its field.

Every presenter reports through a :class:`Feedback`: :meth:`Feedback.error` takes any exception
(a :class:`~gui.core.errors.B24Error` goes beside the field it names and into the status line;
anything unexpected is logged once, with its traceback, and shown as a short generic message),
:meth:`Feedback.field_error` puts a message beside a field (the portal's refusal naming a
parameter uses it too), :meth:`Feedback.say` is a plain status message.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from enum import Enum
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from gui.core.errors import B24Error, OperationCancelled
from gui.core.i18n import N_, _
from gui.qt.tones import TextTone, apply_tone

log = logging.getLogger(__name__)

UNEXPECTED = N_(
    "Something went wrong inside the program; nothing was lost. The details are in the log."
)


def fix_first(reasons: list[str]) -> str:
    """A button's tooltip when it cannot be pressed yet: each reason on its own line."""
    return _("Fix these first:") + "\n• " + "\n• ".join(reasons)


class Tone(Enum):
    """How a status message reads: neutral, good news, a problem (colours: :mod:`gui.qt.tones`)."""

    INFO = TextTone.PLAIN
    SUCCESS = TextTone.SUCCESS
    ERROR = TextTone.ERROR


class StatusView(QLabel):
    """The outcome of the last action, named ``status`` (a public widget name)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status")
        # Translators: the accessible name of the status line (what a screen reader announces).
        self.setAccessibleName(_("Status"))
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumHeight(48)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tone = Tone.INFO

    def say(self, text: str, tone: Tone = Tone.INFO) -> None:
        self.tone = tone
        apply_tone(self, tone.value, bold=tone is not Tone.INFO)
        self.setText(text)


class FieldOwner(Protocol):
    """A part of the window that shows messages beside the fields it owns."""

    def owns(self, field: str) -> bool: ...

    def show_field_error(self, field: str, message: str) -> None: ...


class Feedback:
    """Tells the user: ``status`` is the window's status line, ``owners`` the field owners
    (the connector form, the portal panel, the onboarding panel), asked in order."""

    def __init__(self, status: StatusView, owners: Sequence[FieldOwner]) -> None:
        self._status = status
        self._owners = list(owners)

    def say(self, text: str, tone: Tone = Tone.INFO) -> None:
        self._status.say(text, tone)

    def field_error(self, field: str | None, message: str) -> bool:
        """Show ``message`` beside ``field``; False when no part of the window owns it."""
        for owner in self._owners:
            if field and owner.owns(field):
                owner.show_field_error(field, message)
                return True
        return False

    def error(self, error: object) -> None:
        """Any error, shown where it belongs; a cancellation is not an error."""
        if isinstance(error, OperationCancelled):
            return
        if not isinstance(error, B24Error):
            if isinstance(error, BaseException):
                log.error("unexpected error", exc_info=error)
            else:
                log.error("unexpected error: %r", error)
            self.say(_(UNEXPECTED), Tone.ERROR)
            return
        self.field_error(error.field, error.message)
        code = f" [{error.code}]" if error.code else ""
        self.say(f"✗ {error.message}{code}", Tone.ERROR)
