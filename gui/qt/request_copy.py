"""“Copy as curl / PHP / JS”: the current request in the Bitrix24 docs' shapes, on the clipboard.

The text comes from the core's exporter, which puts a token placeholder where ``auth`` goes —
never the stored token.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from gui.core.model.connector import Connector

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow

KINDS = ("curl", "php", "js")


def request_text(kind: str, connector: Connector, portal_url: str) -> str:
    """The request as ``kind`` (one of :data:`KINDS`); no portal yet: the docs' placeholder."""
    from gui.core.model import request_export

    if kind == "curl":
        return request_export.as_curl(connector, portal_url or None)
    if kind == "php":
        return request_export.as_php(connector)
    if kind == "js":
        return request_export.as_js(connector)
    raise ValueError(f"unknown export kind {kind!r}")


def copy_request(kind: str, connector: Connector, portal_url: str) -> str:
    """Put the request on the clipboard; returns what was copied."""
    text = request_text(kind, connector, portal_url)
    QGuiApplication.clipboard().setText(text)
    return text


class CopyRequestActions(QObject):
    """Serves Request ▸ Copy as curl / PHP / JS for ``window``.

    Signals: none; what was copied is said in the status line, failures go to the error slot.
    """

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        window.act_curl.triggered.connect(self._on_copy_curl_triggered)
        window.act_php.triggered.connect(self._on_copy_php_triggered)
        window.act_js.triggered.connect(self._on_copy_js_triggered)

    def copy(self, kind: str) -> None:
        """Copy the form's request as ``kind`` and say so."""
        window = self._window
        try:
            copy_request(kind, window.form.connector(), window.portal_panel.text())
        except Exception as exc:
            window.report_error(exc)
            return
        window.say(f"Copied the request as {kind} (with a token placeholder, never your token).")

    def _on_copy_curl_triggered(self) -> None:
        self.copy("curl")

    def _on_copy_php_triggered(self) -> None:
        self.copy("php")

    def _on_copy_js_triggered(self) -> None:
        self.copy("js")
