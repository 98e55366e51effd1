"""``python -m gui``: the QApplication, the window on screen fast, then everything else.

Only Qt and the light parts of the core are imported before the first paint. ``requests``,
``keyring`` and ``cairosvg`` load afterwards: keyring on the GUI thread with the first token
read (right after the window is shown, not inside the first click), the others on the runners'
threads with the first preview render and a warm-up of the network modules.
"""

from __future__ import annotations

import logging
import sys
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from gui.core.errors import B24Error
from gui.core.paths import resources_dir
from gui.qt.language import apply_language
from gui.qt.settings import APPLICATION, LANGUAGE, ORGANIZATION, AppSettings

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow

log = logging.getLogger(__name__)

_FOLLOWS_SCHEME = "b24cc_follows_colour_scheme"


class FirstPaintWatcher(QObject):
    """Tells when a widget has been painted for the first time.

    Signals:
        painted(): the watched widget received its first paint event (emitted on the next
            turn of the event loop, once that frame is done).
    """

    painted = Signal()

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._done = False
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._done and event.type() == QEvent.Type.Paint:
            self._done = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.painted.emit)
        return False


def ensure_application(
    settings: AppSettings | None = None, *, scheme_now: bool = True
) -> QApplication:
    """The running QApplication, created (with our names, for QSettings) if there is none,
    following the system's colour scheme (unless ``scheme_now`` is false: the caller
    calls :func:`follow_colour_scheme` later); with ``settings``, the language they
    choose is applied (the program's and Qt's own texts) — before any widget is built."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    if not QApplication.organizationName():
        QApplication.setOrganizationName(ORGANIZATION)
    if not QApplication.applicationName() or QApplication.applicationName() == "python":
        QApplication.setApplicationName(APPLICATION)
    QApplication.setApplicationDisplayName("B24 Connector Configurator")
    if QApplication.windowIcon().isNull():
        # QIcon loads the file only when a window manager asks for it: free at start-up.
        QApplication.setWindowIcon(QIcon(str(resources_dir() / "app-icon.png")))
    assert isinstance(app, QApplication)
    if scheme_now:
        follow_colour_scheme(app)
    if settings is not None:
        apply_language(settings.get(LANGUAGE))
    return app


def follow_colour_scheme(app: QApplication) -> None:
    """Follow the system's colour scheme (:mod:`gui.qt.colour_scheme`), loaded only when the
    scheme is dark at start or changes: the palette classes cost ~60 ms on their first use,
    and a light system needs nothing before the first paint.

    Asking for the scheme makes PySide6 build every enum of the ``Qt`` namespace (~30 ms), so
    :func:`run_window` asks right after the first paint, before the form is built: only where
    the system is dark and its palette is not (no platform theme) is that first, empty frame
    light."""
    from PySide6.QtCore import Qt

    if app.property(_FOLLOWS_SCHEME):
        return
    app.setProperty(_FOLLOWS_SCHEME, True)

    def follow(scheme: Qt.ColorScheme) -> None:
        from gui.qt.colour_scheme import follow_system_colour_scheme

        follow_system_colour_scheme(app, scheme)

    hints = app.styleHints()
    hints.colorSchemeChanged.connect(follow)
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        follow(Qt.ColorScheme.Dark)


def _set_up_logging() -> None:
    """The program's log file, secrets masked (the core's set-up); after the first paint."""
    from gui.core.logs import try_configure_logging

    try_configure_logging()


def _warm_up_network() -> None:
    """Import the network modules on a pool thread, so the first Register does not pay for it."""
    import gui.core.portal.rest
    import gui.core.portal.transport  # noqa: F401


def _route_uncaught_exceptions(window: MainWindow) -> None:
    """An exception escaping a slot is logged with its traceback and shown as a short message
    (never a traceback dialog, never silence); the window keeps running."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        # The window's error slot logs anything unexpected with its traceback; a B24Error that
        # escaped a slot is logged here too, since it should have been handled where it arose.
        if isinstance(error, B24Error):
            log.warning("unhandled %r", error, exc_info=(kind, error, tb))
        try:
            window.feedback.error(error.with_traceback(tb))
        except Exception:  # the window may be half built or gone
            log.error("uncaught exception", exc_info=(kind, error, tb))

    sys.excepthook = hook


def run_window(quit_after_first_paint: bool = False) -> int:
    """Show the window; with ``quit_after_first_paint`` quit as soon as it has been painted.

    The window is shown empty and built right after its first paint (then filled, validated,
    and the keyring read), so it is on screen as early as a bare QMainWindow would be.
    """
    settings = AppSettings.default()
    app = ensure_application(settings, scheme_now=False)
    from gui.qt.main_window import MainWindow

    window = MainWindow(settings, build=False)
    _route_uncaught_exceptions(window)
    watcher = FirstPaintWatcher(window)
    if quit_after_first_paint:
        watcher.painted.connect(app.quit)
    else:
        watcher.painted.connect(lambda: follow_colour_scheme(app))  # before the build
        watcher.painted.connect(_set_up_logging)
        watcher.painted.connect(window.start)
        watcher.painted.connect(
            lambda: window.network_runner.submit(lambda _cancel: _warm_up_network())
        )
    window.show()
    return app.exec()
