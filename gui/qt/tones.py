"""The colours of what the window says — errors, warnings, success, notes — chosen for the
palette in use, so they stay readable in light, dark and high-contrast schemes.

Each tone has a colour for light palettes and one for dark ones (WCAG contrast ≥ 4.5:1 against
Qt's standard light palette and :func:`gui.qt.colour_scheme.dark_palette`, measured in the
tests). A palette that is neither (a high-contrast theme, a user's own colours) gets the tone's
colour only where it still reaches 4.5:1; elsewhere the palette's own text colour is used, so no
text ever becomes unreadable. A window re-colours its texts when the palette changes
(:func:`apply_tone`, then :func:`refresh_tones` from the window's ``changeEvent``).
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QWidget

MIN_CONTRAST = 4.5
"""WCAG 2 AA for normal text."""


class TextTone(Enum):
    """What a text is: plain, good news, a problem that blocks, a problem that does not, a note."""

    PLAIN = "plain"
    SUCCESS = "success"
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


_ON_LIGHT = {
    TextTone.SUCCESS: "#1b6e20",
    TextTone.ERROR: "#b3261e",
    TextTone.WARNING: "#8a5a00",
    TextTone.NOTE: "#44546a",
}
_ON_DARK = {
    TextTone.SUCCESS: "#7fd88a",
    TextTone.ERROR: "#ff9a8f",
    TextTone.WARNING: "#f2c063",
    TextTone.NOTE: "#b4c2d2",
}
_BORDERS_ON_LIGHT = {TextTone.ERROR: "#b3261e", TextTone.WARNING: "#c58a00"}
_BORDERS_ON_DARK = {TextTone.ERROR: "#ff8a80", TextTone.WARNING: "#e0a800"}


def relative_luminance(colour: QColor) -> float:
    """WCAG 2's relative luminance of an sRGB colour (0 black … 1 white)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(v) for v in (colour.redF(), colour.greenF(), colour.blueF()))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2's contrast ratio, 1 (same) … 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return relative_luminance(window) < relative_luminance(text)


def tone_colour(tone: TextTone, palette: QPalette) -> QColor:
    """The colour of ``tone``'s text on ``palette``'s window (readable: ≥ 4.5:1, or plain)."""
    plain = palette.color(QPalette.ColorRole.WindowText)
    if tone is TextTone.PLAIN:
        return plain
    colour = QColor((_ON_DARK if is_dark(palette) else _ON_LIGHT)[tone])
    backgrounds = (palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base))
    if all(contrast_ratio(colour, background) >= MIN_CONTRAST for background in backgrounds):
        return colour
    return plain


def border_colour(tone: TextTone, palette: QPalette) -> str:
    """The frame colour of a field with an error or warning (a frame, not text)."""
    borders = _BORDERS_ON_DARK if is_dark(palette) else _BORDERS_ON_LIGHT
    return borders.get(tone, palette.color(QPalette.ColorRole.Mid).name())


def _application_palette() -> QPalette:
    return QGuiApplication.palette()


def apply_tone(widget: QWidget, tone: TextTone, bold: bool = False) -> None:
    """Colour ``widget``'s text for ``tone`` (remembered, so palette changes re-colour it)."""
    widget.setProperty("tone", tone.value)
    widget.setProperty("tone_bold", bold)
    colour = tone_colour(tone, _application_palette()).name()
    weight = "bold" if bold else "normal"
    plain = tone is TextTone.PLAIN and not bold
    sheet = "" if plain else f"color: {colour}; font-weight: {weight};"
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


PALETTE_EVENTS = (
    QEvent.Type.PaletteChange,
    QEvent.Type.ApplicationPaletteChange,
    QEvent.Type.StyleChange,
    QEvent.Type.ThemeChange,
)
"""What a top-level window receives when the colours may have changed. A text coloured by its
style sheet receives none of them itself (its palette is its own): its window re-colours it."""


def refresh_tones(root: QWidget) -> None:
    """Re-colour every text under ``root`` that has a tone (after the palette changed)."""
    for widget in root.findChildren(QWidget):
        value = widget.property("tone")
        if value:
            apply_tone(widget, TextTone(value), bool(widget.property("tone_bold")))
