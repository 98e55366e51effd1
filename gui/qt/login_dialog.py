"""Log in…: the OAuth authorization-code flow for the portal in the panel (placeholder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.core.errors import AuthError

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow


def run_login(window: MainWindow) -> None:
    window._on_error(AuthError("Log in is not available yet.", code="NOT_BUILT", field="portal"))
