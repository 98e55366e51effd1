"""Rules every parameter shares: is it text at all, is it empty the way PHP sees it, is it known.

The identity, address and icon rules all start from these, so they are written once here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from gui.core.i18n import _
from gui.core.model.validation.problems import Problem, error, json_type, preview, warning

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
"""Line breaks, tabs and other control characters (invisible in the interface, end a CSS string)."""


def php_empty(value: str) -> bool:
    """PHP's ``empty()`` for a string, which the server applies to required fields."""
    return value in ("", "0")


def is_valid_text(value: str) -> bool:
    """False when the text holds a lone UTF-16 surrogate: no JSON parser on the server takes it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text(field: str, value: object) -> Problem | None:
    """The problem with a text parameter that is not usable text at all, if any."""
    if not isinstance(value, str):
        message = _("{field} must be text; it is {kind}. Enter it as text.")
        return error(field, "NOT_TEXT", message.format(field=field, kind=json_type(value)))
    if not is_valid_text(value):
        message = _(
            "{field} contains a broken character (a lone UTF-16 surrogate) that the portal "
            "cannot read. Delete and retype the text around it."
        )
        return error(field, "BROKEN_CHARACTER", message.format(field=field))
    return None


def unknown_key_problem(field: str, key: str, known: Iterable[str]) -> Problem:
    """The warning for a parameter the portal does not know, with the closest known one."""
    close = difflib.get_close_matches(key.upper(), list(known), n=1, cutoff=0.75)
    if close:
        message = _(
            "{field} is not an imconnector.register parameter; it is kept and sent, and the "
            "portal ignores it. Did you mean {known}?"
        )
    else:
        message = _(
            "{field} is not an imconnector.register parameter; it is kept and sent, and the "
            "portal ignores it."
        )
    text = message.format(field=preview(field, 60), known=close[0] if close else "")
    return warning(field, "UNKNOWN_PARAMETER", text)
