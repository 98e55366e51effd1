"""Tooltips for every parameter, from the core's field help (the reference's facts, our words).

The tooltip is rich text so Qt wraps it: the short help first, then the details.
"""

from __future__ import annotations

import html


def tooltip_for(path: str) -> str:
    """The tooltip for parameter ``path``: its label, the short help and the details."""
    from gui.core.model.field_help import help_for

    found = help_for(path)
    parts = [f"<b>{html.escape(found.label)}</b> ({html.escape(path)})"]
    parts.append(html.escape(found.tooltip))
    if found.details and found.details != found.tooltip:
        parts.append(f"<span style='color:#555'>{html.escape(found.details)}</span>")
    return "<p>" + "</p><p>".join(parts) + "</p>"
