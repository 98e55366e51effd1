"""Try it with the local sandbox (placeholder)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.core.errors import InternalError

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow


def start_sandbox(window: MainWindow) -> None:
    window._on_error(InternalError("The sandbox is not available yet.", code="NOT_BUILT"))
