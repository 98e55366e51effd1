"""CSS colour functions: ``rgb()``, ``hsl()``, ``hwb()``, ``lab()``, ``lch()``, ``oklab()``...

The grammar and arithmetic of CSS Color 4 as Chromium implements it, split from
:mod:`.css_values` because it is a job of its own: two syntaxes (legacy with commas, for
``rgb``/``rgba``/``hsl``/``hsla`` only, where ``none`` is not allowed and ``rgb`` channels must be
all numbers or all percentages; modern with spaces, ``none`` and ``/ alpha``) and the conversions
from each colour space to the sRGB the tile is painted in. Out-of-gamut colours are clipped.
"""

from __future__ import annotations

import colorsys
import math
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import tinycss2
import tinycss2.ast

RGBA = tuple[float, float, float, float]
_Token: TypeAlias = Any
_Channel: TypeAlias = Any
"""One channel's token, ``None`` for the keyword ``none``."""

_LEGACY_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla"})
_HUE_UNITS = {"deg": 1.0, "grad": 0.9, "rad": 180.0 / math.pi, "turn": 360.0}


def parse_color_function(name: str, arguments: Sequence[_Token]) -> RGBA:
    """The sRGB colour of the function ``name(arguments)``; ValueError with a readable message."""
    parser = _PARSERS.get(name)
    if parser is None:
        raise ValueError(
            f"{name}() is not a supported CSS colour function; use rgb(), hsl(), hwb(), "
            "lab(), lch(), oklab() or oklch()."
        )
    args = [token for token in arguments if token.type not in ("whitespace", "comment")]
    for token in args:
        if token.type == "function":
            raise ValueError(
                f"{name}(): nested functions such as {token.lower_name}() are not supported."
            )
    if any(_is_literal(token, ",") for token in args):
        channels, alpha = _legacy_arguments(name, args)
        legacy = True
    else:
        channels, alpha = _modern_arguments(name, args)
        legacy = False
    red, green, blue = parser(name, channels, legacy)
    return (_unit(red), _unit(green), _unit(blue), _alpha(name, alpha))


def _is_literal(token: _Token, value: str) -> bool:
    return bool(token.type == "literal" and token.value == value)


def _legacy_arguments(name: str, args: list[_Token]) -> tuple[list[_Channel], _Channel]:
    if name not in _LEGACY_FUNCTIONS:
        raise ValueError(f"{name}() takes space-separated values, without commas.")
    values = args[0::2]
    separators = args[1::2]
    if len(args) % 2 == 0 or not all(_is_literal(sep, ",") for sep in separators):
        raise ValueError(f"{name}(): separate the values with commas only, e.g. {name}(1, 2, 3).")
    if len(values) not in (3, 4):
        raise ValueError(f"{name}() takes three values and an optional alpha, not {len(values)}.")
    for token in values:
        if token.type == "ident" and token.lower_value == "none":
            raise ValueError(f"{name}(): 'none' is only allowed in the space-separated syntax.")
        if token.type == "literal":
            raise ValueError(f"{name}(): do not mix commas and {token.value!r}.")
    alpha = values[3] if len(values) == 4 else None
    channels: list[_Channel] = list(values[:3])
    if alpha is None:
        return channels, _OPAQUE
    return channels, alpha


def _modern_arguments(name: str, args: list[_Token]) -> tuple[list[_Channel], _Channel]:
    alpha: _Channel = _OPAQUE
    if len(args) == 5 and _is_literal(args[3], "/"):
        alpha = _none_or(args[4])
        args = args[:3]
    if len(args) != 3 or any(token.type == "literal" for token in args):
        raise ValueError(
            f"{name}() takes three space-separated values and an optional '/ alpha', "
            f"e.g. {name}({_EXAMPLES.get(name, '1 2 3')} / 50%)."
        )
    return [_none_or(token) for token in args], alpha


def _none_or(token: _Token) -> _Channel:
    if token.type == "ident" and token.lower_value == "none":
        return None
    return token


_OPAQUE = tinycss2.ast.NumberToken(0, 0, 1.0, 1, "1")
_EXAMPLES = {"rgb": "144 190 0", "rgba": "144 190 0", "hsl": "75 100% 37%", "hsla": "75 100% 37%"}


