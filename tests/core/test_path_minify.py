"""Path data and numbers written shorter, and never moved further than the icon's precision.

The shape checks read paths back with cairosvg's own path reader (the program's renderer, an
independent parser) into cairo's absolute path: the minified path must have the same segments
as the original, each point within the rounding allowance. Rendering whole icons against the
original is in ``test_minified_icons_render_like_the_original`` (the program's renderer) and in
``tests/integration/test_codec_in_chromium.py`` (Chromium, every sample icon at 44 and 256 px).
"""

from __future__ import annotations

import itertools
import math
import re
import types
from pathlib import Path

import cairocffi
import pytest
from cairosvg.path import path as cairosvg_path
from hypothesis import example, given, settings
from hypothesis import strategies as st

from gui.core.icon.codec import encode_data_image
from gui.core.icon.path_data import minify_path_data
from gui.core.icon.svg_minify import minify_svg
from gui.core.icon.svg_numbers import (
    decimals_for,
    format_fixed,
    shorten_number,
    transform_scale_bound,
)
from gui.core.icon.tile import decode_png_rgba, render_tile
from gui.core.model.connector import IconSpec
from tests.sample_icons import sample_icon_files

PRECISION = 65536.0
"""cairo keeps path points in 24.8 fixed point: drawing at 256× makes that 1/65536 unit."""


class _Node(dict[str, str]):
    """What cairosvg's path reader needs of a node: ``get`` and a ``vertices`` slot."""

    vertices: object = None


def _absolute_path(d: str) -> list[tuple[int, tuple[float, ...]]]:
    """``d`` as cairosvg reads it: cairo's absolute path (arcs and quadratics as cubics)."""
    surface = cairocffi.RecordingSurface(cairocffi.CONTENT_COLOR_ALPHA, None)
    context = cairocffi.Context(surface)
    context.scale(256, 256)
    host = types.SimpleNamespace(context=context, dpi=96, font_size=12)
    cairosvg_path(host, _Node(d=d))
    steps: list[tuple[int, tuple[float, ...]]] = []
    here: tuple[float, ...] = (0.0, 0.0)
    for kind, points in context.copy_path():
        if kind == cairocffi.PATH_LINE_TO:
            # cairo draws a curve whose points all coincide as a line: one shape, one spelling.
            kind, points = cairocffi.PATH_CURVE_TO, (*here, *points, *points)
        steps.append((kind, tuple(points)))
        here = tuple(points[-2:]) or here
    return steps


def _assert_same_shape(original: str, minified: str, allowance: float) -> None:
    """Both paths have the same steps, each point within ``allowance``.

    A step that stays within twice the allowance of where it starts may round to nothing (and
    cairo drops steps of zero length), so such a step on either side may go unmatched.
    """
    before, after = _absolute_path(original), _absolute_path(minified)
    limit = allowance + 2 / PRECISION
    i = j = 0
    while i < len(before) or j < len(after):
        if i < len(before) and j < len(after) and _close(before[i], after[j], limit):
            i, j = i + 1, j + 1
        elif i < len(before) and _tiny(before, i, 2 * limit):
            i += 1
        elif j < len(after) and _tiny(after, j, 2 * limit):
            j += 1
        else:
            raise AssertionError(
                f"{original!r} -> {minified!r}: step {before[i : i + 1]} vs {after[j : j + 1]}"
            )


Step = tuple[int, tuple[float, ...]]


def _close(a: Step, b: Step, limit: float) -> bool:
    return a[0] == b[0] and all(abs(x - y) <= limit for x, y in zip(a[1], b[1], strict=True))


def _tiny(steps: list[Step], index: int, limit: float) -> bool:
    kind, points = steps[index]
    if kind != cairocffi.PATH_CURVE_TO or index == 0:
        return False
    here = steps[index - 1][1][-2:]
    return all(abs(value - here[k % 2]) <= limit for k, value in enumerate(points))


def _flat_distance(original: str, minified: str) -> float:
    """How far the two drawn outlines are apart at most (both ways), flattened finely.

    Arcs are compared this way: cairo splits an arc into as many curves as its angle needs, so
    two nearly equal arcs can have a different number of steps.
    """
    lines = [_polyline(original), _polyline(minified)]
    return max(
        max(_to_polyline(point, lines[1 - side]) for point in lines[side]) for side in (0, 1)
    )


