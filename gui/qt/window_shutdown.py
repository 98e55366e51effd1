"""Closing the window: stop what runs, keep the window's place, let the workers finish.

Order matters: nothing new may start (draft saves, the keyring timer, dialogs), the running
request is cancelled and the window hidden while it winds down, the settings are written before
the possibly long wait, then the runners are joined with a bound and the sandbox stopped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from gui.qt import settings as keys

if TYPE_CHECKING:
    from gui.qt.gui_thread_call import GuiThreadCall
    from gui.qt.main_window import MainWindow
    from gui.qt.settings import AppSettings

SHUTDOWN_BOUND_S = 75.0
"""A running request cannot be interrupted: its connect + read timeouts (10 + 65 s) bound it."""
RENDER_SHUTDOWN_BOUND_S = 5.0


def save_window_state(window: MainWindow, settings: AppSettings) -> None:
    """The window's place, its docks, the request log's visibility and the last portal."""
    settings.set(keys.GEOMETRY, window.saveGeometry())
    settings.set(keys.WINDOW_STATE, window.saveState())
    settings.set(keys.SHOW_REQUEST_LOG, window.log_dock.isVisible())
    if window.portal_panel.text():
        settings.set(keys.LAST_PORTAL, window.portal_panel.text())
    settings.sync()


def shut_down(window: MainWindow, settings: AppSettings, gui_call: GuiThreadCall) -> None:
    """Everything a built window does when it closes (the user has agreed to close)."""
    window.documents.stop()
    window.portal.stop()
    for dialog in window.findChildren(QDialog):
        dialog.reject()  # a login dialog stops its listener and cancels its wait
    busy = window.register_controller.busy
    window.register_controller.cancel()
    if busy:
        # A request cannot be interrupted mid-read: the window goes away now, and the
        # wait below (bounded by the request's timeouts) happens out of sight.
        window.hide()
    save_window_state(window, settings)
    window.render_runner.shutdown(RENDER_SHUTDOWN_BOUND_S)
    window.network_runner.shutdown(SHUTDOWN_BOUND_S, gui_call.drain)
    gui_call.drain()
    window.portal.close_sandbox()
    window.documents.discard_draft()
