"""The connector's icon tile, painted exactly as Bitrix24's CSS paints it (BITRIX.md §4).

Bitrix24 writes ``background-color: COLOR; background-size: SIZE; background-position: POSITION;
background-image: url('DATA_IMAGE')`` over a base style of ``background-size: 100% auto;
background-position: center; background-repeat: no-repeat``, on a 44 px tile that is usually
round. This module reproduces that with cairo: fill the colour (Bitrix24's default when empty),
rasterise the SVG with cairosvg straight into the tile at the box
:mod:`gui.core.icon.tile_geometry` computes, then clip to a circle when asked. Chromium is
the reference (``tests/integration``).

Browser rules an SVG *image* follows, kept here: ``currentColor`` is black unless the SVG sets
``color`` itself; an SVG without the SVG namespace paints nothing; nothing outside the data is
ever loaded (cairosvg's ``unsafe=False``); content outside the image's box is clipped.

The window calls :func:`render_connector_tile` on a worker thread on every keystroke: parsed CSS
values and decoded SVGs are cached, and cairosvg is imported on first use, not with this module.
Every failure is an :class:`~gui.core.errors.InvalidInputError` naming the field.
:func:`decode_png_rgba` reads a tile (or any PNG) back with cairo's own PNG reader, for the
self-test and for tests that compare pixels.
"""

from __future__ import annotations

import io
import re
import sys
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from gui.core.errors import InvalidInputError
from gui.core.i18n import _
from gui.core.icon.css_color import RGBA
from gui.core.icon.css_values import (
    BASE_POSITION,
    BASE_SIZE,
    parse_background_position,
    parse_background_size,
    parse_color,
)
from gui.core.icon.draw_recording import Recorder, Recording
from gui.core.icon.render_budget import (
    DRAW_SECONDS,
    OVER_TIME,
    Deadline,
    check_work,
    too_complex,
)
from gui.core.icon.svg_path_data import explicit_path_data
from gui.core.icon.tile_geometry import (
    IntrinsicSize,
    Placement,
    circle_polygon,
    intrinsic_size,
    place_image,
    view_box_ratio,
)
from gui.core.model.connector import Connector, IconSpec

if TYPE_CHECKING:
    from collections.abc import Callable

ACTIVE_COLOR = "#90be00"
"""Bitrix24's tile colour when ``ICON.COLOR`` is empty."""

DISABLED_COLOR = "#ebeff2"
"""Bitrix24's tile colour when ``ICON_DISABLED.COLOR`` is empty."""

MAX_TILE_PX = 1024
"""Largest tile drawn (the previews use 44–128 px); keeps a typo from allocating gigabytes."""


def effective_icon(connector: Connector, disabled: bool) -> IconSpec:
    """The icon Bitrix24 shows: the disabled look falls back to the active image.

    The disabled tile keeps its own colour, size and position even when it borrows the image.
    """
    if not disabled:
        return connector.icon
    icon = connector.icon_disabled
    if icon.data_image.strip():
        return icon
    return IconSpec(
        data_image=connector.icon.data_image,
        color=icon.color,
        size=icon.size,
        position=icon.position,
    )


def render_connector_tile(
    connector: Connector, *, disabled: bool = False, px: int = 44, round: bool = False
) -> bytes:
    """PNG of the connector's active (or disabled) tile, ``px``×``px``."""
    return connector_tile_image(connector, disabled=disabled, px=px, round=round).png()


def connector_tile_image(
    connector: Connector,
    *,
    disabled: bool = False,
    px: int = 44,
    round: bool = False,
    zoom: float = 1.0,
) -> TileImage:
    """The connector's active (or disabled) tile as pixels (the window shows them as they are).

    ``zoom``: device pixels per CSS px. A 44 px badge on a 2× screen is ``px=88, zoom=2``,
    painted as Chromium paints it there (absolute lengths doubled, :func:`place_image`).
    """
    if not disabled:
        return _render(connector.icon, px, round, ACTIVE_COLOR, "ICON", "ICON", zoom)
    icon = effective_icon(connector, True)
    image_prefix = "ICON_DISABLED" if icon is connector.icon_disabled else "ICON"  # borrowed?
    return _render(icon, px, round, DISABLED_COLOR, "ICON_DISABLED", image_prefix, zoom)


