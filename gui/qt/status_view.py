"""The ``status`` line: where the outcome of Register and every error is shown, in plain words."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class Tone(Enum):
    """How a status message reads: neutral, good news, a problem."""

    INFO = "#26323f"
    SUCCESS = "#1b6e20"
    ERROR = "#b3261e"


class StatusView(QLabel):
    """The outcome of the last action, named ``status`` (DESIGN.md "Widgets")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("status")
        self.setAccessibleName("status")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumHeight(48)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.tone = Tone.INFO

    def say(self, text: str, tone: Tone = Tone.INFO) -> None:
        self.tone = tone
        weight = "normal" if tone is Tone.INFO else "bold"
        self.setStyleSheet(f"color: {tone.value}; font-weight: {weight};")
        self.setText(text)
