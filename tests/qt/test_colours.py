"""Dark mode and high contrast: every status, hint and error colour is readable (WCAG contrast
≥ 4.5:1) on a light and on a dark palette, and the window follows the system's colour scheme."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget
from pytestqt.qtbot import QtBot

from gui.qt.colour_scheme import dark_palette, follow_system_colour_scheme
from gui.qt.field_row import FieldMessage, MessageKind
from gui.qt.main_window import MainWindow
from gui.qt.tones import MIN_CONTRAST, TextTone, contrast_ratio, is_dark, tone_colour

LIGHT = QStyleFactory.create("Fusion").standardPalette()
COLOURED = [tone for tone in TextTone if tone is not TextTone.PLAIN]


def _high_contrast() -> QPalette:
    """A high-contrast theme's palette: yellow text on black."""
    palette = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        palette.setColor(role, QColor("#000000"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor("#ffff00"))
    return palette


@pytest.fixture
def restore_palette() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    style, palette = app.style().name(), app.palette()
    yield
    app.setStyle(style)
    app.setPalette(palette)


def test_wcag_contrast_is_measured_as_the_standard_says() -> None:
    assert contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio(QColor("#2fc6f6"), QColor("#2fc6f6")) == pytest.approx(1.0)


@pytest.mark.parametrize("palette", [LIGHT, dark_palette()], ids=["light", "dark"])
@pytest.mark.parametrize("tone", COLOURED, ids=[tone.value for tone in COLOURED])
def test_every_tone_is_readable_on_light_and_dark(palette: QPalette, tone: TextTone) -> None:
    colour = tone_colour(tone, palette)
    assert colour != palette.color(QPalette.ColorRole.WindowText)  # its own colour, not plain
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base):
        ratio = contrast_ratio(colour, palette.color(role))
        assert ratio >= MIN_CONTRAST, f"{tone.value} {colour.name()} on {role.name}: {ratio:.2f}"


def test_a_palette_where_a_tone_would_be_unreadable_gets_its_plain_text_colour() -> None:
    palette = _high_contrast()
    for tone in COLOURED:
        colour = tone_colour(tone, palette)
        assert contrast_ratio(colour, QColor("#000000")) >= MIN_CONTRAST, tone
    mid_grey = QPalette()
    mid_grey.setColor(QPalette.ColorRole.Window, QColor("#808080"))
    mid_grey.setColor(QPalette.ColorRole.Base, QColor("#808080"))
    mid_grey.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    assert tone_colour(TextTone.ERROR, mid_grey) == QColor("#000000")


def test_the_dark_palette_itself_is_readable() -> None:
    palette = dark_palette()
    assert is_dark(palette) and not is_dark(LIGHT)
    for text, background in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
        (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
        (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    ):
        ratio = contrast_ratio(palette.color(text), palette.color(background))
        assert ratio >= MIN_CONTRAST, f"{text.name} on {background.name}: {ratio:.2f}"


def _shown_colour(label: object) -> QColor:
    """The text colour a label is painted with (its style sheet, else its palette)."""
    sheet = label.styleSheet()  # type: ignore[attr-defined]
    if "color:" in sheet:
        return QColor(sheet.split("color:", 1)[1].split(";", 1)[0].strip())
    return label.palette().color(QPalette.ColorRole.WindowText)  # type: ignore[attr-defined,no-any-return]


def test_the_window_follows_the_system_turning_dark_and_back(
    qtbot: QtBot, open_window: Callable[..., MainWindow], restore_palette: None
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    window = open_window()
    message = window.findChild(FieldMessage, "message.ID")
    assert message is not None
    message.show_message(MessageKind.ERROR, "ID is required")
    light_error = _shown_colour(message)
    assert light_error == QColor("#b3261e")

    follow_system_colour_scheme(app)
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)  # as the platform says it
    qtbot.waitUntil(lambda: is_dark(app.palette()))
    qtbot.waitUntil(lambda: _shown_colour(message) != light_error)
    window_colour = app.palette().color(QPalette.ColorRole.Window)
    assert contrast_ratio(_shown_colour(message), window_colour) >= MIN_CONTRAST
    assert "#ff8a80" in window.styleSheet()  # the error frame is the dark scheme's too
    window.status.say("✗ Not registered.", window.status.tone.ERROR)
    assert contrast_ratio(_shown_colour(window.status), window_colour) >= MIN_CONTRAST

    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Light)
    qtbot.waitUntil(lambda: not is_dark(app.palette()))
    qtbot.waitUntil(lambda: _shown_colour(message) == light_error)


def test_no_tooltip_sets_its_own_text_colour(open_window: Callable[..., MainWindow]) -> None:
    """Tooltips are drawn in the palette's tooltip colours; a fixed grey would vanish on a dark
    tooltip."""
    window = open_window()
    tips = [widget.toolTip() for widget in window.findChildren(QWidget) if widget.toolTip()]
    assert len(tips) > 20
    assert [tip for tip in tips if "color:" in tip] == []
