"""The window follows the system's colour scheme (light or dark).

Qt ≥ 6.5 reports the scheme (``QStyleHints.colorScheme``) and, on most desktops, its platform
theme already hands over a matching palette: that palette is used as it is (on Linux too — a
GTK or KDE theme's own colours, a high-contrast theme). Where the system says "dark" but the
palette Qt got is light (no platform theme, or a style that ignores the scheme), the window
switches to the Fusion style with :func:`dark_palette`; back to the system's palette when the
scheme turns light again. Text colours follow in :mod:`gui.qt.tones`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from gui.qt.tones import is_dark

FOLLOWER_NAME = "b24cc.colour_scheme"


def dark_palette() -> QPalette:
    """A dark palette for the Fusion style (text ≥ 7:1 on its window and base colours)."""
    palette = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#202326",
        role.WindowText: "#e8eaed",
        role.Base: "#17191b",
        role.AlternateBase: "#26292d",
        role.ToolTipBase: "#2b2f33",
        role.ToolTipText: "#e8eaed",
        role.PlaceholderText: "#9aa0a6",
        role.Text: "#e8eaed",
        role.Button: "#2b2f33",
        role.ButtonText: "#e8eaed",
        role.BrightText: "#ffffff",
        role.Light: "#3c4043",
        role.Midlight: "#33373b",
        role.Mid: "#5f6368",
        role.Dark: "#111315",
        role.Shadow: "#000000",
        role.Highlight: "#5fa8ff",
        role.HighlightedText: "#0b0c0d",
        role.Link: "#8ab4f8",
        role.LinkVisited: "#c58af9",
    }
    for colour_role, value in colours.items():
        palette.setColor(colour_role, QColor(value))
    for colour_role in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(group.Disabled, colour_role, QColor("#80868b"))
    return palette


class ColourSchemeFollower(QObject):
    """Keeps the application's palette in step with the system's colour scheme.

    Signals: none. Made once per application by :func:`follow_system_colour_scheme`.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.setObjectName(FOLLOWER_NAME)
        self._app = app
        self._forced = False
        self._platform_style = app.style().name()

    @property
    def forced(self) -> bool:
        """True while the window uses its own palette (the system's did not match its scheme)."""
        return self._forced

    def apply(self, scheme: Qt.ColorScheme) -> None:
        """Use the system's palette if it matches ``scheme``, else the window's own."""
        app = self._app
        if self._forced:  # back to what the platform gives, then decide again
            app.setPalette(QPalette())
            app.setStyle(QStyleFactory.create(self._platform_style) or app.style())
            self._forced = False
        platform_dark = is_dark(QGuiApplication.palette())
        if scheme == Qt.ColorScheme.Dark and not platform_dark:
            app.setStyle("Fusion")
            app.setPalette(dark_palette())
            self._forced = True
        elif scheme == Qt.ColorScheme.Light and platform_dark:
            app.setStyle("Fusion")
            app.setPalette(app.style().standardPalette())
            self._forced = True


def follow_system_colour_scheme(
    app: QApplication, scheme: Qt.ColorScheme | None = None
) -> ColourSchemeFollower:
    """The application's follower (made on first call), applied to ``scheme`` (default: the
    scheme the system reports now). ``gui.qt.app`` calls it when the scheme is dark at start and
    whenever the system's scheme changes."""
    follower = app.findChild(ColourSchemeFollower, FOLLOWER_NAME)
    if follower is None:
        follower = ColourSchemeFollower(app)
    scheme = app.styleHints().colorScheme() if scheme is None else scheme
    if scheme != Qt.ColorScheme.Unknown:
        follower.apply(scheme)
    return follower
