"""The window's badge on a 2× screen against Chromium painting Bitrix24's CSS at device scale 2.

On a HiDPI screen the window renders the 44 px badge at 88 device pixels
(:func:`gui.qt.preview_presenter.render_tile` with the screen's ratio), as Bitrix24's page is
painted there. Chromium lays out a 2× page as if zoomed: absolute lengths (``30px``, ``0.3in``,
an SVG's own width) double, percentages and keywords do not. The same pages as
``test_tile_fidelity`` (every sample icon, every SIZE/POSITION form, round and square) are shot
with ``--force-device-scale-factor=2`` and compared with the badge the window shows, under the
same limits as the 44 px tiles there; the crisp-icon geometry must match pixel for pixel.
"""

from __future__ import annotations

import itertools

import pytest

from gui.core.cancel import CancelToken
from gui.core.icon.codec import encode_data_image
from gui.core.icon.tile import connector_tile_image, decode_png_rgba
from gui.core.model.connector import Connector, IconSpec
from gui.qt.preview import BADGE_PX
from gui.qt.preview_presenter import render_tile
from tests.browser import screenshot_html
from tests.integration.test_tile_fidelity import (
    COLORS,
    KNOWN_GAPS_44,
    LIMITS,
    MEAN_LIMIT,
    NO_VIEWBOX_SVG,
    POSITIONS,
    SIZES,
    SQUARE_SVG,
    Case,
    Score,
    _cases,
    _grid,
    _origin,
    _page,
    _score,
)

pytestmark = pytest.mark.chromium

RATIO = 2
DEVICE_PX = BADGE_PX * RATIO


def _badge_png(case: Case) -> bytes:
    """The active badge exactly as the window renders it on a 2× screen (round); a square
    case is the same tile unclipped."""
    connector = Connector(icon=case.icon)
    if not case.round:
        return connector_tile_image(connector, px=DEVICE_PX, zoom=RATIO).png()
    rendered = render_tile(connector, False, float(RATIO), CancelToken())
    assert (rendered.badge.width, rendered.badge.height) == (DEVICE_PX, DEVICE_PX)
    return rendered.badge.png()


def _scores(cases: list[Case]) -> list[Score]:
    html, width, height = _page(cases, BADGE_PX)
    shot = decode_png_rgba(screenshot_html(html, width, height, device_scale=RATIO))
    assert shot[:2] == (width * RATIO, height * RATIO)
    columns = _grid(len(cases), BADGE_PX)[0]
    scores = []
    for index, case in enumerate(cases):
        left, top = _origin(index, columns, BADGE_PX)
        origin = (left * RATIO, top * RATIO)
        scores.append(_score(case.name, _badge_png(case), shot, origin, DEVICE_PX))
    return scores


def test_the_badge_on_a_2x_screen_matches_chromium_at_2x() -> None:
    cases = [case for case in _cases() if case.round]  # the window's badge is round
    cases += [Case(f"{case.name} (round)", case.icon, True) for case in _cases() if not case.round]
    scores = _scores(cases)
    worst_mean = max(scores, key=lambda s: s.mean_abs)
    worst_off = max(scores, key=lambda s: s.off_fraction)
    overall_mean = sum(s.mean_abs for s in scores) / len(scores)
    overall_off = sum(s.off_fraction for s in scores) / len(scores)
    print(
        f"\n{DEVICE_PX} px (44 px at 2x): {len(scores)} tiles; mean abs diff "
        f"{overall_mean:.3f}/255 overall, worst {worst_mean.mean_abs:.3f}/255 "
        f"({worst_mean.name}); off>16 {overall_off:.2%} overall, worst "
        f"{worst_off.off_fraction:.2%} ({worst_off.name})"
    )
    assert overall_mean <= MEAN_LIMIT
    assert overall_off <= LIMITS[44]
    failures = [
        f"{s.name}: mean {s.mean_abs:.2f}/255, off>16 {s.off_fraction:.1%}"
        for s in scores
        if s.off_fraction > LIMITS[44]
        or s.mean_abs > (MEAN_LIMIT + 1.0 if s.name.split(" ")[0] in KNOWN_GAPS_44 else MEAN_LIMIT)
    ]
    assert not failures, "badges unlike Chromium at 2x:\n" + "\n".join(failures)


NEGATIVE_LENGTH_POSITION = "-5px -3.5px"
"""The one POSITION form not matched pixel for pixel at 2×: with a negative *length* offset
Chromium leaves the image's far edge where it falls (anti-aliased, e.g. at 42.8 px) instead of
stretching the visible part onto whole pixels as it does at 1× and for negative *percentage*
offsets (``cover``, ``130%``: exact). Measured: ≤ 1.2 % of the tile's pixels (that one edge row
or column), mean ≤ 0.4/255; held to :data:`NEGATIVE_LENGTH_LIMITS`."""

NEGATIVE_LENGTH_LIMITS = (0.015, 0.5)
"""Share of pixels off, and mean difference (0..255), allowed at that POSITION."""


def test_geometry_at_2x_matches_chromium_exactly() -> None:
    """A crisp icon at every SIZE/POSITION form (absolute lengths double, percentages do not)
    lands on the same device pixels in the same colour (square: the round rim's anti-aliasing
    is the other test's business)."""
    cases = []
    for index, (size, position) in enumerate(itertools.product(SIZES, POSITIONS)):
        svg = NO_VIEWBOX_SVG if index % 5 == 0 else SQUARE_SVG
        icon = IconSpec(
            data_image=encode_data_image(svg),
            color=COLORS[index % len(COLORS)],
            size=size,
            position=position,
        )
        cases.append(Case(f"SIZE {size!r} POSITION {position!r}", icon, round=False))
    scores = _scores(cases)
    edge_only = f"POSITION {NEGATIVE_LENGTH_POSITION!r}"
    most_off, most_mean = NEGATIVE_LENGTH_LIMITS
    failures = [
        f"{s.name}: {s.off_fraction:.1%} of pixels differ, mean {s.mean_abs:.2f}/255"
        for s in scores
        if (s.off_fraction > most_off or s.mean_abs > most_mean)
        if s.name.endswith(edge_only)
    ] + [
        f"{s.name}: {s.off_fraction:.1%} of pixels differ, mean {s.mean_abs:.2f}/255"
        for s in scores
        if s.off_fraction > 0.0 and not s.name.endswith(edge_only)
    ]
    assert not failures, "geometry or colour differs from Chromium at 2x:\n" + "\n".join(failures)