def render_tile(
    icon: IconSpec,
    *,
    px: int = 44,
    round: bool = False,
    default_color: str = ACTIVE_COLOR,
    field_prefix: str = "ICON",
) -> bytes:
    """PNG of one icon's tile, ``px``×``px``, square or (``round``) a circle on transparency.

    An empty ``DATA_IMAGE`` paints the colour alone, like ``url('')`` in a browser.
    ``field_prefix`` names the fields in errors (``ICON`` or ``ICON_DISABLED``).
    """
    return _render(icon, px, round, default_color, field_prefix, field_prefix).png()


def uses_current_color(data_image: str, field: str = "ICON.DATA_IMAGE") -> bool:
    """Whether the icon paints with ``currentColor`` (black in Bitrix24); cached per icon."""
    return bool(data_image.strip()) and _svg_image(data_image, field).uses_current_color


def _render(
    icon: IconSpec,
    px: int,
    round: bool,
    default_color: str,
    prefix: str,
    image_prefix: str,
    zoom: float = 1.0,
) -> TileImage:
    """The tile; errors name ``<prefix>.COLOR`` … and ``<image_prefix>.DATA_IMAGE`` (the
    disabled tile may borrow the active image)."""
    if isinstance(px, bool) or not isinstance(px, int) or not 1 <= px <= MAX_TILE_PX:
        raise InvalidInputError(
            _(
                "The tile size must be a whole number of pixels from 1 to {limit}, not {size}."
            ).format(limit=MAX_TILE_PX, size=repr(px)),
            code="TILE_SIZE",
        )
    if not zoom > 0:  # the screen's device pixel ratio: a caller's bug, not the user's
        raise ValueError(f"zoom must be positive, not {zoom!r}")  # i18n: not a message
    values = (icon.data_image, icon.color, icon.size, icon.position)
    return _render_cached(
        *values, px, bool(round), default_color, prefix, image_prefix, float(zoom)
    )


@lru_cache(maxsize=32)
def _render_cached(
    data_image: str,
    color_text: str,
    size_text: str,
    position_text: str,
    px: int,
    round: bool,
    default_color: str,
    prefix: str,
    image_prefix: str,
    zoom: float,
) -> TileImage:
    color = _parsed(parse_color, color_text, f"{prefix}.COLOR", _parsed_color(default_color))
    image = _placed_image(data_image, size_text, position_text, px, prefix, image_prefix, zoom)
    return _paint(px, round, color, image)


@lru_cache(maxsize=32)
def _placed_image(
    data_image: str,
    size_text: str,
    position_text: str,
    px: int,
    prefix: str,
    image_prefix: str,
    zoom: float,
) -> tuple[_IconLayer, _Target] | None:
    """The icon's rasterised layer and where it goes (``None``: nothing to paint): all of a tile
    but its colour and rim, found again by the fields' texts on a COLOR keystroke."""
    size = _parsed(parse_background_size, size_text, f"{prefix}.SIZE", BASE_SIZE)
    position = _parsed(
        parse_background_position, position_text, f"{prefix}.POSITION", BASE_POSITION
    )
    if not data_image.strip():
        return None
    image_field = f"{image_prefix}.DATA_IMAGE"
    svg = _svg_image(data_image, image_field)
    if not svg.paints:
        return None
    placement = place_image(svg.intrinsic, size, position, px, zoom)
    target = _target(svg, placement, zoom)
    if not placement.visible or target is None:
        return None
    return _icon_layer(svg, px, target, image_field), target


@lru_cache(maxsize=8)
def _parsed_color(text: str) -> RGBA:
    return parse_color(text)


@lru_cache(maxsize=64)
def _parsed(parse: Callable[[str], Any], text: str, field: str, empty: Any) -> Any:
    """``parse(text)``, or ``empty`` for a blank value; a CSS_INVALID error names ``field``.
    Cached: a keystroke in one field re-reads the others' unchanged values for free."""
    if not text.strip():
        return empty
    try:
        return parse(text)
    except ValueError as exc:
        # Translators: {problem} is a whole sentence about the field {field} (e.g. ICON.COLOR).
        message = _("{field}: {problem}").format(field=field, problem=exc)
        raise InvalidInputError(message, code="CSS_INVALID", field=field) from None


