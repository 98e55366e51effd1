"""Where Chromium puts a tile's pixels: the background image's box and the round rim.

Pure arithmetic on floats, kept apart from painting (:mod:`.tile`) so it is tested without cairo.
Measured against headless Chromium rather than read from its source.

The image, in two steps as in a browser:

1. **Size** (CSS Backgrounds 3 ``background-size`` with the CSS Images 3 default sizing
   algorithm): an SVG's intrinsic width/height/ratio come from its root ``width``, ``height``
   and ``viewBox``; percentages there give no intrinsic size. ``auto`` draws an SVG with width and
   height at that size; one with only a ``viewBox`` (a ratio, no size) fills like ``contain``.
2. **Place** (``background-position``, ``no-repeat``), then snap to device pixels the way
   Chromium does. The SVG is always fitted into the exact (unsnapped) box. With a positive
   offset the box starts at the rounded offset and is stretched to its rounded size; otherwise
   (the image sticks out to the left/top, or touches the edge) it keeps its exact offset, taken
   in the rounded image's scale. Either way the part inside the tile is stretched onto the whole
   pixels its snapped counterpart covers. Values are first quantised to 1/64 px like Blink's
   ``LayoutUnit`` and rounded half up (measured edge by edge, to ~0.005 px).

The round rim (``border-radius: 50%``): a browser does not clip to a true circle. Skia turns the
oval into four conics, each conic into 2ⁿ quadratic curves (tolerance ¼ px), and each quadratic
into 2ᵐ straight edges chosen by its flatness, then fills that polygon with analytic
anti-aliasing. cairo's own ``arc`` is a much finer curve, so its rim pixels come out up to ~0.3
more covered than Chromium's at 44 px, a difference a user sees as a heavier edge. Rebuilding
Skia's polygon (:func:`circle_polygon`) and letting cairo fill it halves the rim pixels that
differ (measured at 22–128 px).
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from gui.core.icon.css_values import (
    ABSOLUTE_UNITS,
    BackgroundPosition,
    BackgroundSize,
    LengthPercentage,
)


@dataclass(frozen=True)
class IntrinsicSize:
    """An image's natural dimensions in CSS px and its ratio (width / height); ``None`` = none."""

    width: float | None = None
    height: float | None = None
    ratio: float | None = None


def intrinsic_size(
    width_text: str | None, height_text: str | None, view_box_text: str | None
) -> IntrinsicSize:
    """What a browser derives from an SVG root's ``width``, ``height`` and ``viewBox``."""
    width, height = _svg_length(width_text), _svg_length(height_text)
    ratio = view_box_ratio(view_box_text)
    if width is not None and height is not None and width > 0 and height > 0:
        ratio = width / height
    if ratio is not None and width is not None and height is None:
        height = width / ratio
    elif ratio is not None and height is not None and width is None:
        width = height * ratio
    return IntrinsicSize(width, height, ratio)


def view_box_ratio(text: str | None) -> float | None:
    """Width / height of a valid ``viewBox``; ``None`` when there is none (or it is invalid)."""
    parts = [part for part in re.split(r"[\s,]+", (text or "").strip()) if part]
    try:
        _x, _y, width, height = (float(part) for part in parts)
    except ValueError:  # not four numbers
        return None
    return width / height if width > 0 and height > 0 else None


_LENGTH = re.compile(r"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([a-zA-Z%]*)\s*$")
_SVG_UNITS = {"": 1.0, **ABSOLUTE_UNITS, "em": 16.0, "ex": 8.0}
"""A root length's units in px: CSS's absolute ones (Chromium takes ``Q`` there too, measured),
and ``em``/``ex`` at a browser's default 16 px font."""


def _svg_length(text: str | None) -> float | None:
    """An absolute root ``width``/``height`` in px; ``None`` for absent, percentage or invalid."""
    match = _LENGTH.match(text or "")
    factor = _SVG_UNITS.get(match.group(2).lower()) if match else None
    if match is None or factor is None:
        return None
    value = float(match.group(1))
    return value * factor if value >= 0 and math.isfinite(value) else None


@dataclass(frozen=True)
class AxisPlacement:
    """How the image is drawn along one axis of the tile.

    The SVG is fitted into an image box ``size`` px long (unsnapped, as layout computed it);
    image coordinate ``u`` lands at tile coordinate ``u * scale + translate``; only tile
    coordinates ``clip_start..clip_end`` (whole pixels) are painted.
    """

    size: float
    scale: float
    translate: float
    clip_start: int
    clip_end: int

    @property
    def visible(self) -> bool:
        return self.size > 0 and self.clip_end > self.clip_start


@dataclass(frozen=True)
class Placement:
    """The image's placement on both axes of the tile."""

    x: AxisPlacement
    y: AxisPlacement

    @property
    def visible(self) -> bool:
        return self.x.visible and self.y.visible


def layout_unit(value: float) -> float:
    """``value`` quantised to 1/64 px, truncated toward zero like Blink's ``LayoutUnit``."""
    return math.trunc(value * 64.0) / 64.0


