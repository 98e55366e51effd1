"""Tooltips for every parameter, taken from the core's field help (the reference's words)."""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def tooltip_for(path: str) -> str:
    """The help text for parameter ``path`` (empty when the core has none)."""
    try:
        from gui.core import field_help
    except ImportError:  # the core's help module is optional for the window to work
        return ""
    try:
        return str(field_help.help_for(path))
    except (KeyError, AttributeError):
        log.debug("no help text for %s", path)
        return ""