# ------------------------------------------------------------------ the SVG


@dataclass(frozen=True)
class _SvgImage:
    """A decoded icon and what a browser derives from its root element."""

    data: bytes
    intrinsic: IntrinsicSize
    has_view_box: bool
    paints: bool
    """False when the root is not in the SVG namespace: a browser then paints nothing."""
    uses_current_color: bool


@lru_cache(maxsize=16)
def _svg_image(data_image: str, field: str) -> _SvgImage:
    from gui.core.icon.codec import decode_data_image
    from gui.core.icon.svg_safety import inspect_svg

    try:
        data = decode_data_image(data_image)
        info = inspect_svg(data)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.message, code=exc.code, field=field) from None
    return _SvgImage(
        data=data,
        intrinsic=intrinsic_size(info.width, info.height, info.view_box),
        has_view_box=view_box_ratio(info.view_box) is not None,
        paints=info.has_xmlns,
        uses_current_color=info.uses_current_color,
    )


# ------------------------------------------------------------------ painting


@dataclass(frozen=True)
class TileImage:
    """A tile's pixels as cairo holds them: ARGB32, premultiplied, native-endian 32-bit words
    (QImage's ``Format_ARGB32_Premultiplied``), ``stride`` bytes a row."""

    width: int
    height: int
    stride: int
    data: bytes

    def png(self) -> bytes:
        """The tile as a PNG (what ``render-icon`` writes)."""
        import cairocffi as cairo

        surface = cairo.ImageSurface.create_for_data(
            bytearray(self.data), cairo.FORMAT_ARGB32, self.width, self.height, self.stride
        )
        output = io.BytesIO()
        surface.write_to_png(output)
        surface.finish()
        return output.getvalue()


def _paint(
    px: int, round: bool, color: RGBA, image: tuple[_IconLayer, _Target] | None
) -> TileImage:
    """Colour, then the icon's rasterised layer (cached per placement: a colour keystroke only
    fills and composites), then the round clip.

    Painted with cairo's C functions directly (cairocffi's ``cairo`` library; its Python layer
    cost half a colour keystroke): the same calls in the same order, so the same pixels."""
    import cairocffi as cairo

    c = cairo.cairo
    owned: list[tuple[Any, Any]] = []  # (destroy, pointer), destroyed last to first

    def new_context() -> tuple[Any, Any]:
        surface = c.cairo_image_surface_create(cairo.FORMAT_ARGB32, px, px)
        owned.append((c.cairo_surface_destroy, surface))
        context = c.cairo_create(surface)
        owned.append((c.cairo_destroy, context))
        return surface, context

    try:
        # Colour and image are painted square, then clipped to the circle once, as a whole:
        # clipping each separately would let the colour bleed through the image's rim.
        surface, context = new_context()
        c.cairo_set_source_rgba(context, *color)
        c.cairo_paint(context)
        if image is not None:
            _composite(context, *image)
        _check(c.cairo_status(context))
        if round:
            square = surface
            surface, context = new_context()
            c.cairo_append_path(context, _round_rim(px))
            c.cairo_clip(context)
            c.cairo_set_source_surface(context, square, 0.0, 0.0)
            c.cairo_paint(context)
            _check(c.cairo_status(context))
        c.cairo_surface_flush(surface)
        _check(c.cairo_surface_status(surface))
        stride = c.cairo_image_surface_get_stride(surface)
        data = cairo.ffi.buffer(c.cairo_image_surface_get_data(surface), stride * px)
        return TileImage(px, px, stride, bytes(data))
    finally:
        for destroy, pointer in reversed(owned):
            destroy(pointer)


def _check(status: int) -> None:
    """Raise cairo's error as cairocffi would (only running out of memory, here)."""
    import cairocffi

    cairocffi._check_status(status)


@lru_cache(maxsize=8)
def _round_rim(px: int) -> Any:
    """The round rim (Skia's polygon, :func:`circle_polygon`) as a cairo path, built once per
    size and appended in one call (``_pointer`` is cairocffi's documented handle on the C
    object): building it point by point cost half a colour keystroke."""
    import cairocffi as cairo

    context = cairo.Context(cairo.ImageSurface(cairo.FORMAT_A8, 1, 1))
    points = circle_polygon(float(px))
    context.move_to(*points[0])
    for point in points[1:]:
        context.line_to(*point)
    context.close_path()
    path = cairo.cairo.cairo_copy_path(context._pointer)
    return cairo.ffi.gc(path, cairo.cairo.cairo_path_destroy)