def snap(value: float) -> int:
    """Round half up to a whole pixel, as Blink snaps layout units."""
    return math.floor(value + 0.5)


def concrete_size(
    intrinsic: IntrinsicSize, size: BackgroundSize, box_width: float, box_height: float
) -> tuple[float, float]:
    """The image's size in px before snapping (CSS Backgrounds 3 §3.9, CSS Images 3 §5.2)."""
    ratio = intrinsic.ratio if intrinsic.ratio and intrinsic.ratio > 0 else None
    if size.keyword is not None:
        if ratio is None:
            return box_width, box_height
        return _fit(ratio, box_width, box_height, cover=size.keyword == "cover")
    width = None if size.width is None else max(0.0, size.width.resolve(box_width))
    height = None if size.height is None else max(0.0, size.height.resolve(box_height))
    if width is not None and height is not None:
        return width, height
    if width is not None:
        if ratio is not None:
            return width, width / ratio
        return width, intrinsic.height if intrinsic.height is not None else box_height
    if height is not None:
        if ratio is not None:
            return height * ratio, height
        return intrinsic.width if intrinsic.width is not None else box_width, height
    return _default_size(intrinsic, ratio, box_width, box_height)


def _default_size(
    intrinsic: IntrinsicSize, ratio: float | None, box_width: float, box_height: float
) -> tuple[float, float]:
    """``auto auto``: the natural size, completed by the ratio, else contain, else the box."""
    if intrinsic.width is not None and intrinsic.height is not None:
        return intrinsic.width, intrinsic.height
    if ratio is not None:
        if intrinsic.width is not None:
            return intrinsic.width, intrinsic.width / ratio
        if intrinsic.height is not None:
            return intrinsic.height * ratio, intrinsic.height
        return _fit(ratio, box_width, box_height, cover=False)
    width = intrinsic.width if intrinsic.width is not None else box_width
    height = intrinsic.height if intrinsic.height is not None else box_height
    return width, height


def _fit(ratio: float, box_width: float, box_height: float, *, cover: bool) -> tuple[float, float]:
    by_width = (box_width, box_width / ratio)
    by_height = (box_height * ratio, box_height)
    width_fits = by_width[1] <= box_height
    if width_fits != cover:
        return by_width
    return by_height


def place_axis(size: float, position: LengthPercentage, box: int) -> AxisPlacement:
    """Snap the image's ``size`` and ``position`` on one axis of a ``box``-px tile like Chromium
    (the module doc's step 2)."""
    size = layout_unit(size)
    offset = layout_unit(position.px) + layout_unit((box - size) * position.percent / 100.0)
    if size <= 0:
        return AxisPlacement(size=0.0, scale=1.0, translate=0.0, clip_start=0, clip_end=0)
    if offset > 0:
        # The part inside the tile, [offset, offset + size] ∩ [0, box], is stretched onto the
        # same part of the snapped image, [start, start + rounded size] ∩ [0, box].
        start = snap(offset)
        snapped_visible = min(snap(size), box - start)
        visible = min(size, box - offset)
        if snapped_visible <= 0 or visible <= 0:
            return AxisPlacement(size=0.0, scale=1.0, translate=0.0, clip_start=0, clip_end=0)
        return AxisPlacement(
            size=size,
            scale=snapped_visible / visible,
            translate=float(start),
            clip_start=start,
            clip_end=start + snapped_visible,
        )
    visible = min(size + offset, float(box))
    snapped_visible = snap(visible)
    stretch = snapped_visible / visible if visible > 0 else 1.0
    # Blink keeps the offset as a phase in the rounded image's space; measured: the shift is
    # offset × size / rounded size (e.g. 57.5 px at "right": -13.5 px lands at -13.385 px).
    phase_scale = size / snap(size) if snap(size) > 0 else 1.0
    return AxisPlacement(
        size=size,
        scale=stretch,
        translate=offset * phase_scale * stretch,
        clip_start=0,
        clip_end=max(0, min(box, snapped_visible)),
    )


def place_image(
    intrinsic: IntrinsicSize,
    size: BackgroundSize,
    position: BackgroundPosition,
    box: int,
    zoom: float = 1.0,
) -> Placement:
    """Size and place the image on a ``box``×``box`` tile of device pixels, ``zoom`` device
    pixels a CSS px (the screen's device pixel ratio).

    Chromium lays a page out at a device pixel ratio as if it were zoomed by it: every absolute
    length (the image's natural size, ``px``/``mm`` … in ``background-size`` and
    ``background-position``) is multiplied, percentages and keywords are not, and the result is
    snapped to device pixels as at 1× (``tests/integration/test_tile_fidelity_hidpi.py``).
    """
    if zoom != 1.0:
        intrinsic, size, position = _zoomed(intrinsic, size, position, zoom)
    width, height = concrete_size(intrinsic, size, float(box), float(box))
    return Placement(place_axis(width, position.x, box), place_axis(height, position.y, box))


