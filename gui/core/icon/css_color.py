"""A CSS colour as Chromium reads it: ``tinycss2.color4`` plus what it does differently.

tinycss2 does the grammar and the arithmetic (named colours, hex, ``rgb()`` … ``oklch()``). It
answers ``None`` for any invalid colour, so the shape of a colour function (commas or spaces, how
many values, ``/ alpha``) is checked here first, to say in plain words what is wrong. The other
pre-checks each close a gap between tinycss2 and Chromium (measured in
``tests/integration/test_css_values_in_chromium.py``):

- the comma syntax exists only for ``rgb``/``rgba``/``hsl``/``hsla``, never with ``none``, and
  there ``hsl``'s saturation and lightness are percentages (tinycss2 also takes ``hwb(1, 2, 3)``,
  ``none`` and numbers);
- in the space syntax a channel may be a number or a percentage independently of its siblings,
  ``none`` is allowed anywhere (alpha too), and units are case-insensitive (tinycss2 wants
  ``rgb``/``hsl`` channels all alike, refuses ``/ none`` and ``120DEG``, and reads ``lch(none …)``
  with a zero hue);
- out-of-range values are clamped where Chromium clamps them when parsing (``hsl`` saturation and
  lightness, ``hwb`` whiteness and blackness, Lab/Oklab lightness, negative chroma);
- Lab, LCH, Oklab and Oklch are converted the rest of the way to sRGB (tinycss2 stops at XYZ)
  and clipped to its gamut.

Refused on purpose although Chromium paints them: ``color()``, ``color-mix()``, ``light-dark()``
and relative colours (``rgb(from …)``), and non-finite numbers.
"""

from __future__ import annotations

import math
from typing import Any, TypeAlias

import tinycss2
import tinycss2.ast
import tinycss2.color4

from gui.core.i18n import N_, _

RGBA = tuple[float, float, float, float]
"""Red, green, blue, alpha as floats in 0..1 (sRGB, not premultiplied)."""
_Token: TypeAlias = Any
"""A tinycss2 component value (tinycss2 ships no type hints)."""

_FUNCTIONS: dict[str, tuple[str, str]] = {
    # Translators: what a CSS colour function takes, in "it takes {channels}, and an optional
    # alpha"; a, b, hue, chroma are the CSS names of the channels.
    "rgb": (N_("three numbers (0–255) or percentages"), "144 190 0"),
    "hsl": (N_("a hue (a number or an angle), then saturation and lightness"), "75 100% 37%"),
    "hwb": (N_("a hue (a number or an angle), then whiteness and blackness"), "75 0% 25%"),
    "lab": (N_("lightness, a and b as numbers or percentages"), "70 -40 70"),
    "oklab": (N_("lightness, a and b as numbers or percentages"), "0.7 -0.1 0.15"),
    "lch": (N_("lightness and chroma as numbers or percentages, then a hue"), "70 80 120"),
    "oklch": (N_("lightness and chroma as numbers or percentages, then a hue"), "0.7 0.2 120"),
}
"""The colour functions accepted: what their channels are (translated where shown) and an
example, for messages."""

_ALIASES = {"rgba": "rgb", "hsla": "hsl"}
_LEGACY_FUNCTIONS = frozenset({"rgb", "hsl"})
_MIXABLE = {"rgb": (range(3), 255.0), "hsl": (range(1, 3), 100.0)}
"""Channels tinycss2 wants all alike, and the number 100 % stands for there."""

_FREE = (-math.inf, math.inf)
_CLAMPS: dict[str, tuple[tuple[float, float], ...]] = {
    "hsl": (_FREE, (0.0, 100.0), (0.0, 100.0)),
    "hwb": (_FREE, (0.0, 100.0), (0.0, 100.0)),
    "lab": ((0.0, 100.0), _FREE, _FREE),
    "lch": ((0.0, 100.0), (0.0, math.inf), _FREE),
    "oklab": ((0.0, 1.0), _FREE, _FREE),
    "oklch": ((0.0, 1.0), (0.0, math.inf), _FREE),
}
"""Per colour space, the range Chromium clamps each coordinate to when it parses the value."""