def _polyline(d: str) -> list[tuple[float, float]]:
    surface = cairocffi.RecordingSurface(cairocffi.CONTENT_COLOR_ALPHA, None)
    context = cairocffi.Context(surface)
    context.scale(16, 16)
    cairosvg_path(types.SimpleNamespace(context=context, dpi=96, font_size=12), _Node(d=d))
    # After drawing: cairosvg sets its own, far finer tolerance for arcs. Within 1/160 unit;
    # cairo keeps points to 1/4096 unit at this scale.
    context.set_tolerance(0.1)
    return [(p[0], p[1]) for _kind, p in context.copy_path_flat() if p]


def _to_polyline(point: tuple[float, float], line: list[tuple[float, float]]) -> float:
    px, py = point
    best = min(math.dist(point, vertex) for vertex in line)
    for (ax, ay), (bx, by) in itertools.pairwise(line):
        length = (bx - ax) ** 2 + (by - ay) ** 2
        if length:
            t = max(0.0, min(1.0, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / length))
            best = min(best, math.dist(point, (ax + t * (bx - ax), ay + t * (by - ay))))
    return best


# ---------------------------------------------------------------- shortest forms


@pytest.mark.parametrize(
    ("d", "decimals", "shortest"),
    [
        ("M 10 10 L 20 10 L 20 20 Z", 3, "M10 10H20V20z"),
        ("M1,2L3,4z", 3, "M1 2 3 4z"),
        ("M0 0C0 0 1 1 2 2 S 3 3 4 4", 3, "M0 0S1 1 2 2 3 3 4 4"),
        ("M10.123456 5.5 l 0.3333 -0.25 h 5 v-3", 3, "M10.123 5.5l.334-.25h5v-3"),
        ("M10.123456 5.5 l 0.3333 -0.25 h 5 v-3", 0, "M10 6V5h5V2"),
        ("m5 5 10 0 0 10z m 2 2 1 1", 3, "M5 5H15V15zM7 7 8 8"),
        ("M0 0Q1 1 2 0T4 0", 3, "M0 0Q1 1 2 0T4 0"),
        ("M0 0Q1 1 2 0Q3 -1 4 0", 3, "M0 0Q1 1 2 0T4 0"),
        ("M1e2 2e-1 L 3 4", 3, "M100 .2 3 4"),
        ("M3.5 0.5 L 0.25 0.75", 3, "M3.5.5.25.75"),
        # Arc flags keep their separators: older readers cannot split "011".
        ("M2 2A5 5 0 0 1 12 2", 3, "M2 2A5 5 0 0 1 12 2"),
        # A semicircle rounded: radii just below half the chord, so its centre cannot jump.
        ("M0 0a4.99999 4.99999 0 0 1 10.00003 0", 2, "M0 0A4.98 4.98 0 0 1 10 0"),
        ("M0 0a8.0001 8.0001 0 0 1 10.00003 0", 2, "M0 0A8 8 0 0 1 10 0"),
    ],
)
def test_paths_are_written_in_their_shortest_form(d: str, decimals: int, shortest: str) -> None:
    assert minify_path_data(d, decimals) == shortest


@pytest.mark.parametrize(
    "d",
    [
        "M1,,2 3",  # a browser stops at the double comma
        "M1 2L",  # a command without its numbers
        "M 1. 2",  # Blink refuses a trailing point
        "L1 2",  # must start with a moveto
        "M1 2 3",  # an odd coordinate
        "M0 0L1 1z 5",  # a number after closepath
        "M0 0 L 1 1,",  # a trailing comma
        "M0 0L1 1 z2",
        "M0 0h1#",
    ],
)
def test_what_cannot_be_rewritten_exactly_is_kept_as_written(d: str) -> None:
    assert minify_path_data(d, 2) is None


def test_errors_never_add_up_along_a_relative_path() -> None:
    d = "M0 0" + "l.0004 .0004" * 1000
    minified = minify_path_data(d, 3)
    assert minified is not None
    # cairosvg's own reading of the original drifts (cairo adds relative steps in fixed point),
    # so the minified path's end is compared with the exact one, 1000 relative steps away.
    (_kind, last), *_ = reversed(_absolute_path(minified))
    assert abs(last[-2] - 0.4) <= 2 / PRECISION and abs(last[-1] - 0.4) <= 2 / PRECISION
    assert len(minified) < len(d) / 2


def test_arcs_that_rounding_could_move_keep_every_digit() -> None:
    # Radius a hair above half the chord: rounding could move the centre by sqrt(2·r·ε).
    assert minify_path_data("M0.0001 0a5.0001 5.0001 0 0 1 10.0001 0", 2) == (
        "M.0001 0A5.0001 5.0001 0 0 1 10.0002 0"
    )
    # An elongated ellipse magnifies the rounding of its endpoints.
    assert minify_path_data("M1.2345 2.3456A7 .5 0 0 0 0 0", 2) == "M1.2345 2.3456A7 .5 0 0 0 0 0"


