"""What "a text is cut" means, for the language tests: a label, button, check box, group title or
tab whose text needs more room than it has, or that sits (partly) outside the part of a scroll
area that can be seen without scrolling sideways. Vertical scrolling is by design (the form and
the portal column scroll); sideways scrolling or a clipped word is not."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QGroupBox,
    QLabel,
    QScrollArea,
    QTabBar,
    QWidget,
)


def _outside_scroll_view(widget: QWidget) -> str:
    """Why ``widget`` cannot be seen in full sideways (empty when it can)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            viewport = parent.viewport()
            left, right = widget.mapTo(viewport, widget.rect().topLeft()).x(), viewport.width()
            if left < 0 or left + widget.width() > right:
                return f"outside its scroll area sideways ({left}+{widget.width()} > {right})"
        parent = parent.parentWidget()
    return ""


def _cut(widget: QWidget) -> str:
    """Why ``widget``'s own text does not fit its own size (empty when it does)."""
    hint = widget.sizeHint()
    if isinstance(widget, QLabel):
        if not widget.text() or not widget.pixmap().isNull():
            return ""
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height() + 1:
                return f"needs {needed} px of height, has {widget.height()}"
            return ""
    if isinstance(widget, QGroupBox):
        title = widget.fontMetrics().horizontalAdvance(widget.title()) + 16
        return f"title needs {title} px, has {widget.width()}" if title > widget.width() else ""
    lines = widget.fontMetrics().height() * (1 + widget.text().count("\n"))  # type: ignore[attr-defined]
    if hint.width() > widget.width() or lines > widget.height():
        return f"needs {hint.width()}×{lines}, has {widget.width()}×{widget.height()}"
    return ""


def cut_texts(window: QWidget) -> list[str]:
    """Every visible text in ``window`` that is cut, with what it is and why."""
    found = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, (QLabel, QAbstractButton, QGroupBox)):
            continue
        text = widget.title() if isinstance(widget, QGroupBox) else widget.text()
        if not text:
            continue
        reason = _cut(widget) or _outside_scroll_view(widget)
        if reason:
            found.append(f"{type(widget).__name__} {widget.objectName()!r} {text[:50]!r}: {reason}")
    for bar in window.findChildren(QTabBar):
        for index in range(bar.count()):
            rect: QRect = bar.tabRect(index)
            needed = bar.fontMetrics().horizontalAdvance(bar.tabText(index))
            if bar.isVisible() and needed > rect.width():
                found.append(f"tab {bar.tabText(index)!r}: needs {needed} px, has {rect.width()}")
    return found
