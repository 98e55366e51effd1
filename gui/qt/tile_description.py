"""The previews' text alternative: what the rendered tile shows, in words a screen reader can say
("44 px round badge: white glyph on #2fc6f6").

The colours are read from the rendered pixels, not from the form, so the words describe what is
actually drawn (a currentColor glyph is black, a missing image leaves the background alone).
Qt-free and pure: it runs on the render runner with the render.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass

from gui.core.i18n import _

WHITE, BLACK = "white", "black"
_DISTINCT = 96
"""How far (sum of channel differences) a pixel must be from the background to be the glyph."""
_MIN_GLYPH_SHARE = 0.01


@dataclass(frozen=True)
class TileColours:
    """The tile's background colour (``#rrggbb``) and its glyph's (``white``, ``black``,
    ``#rrggbb``; None when nothing stands out from the background)."""

    background: str
    glyph: str | None


def _hex(rgb: tuple[int, int, int]) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _name(rgb: tuple[int, int, int]) -> str:
    if min(rgb) >= 235:
        return WHITE
    if max(rgb) <= 30:
        return BLACK
    return _hex(rgb)


def tile_colours(width: int, height: int, stride: int, argb32: bytes) -> TileColours | None:
    """The dominant colour of the opaque pixels (the background) and the commonest colour that
    clearly differs from it (the glyph); None for a picture with no opaque pixel.

    ``argb32`` is the renderer's tile (:class:`gui.core.icon.tile.TileImage`): native-endian
    32-bit ARGB words, ``stride`` bytes a row; opaque pixels are the same premultiplied or not.
    """
    red, green, blue, alpha = (2, 1, 0, 3) if sys.byteorder == "little" else (1, 2, 3, 0)
    counts: Counter[tuple[int, int, int]] = Counter()
    for row in range(height):
        for offset in range(row * stride, row * stride + width * 4, 4):
            if argb32[offset + alpha] == 255:
                counts[(argb32[offset + red], argb32[offset + green], argb32[offset + blue])] += 1
    if not counts:
        return None
    background, _count = counts.most_common(1)[0]
    total = sum(counts.values())
    glyph = [
        (count, rgb)
        for rgb, count in counts.items()
        if sum(abs(a - b) for a, b in zip(rgb, background, strict=True)) >= _DISTINCT
    ]
    glyph_share = sum(count for count, _rgb in glyph) / total
    if not glyph or glyph_share < _MIN_GLYPH_SHARE:
        return TileColours(_hex(background), None)
    return TileColours(_hex(background), _name(max(glyph)[1]))


def describe_tile(px: int, colours: TileColours | None) -> str:
    """The text alternative of a round badge of ``px`` pixels, in the user's language."""
    if colours is None:
        return _("{px} px round badge: empty").format(px=px)
    if colours.glyph is None:
        return _("{px} px round badge: {background}, no glyph").format(
            px=px, background=colours.background
        )
    if colours.glyph == WHITE:
        text = _("{px} px round badge: white glyph on {background}")
    elif colours.glyph == BLACK:
        text = _("{px} px round badge: black glyph on {background}")
    else:
        text = _("{px} px round badge: {glyph} glyph on {background}")
    return text.format(px=px, glyph=colours.glyph, background=colours.background)
