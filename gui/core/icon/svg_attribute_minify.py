"""One attribute value written shorter: path data, coordinates, numbers and colours.

:func:`minify_attribute` is what :mod:`gui.core.icon.svg_minify` calls for every kept attribute
when values may be rewritten. Coordinates in user units (path data, ``points``, the geometry of
basic shapes) are rounded to ``decimals`` when the element's precision is known (``None``: keep
every digit, only the spelling gets shorter). Everything else changes spelling only: ``0.50`` →
``.5`` in numeric attributes, ``#ffcc00`` → ``#fc0`` in colours. A value that does not read as
expected is returned unchanged.
"""

from __future__ import annotations

import re

from gui.core.icon.path_data import minify_path_data
from gui.core.icon.svg_numbers import (
    MAX_DECIMALS,
    NUMBER,
    PLAIN_NUMBER,
    format_fixed,
    shorten_number,
    shorten_numbers_in,
    source_decimals,
    to_fixed,
)

SHAPE_COORDINATES = {
    "rect": frozenset({"x", "y", "width", "height", "rx", "ry"}),
    "circle": frozenset({"cx", "cy", "r"}),
    "ellipse": frozenset({"cx", "cy", "rx", "ry"}),
    "line": frozenset({"x1", "y1", "x2", "y2"}),
    "use": frozenset({"x", "y"}),
    "image": frozenset({"x", "y", "width", "height"}),
}
"""Per element, the attributes that are plain lengths in user units."""

_SIZES = frozenset({"width", "height", "r", "rx", "ry"})
"""Lengths where zero means "do not draw": never rounded to zero."""

NUMERIC = frozenset(
    {
        "opacity",
        "fill-opacity",
        "stroke-opacity",
        "stop-opacity",
        "offset",
        "stroke-width",
        "stroke-miterlimit",
        "stroke-dashoffset",
        "stroke-dasharray",
        "transform",
        "gradientTransform",
        "patternTransform",
        "x",
        "y",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "fx",
        "fy",
        "x1",
        "y1",
        "x2",
        "y2",
        "width",
        "height",
    }
)
"""Attributes whose numbers can be respelt wherever they appear (units and names untouched)."""

COLORS = frozenset({"fill", "stroke", "stop-color", "flood-color", "lighting-color", "color"})
_LONG_HEX = re.compile(r"#([0-9a-fA-F])\1([0-9a-fA-F])\2([0-9a-fA-F])\3(?![0-9a-fA-F])")
_POINTS_SEPARATOR = re.compile(r"[ \t\n\r\f]*,?[ \t\n\r\f]*")


def minify_attribute(element: str, attribute: str, value: str, decimals: int | None) -> str:
    """``value`` of ``element``'s ``attribute``, shorter; ``decimals`` as the module says."""
    if element == "path" and attribute == "d":
        path = minify_path_data(value, MAX_DECIMALS if decimals is None else decimals)
        return value if path is None else path
    if element in ("polygon", "polyline") and attribute == "points":
        return _points(value, MAX_DECIMALS if decimals is None else decimals) or value
    if decimals is not None and attribute in SHAPE_COORDINATES.get(element, ()):
        return _length(value, decimals, keep_nonzero=attribute in _SIZES)
    if attribute in NUMERIC:
        return shorten_numbers_in(value)
    if attribute in COLORS:
        return _LONG_HEX.sub(r"#\1\2\3", value)
    return value


def _length(value: str, decimals: int, *, keep_nonzero: bool) -> str:
    match = PLAIN_NUMBER.fullmatch(value)
    if match is None:
        return shorten_numbers_in(value)  # units or a percentage: respell only
    text = match.group(1)
    exact = source_decimals(text)
    places = decimals if exact is None else min(decimals, exact)
    units = to_fixed(float(text), places)
    if units == 0 and float(text) != 0 and keep_nonzero:
        return shorten_number(text)
    return format_fixed(units, places)


def _points(value: str, decimals: int) -> str | None:
    """A ``points`` list rounded and joined with the fewest separators; ``None`` if invalid."""
    texts: list[str] = []
    position = _POINTS_SEPARATOR.match(value, 0).end()  # type: ignore[union-attr]
    while position < len(value):
        match = NUMBER.match(value, position)
        if match is None:
            return None
        texts.append(match.group())
        position = _POINTS_SEPARATOR.match(value, match.end()).end()  # type: ignore[union-attr]
    if not texts or len(texts) % 2 or value.rstrip().endswith(","):
        return None  # a browser drops an odd coordinate; keep the text as the author wrote it
    exact = max((source_decimals(t) for t in texts), key=lambda d: 99 if d is None else d)
    places = decimals if exact is None else min(decimals, exact)
    out = out_last = ""
    for text in texts:
        token = format_fixed(to_fixed(float(text), places), places)
        if out and not (token.startswith("-") or (token.startswith(".") and "." in out_last)):
            out += " "
        out += token
        out_last = token
    return out
