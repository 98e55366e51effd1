"""COLOR, SIZE and POSITION parse as a browser parses them, and refusals say what is wrong.

What a browser accepts is checked against Chromium itself in
``tests/integration/test_css_values_in_chromium.py``; here the values and messages are pinned.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.icon.css_values import (
    BASE_POSITION,
    BASE_SIZE,
    BackgroundSize,
    LengthPercentage,
    parse_background_position,
    parse_background_size,
    parse_color,
)


def rgba255(text: str) -> tuple[int, int, int, float]:
    red, green, blue, alpha = parse_color(text)
    return round(red * 255), round(green * 255), round(blue * 255), round(alpha, 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("red", (255, 0, 0, 1.0)),
        ("RebeccaPurple", (102, 51, 153, 1.0)),
        ("  lightgoldenrodyellow ", (250, 250, 210, 1.0)),
        ("transparent", (0, 0, 0, 0.0)),
        ("currentColor", (0, 0, 0, 1.0)),
        ("#90be00", (144, 190, 0, 1.0)),
        ("#9B0", (153, 187, 0, 1.0)),
        ("#9b08", (153, 187, 0, 0.533)),
        ("#90be0080", (144, 190, 0, 0.502)),
        ("rgb(144, 190, 0)", (144, 190, 0, 1.0)),
        ("rgba(144,190,0,.5)", (144, 190, 0, 0.5)),
        ("rgba(144, 190, 0)", (144, 190, 0, 1.0)),
        ("rgb(100%, 0%, 50%)", (255, 0, 128, 1.0)),
        ("rgb(144 190 0)", (144, 190, 0, 1.0)),
        ("rgb(144 190 0 / 25%)", (144, 190, 0, 0.25)),
        ("rgb(255 50% 0)", (255, 128, 0, 1.0)),
        ("rgb(none 190 0)", (0, 190, 0, 1.0)),
        ("rgb(300 -5 0 / 2)", (255, 0, 0, 1.0)),
        ("hsl(120, 100%, 25%)", (0, 128, 0, 1.0)),
        ("hsla(120, 100%, 25%, 0.3)", (0, 128, 0, 0.3)),
        ("hsl(120deg 100% 25% / 30%)", (0, 128, 0, 0.3)),
        ("hsl(0.5turn 100 50)", (0, 255, 255, 1.0)),
        ("hsl(200grad 100% 50%)", (0, 255, 255, 1.0)),
        ("hwb(120 10% 10%)", (26, 230, 26, 1.0)),
        ("hwb(0 60% 60%)", (128, 128, 128, 1.0)),
        ("lab(50 0 0)", (119, 119, 119, 1.0)),
        ("oklch(62.8% 0.2577 29.23)", (255, 0, 0, 1.0)),
        ("oklab(1 0 0)", (255, 255, 255, 1.0)),
        ("lch(100 0 0 / .5)", (255, 255, 255, 0.5)),
        ("/* brand */ #90BE00", (144, 190, 0, 1.0)),
        # where tinycss2 alone differs from Chromium (css_color's pre-checks)
        ("hsl(120DEG 100% 50%)", (0, 255, 0, 1.0)),
        ("rgb(1 2 3 / none)", (1, 2, 3, 0.0)),
        ("rgb(none 50% 0%)", (0, 128, 0, 1.0)),
        ("hsl(120 50 50%)", (64, 191, 64, 1.0)),
        ("hsl(0 150% 50%)", (255, 0, 0, 1.0)),
        ("hwb(0 -10% 0%)", (255, 0, 0, 1.0)),
        ("lab(150 0 0)", (255, 255, 255, 1.0)),
        ("lch(50 -10 0)", (119, 119, 119, 1.0)),
        ("lch(none 40 120)", (0, 14, 0, 1.0)),
    ],
)
def test_colours_a_browser_accepts(text: str, expected: tuple[int, int, int, float]) -> None:
    assert rgba255(text) == expected


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("grene", "not a CSS colour name"),
        ("#12345", "hex colour"),
        ("#ggg", "hex colour"),
        ("90be00", "not a colour"),
        ("rgb(255, 50%, 0)", "all numbers or all percentages"),
        ("rgb(none, 0, 0)", "space-separated"),
        ("hsl(120, 50, 50)", "percentages"),
        ("hwb(120, 10%, 10%)", "without commas"),
        ("rgb(1 2)", "three"),
        ("rgb(1 2 3 4)", "three"),
        ("rgb(1, 2 3)", "commas"),
        ("red blue", "single value"),
        ("red;", "';'"),
        ("red}", "not valid CSS"),
        ("red !important", "'!'"),
        ("inherit", "Bitrix24 page"),
        ("var(--brand)", "var()"),
        ("calc(1)", "calc()"),
        ("rgb(calc(1) 2 3)", "nested"),
        ("canvas", "not a CSS colour name"),
        ("color(srgb 1 0 0)", "not a supported CSS colour function"),
        ("rgb(1e999 0 0)", "out of range"),
        ("hsl(50% 100% 50%)", "a hue"),
        ("rgb(1 2 3 / 1px)", "optional alpha"),
        ("hsla(none, 100%, 50%)", "space-separated"),
    ],
)
def test_colours_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        parse_color(text)


def lp(px: float = 0.0, percent: float = 0.0) -> LengthPercentage:
    return LengthPercentage(px=px, percent=percent)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("auto", BackgroundSize()),
        ("auto auto", BackgroundSize()),
        ("COVER", BackgroundSize(keyword="cover")),
        ("contain", BackgroundSize(keyword="contain")),
        ("90%", BackgroundSize(width=lp(percent=90))),
        ("100% auto", BASE_SIZE),
        ("auto 60%", BackgroundSize(height=lp(percent=60))),
        ("30px", BackgroundSize(width=lp(30))),
        ("26px 34px", BackgroundSize(width=lp(26), height=lp(34))),
        ("0", BackgroundSize(width=lp(0))),
        ("1in 72pt", BackgroundSize(width=lp(96), height=lp(96))),
        ("2.54cm 6pc", BackgroundSize(width=lp(96), height=lp(96))),
        ("25.4mm", BackgroundSize(width=lp(96))),
        ("40%, cover", BackgroundSize(width=lp(percent=40))),
    ],
)
def test_background_sizes(text: str, expected: BackgroundSize) -> None:
    result = parse_background_size(text)
    assert result.keyword == expected.keyword
    for got, want in ((result.width, expected.width), (result.height, expected.height)):
        assert (got is None) == (want is None)
        if got is not None and want is not None:
            assert (got.px, got.percent) == pytest.approx((want.px, want.percent))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("-10px", "negative"),
        ("50% -1%", "negative"),
        ("10", "needs a unit"),
        ("10 px", "needs a unit"),
        ("cover auto", "stand alone"),
        ("auto contain", "stand alone"),
        ("1px 2px 3px", "one or two"),
        ("big", "not a size"),
        ("2em", "depends on the Bitrix24 page"),
        ("10vw", "depends on the Bitrix24 page"),
        ("10furlongs", "not a CSS length unit"),
        ("50%,", "empty item"),
        ("initial", "Bitrix24 page"),
        ("calc(50% + 2px)", "calc()"),
        ("50%; color: red", "';'"),
    ],
)
def test_background_sizes_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        parse_background_size(text)


def where(text: str, box: float = 100.0, image: float = 20.0) -> tuple[float, float]:
    """The image's top-left corner for ``text`` on a ``box`` px tile with an ``image`` px icon."""
    position = parse_background_position(text)
    free = box - image
    return position.x.resolve(free), position.y.resolve(free)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("center", (40, 40)),
        ("left", (0, 40)),
        ("right", (80, 40)),
        ("top", (40, 0)),
        ("bottom", (40, 80)),
        ("10px", (10, 40)),
        ("25%", (20, 40)),
        ("left top", (0, 0)),
        ("top left", (0, 0)),
        ("center left", (0, 40)),
        ("bottom center", (40, 80)),
        ("center center", (40, 40)),
        ("left 10px", (0, 10)),
        ("10px top", (10, 0)),
        ("30% 70%", (24, 56)),
        ("-5px -3.5px", (-5, -3.5)),
        ("right 10% bottom", (72, 80)),
        ("left 5px top", (5, 0)),
        ("center top 10px", (40, 10)),
        ("top 10px center", (40, 10)),
        ("center right 10%", (72, 40)),
        ("right 3px top 4px", (77, 4)),
        ("bottom 20px right 10px", (70, 60)),
        ("right -10px bottom -10px", (90, 90)),
        ("LEFT /* x */ TOP", (0, 0)),
        ("right, left", (80, 40)),
    ],
)
def test_background_positions(text: str, expected: tuple[float, float]) -> None:
    assert where(text) == pytest.approx(expected)


