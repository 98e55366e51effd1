"""The window (PySide6). Thin: every decision is made in :mod:`gui.core`.

:func:`create_window` is the public entry point for UI automation (README, "Automating the
window"): it returns the fully wired main window — the real client, keyring store and settings —
not yet shown. Importing this package imports no Qt at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gui.core.model.draft import DraftStore
    from gui.qt.dialogs import Dialogs
    from gui.qt.main_window import MainWindow
    from gui.qt.settings import AppSettings


def create_window(
    settings: AppSettings | None = None,
    draft_store: DraftStore | None = None,
    dialogs: Dialogs | None = None,
    **collaborators: Callable[..., Any],
) -> MainWindow:
    """The main window with its real collaborators (or the ones given), not yet shown.

    ``collaborators`` may replace ``open_token_store``, ``open_url``, ``clock`` and ``relaunch``
    (see :class:`~gui.qt.main_window.MainWindow`). A QApplication is created if none exists, and
    the language the settings choose is applied (View → Language; empty: the system's). The
    window is complete when this returns: the form holds the restored draft or a new profile,
    validation has run and the previews are being rendered, so automation can drive it at once.
    The first keyring call follows as soon as the event loop runs (``python -m gui`` instead
    paints first and builds after).
    """
    from gui.qt.app import ensure_application
    from gui.qt.main_window import MainWindow
    from gui.qt.settings import AppSettings

    settings = settings or AppSettings.default()
    ensure_application(settings)
    window = MainWindow(
        settings,
        draft_store,
        dialogs,
        **collaborators,
    )
    window.start()
    return window
