"""A word-wrapped label whose height is the height its text needs at its actual width.

QFormLayout asks a word-wrapped QLabel for its height at the width of its *size-hint* layout
(a narrow guess), not at the width the row really gets, so a two-line message was given the
height of six lines and showed, vertically centred, with a large gap above and below it. This
label reports the height its text needs at its current width instead, tells the layout again
when that width changes, and keeps its text at the top of whatever it is given. Extra space
then goes wherever the layout's stretch puts it (the bottom of the group), not into the row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent


class WrappedLabel(QLabel):
    """A QLabel with word wrap whose size hint follows its width (no height-for-width)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Layouts use the size hint below; the height-for-width path is what misled them.
        policy = self.sizePolicy()
        policy.setHeightForWidth(False)
        self.setSizePolicy(policy)
        self._hinted_width = -1

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        if self.width() <= 1 or not self.text():
            return hint
        return QSize(hint.width(), super().heightForWidth(self.width()))

    def minimumSizeHint(self) -> QSize:
        minimum = super().minimumSizeHint()
        if self.width() <= 1 or not self.text():
            return minimum
        return QSize(minimum.width(), super().heightForWidth(self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != self._hinted_width:
            self._hinted_width = event.size().width()
            self.updateGeometry()  # the height the text needs changed with the width
