"""The three CSS values a connector icon carries: ``COLOR``, ``SIZE`` and ``POSITION``.

Bitrix24 pastes them verbatim into a style rule (BITRIX.md §4) as ``background-color``,
``background-size`` and ``background-position``; a value the browser rejects is dropped and the
tile silently falls back to the base style. So the rules here are the browser's (CSS Color 4,
CSS Backgrounds 3, checked against headless Chromium in ``tests/integration``), and every rejection
says in plain words what is wrong, for validation to show beside the field.

Accepted on purpose, beyond the textbook: comments, any letter case, every colour form
:mod:`.css_color` reads, and comma-separated layer lists (only the first layer paints: the rule
has one image). ``currentColor`` is the text colour of the Bitrix24 page, which is not ours to
know: it parses as black, a browser's initial text colour.

Refused although a browser would parse them, because the tile would then depend on the Bitrix24
page rather than on the profile: ``calc()``, ``var()``, ``inherit``-style keywords, system colours
and font- or viewport-relative units (``em``, ``vw``...). The message says so.

The parsers are pure and cached, so the window can call them on every keystroke.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal, TypeAlias

import tinycss2

from gui.core.i18n import _
from gui.core.icon.css_color import RGBA, color_rgba

ABSOLUTE_UNITS: dict[str, float] = {
    "px": 1.0,
    "in": 96.0,
    "cm": 96.0 / 2.54,
    "mm": 96.0 / 25.4,
    "q": 96.0 / 101.6,
    "pt": 96.0 / 72.0,
    "pc": 16.0,
}
"""CSS absolute length units in CSS pixels (CSS Values 4 §6.2)."""

RELATIVE_UNITS = frozenset(
    {
        "em", "rem", "ex", "rex", "ch", "rch", "ic", "ric", "cap", "rcap", "lh", "rlh",
        "vw", "vh", "vi", "vb", "vmin", "vmax", "svw", "svh", "lvw", "lvh", "dvw", "dvh",
        "svi", "svb", "lvi", "lvb", "dvi", "dvb", "svmin", "svmax", "lvmin", "lvmax",
        "dvmin", "dvmax", "cqw", "cqh", "cqi", "cqb", "cqmin", "cqmax",
    }
)  # fmt: skip
"""Length units a browser accepts whose size depends on the page (refused, see module doc)."""

CSS_WIDE_KEYWORDS = frozenset({"inherit", "initial", "unset", "revert", "revert-layer"})


@dataclass(frozen=True)
class LengthPercentage:
    """A length plus a percentage, like the computed value ``calc(P% + Lpx)``.

    Edge offsets compute to this form: ``right 10px`` is ``calc(100% - 10px)``.
    """

    px: float = 0.0
    percent: float = 0.0

    def resolve(self, basis: float) -> float:
        """The length in px when 100 % is ``basis`` px."""
        return self.px + self.percent * basis / 100.0


@dataclass(frozen=True)
class BackgroundSize:
    """A parsed ``background-size`` layer: a keyword, or width and height (``None`` = ``auto``)."""

    keyword: Literal["cover", "contain"] | None = None
    width: LengthPercentage | None = None
    height: LengthPercentage | None = None


@dataclass(frozen=True)
class BackgroundPosition:
    """A parsed ``background-position`` layer, as offsets from the left and top edges."""

    x: LengthPercentage
    y: LengthPercentage


BASE_SIZE = BackgroundSize(width=LengthPercentage(percent=100.0))
"""Bitrix24's base style when ``SIZE`` is empty: ``background-size: 100% auto``."""

BASE_POSITION = BackgroundPosition(LengthPercentage(percent=50.0), LengthPercentage(percent=50.0))
"""Bitrix24's base style when ``POSITION`` is empty: ``background-position: center``."""

_Token: TypeAlias = Any
"""A tinycss2 component value (tinycss2 ships no type hints)."""


# ------------------------------------------------------------------ tokens