@dataclass(frozen=True)
class _Target:
    """Where cairosvg draws: the image's placement on the tile, and the size of the SVG viewport
    (in its own units) that the placement's image box shows."""

    placement: Placement
    viewport: tuple[float, float]


def _target(svg: _SvgImage, placement: Placement, zoom: float = 1.0) -> _Target | None:
    """Without a viewBox a browser stretches the SVG's own coordinate system (its natural size,
    else the box in CSS px) to the image box; with one, the viewBox is fitted into the box by
    the SVG's preserveAspectRatio."""
    viewport_width, viewport_height = placement.x.size, placement.y.size
    if not svg.has_view_box:
        viewport_width = svg.intrinsic.width or viewport_width / zoom
        viewport_height = svg.intrinsic.height or viewport_height / zoom
    if viewport_width <= 0 or viewport_height <= 0:
        return None
    return _Target(placement, (viewport_width, viewport_height))


def _clip_to_image(context: Any, target: _Target) -> None:
    """Clip to the visible part of the tile, map the SVG viewport onto the placement's box and
    clip to that box (a browser never paints an image outside its box). ``context``: cairo's
    C context (cairocffi's ``Context._pointer``)."""
    import cairocffi

    c = cairocffi.cairo
    x, y = target.placement.x, target.placement.y
    viewport_width, viewport_height = target.viewport
    c.cairo_rectangle(
        context, x.clip_start, y.clip_start, x.clip_end - x.clip_start, y.clip_end - y.clip_start
    )
    c.cairo_clip(context)
    scale_x = x.scale * x.size / viewport_width  # viewport units to tile pixels
    scale_y = y.scale * y.size / viewport_height
    matrix = (scale_x, 0.0, 0.0, scale_y, x.translate, y.translate)
    c.cairo_transform(context, cairocffi.ffi.new("cairo_matrix_t *", matrix))
    c.cairo_rectangle(context, 0.0, 0.0, viewport_width, viewport_height)
    c.cairo_clip(context)


def _composite(context: Any, layer: _IconLayer, target: _Target) -> None:
    """Paint the icon's layer on the tile (cairo's C context) as a browser paints an SVG image:
    an isolated group, composited under the image's clip with the root's blend mode (normal:
    over), in the very transformation it was drawn with (so the group is sampled exactly as
    before).

    With the normal blend mode the layer is kept already clipped (:attr:`_IconLayer.clipped`):
    pixman's masked OVER is ``(layer IN clip) OVER tile``, rounded as the clip's own pass
    rounds it, so painting the clipped layer gives the same bytes at half the cost."""
    import cairocffi

    c = cairocffi.cairo
    if layer.clipped is not None:
        c.cairo_set_source_surface(context, layer.clipped._pointer, 0.0, 0.0)
        c.cairo_paint(context)
        return
    c.cairo_save(context)
    _clip_to_image(context, target)
    if layer.group is not None:
        pattern, matrix = layer.group
        c.cairo_set_matrix(context, matrix._pointer)
        c.cairo_set_source(context, pattern._pointer)
        if layer.operator is not None:
            c.cairo_set_operator(context, layer.operator)
        c.cairo_paint(context)
    c.cairo_restore(context)


@dataclass(frozen=True)
class _IconLayer:
    """The icon rasterised alone on transparency at one placement: cairo's group pattern and the
    transformation it was drawn in (``None``: nothing drawn), and how it is composited."""

    group: tuple[Any, Any] | None
    operator: Any
    clipped: Any = None
    """With the normal blend mode: the group composited under the image's clip on a
    transparent tile (:func:`_composite`)."""


def _clipped_layer(layer: _IconLayer, px: int, target: _Target) -> _IconLayer:
    """``layer`` with its clipped form, when its blend mode allows one."""
    import cairocffi as cairo

    if layer.operator is not None or layer.group is None:
        return layer
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, px, px)
    _composite(cairo.Context(surface)._pointer, layer, target)
    surface.flush()
    return _IconLayer(layer.group, layer.operator, surface)


