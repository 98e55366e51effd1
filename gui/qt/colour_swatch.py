"""A small button that shows a CSS colour and opens a colour picker."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QColorDialog, QToolButton, QWidget

from gui.core.i18n import _


def css_to_qcolor(text: str) -> QColor | None:
    """The colour a CSS value means (via the core's CSS parser), or None when it is not one."""
    from gui.core.icon.css_values import parse_color

    try:
        red, green, blue, alpha = parse_color(text)
    except ValueError:
        return None
    return QColor.fromRgbF(red, green, blue, alpha)


class ColourSwatch(QToolButton):
    """Paints the colour of a ``COLOR`` field; a click opens a colour picker.

    Signals:
        picked(str): the user chose a colour in the picker, as ``#rrggbb`` (or ``#rrggbbaa``).
    """

    picked = Signal(str)

    def __init__(self, fallback: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fallback = QColor(fallback)
        self._colour: QColor | None = self._fallback
        self.setFixedSize(QSize(28, 24))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(_("Pick a colour"))
        self.clicked.connect(self._on_self_clicked)

    def show_css(self, text: str) -> None:
        """Show the colour ``text`` means; empty shows Bitrix24's default, invalid a cross."""
        self._colour = self._fallback if not text.strip() else css_to_qcolor(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(3, 3, -3, -3)
        painter.setPen(QColor("#7a7a7a"))
        if self._colour is None:
            painter.fillRect(rect, QColor("white"))
            painter.setPen(QColor("#b3261e"))
            painter.drawLine(rect.topLeft(), rect.bottomRight())
            painter.drawLine(rect.topRight(), rect.bottomLeft())
        else:
            painter.fillRect(rect, self._colour)
        painter.setPen(QColor("#7a7a7a"))
        painter.drawRect(rect)
        if self.hasFocus():  # the swatch paints itself: its focus frame too, in the palette's
            pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 2)
            painter.setPen(pen)
            painter.drawRect(self.rect().adjusted(1, 1, -1, -1))
        painter.end()

    def _on_self_clicked(self) -> None:
        dialog = QColorDialog(self._colour or self._fallback, self)
        dialog.setOption(QColorDialog.ColorDialogOption.ShowAlphaChannel, True)
        dialog.colorSelected.connect(self._on_dialog_color_selected)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def _on_dialog_color_selected(self, colour: QColor) -> None:
        if colour.alpha() == 255:
            self.picked.emit(colour.name(QColor.NameFormat.HexRgb))
        else:
            rgba = colour.name(QColor.NameFormat.HexArgb)  # #aarrggbb → CSS #rrggbbaa
            self.picked.emit(f"#{rgba[3:]}{rgba[1:3]}")
