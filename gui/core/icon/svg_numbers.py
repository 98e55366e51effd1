"""Numbers in SVG attributes: the shortest text for a value, and how many decimals an icon needs.

The minifier (:mod:`gui.core.icon.svg_minify`) rounds coordinates to the precision the icon is
drawn at and no finer. "Drawn at" is fixed by the product: Bitrix24 shows icons at 44 px and the
previews go up to 256 px, so a coordinate may move by at most :data:`MAX_ERROR_PX` of a pixel
with the icon's larger side at :data:`LARGEST_DRAWN_PX`, whatever ``transform`` scales it by.
:func:`decimals_for` turns that into a number of decimals; :func:`transform_scale_bound` gives
an upper bound of how much a ``transform`` list enlarges, ``None`` when it cannot tell (then
nothing under it is rounded).

Numbers are handled as integers in units of ``10**-decimals`` (:func:`format_fixed`), so
converting between absolute and relative path coordinates adds no error of its own.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

LARGEST_DRAWN_PX = 256
"""The largest image box side the icon is ever drawn at (the biggest preview)."""

MAX_ERROR_PX = 1 / 20
"""How far a rounded coordinate may move, in pixels, at :data:`LARGEST_DRAWN_PX`."""

MAX_DECIMALS = 10
"""Finer than any renderer's float precision: rounding there changes nothing."""

NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")
"""An SVG number as every browser reads it (no trailing ``.``: Blink rejects ``1.``)."""

PLAIN_NUMBER = re.compile(r"\s*(" + NUMBER.pattern + r")\s*")
_NUMBER_IN_TEXT = re.compile(r"(?<![\w.#-])" + NUMBER.pattern + r"(?![\w.])")
_TRANSFORM = re.compile(r"\s*(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^()]*)\)\s*,?")
_TRANSFORM_ARGUMENTS = {
    "matrix": (6,),
    "translate": (1, 2),
    "scale": (1, 2),
    "rotate": (1, 3),
    "skewX": (1,),
    "skewY": (1,),
}


def decimals_for(view_box_side: float, scale_bound: float) -> int:
    """Decimals that keep a coordinate within :data:`MAX_ERROR_PX` at the largest drawing.

    ``view_box_side`` is the smaller side of the user space the icon is fitted from (its
    ``viewBox``, or its width/height); ``scale_bound`` how much transforms enlarge it at most.
    Rounding to ``n`` decimals moves a value by at most ``0.5 * 10**-n`` user units.
    """
    tolerance = view_box_side / LARGEST_DRAWN_PX * MAX_ERROR_PX / scale_bound
    if not tolerance > 0:
        return MAX_DECIMALS
    return max(0, min(MAX_DECIMALS, math.ceil(math.log10(0.5 / tolerance))))


def source_decimals(text: str) -> int | None:
    """Decimals that represent the number ``text`` exactly, ``None`` past :data:`MAX_DECIMALS`."""
    mantissa, _e, exponent = text.lower().partition("e")
    fraction = mantissa.partition(".")[2]
    needed = len(fraction) - (int(exponent) if exponent else 0)
    return max(0, needed) if needed <= MAX_DECIMALS else None


def to_fixed(value: float, decimals: int) -> int:
    """``value`` in units of ``10**-decimals``, rounded half away from zero."""
    scaled = abs(value) * 10**decimals
    return int(math.copysign(math.floor(scaled + 0.5), value))


def format_fixed(units: int, decimals: int) -> str:
    """The shortest text of ``units * 10**-decimals``: ``.5``, ``-.25``, ``12``, ``0``."""
    if decimals == 0 or units == 0:
        return str(units)
    digits = str(abs(units)).rjust(decimals + 1, "0")
    whole, fraction = digits[:-decimals].lstrip("0"), digits[-decimals:].rstrip("0")
    sign = "-" if units < 0 else ""
    return sign + (f"{whole}.{fraction}" if fraction else whole or "0")


def shorten_number(text: str) -> str:
    """The same number in fewer characters (``0.50`` → ``.5``); exponent forms stay as written."""
    if "e" in text or "E" in text:
        return text
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    decimals = max(0, -int(value.as_tuple().exponent))
    return format_fixed(int(value.scaleb(decimals)), decimals)


def shorten_numbers_in(text: str) -> str:
    """Every free-standing number in ``text`` shortened; units, names and ids untouched."""
    return _NUMBER_IN_TEXT.sub(lambda m: shorten_number(m.group()), text)


def transform_scale_bound(text: str) -> float | None:
    """An upper bound of how much the ``transform`` list ``text`` enlarges any length.

    Each function's bound is its matrix's Frobenius norm or better (≥ its largest singular
    value), and bounds multiply along a list. ``None`` when the text is not a transform list a
    browser would read the same way.
    """
    bound, position = 1.0, 0
    while position < len(text):
        match = _TRANSFORM.match(text, position)
        if match is None:
            return None if text[position:].strip() else bound
        name, arguments = match.group(1), match.group(2)
        values = [float(m.group()) for m in NUMBER.finditer(arguments)]
        if len(values) not in _TRANSFORM_ARGUMENTS[name] or not _only_numbers(arguments):
            return None
        bound *= _function_bound(name, values)
        position = match.end()
    return bound


def _only_numbers(arguments: str) -> bool:
    rest = NUMBER.sub(" ", arguments).replace(",", " ")
    return not rest.strip()


def _function_bound(name: str, values: list[float]) -> float:
    if name == "matrix":
        a, b, c, d = values[:4]
        return math.sqrt(a * a + b * b + c * c + d * d)
    if name == "scale":
        return max(abs(v) for v in values)
    if name in ("skewX", "skewY"):
        return 1.0 + abs(math.tan(math.radians(values[0])))
    return 1.0  # translate, rotate