def color_rgba(token: _Token) -> RGBA:
    """The sRGB colour of one component value; ValueError with a readable message.

    ``currentColor`` is black, a browser's initial text colour: the Bitrix24 page's text colour
    is not ours to know (:mod:`.css_values`).
    """
    if token.type == "ident" and token.lower_value == "currentcolor":
        return (0.0, 0.0, 0.0, 1.0)
    if token.type == "function":
        color = _function_color(token)
    else:
        color = tinycss2.color4.parse_color(token)
    if color is None and token.type == "ident":
        raise ValueError(_("{value} is not a CSS colour name.").format(value=repr(token.value)))
    if color is None and token.type == "hash":
        raise ValueError(
            _("{value} is not a hex colour: use #rgb, #rgba, #rrggbb or #rrggbbaa.").format(
                value=repr(f"#{token.value}")
            )
        )
    if color is None:
        raise ValueError(
            _("{value} is not a colour.").format(value=repr(tinycss2.serialize([token]).strip()))
        )
    return _srgb(color)


def _function_color(token: _Token) -> Any:
    name = token.lower_name
    base = _ALIASES.get(name, name)
    if base not in _FUNCTIONS:
        raise ValueError(
            _(
                "{name}() is not a supported CSS colour function; use rgb(), hsl(), hwb(), lab(), "
                "lch(), oklab() or oklch()."
            ).format(name=name)
        )
    args = [arg for arg in token.arguments if arg.type not in ("whitespace", "comment")]
    for arg in args:
        if arg.type == "function":
            raise ValueError(
                _("{name}(): nested functions such as {nested}() are not supported.").format(
                    name=name, nested=arg.lower_name
                )
            )
    if any(_is_literal(arg, ",") for arg in args):
        channels, alpha = _comma_arguments(name, base, args)
    else:
        channels, alpha = _space_arguments(name, base, args)
    spaced = _alike(base, [_plain(name, channel) for channel in channels])
    if alpha is not None:
        spaced += [tinycss2.ast.LiteralToken(0, 0, "/"), _plain(name, alpha)]
    color = tinycss2.color4.parse_color(tinycss2.ast.FunctionBlock(0, 0, name, spaced))
    if color is None:
        what, example = _FUNCTIONS[base]
        raise ValueError(
            _(
                "{name}(): {arguments} is not valid; it takes {channels}, and an optional alpha, "
                "e.g. {name}({example} / 50%)."
            ).format(
                name=name,
                arguments=repr(tinycss2.serialize(token.arguments).strip()),
                channels=_(what),
                example=example,
            )
        )
    return color


def _is_literal(token: _Token, value: str) -> bool:
    return bool(token.type == "literal" and token.value == value)


def _is_none(token: _Token) -> bool:
    return bool(token.type == "ident" and token.lower_value == "none")


def _comma_arguments(
    name: str, base: str, args: list[_Token]
) -> tuple[list[_Token], _Token | None]:
    """The legacy syntax ``rgb(1, 2, 3[, a])``: its shape, and Chromium's rules for it."""
    if base not in _LEGACY_FUNCTIONS:
        raise ValueError(
            _("{name}() takes space-separated values, without commas.").format(name=name)
        )
    values = args[0::2]
    if len(args) % 2 == 0 or not all(_is_literal(sep, ",") for sep in args[1::2]):
        raise ValueError(
            _("{name}(): separate the values with commas only, e.g. {name}(1, 2, 3).").format(
                name=name
            )
        )
    if len(values) not in (3, 4):
        raise ValueError(
            _("{name}() takes three values and an optional alpha, not {count}.").format(
                name=name, count=len(values)
            )
        )
    for token in values:
        if _is_none(token):
            raise ValueError(
                _("{name}(): 'none' is only allowed in the space-separated syntax.").format(
                    name=name
                )
            )
        if token.type == "literal":
            raise ValueError(
                _("{name}(): do not mix commas and {separator}.").format(
                    name=name, separator=repr(token.value)
                )
            )
    channels = values[:3]
    if base == "rgb" and len({token.type for token in channels}) != 1:
        raise ValueError(
            _(
                "{name}(): with commas the three channels must be all numbers or all percentages."
            ).format(name=name)
        )
    if base == "hsl" and any(token.type != "percentage" for token in channels[1:]):
        raise ValueError(
            _("{name}(): with commas, saturation and lightness must be percentages.").format(
                name=name
            )
        )
    return channels, values[3] if len(values) == 4 else None


