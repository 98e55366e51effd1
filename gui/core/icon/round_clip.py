"""The round tile's outline, flattened the way Chromium's Skia flattens ``border-radius: 50%``.

A browser does not clip to a true circle: Skia turns the oval into four conics, each conic into
2ⁿ quadratic curves (tolerance ¼ px), and each quadratic into 2ᵐ straight edges chosen by its
flatness, then fills that polygon with analytic anti-aliasing. cairo's own ``arc`` is a much
finer curve, so its rim pixels come out up to ~0.3 more covered than Chromium's at 44 px, a
difference a user sees as a heavier edge. Rebuilding Skia's polygon and letting cairo fill it
halves the rim pixels that differ (measured against headless Chromium at 22–128 px).

Pure arithmetic; the caller appends the points to a cairo path.
"""

from __future__ import annotations

import math

_Point = tuple[float, float]

CONIC_TOLERANCE = 0.25
"""Skia's conic-to-quadratics tolerance in device pixels (``SkEdgeBuilder``)."""

_SUPERSAMPLE_SHIFT = 2
_MAX_CURVE_SHIFT = 6
_MAX_CONIC_POW2 = 4


def circle_polygon(diameter: float) -> list[_Point]:
    """Vertices of Skia's flattened circle inscribed in a ``diameter`` px square at the origin."""
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
    return points


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


__all__ = ["CONIC_TOLERANCE", "circle_polygon"]
