"""Rasterise an SVG with cairosvg straight into an existing cairo surface, at any affine placement.

cairosvg only renders to a fresh surface of the SVG's own size, which would force a second
resampling step (and blur) to put the icon at a fractional offset or size on the tile. This module
subclasses cairosvg's ``Surface`` so that the drawing happens in the tile's own cairo context:
clip to the visible part of the tile, apply the placement matrix, clip to the image's box (a
browser never paints an image outside its box), then let cairosvg fit the ``viewBox`` as usual.

cairosvg runs with ``unsafe=False`` (its default): no XML entities, and nothing but ``data:``
URLs is ever read, so a hostile icon cannot make the program touch files or the network.
cairosvg is imported lazily: it costs ~200 ms and the window must appear before that.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from gui.core.errors import InvalidInputError


@dataclass(frozen=True)
class _Target:
    """Where and how the SVG goes: the surface, the visible rectangle, the matrix, the viewport."""

    surface: Any
    clip: tuple[int, int, int, int]
    matrix: tuple[float, float, float, float]
    viewport: tuple[float, float]


def draw_svg_into(
    surface: Any,
    data: bytes,
    *,
    clip: tuple[int, int, int, int],
    matrix: tuple[float, float, float, float],
    viewport: tuple[float, float],
) -> None:
    """Draw ``data`` onto the cairo ``surface``.

    ``clip`` is ``(x0, y0, x1, y1)`` in surface pixels; ``matrix`` is
    ``(scale_x, scale_y, translate_x, translate_y)`` from SVG viewport units to surface pixels;
    ``viewport`` is the SVG viewport size in its own units.
    Raises :class:`InvalidInputError` (``SVG_UNRENDERABLE``) when cairosvg cannot draw it.
    """
    surface_class = _surface_class()
    import cairosvg.parser

    target = _Target(surface, clip, matrix, viewport)
    width, height = viewport
    try:
        tree = cairosvg.parser.Tree(bytestring=data, unsafe=False)
        surface_class(
            tree,
            target,
            96,
            parent_width=width,
            parent_height=height,
            output_width=width,
            output_height=height,
        )
    except InvalidInputError:
        raise
    except Exception as exc:  # cairosvg raises anything from ValueError to KeyError on bad SVG
        raise InvalidInputError(
            f"The SVG cannot be drawn ({type(exc).__name__}: {exc}).".replace(" ()", ""),
            code="SVG_UNRENDERABLE",
        ) from None


@cache
def _surface_class() -> type[Any]:
    """The cairosvg ``Surface`` subclass, built on first use so that cairosvg loads lazily."""
    import cairocffi
    import cairosvg.surface

    blend_operators = {
        "multiply": cairocffi.OPERATOR_MULTIPLY,
        "screen": cairocffi.OPERATOR_SCREEN,
        "overlay": cairocffi.OPERATOR_OVERLAY,
        "darken": cairocffi.OPERATOR_DARKEN,
        "lighten": cairocffi.OPERATOR_LIGHTEN,
        "color-dodge": cairocffi.OPERATOR_COLOR_DODGE,
        "color-burn": cairocffi.OPERATOR_COLOR_BURN,
        "hard-light": cairocffi.OPERATOR_HARD_LIGHT,
        "soft-light": cairocffi.OPERATOR_SOFT_LIGHT,
        "difference": cairocffi.OPERATOR_DIFFERENCE,
        "exclusion": cairocffi.OPERATOR_EXCLUSION,
        "hue": cairocffi.OPERATOR_HSL_HUE,
        "saturation": cairocffi.OPERATOR_HSL_SATURATION,
        "color": cairocffi.OPERATOR_HSL_COLOR,
        "luminosity": cairocffi.OPERATOR_HSL_LUMINOSITY,
    }

    class TileSurface(cairosvg.surface.Surface):  # type: ignore[misc]
        """Draws into the tile's surface instead of creating one."""

        device_units_per_user_units = 1
        _placed = False

        def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
            target: _Target = self.output
            return target.surface, width, height

        def set_context_size(self, width: float, height: float, viewbox: Any, tree: Any) -> None:
            if not self._placed:  # the root <svg>; nested ones just fit their viewBox
                self._placed = True
                target: _Target = self.output
                context = self.context
                x0, y0, x1, y1 = target.clip
                context.rectangle(x0, y0, x1 - x0, y1 - y0)
                context.clip()
                scale_x, scale_y, translate_x, translate_y = target.matrix
                context.transform(
                    cairocffi.Matrix(scale_x, 0.0, 0.0, scale_y, translate_x, translate_y)
                )
                context.rectangle(0.0, 0.0, target.viewport[0], target.viewport[1])
                context.clip()
            super().set_context_size(width, height, viewbox, tree)

        def draw(self, node: Any) -> None:
            """Draw ``node``; the root as an isolated group, blend modes like a browser."""
            mode = str(node.get("mix-blend-mode", "normal")).strip().lower()
            parent = node.parent
            inherited = parent is not None and (
                str(parent.get("mix-blend-mode", "normal")).strip().lower() == mode
            )
            operator = None if inherited else blend_operators.get(mode)
            if parent is not None and operator is None:
                super().draw(node)
                return
            # An SVG image is an isolated group: its blend modes never see the tile colour.
            self.context.push_group()
            super().draw(node)
            self.context.pop_group_to_source()
            self.context.save()
            if operator is not None:
                self.context.set_operator(operator)
            self.context.paint()
            self.context.restore()

        def finish(self) -> None:
            """The tile owns the surface: nothing to write here."""

    return TileSurface


__all__ = ["draw_svg_into"]
