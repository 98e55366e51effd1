"""Tinting an icon's ``currentColor`` glyph.

In an SVG used as a CSS background image, ``currentColor`` has no surrounding text colour to
inherit, so it paints black (BITRIX.md §4). Icon sets such as Tabler, Lucide and Feather draw with
``currentColor``; Bitrix24's own connector icons are white glyphs on a coloured circle. Tinting
replaces every ``currentColor`` keyword with a chosen colour so the glyph looks as intended.
"""

from __future__ import annotations

import re

from gui.core.errors import InvalidInputError

_CURRENT_COLOR = re.compile(rb"\bcurrentcolor\b", re.IGNORECASE)
_SAFE_COLOR_TEXT = re.compile(r"[#a-zA-Z0-9(),.% /+-]{1,64}")


def uses_current_color(svg: bytes) -> bool:
    """Whether the SVG paints anything with ``currentColor`` (which a browser paints black)."""
    return _CURRENT_COLOR.search(svg) is not None


def tint_current_color(svg: bytes, color: str) -> bytes:
    """``svg`` with every ``currentColor`` replaced by ``color`` (any CSS colour).

    The colour is checked first, so the result is still well-formed XML and CSS: a value with
    quotes, angle brackets or semicolons could otherwise break out of an attribute or a style.
    """
    from gui.core.icon.css_values import parse_color

    text = color.strip()
    try:
        if not _SAFE_COLOR_TEXT.fullmatch(text):
            raise ValueError("it contains characters no CSS colour has")
        parse_color(text)
    except ValueError as exc:
        raise InvalidInputError(
            f"Cannot tint the icon with {color!r}: {exc}", code="TINT_COLOR_INVALID"
        ) from None
    return _CURRENT_COLOR.sub(text.encode("ascii"), svg)