def _tokens(text: str, what: str) -> list[_Token]:
    """Component values of ``text`` without whitespace and comments; ValueError when unusable."""
    if not text.strip():
        raise ValueError(_("{what} is empty.").format(what=what))
    tokens = [
        token
        for token in tinycss2.parse_component_value_list(text, skip_comments=True)
        if token.type not in ("whitespace", "comment")
    ]
    for token in tokens:
        if token.type == "error":
            # Translators: {reason} is the CSS parser's own English words.
            message = _("{what} is not valid CSS: {reason}.")
            raise ValueError(message.format(what=what, reason=token.message))
        if token.type == "literal" and token.value in (";", "{", "}", "!"):
            message = _(
                "{what} contains {character}: it must be a single value, not a piece of a style "
                "sheet."
            )
            raise ValueError(message.format(what=what, character=repr(token.value)))
        if token.type in ("() block", "[] block", "{} block"):
            message = _("{what} contains brackets, which no such value has.")
            raise ValueError(message.format(what=what))
    return tokens


def _describe(token: _Token) -> str:
    return repr(tinycss2.serialize([token]).strip())


def _split_layers(tokens: list[_Token], what: str) -> list[list[_Token]]:
    layers: list[list[_Token]] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            layers.append([])
        else:
            layers[-1].append(token)
    if any(not layer for layer in layers):
        message = _("{what} has an empty item in its comma-separated list.")
        raise ValueError(message.format(what=what))
    return layers


def _refuse_page_dependent(token: _Token, what: str) -> None:
    """Raise for the valid-but-refused forms the module doc lists, with the reason."""
    if token.type == "ident" and token.lower_value in CSS_WIDE_KEYWORDS:
        message = _(
            "{what}: {keyword} takes its value from the Bitrix24 page, so the tile cannot be "
            "predicted; write the value itself."
        )
        raise ValueError(message.format(what=what, keyword=repr(token.value)))
    if token.type == "function" and token.lower_name in ("calc", "var", "env", "attr"):
        message = _("{what}: {function}() is not supported here; write a plain value.")
        raise ValueError(message.format(what=what, function=token.lower_name))
    if token.type == "dimension" and token.lower_unit in RELATIVE_UNITS:
        message = _("{what}: the unit {unit} depends on the Bitrix24 page; use px or a percentage.")
        raise ValueError(message.format(what=what, unit=repr(token.unit)))


def _length_percentage(token: _Token, what: str, *, allow_negative: bool) -> LengthPercentage:
    _refuse_page_dependent(token, what)
    if token.type == "number" and token.value == 0:
        return LengthPercentage()
    if token.type == "number":
        message = _("{what}: the number {value} needs a unit, e.g. px or %.")
        raise ValueError(message.format(what=what, value=_describe(token)))
    if token.type == "dimension" and token.lower_unit not in ABSOLUTE_UNITS:
        message = _("{what}: {unit} is not a CSS length unit.")
        raise ValueError(message.format(what=what, unit=repr(token.unit)))
    if token.type not in ("percentage", "dimension"):
        message = _("{what}: {value} is not a length or a percentage.")
        raise ValueError(message.format(what=what, value=_describe(token)))
    value = float(token.value)
    if not math.isfinite(value):
        message = _("{what}: {value} is out of range.")
        raise ValueError(message.format(what=what, value=_describe(token)))
    if value < 0 and not allow_negative:
        message = _("{what}: {value} is negative; sizes cannot be negative.")
        raise ValueError(message.format(what=what, value=_describe(token)))
    if token.type == "percentage":
        return LengthPercentage(percent=value)
    return LengthPercentage(px=value * ABSOLUTE_UNITS[token.lower_unit])


# ------------------------------------------------------------------ background-size


@lru_cache(maxsize=256)
def parse_background_size(text: str) -> BackgroundSize:
    """Parse a ``background-size`` value (``contain``, ``90%``, ``40px auto``...).

    A comma-separated list is valid CSS; only its first layer paints (the rule has one image).
    """
    what = "background-size"
    layers = [_size_layer(layer, what) for layer in _split_layers(_tokens(text, what), what)]
    return layers[0]