_OUT_OF_TIME: set[_SvgImage] = set()
"""Icons whose drawing passed its deadline (few: each took seconds to find)."""

_DRAWING = threading.Lock()
"""Parsed trees are shared between renders: one drawing at a time walks them."""


@lru_cache(maxsize=16)
def _icon_layer(svg: _SvgImage, px: int, target: _Target, image_field: str) -> _IconLayer:
    """The SVG rasterised with cairosvg into a transparent px×px layer at ``target``.

    cairosvg only renders to a fresh surface of the SVG's own size, which would force a second
    resampling (and blur) to put the icon at a fractional offset or size; its ``Surface`` is
    subclassed instead (:func:`_tile_surface_class`) to draw at the placement directly.
    ``unsafe=False`` (cairosvg's default): no XML entities, and nothing but ``data:`` URLs is ever
    read, so a hostile icon cannot make the program touch files or the network.
    """
    import cairocffi as cairo

    if svg in _OUT_OF_TIME:  # it ran out of time once: it would again, at every keystroke
        raise too_complex(_(OVER_TIME).format(seconds=DRAW_SECONDS), image_field)
    parsed = _svg_tree(svg, image_field)
    surface = cairo.ImageSurface(cairo.FORMAT_ARGB32, px, px)
    surface_class, blend_operators = _tile_surface_class()
    viewport_width, viewport_height = target.viewport
    drawing = _Drawing(surface, target, Deadline(image_field), [], parsed)
    with _DRAWING:
        tree = parsed.restored()
        try:
            surface_class(
                tree,
                drawing,
                96,
                parent_width=viewport_width,
                parent_height=viewport_height,
                output_width=viewport_width,
                output_height=viewport_height,
            )
        except InvalidInputError as exc:
            if exc.code == "ICON_TOO_COMPLEX":
                _OUT_OF_TIME.add(svg)
            raise
        except Exception as exc:  # cairosvg raises anything from ValueError to KeyError
            raise _unrenderable(exc, image_field) from None
    surface.finish()  # the layer is the group pattern: its own surface keeps the pixels
    group = drawing.groups[0] if drawing.groups else None
    return _clipped_layer(_IconLayer(group, blend_operators.get(_blend_mode(tree))), px, target)


@dataclass(frozen=True)
class _Drawing:
    """What the tile surface class draws into: a layer, at a target, before a deadline; the
    root's group (pattern and matrix) is kept in ``groups`` instead of being painted."""

    surface: Any
    target: _Target
    deadline: Deadline
    groups: list[tuple[Any, Any]]
    parsed: _ParsedSvg


@dataclass(eq=False)
class _ParsedSvg:
    """cairosvg's tree of an icon, and every node's tag and attributes as parsed (path data
    spelled out): cairosvg changes some while drawing (a pattern's become a group's), so each
    drawing by cairosvg starts from these. ``recording``: the calls cairosvg made the last time
    it drew the icon's content (:mod:`.draw_recording`), replayed where they fit."""

    tree: Any
    nodes: tuple[tuple[Any, str, dict[str, Any]], ...]
    recording: Recording | None = None
    drawn: bool = False
    """Whether cairosvg drew (and may have changed) the tree since it was last restored."""

    def restored(self) -> Any:
        if self.drawn:
            for node, tag, attributes in self.nodes:
                node.tag = tag
                if node != attributes:
                    node.clear()
                    node.update(attributes)
            self.drawn = False
        return self.tree


@lru_cache(maxsize=4)
def _svg_tree(svg: _SvgImage, image_field: str) -> _ParsedSvg:
    """cairosvg's parsed tree of ``svg`` (parsed once per icon), checked against the budget."""
    import cairosvg.parser

    try:
        tree = cairosvg.parser.Tree(bytestring=svg.data, unsafe=False)
    except Exception as exc:  # cairosvg raises anything from ValueError to KeyError on bad SVG
        raise _unrenderable(exc, image_field) from None
    check_work(tree, image_field)
    nodes, stack = [], [tree]
    while stack:
        node = stack.pop()
        _spell_out_path_data(node)
        nodes.append((node, node.tag, dict(node)))
        stack.extend(node.children)
    return _ParsedSvg(tree, tuple(nodes))


