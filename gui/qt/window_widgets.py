"""Where the window's widgets sit: the form on the left, the portal, previews and Register on
the right, the request log docked below.

Only construction and placement; the window connects and drives the widgets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gui.qt.connector_form import ConnectorForm
from gui.qt.portal_panel import PortalPanel
from gui.qt.preview import TilePreview
from gui.qt.request_log import RequestLog
from gui.qt.status_view import StatusView

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow

STYLE_SHEET = """
QLineEdit[problem="error"], QComboBox[problem="error"], QPlainTextEdit[problem="error"] {
    border: 1px solid #b3261e; border-radius: 2px; }
QLineEdit[problem="warning"], QComboBox[problem="warning"], QPlainTextEdit[problem="warning"] {
    border: 1px solid #c58a00; border-radius: 2px; }
"""
"""Frames a field with a problem (the ``problem`` property set by ``field_row.mark_editor``)."""
SIDE_WIDTH = 370
REQUEST_LOG_HEIGHT = 150


def build_widgets(window: MainWindow) -> None:
    """Create the window's widgets as its public attributes and lay them out.

    ``form``, ``portal_panel``, ``preview_active``, ``preview_disabled``, ``register_button``,
    ``cancel_button``, ``busy``, ``status``, ``request_log`` and ``log_dock``.
    """
    window.form = ConnectorForm()
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(window.form)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)

    window.portal_panel = PortalPanel()
    window.preview_active = TilePreview("ICON", "Active (connected)")
    window.preview_disabled = TilePreview("ICON_DISABLED", "Disabled (not connected)")
    window.register_button = QPushButton("Register")
    window.register_button.setObjectName("register")
    window.register_button.setAccessibleName("register")
    window.register_button.setDefault(True)
    window.register_button.setMinimumHeight(34)
    window.cancel_button = QPushButton("Cancel")
    window.cancel_button.setObjectName("cancel")
    window.cancel_button.setAccessibleName("cancel")
    window.cancel_button.setToolTip("Stop waiting for the portal (Esc)")
    window.cancel_button.setEnabled(False)
    window.busy = QProgressBar()
    window.busy.setObjectName("busy")
    window.busy.setAccessibleName("busy")
    window.busy.setRange(0, 0)
    window.busy.setTextVisible(False)
    window.busy.setMaximumHeight(10)
    window.busy.setVisible(False)
    window.status = StatusView()

    buttons = QHBoxLayout()
    buttons.addWidget(window.register_button, 1)
    buttons.addWidget(window.cancel_button)
    side = QWidget()
    side_layout = QVBoxLayout(side)
    side_layout.addWidget(window.portal_panel)
    side_layout.addWidget(window.preview_active)
    side_layout.addWidget(window.preview_disabled)
    side_layout.addStretch(1)
    side_layout.addLayout(buttons)
    side_layout.addWidget(window.busy)
    side_layout.addWidget(window.status)

    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.setObjectName("main_splitter")
    splitter.addWidget(scroll)
    splitter.addWidget(side)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    splitter.setChildrenCollapsible(False)
    window.setCentralWidget(splitter)
    # The form gets the larger share, also when the window was already on screen (run_window
    # builds after the first paint, when the splitter would otherwise split by size hints).
    scrollbar = scroll.verticalScrollBar().sizeHint().width()
    needed = window.form.minimumSizeHint().width() + scrollbar + 8
    form_width = max(window.width() - SIDE_WIDTH, needed)
    splitter.setSizes([form_width, max(window.width() - form_width, 300)])

    window.request_log = RequestLog()
    window.log_dock = QDockWidget("Request log", window)
    window.log_dock.setObjectName("request_log_dock")
    window.log_dock.setWidget(window.request_log)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, window.log_dock)
    window.resizeDocks([window.log_dock], [REQUEST_LOG_HEIGHT], Qt.Orientation.Vertical)