def _size_layer(tokens: list[_Token], what: str) -> BackgroundSize:
    if len(tokens) > 2:
        message = _("{what} takes one or two values (width and height), not {count}.")
        raise ValueError(message.format(what=what, count=len(tokens)))
    first = tokens[0]
    if first.type == "ident" and first.lower_value in ("cover", "contain"):
        if len(tokens) != 1:
            message = _("{what}: {keyword} must stand alone.")
            raise ValueError(message.format(what=what, keyword=repr(first.lower_value)))
        keyword: Literal["cover", "contain"] = (
            "cover" if first.lower_value == "cover" else "contain"
        )
        return BackgroundSize(keyword=keyword)
    width = _size_component(first, what)
    height = _size_component(tokens[1], what) if len(tokens) == 2 else None
    return BackgroundSize(width=width, height=height)


def _size_component(token: _Token, what: str) -> LengthPercentage | None:
    if token.type == "ident" and token.lower_value == "auto":
        return None
    if token.type == "ident" and token.lower_value in ("cover", "contain"):
        message = _("{what}: {keyword} must stand alone.")
        raise ValueError(message.format(what=what, keyword=repr(token.lower_value)))
    if token.type == "ident" and token.lower_value not in CSS_WIDE_KEYWORDS:
        message = _(
            "{what}: {value} is not a size; use auto, cover, contain, a length or a percentage."
        )
        raise ValueError(message.format(what=what, value=repr(token.value)))
    return _length_percentage(token, what, allow_negative=False)


# ------------------------------------------------------------------ background-position

_HORIZONTAL = {"left": 0.0, "right": 100.0}
_VERTICAL = {"top": 0.0, "bottom": 100.0}
_POSITION_KEYWORDS = frozenset({"left", "right", "top", "bottom", "center"})


@lru_cache(maxsize=256)
def parse_background_position(text: str) -> BackgroundPosition:
    """Parse a ``background-position`` value (``center``, ``right 10% bottom``, ``30% 70%``...).

    One to four values with the browser's rules: two values are horizontal then vertical unless
    both are keywords; three or four pair each edge keyword with an optional offset.
    """
    what = "background-position"
    layers = [_position_layer(layer, what) for layer in _split_layers(_tokens(text, what), what)]
    return layers[0]


_Item = str | LengthPercentage
"""A position keyword (lower case) or an offset."""


def _position_item(token: _Token, what: str) -> _Item:
    if token.type == "ident":
        keyword: str = token.lower_value
        if keyword in _POSITION_KEYWORDS:
            return keyword
        if keyword not in CSS_WIDE_KEYWORDS:
            message = _(
                "{what}: {value} is not a position; use left, right, top, bottom, center, "
                "lengths or percentages."
            )
            raise ValueError(message.format(what=what, value=repr(token.value)))
    return _length_percentage(token, what, allow_negative=True)


def _position_layer(tokens: list[_Token], what: str) -> BackgroundPosition:
    if len(tokens) > 4:
        message = _("{what} takes one to four values, not {count}.")
        raise ValueError(message.format(what=what, count=len(tokens)))
    items = [_position_item(token, what) for token in tokens]
    if len(items) == 1:
        return _one_value(items[0])
    if len(items) == 2:
        return _two_values(items[0], items[1], what)
    return _edge_offsets(items, what)


def _axis_value(item: _Item, edges: dict[str, float]) -> LengthPercentage:
    return item if isinstance(item, LengthPercentage) else _edge_offset(item, None, edges)


def _one_value(item: _Item) -> BackgroundPosition:
    centre = LengthPercentage(percent=50.0)
    if item in _VERTICAL:
        return BackgroundPosition(centre, _axis_value(item, _VERTICAL))
    return BackgroundPosition(_axis_value(item, _HORIZONTAL), centre)


def _two_values(first: _Item, second: _Item, what: str) -> BackgroundPosition:
    if first not in _VERTICAL and second not in _HORIZONTAL:
        # horizontal (left|center|right|offset) then vertical (top|center|bottom|offset)
        return BackgroundPosition(_axis_value(first, _HORIZONTAL), _axis_value(second, _VERTICAL))
    if isinstance(first, str) and isinstance(second, str):
        return _edge_pair([(first, None), (second, None)], what)
    message = _(
        "{what}: with two values the horizontal one comes first (e.g. 'left 10px' or "
        "'10px top'); an offset cannot precede left/right or follow top/bottom."
    )
    raise ValueError(message.format(what=what))


