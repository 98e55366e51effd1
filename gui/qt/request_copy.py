"""“Copy as curl / PHP / JS”: the current request in the Bitrix24 docs' shapes, on the clipboard.

The text comes from the core's exporter, which puts a token placeholder where ``auth`` goes —
never the stored token.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from gui.core.connector import Connector

KINDS = ("curl", "php", "js")


def request_text(kind: str, connector: Connector, portal_url: str) -> str:
    """The request as ``kind`` (one of :data:`KINDS`); no portal yet: the docs' placeholder."""
    from gui.core import request_export

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