# ------------------------------------------------------------------ number kinds


def _number(name: str, token: _Channel, *, percent_scale: float | None) -> float:
    """A channel as a number; a percentage is multiplied by ``percent_scale`` (None: refused)."""
    if token is None:
        return 0.0
    value: float
    if token.type == "number":
        value = float(token.value)
    elif token.type == "percentage" and percent_scale is not None:
        value = float(token.value) * percent_scale
    else:
        kind = "a number or a percentage" if percent_scale is not None else "a number"
        raise ValueError(f"{name}(): {tinycss2.serialize([token])!r} is not {kind}.")
    if not math.isfinite(value):
        raise ValueError(f"{name}(): {tinycss2.serialize([token])!r} is out of range.")
    return value


def _hue(name: str, token: _Channel) -> float:
    if token is None:
        return 0.0
    if token.type == "number":
        degrees = float(token.value)
    elif token.type == "dimension" and token.lower_unit in _HUE_UNITS:
        degrees = float(token.value) * _HUE_UNITS[token.lower_unit]
    else:
        raise ValueError(
            f"{name}(): the hue {tinycss2.serialize([token])!r} must be a number or an angle "
            "(deg, grad, rad, turn)."
        )
    if not math.isfinite(degrees):
        raise ValueError(f"{name}(): the hue is out of range.")
    return degrees % 360.0


def _alpha(name: str, token: _Channel) -> float:
    return _unit(_number(name, token, percent_scale=0.01))


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))


# ------------------------------------------------------------------ colour spaces


def _rgb(name: str, channels: list[_Channel], legacy: bool) -> tuple[float, float, float]:
    if legacy and len({token.type for token in channels if token is not None}) != 1:
        raise ValueError(
            f"{name}(): with commas the three channels must be all numbers or all percentages."
        )
    red, green, blue = (_rgb_channel(name, token) for token in channels)
    return (red, green, blue)


def _rgb_channel(name: str, token: _Channel) -> float:
    # 50% is exactly half of 255 (127.5, which a browser rounds up), not 50 × 2.55 / 255.
    if token is not None and token.type == "percentage":
        return _number(name, token, percent_scale=1.0) / 100.0
    return _number(name, token, percent_scale=None) / 255.0


def _saturation_lightness(name: str, token: _Channel, legacy: bool) -> float:
    if legacy and (token is None or token.type != "percentage"):
        raise ValueError(f"{name}(): with commas, saturation and lightness must be percentages.")
    return _unit(_number(name, token, percent_scale=1.0) / 100.0)


def _hsl(name: str, channels: list[_Channel], legacy: bool) -> tuple[float, float, float]:
    hue = _hue(name, channels[0])
    saturation = _saturation_lightness(name, channels[1], legacy)
    lightness = _saturation_lightness(name, channels[2], legacy)
    return colorsys.hls_to_rgb(hue / 360.0, lightness, saturation)


def _hwb(name: str, channels: list[_Channel], legacy: bool) -> tuple[float, float, float]:
    del legacy  # hwb() has no legacy syntax; commas were refused before
    hue = _hue(name, channels[0])
    white = _unit(_number(name, channels[1], percent_scale=1.0) / 100.0)
    black = _unit(_number(name, channels[2], percent_scale=1.0) / 100.0)
    if white + black >= 1.0:
        grey = white / (white + black)
        return (grey, grey, grey)
    red, green, blue = colorsys.hls_to_rgb(hue / 360.0, 0.5, 1.0)
    scale = 1.0 - white - black
    return (red * scale + white, green * scale + white, blue * scale + white)


def _lab(name: str, channels: list[_Channel], legacy: bool) -> tuple[float, float, float]:
    del legacy
    lightness = min(100.0, max(0.0, _number(name, channels[0], percent_scale=1.0)))
    a = _number(name, channels[1], percent_scale=1.25)
    b = _number(name, channels[2], percent_scale=1.25)
    return _lab_to_srgb(lightness, a, b)


