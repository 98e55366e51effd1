"""Where the window's widgets sit: the form and the Onboarding part in tabs on the left, the
portal, previews and Register on the right, the request log docked below.

Height the form and the side column do not need goes to the request log (:func:`fit_request_log`,
called whenever the window's height changes): on a large screen the log shows many lines instead
of the window showing empty bands; on a small one the log keeps :data:`REQUEST_LOG_HEIGHT` and the
form and side column scroll.

Only construction and placement: :func:`build_widgets` returns the widgets as one
:class:`WindowWidgets` value; the window hands each presenter the ones it drives.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gui.core.i18n import _
from gui.qt.connector_form import ConnectorForm
from gui.qt.feedback import StatusView
from gui.qt.field_row import spoken
from gui.qt.onboarding_panel import OnboardingPanel
from gui.qt.portal_panel import PortalPanel
from gui.qt.preview import TilePreview
from gui.qt.request_log import RequestLog
from gui.qt.tones import TextTone, border_colour


def style_sheet(palette: QPalette) -> str:
    """Frames a field with a problem (the ``problem`` property set by ``field_row.mark_editor``)
    in the palette's colours; a focused field keeps a visible, thicker frame in the palette's
    highlight colour (a style sheet border replaces the style's own focus frame)."""
    focus = palette.color(QPalette.ColorRole.Highlight).name()
    rules = []
    kinds = ("QLineEdit", "QComboBox", "QPlainTextEdit")
    for tone in (TextTone.ERROR, TextTone.WARNING):
        fields = ", ".join(f'{kind}[problem="{tone.value}"]' for kind in kinds)
        focused = ", ".join(f'{kind}[problem="{tone.value}"]:focus' for kind in kinds)
        rules.append(
            f"{fields} {{ border: 1px solid {border_colour(tone, palette)}; border-radius: 2px; }}"
        )
        rules.append(f"{focused} {{ border: 2px solid {focus}; }}")
    # A read-only text (the request log) shows no cursor: its frame says it has the focus.
    rules.append(f'QPlainTextEdit[readOnly="true"]:focus {{ border: 2px solid {focus}; }}')
    return "\n".join(rules)

SIDE_WIDTH = 370
REQUEST_LOG_HEIGHT = 150
_FRAME = 6
"""Layout margins around a column (approximate; a few pixels either way only move the log)."""


@dataclass(frozen=True)
class WindowWidgets:
    """The window's widgets (the presenters get the ones they drive)."""

    form: ConnectorForm
    onboarding: OnboardingPanel
    tabs: QTabWidget
    portal_panel: PortalPanel
    preview_active: TilePreview
    preview_disabled: TilePreview
    register_button: QPushButton
    cancel_button: QPushButton
    busy: QProgressBar
    status: StatusView
    request_log: RequestLog
    log_dock: QDockWidget
    side_panels: QWidget
    side_controls: tuple[QWidget, ...]


def _named_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.setAccessibleName(spoken(text))
    return button


def _scrolled(widget: QWidget, name: str) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setAccessibleName(name)
    # No tab stop of its own (it would show no focus): Tab goes to the fields inside, and the
    # area scrolls to show the one that has the focus.
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    scroll.setWidgetResizable(True)
    scroll.setWidget(widget)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    return scroll


def build_widgets(window: QMainWindow) -> WindowWidgets:
    """Create the window's widgets and lay them out in ``window``."""
    form = ConnectorForm()
    scroll = _scrolled(form, _("Connector"))
    onboarding = OnboardingPanel()
    tabs = QTabWidget()
    tabs.setObjectName("main_tabs")
    tabs.addTab(scroll, _("Connector"))
    tabs.addTab(_scrolled(onboarding, _("Onboarding")), _("Onboarding"))
    tabs.setAccessibleName(_("Connector and onboarding"))
    tabs.setTabToolTip(
        1, _("After registering: the Open Line, connector data, events and status")
    )

    portal_panel = PortalPanel()
    preview_active = TilePreview("ICON", _("Active (connected)"))
    preview_disabled = TilePreview("ICON_DISABLED", _("Disabled (not connected)"))
    register_button = _named_button(_("Register"), "register")
    # Bold and tall, not a "default" button: in a main window the default look is all that
    # setDefault gives, and in some styles it hides the focus frame.
    font = register_button.font()
    font.setBold(True)
    register_button.setFont(font)
    register_button.setMinimumHeight(34)
    cancel_button = _named_button(_("Cancel"), "cancel")
    cancel_button.setToolTip(_("Stop waiting for the portal (Esc)"))
    cancel_button.setEnabled(False)
    busy = QProgressBar()
    busy.setObjectName("busy")
    busy.setAccessibleName(_("Waiting for the portal"))
    busy.setRange(0, 0)
    busy.setTextVisible(False)
    busy.setMaximumHeight(10)
    busy.setVisible(False)
    status = StatusView()

    buttons = QHBoxLayout()
    buttons.addWidget(register_button, 1)
    buttons.addWidget(cancel_button)
    # The portal and the previews scroll; Register and the status line always stay in view, so
    # the window fits a 1280×720 screen.
    panels = QWidget()
    panels_layout = QVBoxLayout(panels)
    panels_layout.setContentsMargins(0, 0, 0, 0)
    for widget in (portal_panel, preview_active, preview_disabled):
        panels_layout.addWidget(widget)
    panels_layout.addStretch(1)
    side = QWidget()
    side_layout = QVBoxLayout(side)
    side_layout.addWidget(_scrolled(panels, _("Portal and previews")), 1)
    side_layout.addLayout(buttons)
    side_layout.addWidget(busy)
    side_layout.addWidget(status)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("main_splitter")
    splitter.addWidget(tabs)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    window.setCentralWidget(splitter)
    # The form gets the larger share, also when the window was already on screen (run_window
    # builds after the first paint, when the splitter would otherwise split by size hints).
    scrollbar = scroll.verticalScrollBar().sizeHint().width()
    needed = form.minimumSizeHint().width() + scrollbar + 8
    form_width = max(window.width() - SIDE_WIDTH, needed)
    splitter.setSizes([form_width, max(window.width() - form_width, 300)])

    request_log = RequestLog()
    log_dock = QDockWidget(_("Request log"), window)
    log_dock.setObjectName("request_log_dock")
    log_dock.setWidget(request_log)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, log_dock)
    window.resizeDocks([log_dock], [REQUEST_LOG_HEIGHT], Qt.Orientation.Vertical)
    return WindowWidgets(
        form,
        onboarding,
        tabs,
        portal_panel,
        preview_active,
        preview_disabled,
        register_button,
        cancel_button,
        busy,
        status,
        request_log,
        log_dock,
        panels,
        (register_button, busy, status),
    )