def test_empty_values_mean_bitrix_base_style() -> None:
    assert parse_background_position("center") == BASE_POSITION
    assert parse_background_size("100% auto") == BASE_SIZE


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("top 10px", "horizontal one comes first"),
        ("10px left", "horizontal one comes first"),
        ("left right", "same axis"),
        ("top bottom", "same axis"),
        ("left 10px right", "same axis"),
        ("center 10px top", "'center' cannot take an offset"),
        ("left top 10px 20px", "edge keyword"),
        ("1px 2px 3px", "edge keyword"),
        ("left top center", "one horizontal and one vertical"),
        ("left top right bottom left", "one to four"),
        ("middle", "not a position"),
        ("10em", "depends on the Bitrix24 page"),
        ("10", "needs a unit"),
        ("inherit", "Bitrix24 page"),
        ("left;", "';'"),
    ],
)
def test_background_positions_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=re.escape(says)):
        parse_background_position(text)


_CSS_PIECES = (
    *"0123456789.-+e%#(),/ ;!{}[]'\"\\\n\t",
    *("px", "cm", "em", "deg", "turn", "left", "top", "center", "auto", "cover", "rgb(", "hsl("),
    *("none", "calc(", "/*", "*/", "\u00e9", "\x00"),
)
_CSS_ALPHABET = st.sampled_from(_CSS_PIECES)


@given(st.lists(_CSS_ALPHABET, max_size=12).map("".join))
@settings(max_examples=300, deadline=None)
def test_any_text_parses_or_raises_value_error(text: str) -> None:
    """Whatever the user types, the parsers answer with a value or a ValueError, nothing else."""
    for parse in (parse_color, parse_background_size, parse_background_position):
        try:
            parse(text)
        except ValueError as exc:
            assert str(exc)


@settings(max_examples=400, deadline=None)
@given(
    digits=st.sampled_from((3, 4, 6, 8)).flatmap(
        lambda n: st.text("0123456789abcdefABCDEF", min_size=n, max_size=n)
    ),
    before=st.text(" \t\n\r\f", max_size=2),
    after=st.text(" \t\n\r\f", max_size=2),
)
def test_a_typed_hex_colour_is_the_very_colour_the_tokenizer_gives(
    digits: str, before: str, after: str
) -> None:
    """Hex colours skip the tokenizer (a COLOR keystroke's cost): same floats, bit for bit."""
    import tinycss2

    from gui.core.icon.css_color import color_rgba

    text = f"{before}#{digits}{after}"
    tokenized = color_rgba(tinycss2.parse_one_component_value(text, skip_comments=True))
    assert parse_color(text) == tokenized
    assert [type(value) for value in parse_color(text)] == [type(v) for v in tokenized]
