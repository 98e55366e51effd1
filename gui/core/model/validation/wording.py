"""How a user's value is quoted inside a problem's message: short, printable, its JSON type named.

Messages are shown beside a field and written to logs, so user text never reaches them raw.
"""

from __future__ import annotations

from collections.abc import Mapping


def show_char(ch: str) -> str:
    """A character as a user can see it: itself, or ``U+XXXX`` for spaces and invisible ones."""
    return ch if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def preview(value: object, limit: int = 40) -> str:
    """A short, printable form of a value for a message (invisible characters spelled out)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)


def json_type(value: object) -> str:
    """What a JSON value is, in words for a message: ``the number 1``, ``an object``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {preview(value)}"
    if isinstance(value, str):
        return f'the text "{preview(value)}"'
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"