def _zoomed(
    intrinsic: IntrinsicSize, size: BackgroundSize, position: BackgroundPosition, zoom: float
) -> tuple[IntrinsicSize, BackgroundSize, BackgroundPosition]:
    def length(value: LengthPercentage) -> LengthPercentage:
        return LengthPercentage(px=value.px * zoom, percent=value.percent)

    def optional(value: LengthPercentage | None) -> LengthPercentage | None:
        return None if value is None else length(value)

    natural = IntrinsicSize(
        None if intrinsic.width is None else intrinsic.width * zoom,
        None if intrinsic.height is None else intrinsic.height * zoom,
        intrinsic.ratio,
    )
    sized = BackgroundSize(size.keyword, optional(size.width), optional(size.height))
    return natural, sized, BackgroundPosition(length(position.x), length(position.y))


# ------------------------------------------------------------------ the round rim

_Point = tuple[float, float]

CONIC_TOLERANCE = 0.25
"""Skia's conic-to-quadratics tolerance in device pixels (``SkEdgeBuilder``)."""

_SUPERSAMPLE_SHIFT = 2
_MAX_CURVE_SHIFT = 6
_MAX_CONIC_POW2 = 4


@functools.lru_cache(maxsize=16)
def circle_polygon(diameter: float) -> tuple[_Point, ...]:
    """Vertices of Skia's flattened circle inscribed in a ``diameter`` px square at the origin
    (cached: every tile of a size clips to the same one)."""
    radius = diameter / 2.0
    centre = radius
    weight = math.sqrt(0.5)
    quadrants = (
        ((centre + radius, centre), (centre + radius, centre + radius), (centre, centre + radius)),
        ((centre, centre + radius), (centre - radius, centre + radius), (centre - radius, centre)),
        ((centre - radius, centre), (centre - radius, centre - radius), (centre, centre - radius)),
        ((centre, centre - radius), (centre + radius, centre - radius), (centre + radius, centre)),
    )
    points: list[_Point] = [quadrants[0][0]]
    for start, control, end in quadrants:
        for quad in _conic_to_quads(start, control, end, weight):
            points.extend(_quad_to_lines(quad))
    return tuple(points)


def _conic_to_quads(
    start: _Point, control: _Point, end: _Point, weight: float
) -> list[tuple[_Point, _Point, _Point]]:
    """``SkConic::computeQuadPOW2`` + ``chopIntoQuadsPOW2``: halve until within tolerance."""
    a = weight - 1.0
    k = a / (4.0 * (2.0 + a))
    error = math.hypot(
        k * (start[0] - 2.0 * control[0] + end[0]), k * (start[1] - 2.0 * control[1] + end[1])
    )
    pow2 = 0
    while pow2 < _MAX_CONIC_POW2 and error > CONIC_TOLERANCE:
        error *= 0.25
        pow2 += 1
    conics = [(start, control, end, weight)]
    for _ in range(pow2):
        conics = [half for conic in conics for half in _chop_conic(*conic)]
    return [(p0, p1, p2) for p0, p1, p2, _w in conics]


def _chop_conic(
    p0: _Point, p1: _Point, p2: _Point, weight: float
) -> tuple[tuple[_Point, _Point, _Point, float], tuple[_Point, _Point, _Point, float]]:
    scale = 1.0 / (1.0 + weight)
    new_weight = math.sqrt(0.5 + weight * 0.5)
    wp1 = (weight * p1[0], weight * p1[1])
    middle = (
        (p0[0] + 2.0 * wp1[0] + p2[0]) * scale * 0.5,
        (p0[1] + 2.0 * wp1[1] + p2[1]) * scale * 0.5,
    )
    first = ((p0[0] + wp1[0]) * scale, (p0[1] + wp1[1]) * scale)
    second = ((wp1[0] + p2[0]) * scale, (wp1[1] + p2[1]) * scale)
    return (p0, first, middle, new_weight), (middle, second, p2, new_weight)


def _quad_to_lines(quad: tuple[_Point, _Point, _Point]) -> list[_Point]:
    """``SkQuadraticEdge``: 2^shift equal steps in t, shift from the curve's flatness."""
    scale = float(1 << (_SUPERSAMPLE_SHIFT + 6))  # 26.6 fixed point in the 4× supersampled grid
    (x0, y0), (x1, y1), (x2, y2) = ((int(x * scale), int(y * scale)) for x, y in quad)
    dx = abs((2 * x1 - x0 - x2) >> 2)
    dy = abs((2 * y1 - y0 - y2) >> 2)
    distance = dx + (dy >> 1) if dx > dy else dy + (dx >> 1)
    distance = (distance + (1 << 4)) >> 5
    shift = max(1, min(_MAX_CURVE_SHIFT, distance.bit_length() >> 1))
    steps = 1 << shift
    (ax, ay), (bx, by), (cx, cy) = quad
    points = []
    for step in range(1, steps + 1):
        t = step / steps
        u = 1.0 - t
        points.append(
            (u * u * ax + 2 * t * u * bx + t * t * cx, u * u * ay + 2 * t * u * by + t * t * cy)
        )
    return points