def test_nothing_is_rounded_finer_than_written() -> None:
    d = "M1.5 2.25c1 0 2 1 3 1"
    assert minify_path_data(d, 10) == "M1.5 2.25c1 0 2 1 3 1"


_COORDINATE = st.integers(-20000, 20000).map(lambda n: n / 1000)
_SEGMENT = st.one_of(
    st.tuples(st.sampled_from("MLTmlt"), _COORDINATE, _COORDINATE),
    st.tuples(st.sampled_from("HVhv"), _COORDINATE),
    st.tuples(st.sampled_from("QSqs"), *[_COORDINATE] * 4),
    st.tuples(st.sampled_from("Cc"), *[_COORDINATE] * 6),
    st.tuples(st.sampled_from("Zz")),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_SEGMENT, max_size=25), st.integers(0, 3))
# Found in CI: along a chain of T each implicit control reflects the last, and rounding added up.
@example([("V", -0.311), ("T", 0.0, 1.403), ("T", 0.0, -0.192), ("T", 0.0, 0.0)], 0)
def test_any_path_keeps_its_shape_within_the_rounding(
    segments: list[tuple[object, ...]], d: int
) -> None:
    text = "M1 1" + "".join(
        f"{segment[0]}{' '.join(str(v) for v in segment[1:])}" for segment in segments
    )
    minified = minify_path_data(text, d)
    assert minified is not None
    # Half a unit per point; a shorthand's implied control point reflects two rounded points.
    before, after = _reference_points(text), _reference_points(minified)
    assert [step[0] for step in before] == [step[0] for step in after], (text, minified)
    for a, b in zip(before, after, strict=True):
        pairs = zip(a[1:], b[1:], strict=True)
        moved = max((abs(x - y) for p, q in pairs for x, y in zip(p, q, strict=True)), default=0.0)
        assert moved <= 1.5 * 10**-d + 1e-9, (text, minified, a, b)
    assert len(minified) <= len(text)
    assert minify_path_data(minified, d) == minified


_REFERENCE_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtZz]|[+-]?(?:\d+(?:\.\d*)?|\.\d+)")
_REFERENCE_COUNT = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "Z": 0}


def _reference_points(d: str) -> list[tuple[object, ...]]:
    """A plain reading of path data (no arcs) by the spec, as absolute points per segment:
    the test's own oracle, written without the minifier's shortcuts."""
    tokens = _REFERENCE_TOKEN.findall(d)
    steps: list[tuple[object, ...]] = []
    x = y = start_x = start_y = 0.0
    cubic = quad = None
    letter = ""
    while tokens:
        if tokens[0].isalpha():
            letter = tokens.pop(0)
        kind, relative = letter.upper(), letter.islower()
        values = [float(tokens.pop(0)) for _ in range(_REFERENCE_COUNT[kind])]
        ox, oy = (x, y) if relative else (0.0, 0.0)
        pairs = [(values[i] + ox, values[i + 1] + oy) for i in range(0, len(values) - 1, 2)]
        reflected_cubic = (2 * x - cubic[0], 2 * y - cubic[1]) if cubic else (x, y)
        reflected_quad = (2 * x - quad[0], 2 * y - quad[1]) if quad else (x, y)
        cubic = quad = None
        if kind == "Z":
            steps.append(("Z",))
            x, y = start_x, start_y
            continue
        if kind == "H":
            pairs = [(values[0] + ox, y)]
        elif kind == "V":
            pairs = [(x, values[0] + oy)]
        if kind == "S":
            pairs.insert(0, reflected_cubic)
        elif kind == "T":
            pairs.insert(0, reflected_quad)
        if kind in "CS":
            cubic = pairs[1]
        elif kind in "QT":
            quad = pairs[0]
        name = {"H": "L", "V": "L", "S": "C", "T": "Q"}.get(kind, kind)
        steps.append((name, *pairs))
        x, y = pairs[-1]
        if kind == "M":
            start_x, start_y = x, y
            letter = "l" if relative else "L"
    return steps


