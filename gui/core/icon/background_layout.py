"""Where a CSS background image lands on the tile: the box maths, kept apart from painting.

Two steps, as in a browser:

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
   ``LayoutUnit`` and rounded half up. Measured edge by edge against headless Chromium
   (to ~0.005 px) rather than read from its source.

Everything here is plain arithmetic on floats, per axis, so it is tested without cairo.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gui.core.icon.css_values import BackgroundPosition, BackgroundSize, LengthPercentage


@dataclass(frozen=True)
class IntrinsicSize:
    """An image's natural dimensions in CSS px and its ratio (width / height); ``None`` = none."""

    width: float | None = None
    height: float | None = None
    ratio: float | None = None


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
    """Snap the image's ``size`` and ``position`` on one axis of a ``box``-px tile like Chromium.

    A positive offset is rounded and the image stretched to its rounded size; otherwise the
    image keeps its exact size and offset. Either way the part inside the tile is stretched to
    the whole pixels its snapped counterpart covers (measured with headless Chromium).
    """
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
    intrinsic: IntrinsicSize, size: BackgroundSize, position: BackgroundPosition, box: int
) -> Placement:
    """Size and place the image on a ``box``×``box`` tile."""
    width, height = concrete_size(intrinsic, size, float(box), float(box))
    return Placement(place_axis(width, position.x, box), place_axis(height, position.y, box))


__all__ = [
    "AxisPlacement",
    "IntrinsicSize",
    "Placement",
    "concrete_size",
    "layout_unit",
    "place_axis",
    "place_image",
    "snap",
]
