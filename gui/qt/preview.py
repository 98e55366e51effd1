"""The live preview of one tile: the 44 px round badge as Bitrix24 shows it, and a large view.

The pictures are the core renderer's pixels (the tile exactly as Bitrix24 paints it), produced
on the render runner at the screen's device pixel ratio (crisp on HiDPI: the badge is 88 device
pixels on a 2× screen); this widget shows them as they are, with no image format in between.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

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
        self.setAccessibleName(f"preview.{path}")
        self.setAccessibleDescription(f"{title}: how Bitrix24 will show the icon")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._title = QLabel(f"<b>{title}</b>")
        self.badge = QLabel()
        self.badge.setObjectName(f"preview.{path}.badge")
        self.badge.setFixedSize(BADGE_PX, BADGE_PX)
        self.badge.setToolTip("Actual size: the 44 px round badge of the Contact Center")
        self.large = QLabel()
        self.large.setObjectName(f"preview.{path}.large")
        self.large.setFixedSize(LARGE_PX, LARGE_PX)
        self.large.setToolTip(f"The same tile at {LARGE_PX} px")
        self.note = QLabel()
        self.note.setObjectName(f"preview.{path}.note")
        self.note.setWordWrap(True)
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

    def show_pictures(self, badge: TileImage, large: TileImage, note: str) -> None:
        """Show two tiles rendered at ``BADGE_PX`` and ``LARGE_PX`` × the device pixel ratio."""
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
        self.note.setStyleSheet("")
        self.note.setText(note)
        self._generation += 1
        self.updated.emit()

    def show_problem(self, text: str) -> None:
        """The tile cannot be drawn: say why (Bitrix24 would show an empty tile)."""
        self.badge.clear()
        self.large.clear()
        self.note.setStyleSheet("color: #b3261e;")
        self.note.setText(text)
        self._generation += 1
        self.updated.emit()