@settings(max_examples=100, deadline=None)
@given(
    st.floats(0.5, 30),
    st.floats(0.5, 30),
    st.floats(0, 360),
    st.booleans(),
    st.booleans(),
    _COORDINATE,
    _COORDINATE,
)
def test_arcs_keep_their_shape_within_the_rounding(
    rx: float, ry: float, angle: float, large: bool, sweep: bool, x: float, y: float
) -> None:
    text = f"M1.2345 2.3456A{rx!r} {ry!r} {angle!r} {large:d} {sweep:d} {x!r} {y!r}"
    minified = minify_path_data(text, 2)
    if minified is None:
        return  # radii a hair above half the chord are kept as written (checked above)
    # Points move by half a unit (.005); where an arc's centre follows its radius, up to ~3×
    # that again (λ < 0.9: the centre moves at most ~3.2× what the radius does).
    assert _flat_distance(text, minified) <= 0.025, (text, minified)


# ---------------------------------------------------------------- numbers


def test_numbers_are_spelt_shortest() -> None:
    assert [format_fixed(n, 2) for n in (50, -25, 1200, 0, 7)] == [".5", "-.25", "12", "0", ".07"]
    assert [shorten_number(t) for t in ("0.500", "-0.5", "+5", "010", "1e-5")] == [
        ".5",
        "-.5",
        "5",
        "10",
        "1e-5",
    ]


def test_precision_follows_the_view_box_and_transforms() -> None:
    # 24 units drawn at 256 px: 1/20 px is .0047 units, so 3 decimals (error ≤ .0005).
    assert decimals_for(24, 1) == 3
    assert decimals_for(512, 1) == 1
    assert decimals_for(24, 10) == 4
    assert transform_scale_bound("translate(5 5) scale(2,3)") == 3
    assert transform_scale_bound("rotate(45) translate(3)") == 1
    assert transform_scale_bound("matrix(3 4 0 0 0 0)") == 5
    assert transform_scale_bound("scale(2) nonsense(1)") is None
    assert transform_scale_bound("scale(2 3 4)") is None


def test_minifier_rounds_to_the_icons_own_precision() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        b'<path d="M1.123456 2.987654 L 10.000001 2.987654"/>'
        b'<g transform="scale(100)"><path d="M0.0123456 0.01L0.02 0.01"/></g>'
        b'<clipPath id="c"><path d="M1.123456 2L3 4"/></clipPath>'
        b'<rect x="1.23456" y="0" width="0.0001" height="5.000000" fill="#FFCC00"'
        b' opacity="0.50"/><polygon points="0.12345,1 2, 3.33333 4 5"/></svg>'
    )
    assert minify_svg(svg) == (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        b'<path d="M1.123 2.988H10"/>'
        b'<g transform="scale(100)"><path d="M.01235.01H.02"/></g>'
        b'<clipPath id="c"><path d="M1.123456 2 3 4"/></clipPath>'
        b'<rect x="1.235" y="0" width=".0001" height="5" fill="#FC0" opacity=".5"/>'
        b'<polygon points=".123 1 2 3.333 4 5"/></svg>'
    )


def test_minifier_leaves_numbers_alone_where_the_scale_is_unknown() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        b"<style>path{transform:scale(50)}</style>"
        b'<path d="M1.123456 2L3 4"/></svg>'
    )
    assert b'd="M1.123456 2 3 4"' in minify_svg(svg)
    animated = svg.replace(b"<style>path{transform:scale(50)}</style>", b"").replace(
        b"/></svg>",
        b'><animateTransform attributeName="transform" type="scale" to="50"/></path></svg>',
    )
    assert b'd="M1.123456 2 3 4"' in minify_svg(animated)
    text = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        b'<text x="1.23456">a</text></svg>'
    )
    assert b'x="1.23456"' in minify_svg(text)


# ---------------------------------------------------------------- whole icons


MEAN_LIMIT = 0.5
"""Largest mean absolute difference per channel (0..255) between a minified and original tile."""


@pytest.mark.parametrize("px", [44, 256])
def test_minified_icons_render_like_the_original(px: int) -> None:
    """Every sample icon's tile, original and minified, drawn by the program's own renderer."""
    over = {}
    for path in sample_icon_files():
        svg = path.read_bytes()
        original = _rgba(render_tile(IconSpec(data_image=encode_data_image(svg)), px=px))
        minified = _rgba(
            render_tile(IconSpec(data_image=encode_data_image(svg, minify=True)), px=px)
        )
        mean = sum(abs(a - b) for a, b in zip(original, minified, strict=True)) / len(original)
        if mean > MEAN_LIMIT:
            over[_name(path)] = round(mean, 3)
    assert over == {}, f"minified tiles differ by more than {MEAN_LIMIT}/255 mean at {px} px"


def _rgba(png: bytes) -> bytes:
    return decode_png_rgba(png)[2]


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"
