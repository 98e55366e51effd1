"""Tinting currentColor glyphs: what the user sees on the tile, and hostile colours refused."""

from __future__ import annotations

import pytest

from gui.core.errors import InvalidInputError
from gui.core.icon.codec import encode_data_image, tint_current_color
from gui.core.icon.svg_safety import inspect_svg
from gui.core.icon.tile import decode_png_rgba, render_tile
from gui.core.model.connector import IconSpec

GLYPH = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="currentColor"/>'
    b'<path d="M0 0h1" style="stroke:CurrentColor;fill:none"/></svg>'
)


def centre_pixel(svg: bytes) -> tuple[int, int, int, int]:
    png = render_tile(IconSpec(data_image=encode_data_image(svg), color="#0000ff", size="100%"))
    width, height, rgba = decode_png_rgba(png)
    i = (height // 2 * width + width // 2) * 4
    r, g, b, a = rgba[i : i + 4]
    return r, g, b, a


def test_current_color_paints_black_until_tinted_white() -> None:
    assert centre_pixel(GLYPH) == (0, 0, 0, 255)
    tinted = tint_current_color(GLYPH, "#ffffff")
    assert centre_pixel(tinted) == (255, 255, 255, 255)


def test_every_spelling_is_replaced_and_nothing_else_changes() -> None:
    tinted = tint_current_color(GLYPH, "white")
    assert tinted == GLYPH.replace(b"currentColor", b"white").replace(b"CurrentColor", b"white")
    assert not inspect_svg(tinted).uses_current_color  # and still a well-formed SVG


def test_an_icon_without_current_color_is_left_alone() -> None:
    plain = b'<svg xmlns="http://www.w3.org/2000/svg"><rect fill="red"/></svg>'
    assert not inspect_svg(plain).uses_current_color
    assert tint_current_color(plain, "#fff") == plain


@pytest.mark.parametrize(
    "colour", ['red" onload="x', "red;}</style>", "not-a-colour", "", "#12345", "rgb(1,2)"]
)
def test_a_colour_that_could_break_the_svg_is_refused(colour: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        tint_current_color(GLYPH, colour)
    assert info.value.code == "TINT_COLOR_INVALID"