def _space_arguments(
    name: str, base: str, args: list[_Token]
) -> tuple[list[_Token], _Token | None]:
    """The modern syntax ``rgb(1 2 3[ / a])``: three values and an optional ``/ alpha``."""
    alpha = None
    if len(args) == 5 and _is_literal(args[3], "/"):
        alpha, args = args[4], args[:3]
    if len(args) != 3 or any(token.type == "literal" for token in args):
        raise ValueError(
            _(
                "{name}() takes three space-separated values and an optional '/ alpha', e.g. "
                "{name}({example} / 50%)."
            ).format(name=name, example=_FUNCTIONS[base][1])
        )
    return args, alpha


def _plain(name: str, token: _Token) -> _Token:
    """``none`` as 0 (what it computes to) and units in lower case, as tinycss2 wants them."""
    if token.type in ("number", "percentage", "dimension") and not math.isfinite(token.value):
        raise ValueError(
            _("{name}(): {value} is out of range.").format(
                name=name, value=repr(token.representation)
            )
        )
    if _is_none(token):
        return tinycss2.ast.NumberToken(0, 0, 0.0, 0, "0")
    if token.type == "dimension":
        return tinycss2.ast.DimensionToken(
            0, 0, token.value, token.int_value, token.representation, token.lower_unit
        )
    return token


def _alike(base: str, channels: list[_Token]) -> list[_Token]:
    """Percentages as numbers where channels mix them and tinycss2 wants them all alike."""
    mixable = _MIXABLE.get(base)
    if mixable is None:
        return channels
    indexes, full = mixable
    if {channels[i].type for i in indexes} != {"number", "percentage"}:
        return channels
    for i in indexes:
        if channels[i].type == "percentage":
            value = channels[i].value * full / 100.0  # 50% of 255 is exactly 127.5
            channels[i] = tinycss2.ast.NumberToken(0, 0, value, None, repr(value))
    return channels


def _srgb(color: Any) -> RGBA:
    """Clamp as Chromium does, convert to sRGB and clip to the gamut."""
    coordinates = [0.0 if c is None else c for c in color.coordinates]
    if not all(math.isfinite(c) for c in coordinates):
        raise ValueError(_("{name}(): a value is out of range.").format(name=color.space))
    for i, (low, high) in enumerate(_CLAMPS.get(color.space, ())):
        coordinates[i] = min(high, max(low, coordinates[i]))
    color = tinycss2.color4.Color(color.space, coordinates, color.alpha)
    if color.space in ("lab", "lch"):
        xyz_d65 = _apply(_D50_TO_D65, color.to("xyz-d50").coordinates)
        rgb = _encode(_apply(_XYZ_D65_TO_LINEAR_SRGB, xyz_d65))
    elif color.space in ("oklab", "oklch"):
        rgb = _encode(_apply(_XYZ_D65_TO_LINEAR_SRGB, color.to("xyz-d65").coordinates))
    else:
        rgb = color.to("srgb").coordinates
    red, green, blue = (min(1.0, max(0.0, channel)) for channel in rgb)
    return (red, green, blue, color.alpha)


# CSS Color 4 §18 (sample code): Bradford D50 → D65, then XYZ-D65 → linear sRGB.
_D50_TO_D65 = (
    (0.955473421488075, -0.02309845494876471, 0.06325924320057072),
    (-0.0283697093338637, 1.0099953980813041, 0.021041441191917323),
    (0.012314014864481998, -0.020507649298898964, 1.330365926242124),
)
_XYZ_D65_TO_LINEAR_SRGB = (
    (3.2409699419045226, -1.537383177570094, -0.4986107602930034),
    (-0.9692436362808796, 1.8759675015077202, 0.04155505740717559),
    (0.05563007969699366, -0.20397695888897652, 1.0569715142428786),
)


def _apply(matrix: tuple[tuple[float, ...], ...], vector: tuple[float, ...]) -> tuple[float, ...]:
    x, y, z = vector
    return tuple(row[0] * x + row[1] * y + row[2] * z for row in matrix)


def _encode(linear: tuple[float, ...]) -> tuple[float, ...]:
    """Linear light to the sRGB transfer curve, keeping the sign of out-of-gamut values."""
    return tuple(math.copysign(_gamma(abs(channel)), channel) for channel in linear)


def _gamma(linear: float) -> float:
    return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1.0 / 2.4) - 0.055