def _spell_out_path_data(node: Any) -> None:
    """Write a path's implicit command repetitions out, once (linear drawing time)."""
    if node.tag == "path" and not getattr(node, "explicit_path_data", False):
        node["d"] = explicit_path_data(node.get("d") or "")
        node.explicit_path_data = True


def _unrenderable(exc: Exception, field: str) -> InvalidInputError:
    reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return InvalidInputError(
        # Translators: {reason} is cairosvg's own error, e.g. "ValueError: …".
        _("The SVG cannot be drawn ({reason}).").format(reason=reason),
        code="SVG_UNRENDERABLE",
        field=field,
    )


def _blend_mode(node: Any) -> str:
    return str(node.get("mix-blend-mode", "normal")).strip().lower()


_BLEND_MODES = (
    "multiply screen overlay darken lighten color-dodge color-burn hard-light soft-light "
    "difference exclusion hue saturation color luminosity"
)
"""The CSS ``mix-blend-mode`` values cairo has an operator for (all but ``normal``)."""


_TRACKED_SIZES = ("context_width", "context_height", "width", "height")
"""The drawing's sizes cairosvg may read while drawing content: a recording made while one was
read is replayed only where it is the same."""


def _tracked_size(name: str) -> property:
    """An attribute of the tile surface that notes when it is read (into ``_reads``), except by
    cairosvg's ``Surface.draw``, which only saves the viewport size to put it back afterwards."""
    import cairosvg.surface

    key = f"_tracked_{name}"
    saving = cairosvg.surface.Surface.draw.__code__

    def read(surface: Any) -> Any:
        if surface._reads is not None and sys._getframe(1).f_code is not saving:
            surface._reads.add(name)
        return surface.__dict__.get(key)

    def write(surface: Any, value: Any) -> None:
        surface.__dict__[key] = value

    return property(read, write)


@cache
def _tile_surface_class() -> tuple[type[Any], dict[str, Any]]:
    """cairosvg's ``Surface`` drawing into a tile layer, built on first use (cairosvg costs
    ~200 ms), and cairo's operator for each blend mode.

    At the root ``<svg>`` it applies :func:`_clip_to_image`; then cairosvg fits the ``viewBox``
    as usual. Path data is spelled out first (:func:`explicit_path_data`: linear time), and the
    drawing's deadline is checked before each element.
    """
    import cairocffi
    import cairosvg.surface

    def cairo_operator(mode: str) -> Any:
        """cairo names the operators as CSS names the blend modes; the HSL ones ``HSL_…``."""
        hsl = "HSL_" if mode in ("hue", "saturation", "color", "luminosity") else ""
        return getattr(cairocffi, f"OPERATOR_{hsl}{mode.upper().replace('-', '_')}")

    blend_operators = {mode: cairo_operator(mode) for mode in _BLEND_MODES.split()}

    class TileSurface(cairosvg.surface.Surface):  # type: ignore[misc]
        """Draws into the layer's surface instead of creating one."""

        device_units_per_user_units = 1
        _placed = False
        context: Any
        _reads: set[str] | None = None
        """While cairosvg draws content: the tracked sizes it read."""
        context_width = _tracked_size("context_width")
        context_height = _tracked_size("context_height")
        width = _tracked_size("width")
        height = _tracked_size("height")

        def _create_surface(self, width: float, height: float) -> tuple[Any, float, float]:
            drawing: _Drawing = self.output
            return drawing.surface, width, height

        def set_context_size(self, width: float, height: float, viewbox: Any, tree: Any) -> None:
            if not self._placed:  # the root <svg>; nested ones just fit their viewBox
                self._placed = True
                drawing: _Drawing = self.output
                _clip_to_image(self.context._pointer, drawing.target)
            super().set_context_size(width, height, viewbox, tree)

        def draw(self, node: Any) -> None:
            """Draw ``node``; the root as an isolated group, blend modes like a browser.

            The root's group is kept for :func:`_composite` (with the root's blend mode) rather
            than painted: the tile's colour is not known here.
            """
            drawing: _Drawing = self.output
            drawing.deadline.check()
            _spell_out_path_data(node)  # nodes a <use> brings are parsed anew each time
            mode = _blend_mode(node)
            parent = node.parent
            if parent is None and not drawing.groups:  # the root
                self.context.push_group()
                self._draw_content(node, drawing)
                drawing.groups.append((self.context.pop_group(), self.context.get_matrix()))
                return
            inherited = parent is not None and _blend_mode(parent) == mode
            operator = None if inherited else blend_operators.get(mode)
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

        def _draw_content(self, root: Any, drawing: _Drawing) -> None:
            """The root's content: the recording of an earlier drawing replayed where it fits
            (:mod:`.draw_recording`), else drawn by cairosvg and recorded."""
            parsed = drawing.parsed
            sizes = {name: self.__dict__.get(f"_tracked_{name}") for name in _TRACKED_SIZES}
            recording = parsed.recording
            if recording is not None and recording.fits(sizes):
                if recording.replay(self.context, drawing.deadline.check):
                    return
                self.context.pop_group()  # a different answer: cairosvg draws it instead
                self.context.push_group()
            parsed.drawn = True  # the tree is restored before the next drawing by cairosvg
            recording = Recording(sizes)
            context = self.context
            self.context = Recorder(context, recording, self)
            self._reads = recording.read
            try:
                super().draw(root)
            finally:
                self.context = context
                self._reads = None
            parsed.recording = recording

        def path_lengths(self, tracked: bool) -> tuple[Any, Any, Any, Any]:
            """What cairosvg's ``path`` reads to resolve lengths; the viewport size noted as
            read only when ``tracked`` (path data with a percentage)."""
            if tracked:
                return self.context_width, self.context_height, self.font_size, self.dpi
            size = self.__dict__.get
            width, height = size("_tracked_context_width"), size("_tracked_context_height")
            return width, height, self.font_size, self.dpi

        def finish(self) -> None:
            """The layer owns the surface: nothing to write here."""

    return TileSurface, blend_operators


