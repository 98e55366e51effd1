"""The live preview of one tile: the 44 px round badge as Bitrix24 shows it, and a large view.

The pictures are the core renderer's pixels (the tile exactly as Bitrix24 paints it), produced
on the render runner at the screen's device pixel ratio (crisp on HiDPI: the badge is 88 device
pixels on a 2× screen); this widget shows them as they are, with no image format in between,
and with their text alternative ("44 px round badge: white glyph on #2fc6f6") as the pictures'
accessible names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.core.i18n import _
from gui.qt.field_row import TonedLabel
from gui.qt.tones import TextTone

if TYPE_CHECKING:
    from gui.core.icon.tile import TileImage

BADGE_PX = 44
LARGE_PX = 132


class TilePreview(QFrame):
    """Shows one rendered tile (``preview.ICON`` or ``preview.ICON_DISABLED``).

    Signals:
        updated(): new pictures (or an error) are on screen.
    """

    updated = Signal()

    def __init__(self, path: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"preview.{path}")
        self.setAccessibleName(title)
        self.setAccessibleDescription(_("How Bitrix24 will show the icon"))
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._title = QLabel(f"<b>{title}</b>")
        self.badge = QLabel()
        self.badge.setObjectName(f"preview.{path}.badge")
        self.badge.setFixedSize(BADGE_PX, BADGE_PX)
        self.badge.setToolTip(
            _("Actual size: the {px} px round badge of the Contact Center").format(px=BADGE_PX)
        )
        self.large = QLabel()
        self.large.setObjectName(f"preview.{path}.large")
        self.large.setFixedSize(LARGE_PX, LARGE_PX)
        self.large.setToolTip(_("The same tile at {px} px").format(px=LARGE_PX))
        self.note = TonedLabel()
        self.note.setObjectName(f"preview.{path}.note")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        pictures = QHBoxLayout()
        pictures.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        pictures.addSpacing(12)
        pictures.addWidget(self.large)
        pictures.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addLayout(pictures)
        layout.addWidget(self.note)
        self._generation = 0

    @property
    def generation(self) -> int:
        """How many times new pictures were shown (tests and benchmarks wait for it to grow)."""
        return self._generation

    @property
    def text_alternative(self) -> str:
        """What the badge shows, in words (its accessible name)."""
        return self.badge.accessibleName()

    def show_pictures(
        self, badge: TileImage, large: TileImage, note: str, description: str = ""
    ) -> None:
        """Show two tiles rendered at ``BADGE_PX`` and ``LARGE_PX`` × the device pixel ratio,
        the note under them, and ``description``: the badge in words."""
        for label, tile, logical_px in (
            (self.badge, badge, BADGE_PX),
            (self.large, large, LARGE_PX),
        ):
            image = QImage(
                tile.data,
                tile.width,
                tile.height,
                tile.stride,
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            pixmap = QPixmap.fromImage(image)  # a copy: the bytes may go
            pixmap.setDevicePixelRatio(tile.width / logical_px)
            label.setPixmap(pixmap)
        self._describe(description)
        self.note.set_tone(TextTone.PLAIN)
        self.note.setText(note)
        self._generation += 1
        self.updated.emit()

    def show_problem(self, text: str) -> None:
        """The tile cannot be drawn: say why (Bitrix24 would show an empty tile)."""
        self.badge.clear()
        self.large.clear()
        self._describe(text)
        self.note.set_tone(TextTone.ERROR)
        self.note.setText(text)
        self._generation += 1
        self.updated.emit()

    def _describe(self, description: str) -> None:
        for label in (self.badge, self.large):
            label.setAccessibleName(description)
        self.setAccessibleDescription(description)
