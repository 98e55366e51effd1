"""The previews' words come from the pixels: the commonest opaque colour is the background, the
commonest colour that clearly differs from it is the glyph."""

from __future__ import annotations

import sys

from gui.core import i18n
from gui.qt.tile_description import TileColours, describe_tile, tile_colours


def _picture(pixels: list[tuple[int, int, int, int]]) -> tuple[int, int, int, bytes]:
    """One row of (r, g, b, a) pixels as the renderer holds them: native-endian ARGB32 words,
    premultiplied, with 8 bytes of padding at the end of the row."""
    words = []
    for red, green, blue, alpha in pixels:
        word = (alpha << 24) | (red * alpha // 255 << 16) | (green * alpha // 255 << 8)
        words.append((word | (blue * alpha // 255)).to_bytes(4, sys.byteorder))
    return len(pixels), 1, len(pixels) * 4 + 8, b"".join(words) + bytes(8)


def test_background_and_glyph_are_read_from_the_pixels() -> None:
    blue, white, edge = (47, 198, 246, 255), (255, 255, 255, 255), (80, 205, 247, 255)
    clear = (0, 0, 0, 0)
    pixels = [blue] * 60 + [white] * 20 + [edge] * 5 + [clear] * 30
    assert tile_colours(*_picture(pixels)) == TileColours("#2fc6f6", "white")
    black = (0, 0, 0, 255)
    assert tile_colours(*_picture([blue] * 60 + [black] * 20)) == TileColours("#2fc6f6", "black")
    red = (200, 30, 30, 255)
    assert tile_colours(*_picture([blue] * 60 + [red] * 20)) == TileColours("#2fc6f6", "#c81e1e")
    assert tile_colours(*_picture([blue] * 60 + [edge] * 20)) == TileColours("#2fc6f6", None)
    assert tile_colours(*_picture([clear] * 10)) is None


def test_the_words_are_in_the_users_language() -> None:
    colours = TileColours("#2fc6f6", "white")
    assert describe_tile(44, colours) == "44 px round badge: white glyph on #2fc6f6"
    i18n.set_language("ru")
    try:
        assert describe_tile(44, colours) == "Круглый значок 44 пикс.: белый символ на фоне #2fc6f6"
        assert describe_tile(44, TileColours("#2fc6f6", "#c81e1e")) == (
            "Круглый значок 44 пикс.: символ цвета #c81e1e на фоне #2fc6f6"
        )
    finally:
        i18n.set_language("en")
    assert describe_tile(44, None) == "44 px round badge: empty"
