"""The cached tile pipeline draws exactly what drawing straight into the tile drew, byte for byte.

The reference below is the renderer as it was before the caches: a fresh cairosvg tree for every
tile, the path data as written, the root drawn as an isolated group straight onto the coloured
tile. The pipeline instead parses once, spells path data out (linear time), rasterises the icon
alone on transparency once per placement and composites it, and replays the cairo calls cairosvg
made the first time (gui.core.icon.draw_recording) for every later size and position. Over every
sample icon, square and round, at several sizes, colours and placements — including a colour
change served from the cached layer, and each later placement served by a replay — the
premultiplied pixels and the PNG bytes must be the same.
"""

from __future__ import annotations

import io
from typing import Any

import cairocffi as cairo
import cairosvg.parser
import cairosvg.surface
import pytest

from gui.core.errors import B24Error
from gui.core.icon import tile
from gui.core.icon.codec import encode_data_image, import_svg
from gui.core.icon.css_values import (
    parse_background_position,
    parse_background_size,
    parse_color,
)
from gui.core.icon.tile_geometry import circle_polygon, place_image
from gui.core.model.connector import IconSpec
from tests.sample_icons import sample_icon_files

CASES = (  # px, round, colour, size, position
    (44, True, "#1e88e5", "", ""),
    (88, True, "#1e88e5", "90%", "center"),
    (128, False, "#ebeff2", "70%", "left top"),
    (44, False, "#1e88e5", "61.5%", "right 3px top 2.5px"),  # fractional place, same tile size
    (132, True, "#ebeff2", "auto", "30% 70%"),
)
RECOLOUR = "#ff000080"


class _ReferenceSurface(cairosvg.surface.Surface):  # type: ignore[misc]
    """The renderer before the caches: draws into the coloured tile, the root as a group."""

    device_units_per_user_units = 1
    _placed = False

    def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
        return self.output[0], width, height

    def set_context_size(self, width: float, height: float, viewbox: Any, tree: Any) -> None:
        if not self._placed:
            self._placed = True
            tile._clip_to_image(self.context._pointer, self.output[1])
        super().set_context_size(width, height, viewbox, tree)

    def draw(self, node: Any) -> None:
        operators = tile._tile_surface_class()[1]
        mode = tile._blend_mode(node)
        parent = node.parent
        inherited = parent is not None and tile._blend_mode(parent) == mode
        operator = None if inherited else operators.get(mode)
        if parent is not None and operator is None:
            super().draw(node)
            return
        self.context.push_group()
        super().draw(node)
        self.context.pop_group_to_source()
        self.context.save()
        if operator is not None:
            self.context.set_operator(operator)
        self.context.paint()
        self.context.restore()

    def finish(self) -> None:
        pass


def _reference(data_image: str, px: int, round: bool, colour: str, size: str, position: str) -> Any:
    svg = tile._svg_image(data_image, "ICON.DATA_IMAGE")
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, px, px)
    context = cairo.Context(surface)
    context.set_source_rgba(*parse_color(colour))
    context.paint()
    placement = place_image(
        svg.intrinsic,
        parse_background_size(size) if size else tile.BASE_SIZE,
        parse_background_position(position) if position else tile.BASE_POSITION,
        px,
    )
    target = tile._target(svg, placement)
    if svg.paints and placement.visible and target is not None:
        width, height = target.viewport
        _ReferenceSurface(
            cairosvg.parser.Tree(bytestring=svg.data, unsafe=False),
            (surface, target),
            96,
            parent_width=width,
            parent_height=height,
            output_width=width,
            output_height=height,
        )
    if round:
        square = surface
        surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, px, px)
        context = cairo.Context(surface)
        points = circle_polygon(float(px))
        context.move_to(*points[0])
        for point in points[1:]:
            context.line_to(*point)
        context.close_path()
        context.clip()
        context.set_source_surface(square)
        context.paint()
    surface.flush()
    return surface


def _png(surface: Any) -> bytes:
    output = io.BytesIO()
    surface.write_to_png(output)
    return output.getvalue()


def _sample_data_images() -> list[tuple[str, str]]:
    found = []
    for path in sample_icon_files():
        try:
            found.append((path.stem, encode_data_image(import_svg(path.read_bytes()).svg)))
        except B24Error:
            continue
    return found


@pytest.mark.parametrize("name,data_image", _sample_data_images(), ids=lambda value: value[:40])
def test_the_pipeline_draws_every_sample_icon_byte_for_byte_as_before(
    name: str, data_image: str
) -> None:
    for px, round, colour, size, position in CASES:
        for shade in (colour, RECOLOUR):  # the second colour is served from the cached layer
            icon = IconSpec(data_image=data_image, color=shade, size=size, position=position)
            try:
                image = tile._render(icon, px, round, tile.ACTIVE_COLOR, "ICON", "ICON")
            except B24Error as exc:
                pytest.skip(f"{name}: {exc.message}")
            expected = _reference(data_image, px, round, shade, size, position)
            assert image.stride == expected.get_stride()
            assert image.data == bytes(expected.get_data()), (name, px, round, shade)
            assert image.png() == _png(expected)
