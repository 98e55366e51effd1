"""“Copy as curl / PHP / JS”: the current request in the Bitrix24 docs' shapes, on the clipboard.

The text comes from the core's exporter, which puts a token placeholder where ``auth`` goes —
never the stored token.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication

from gui.core.i18n import _
from gui.core.model.connector import Connector
from gui.qt.feedback import Feedback

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


class CopyRequestActions(QObject):
    """Serves Request ▸ Copy as curl / PHP / JS (one action per kind in :data:`KINDS`).

    Signals: none; what was copied is said through ``feedback``.
    """

    def __init__(
        self,
        actions: dict[str, QAction],
        connector: Callable[[], Connector],
        portal_text: Callable[[], str],
        feedback: Feedback,
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._connector = connector
        self._portal_text = portal_text
        self._feedback = feedback
        for kind, action in actions.items():
            action.triggered.connect(lambda _checked=False, kind=kind: self.copy(kind))

    def copy(self, kind: str) -> None:
        """Copy the form's request as ``kind`` and say so."""
        try:
            text = request_text(kind, self._connector(), self._portal_text())
        except Exception as exc:
            self._feedback.error(exc)
            return
        QGuiApplication.clipboard().setText(text)
        self._feedback.say(
            _("Copied the request as {kind} (with a token placeholder, never your token).").format(
                kind={"curl": "curl", "php": "PHP", "js": "JS"}.get(kind, kind)
            )
        )