def _edge_offsets(items: list[_Item], what: str) -> BackgroundPosition:
    groups: list[tuple[str, LengthPercentage | None]] = []
    index = 0
    while index < len(items):
        keyword = items[index]
        if not isinstance(keyword, str):
            message = _(
                "{what}: with three or four values each offset must follow an edge keyword "
                "(e.g. 'right 10px bottom 20px')."
            )
            raise ValueError(message.format(what=what))
        offset: LengthPercentage | None = None
        if index + 1 < len(items) and isinstance(items[index + 1], LengthPercentage):
            following = items[index + 1]
            assert isinstance(following, LengthPercentage)
            offset = following
            if keyword == "center":
                message = _("{what}: 'center' cannot take an offset; use an edge keyword.")
                raise ValueError(message.format(what=what))
            index += 1
        groups.append((keyword, offset))
        index += 1
    if len(groups) != 2:
        message = _("{what}: expected one horizontal and one vertical part.")
        raise ValueError(message.format(what=what))
    return _edge_pair(groups, what)


def _edge_pair(groups: list[tuple[str, LengthPercentage | None]], what: str) -> BackgroundPosition:
    """Two ``(keyword, offset from that edge)`` parts, in either order, as x and y."""
    (first, _first_offset), (second, _second_offset) = groups
    if first in _VERTICAL or second in _HORIZONTAL:
        groups = groups[::-1]
    (x_keyword, x_offset), (y_keyword, y_offset) = groups
    if x_keyword in _VERTICAL or y_keyword in _HORIZONTAL:
        message = _("{what}: {first} and {second} are on the same axis.")
        raise ValueError(message.format(what=what, first=repr(first), second=repr(second)))
    return BackgroundPosition(
        _edge_offset(x_keyword, x_offset, _HORIZONTAL),
        _edge_offset(y_keyword, y_offset, _VERTICAL),
    )


def _edge_offset(
    keyword: str, offset: LengthPercentage | None, edges: dict[str, float]
) -> LengthPercentage:
    if keyword == "center" or offset is None:
        return LengthPercentage(percent=edges.get(keyword, 50.0))
    if edges[keyword] == 0.0:
        return offset
    return LengthPercentage(px=-offset.px, percent=100.0 - offset.percent)


# ------------------------------------------------------------------ colour


@lru_cache(maxsize=256)
def parse_color(text: str) -> RGBA:
    """Parse a CSS colour as a browser does; RGBA floats in 0..1 (sRGB).

    Raises ValueError with a readable message when a browser would reject the value.
    """
    hex_digits = _PLAIN_HEX(text)
    if hex_digits:  # the usual case, typed a digit at a time: no tokenizer
        return _hex_rgba(hex_digits[1])
    # Translators: the CSS value's name in messages such as "{what} is empty."
    what = _("colour")
    tokens = _tokens(text, what)
    if len(tokens) != 1:
        message = _("{what} must be a single value, e.g. #90be00 or rgb(144 190 0).")
        raise ValueError(message.format(what=what))
    token = tokens[0]
    _refuse_page_dependent(token, what)
    return color_rgba(token)


_PLAIN_HEX = re.compile(
    r"[ \t\n\r\f]*#([0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})[ \t\n\r\f]*"
).fullmatch
"""A hex colour alone between CSS whitespace: anything else goes through the tokenizer."""


def _hex_rgba(digits: str) -> RGBA:
    """What tinycss2 and :func:`color_rgba` make of ``#digits``, computed the same way (the same
    floats: ``tests/core/test_css_values.py`` compares them)."""
    step = 1 if len(digits) < 6 else 2  # #rgb(a): each digit doubled, as tinycss2 does
    channels = [
        int(digits[i : i + step] * (3 - step), 16) / 255 for i in range(0, len(digits), step)
    ]
    alpha = channels.pop() if len(channels) == 4 else 1.0
    red, green, blue = channels
    return (red, green, blue, alpha)
