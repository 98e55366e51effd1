"""A QLineEdit that holds a very long value (a 500 KB icon) without repainting all of it.

Qt lays out and draws a line edit's whole text on every paint: ~60 ms for 500,000 characters,
so each repaint of the form while the user typed elsewhere stalled the window. While the field
does not have the focus, :class:`LongLineEdit` paints only the beginning of a long value (what a
line edit scrolled to the start shows anyway), drawn the way QLineEdit draws it; with the focus
(the user is in it: cursor, selection, scrolling) Qt paints as usual. ``text()`` is always the
whole value: only the painting changes.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

LONG_TEXT_CHARS = 4096
"""From this length on, an unfocused field paints only :data:`SHOWN_CHARS` of it."""

SHOWN_CHARS = 1024
"""More characters than the widest field shows."""

_HORIZONTAL_MARGIN = 2
"""QLineEdit's own margin left and right of its line (``QLineEditPrivate::horizontalMargin``)."""


class LongLineEdit(QLineEdit):
    """A line edit that paints only the start of a long value while it has no focus."""

    def paintEvent(self, event: QPaintEvent) -> None:
        text = self.text()  # a copy of 500 KB costs well under a millisecond; laying it out, 60
        if len(text) < LONG_TEXT_CHARS or self.hasFocus():
            super().paintEvent(event)
            return
        option = QStyleOptionFrame()
        self.initStyleOption(option)
        style = self.style()
        painter = QPainter(self)
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelLineEdit, option, painter, self)
        area = style.subElementRect(QStyle.SubElement.SE_LineEditContents, option, self)
        area = area.marginsRemoved(self.textMargins())
        line_height = self.fontMetrics().height()
        line = QRect(  # where QLineEdit puts its line: centred, inside its horizontal margin
            area.x() + _HORIZONTAL_MARGIN,
            area.y() + (area.height() - line_height + 1) // 2,
            area.width() - 2 * _HORIZONTAL_MARGIN,
            line_height,
        )
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        painter.setPen(self.palette().color(group, QPalette.ColorRole.Text))
        painter.setClipRect(area)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextDontClip
        painter.drawText(line, int(flags), text[:SHOWN_CHARS])  # clipped to the area, as Qt clips
        painter.end()