def content_height(widgets: WindowWidgets) -> int:
    """The height the central part needs to show the form and the side column unscrolled."""
    tabs = widgets.tabs
    current = tabs.currentWidget()
    inner = current.widget() if isinstance(current, QScrollArea) else current
    tab_bar = tabs.tabBar().sizeHint().height()
    form = tab_bar + (inner.sizeHint().height() if inner is not None else 0) + 2 * _FRAME
    controls = sum(
        w.sizeHint().height() for w in widgets.side_controls if w.isVisibleTo(w.window())
    )
    # The side column's own margins and the spacing between its four rows.
    side = widgets.side_panels.sizeHint().height() + controls + 8 * _FRAME
    return max(form, side)


def fit_request_log(window: QMainWindow, widgets: WindowWidgets) -> None:
    """Give the docked request log whatever height the central part does not need (at least
    :data:`REQUEST_LOG_HEIGHT`); a floating or hidden log is left alone."""
    dock = widgets.log_dock
    central = window.centralWidget()
    if central is None or dock.isFloating() or not dock.isVisible():
        return
    available = central.height() + dock.height()
    wanted = max(REQUEST_LOG_HEIGHT, available - content_height(widgets))
    if wanted != dock.height():
        window.resizeDocks([dock], [wanted], Qt.Orientation.Vertical)