# ------------------------------------------------------------------ reading a PNG back

_PARTLY_TRANSPARENT = re.compile(rb"[\x01-\xfe]")


def decode_png_rgba(png: bytes) -> tuple[int, int, bytes]:
    """``(width, height, rgba)`` of a PNG read by cairo: 8-bit RGBA rows, straight alpha.

    cairo keeps pixels premultiplied (native-endian ARGB32), so colours are un-premultiplied
    here with cairo's own rounding: a PNG cairo wrote reads back exactly as written. A nearly
    transparent pixel of a PNG from elsewhere keeps only the colour its alpha can carry.
    Raises ValueError for data cairo cannot read.
    """
    import cairocffi as cairo

    try:
        surface = cairo.ImageSurface.create_from_png(io.BytesIO(png))
    except (cairo.CairoError, OSError, MemoryError) as exc:  # cairo says NO_MEMORY for bad data
        raise ValueError(
            _("not a PNG cairo can read ({reason})").format(reason=exc.args[0])
        ) from None
    width, height, stride = surface.get_width(), surface.get_height(), surface.get_stride()
    kind = surface.get_format()
    data = bytes(surface.get_data())
    surface.finish()
    if kind not in (cairo.FORMAT_ARGB32, cairo.FORMAT_RGB24):
        raise ValueError(_("not an 8-bit PNG (cairo format {format})").format(format=kind))
    if stride != width * 4:
        data = b"".join(data[row * stride : row * stride + width * 4] for row in range(height))
    red, green, blue, alpha = (2, 1, 0, 3) if sys.byteorder == "little" else (1, 2, 3, 0)
    rgba = bytearray(len(data))
    rgba[0::4], rgba[1::4], rgba[2::4] = data[red::4], data[green::4], data[blue::4]
    if kind == cairo.FORMAT_RGB24:
        rgba[3::4] = b"\xff" * (width * height)
        return width, height, bytes(rgba)
    rgba[3::4] = data[alpha::4]
    for pixel in _PARTLY_TRANSPARENT.finditer(data[alpha::4]):
        a, start = pixel.group()[0], pixel.start() * 4
        rgba[start : start + 3] = bytes((c * 255 + a // 2) // a for c in rgba[start : start + 3])
    return width, height, bytes(rgba)