def _lch(name: str, channels: list[_Channel], legacy: bool) -> tuple[float, float, float]:
    del legacy
    lightness = min(100.0, max(0.0, _number(name, channels[0], percent_scale=1.0)))
    chroma = max(0.0, _number(name, channels[1], percent_scale=1.5))
    hue = math.radians(_hue(name, channels[2]))
    return _lab_to_srgb(lightness, chroma * math.cos(hue), chroma * math.sin(hue))


def _oklab(name: str, channels: list[_Channel], legacy: bool) -> tuple[float, float, float]:
    del legacy
    lightness = min(1.0, max(0.0, _number(name, channels[0], percent_scale=0.01)))
    a = _number(name, channels[1], percent_scale=0.004)
    b = _number(name, channels[2], percent_scale=0.004)
    return _oklab_to_srgb(lightness, a, b)


def _oklch(name: str, channels: list[_Channel], legacy: bool) -> tuple[float, float, float]:
    del legacy
    lightness = min(1.0, max(0.0, _number(name, channels[0], percent_scale=0.01)))
    chroma = max(0.0, _number(name, channels[1], percent_scale=0.004))
    hue = math.radians(_hue(name, channels[2]))
    return _oklab_to_srgb(lightness, chroma * math.cos(hue), chroma * math.sin(hue))


_PARSERS: dict[str, Callable[[str, list[_Channel], bool], tuple[float, float, float]]] = {
    "rgb": _rgb,
    "rgba": _rgb,
    "hsl": _hsl,
    "hsla": _hsl,
    "hwb": _hwb,
    "lab": _lab,
    "lch": _lch,
    "oklab": _oklab,
    "oklch": _oklch,
}

# Conversion constants from CSS Color 4 §18 (sample code) and Björn Ottosson's Oklab.
_KAPPA = 24389.0 / 27.0
_EPSILON = 216.0 / 24389.0
_D50 = (0.3457 / 0.3585, 1.0, (1.0 - 0.3457 - 0.3585) / 0.3585)
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
_OKLAB_TO_LMS = (
    (1.0, 0.3963377774, 0.2158037573),
    (1.0, -0.1055613458, -0.0638541728),
    (1.0, -0.0894841775, -1.2914855480),
)
_LMS_TO_LINEAR_SRGB = (
    (4.0767416621, -3.3077115913, 0.2309699292),
    (-1.2684380046, 2.6097574011, -0.3413193965),
    (-0.0041960863, -0.7034186147, 1.7076147010),
)

_Matrix = tuple[tuple[float, float, float], ...]


def _apply(matrix: _Matrix, vector: tuple[float, float, float]) -> tuple[float, float, float]:
    x, y, z = vector
    rows = [row[0] * x + row[1] * y + row[2] * z for row in matrix]
    return (rows[0], rows[1], rows[2])


def _gamma(linear: float) -> float:
    magnitude = abs(linear)
    if magnitude <= 0.0031308:
        encoded = 12.92 * magnitude
    else:
        encoded = 1.055 * magnitude ** (1.0 / 2.4) - 0.055
    return math.copysign(encoded, linear)


def _encode(linear: tuple[float, float, float]) -> tuple[float, float, float]:
    return (_gamma(linear[0]), _gamma(linear[1]), _gamma(linear[2]))


def _lab_to_srgb(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    f1 = (lightness + 16.0) / 116.0
    f0 = a / 500.0 + f1
    f2 = f1 - b / 200.0
    x = f0**3 if f0**3 > _EPSILON else (116.0 * f0 - 16.0) / _KAPPA
    y = f1**3 if lightness > _KAPPA * _EPSILON else lightness / _KAPPA
    z = f2**3 if f2**3 > _EPSILON else (116.0 * f2 - 16.0) / _KAPPA
    xyz_d50 = (x * _D50[0], y * _D50[1], z * _D50[2])
    return _encode(_apply(_XYZ_D65_TO_LINEAR_SRGB, _apply(_D50_TO_D65, xyz_d50)))


def _oklab_to_srgb(lightness: float, a: float, b: float) -> tuple[float, float, float]:
    l_, m_, s_ = _apply(_OKLAB_TO_LMS, (lightness, a, b))
    return _encode(_apply(_LMS_TO_LINEAR_SRGB, (l_**3, m_**3, s_**3)))


__all__ = ["RGBA", "parse_color_function"]
