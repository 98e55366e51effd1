"""The request log: each request and answer as JSON, secrets already masked by the recorder."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from gui.core.i18n import _

MAX_BLOCKS = 5000


class RequestLog(QWidget):
    """Shows the request log entries.

    Signals:
        entry_received(object entry): emit from any thread to append ``entry`` (a JSON-ready
            dict whose secrets are masked); delivered to the GUI thread by Qt.
    """

    entry_received = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("request_log")
        self.text = QPlainTextEdit()
        self.text.setObjectName("request_log.text")
        self.text.setAccessibleName(_("Request log"))
        self.text.setReadOnly(True)
        self.text.setMaximumBlockCount(MAX_BLOCKS)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setPlaceholderText(_("Requests and answers appear here, secrets masked."))
        clear = QPushButton(_("Clear"))
        clear.setObjectName("request_log.clear")
        clear.setAccessibleName(_("Clear the request log"))
        clear.clicked.connect(self.text.clear)
        caption = QLabel(_("Each request and answer, as JSON; tokens and secrets masked."))
        caption.setObjectName("request_log.caption")
        caption.setWordWrap(True)
        self.text.setAccessibleDescription(caption.text())
        header = QHBoxLayout()
        header.addWidget(caption, 1)
        header.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(header)
        layout.addWidget(self.text)
        self.entry_received.connect(self._on_self_entry_received)

    def sink(self, entry: dict[str, Any]) -> None:
        """The recorder's sink: thread-safe (a queued signal when called off the GUI thread)."""
        self.entry_received.emit(entry)

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def _on_self_entry_received(self, entry: object) -> None:
        stamp = dt.datetime.now().strftime("%H:%M:%S")
        if isinstance(entry, dict):
            direction = {"request": "→", "response": "←", "error": "✕"}.get(
                str(entry.get("direction")), "·"
            )
            head = f"{stamp} {direction} {entry.get('method', '')} {entry.get('url', '')}".rstrip()
            if "status" in entry:
                head += f"  HTTP {entry['status']} ({entry.get('elapsed_ms', '?')} ms)"
            body = json.dumps(entry.get("body", entry), ensure_ascii=False, indent=2)
        else:
            head, body = stamp, str(entry)
        self.text.appendPlainText(f"{head}\n{body}\n")
