"""cairosvg's drawing of an icon, recorded once as the cairo calls it made, replayed at any place.

cairosvg spends nearly all of a drawing in Python: parsing path data and numbers, walking the
tree, resolving styles. What reaches cairo is a short list of calls (``move_to``, ``curve_to``,
``fill_preserve`` …) whose arguments are in the icon's own units. :class:`Recorder` stands in
for cairosvg's context while it draws the icon's content and keeps each call with its
arguments; :meth:`Recording.replay` makes the same calls, with the same numbers, on a context
set up for another size or position. cairo then computes exactly what it computed when cairosvg
drew there itself: the pixels are the same, byte for byte (``tests/core/test_tile_pipeline.py``).

A recording is only replayed where cairosvg would have made the very same calls:

* Calls that *ask* cairo something whose answer depends on where the icon is drawn
  (``copy_path`` for markers, text extents, …) make the recording unusable: such icons are
  always drawn by cairosvg.
* ``get_current_point`` (cairosvg reads it at the start of every path, and cairo answers from
  device pixels rounded to 1/256) is asked again on replay. A path that never computes with the
  answer (it starts with an absolute ``M``, or only relative moves, lines and curves come before
  one: :func:`_uses_current_point`) is not checked; one that does is drawn again by cairosvg's
  own ``path`` when the answer differs, and the replay goes on after it. Anywhere else (a nested
  ``<svg>``, an ``<image>``) a different answer stops the replay: the caller then draws the
  whole icon with cairosvg.
* The drawing's sizes cairosvg may read (its viewport for percentages, its surface's size for
  masks and ``transform-origin``) are noted when read; the recording is replayed only where
  they are the same.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

REPLAY_CHECK_EVERY = 2048
"""Calls replayed between two looks at the drawing's deadline."""

_COMMANDS = frozenset(
    (
        *("save", "restore", "translate", "scale", "rotate", "transform", "rectangle", "clip"),
        *("clip_preserve", "reset_clip", "new_path", "new_sub_path", "move_to", "line_to"),
        *("curve_to", "rel_move_to", "rel_line_to", "rel_curve_to", "arc", "arc_negative"),
        *("close_path", "fill", "fill_preserve", "stroke", "stroke_preserve", "paint"),
        *("paint_with_alpha", "mask", "mask_surface", "push_group", "push_group_with_content"),
        *("pop_group_to_source", "set_source", "set_source_rgb", "set_source_rgba"),
        *("set_source_surface", "set_line_width", "set_line_cap", "set_line_join", "set_dash"),
        *("set_miter_limit", "set_fill_rule", "set_operator", "set_antialias", "set_tolerance"),
    )
)
"""Calls that only tell cairo to do something: replayed as they were made."""

_ARGUMENTS_COPIED = frozenset(("transform", "set_dash"))
"""Calls whose arguments (a matrix, a list) their owner may change afterwards: kept as copies."""

_QUESTIONS_ANSWERED_ALIKE = frozenset(("get_font_options",))
"""Questions whose answer does not depend on where the icon is drawn (a copy of the options)."""

_CHECK = "?"
"""A recorded question (``get_current_point`` / ``has_current_point``): asked again on replay."""

_PATH = "?path"
"""The start of a path that computes with the current point: on replay, when cairo answers
differently, cairosvg draws that path again (:class:`_PathRedraw`) and the replay goes on after
its recorded calls."""

_PATH_END = "set_antialias"
"""The first call cairosvg makes after drawing an element's own shape (``Surface.draw``)."""

_READS_CURRENT_POINT = frozenset("ACHQSTVast")
"""Path commands cairosvg draws with arguments computed from its idea of the current point (the
others become relative cairo calls, or set the point from the data: ``M``)."""


def _uses_current_point(d: str) -> bool:
    """Whether cairosvg's drawing of path data ``d`` passes on the current point it asked cairo
    for: only commands before the first absolute ``M`` can, and only some of them."""
    return not _READS_CURRENT_POINT.isdisjoint(d.split("M", 1)[0])


@dataclass
class Recording:
    """The calls of one drawing, the sizes it read, and whether it may be replayed at all."""

    sizes: dict[str, Any]
    """The drawing's sizes when it started (``context_width`` …); only those in ``read``
    must match for a replay."""
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    read: set[str] = field(default_factory=set)
    replayable: bool = True
    _direct: list[Any] | None = None

    def fits(self, sizes: dict[str, Any]) -> bool:
        """Whether a drawing starting with ``sizes`` would make these very calls."""
        return self.replayable and all(sizes[name] == self.sizes[name] for name in self.read)

    def replay(self, context: Any, check_deadline: Callable[[], None]) -> bool:
        """Make the recorded calls on ``context``; ``False`` (with the context's state put back
        as it was, nothing of the replay left in it but pixels drawn into a group that
        the caller discards) when cairo answers a recorded question differently."""
        open_states: list[str] = []  # "save" / "push" not yet closed, to unwind on a mismatch
        calls, index, count = self.calls, 0, len(self.calls)
        direct = self._direct_calls()
        pointer = context._pointer  # cairocffi's documented handle on the C context
        while index < count:
            name, args = calls[index]
            function = direct[index]
            if function is not None:  # a plain numeric call straight to cairo (most of them)
                function(pointer, *args)
                index += 1
                if name == "save":
                    open_states.append("save")
                elif name in ("restore", "pop_group_to_source") and open_states:
                    open_states.pop()
                elif name == "push_group":
                    open_states.append("push")
                if index % REPLAY_CHECK_EVERY == 0:
                    check_deadline()
                continue
            if index % REPLAY_CHECK_EVERY == 0:
                check_deadline()
            index += 1
            if name == _PATH:
                redraw: _PathRedraw = args[0]
                if context.get_current_point() != redraw.answer:
                    if redraw.end is None:
                        _unwind(context, open_states)
                        return False
                    redraw.draw(context)
                    index = redraw.end
                continue
            if name == _CHECK:
                question, answer = args
                if getattr(context, question)() != answer:
                    _unwind(context, open_states)
                    return False
                continue
            getattr(context, name)(*args)
            if name == "save":
                open_states.append("save")
            elif name in ("push_group", "push_group_with_content"):
                open_states.append("push")
            elif name in ("restore", "pop_group_to_source") and open_states:
                open_states.pop()
        context._check_status()  # cairo keeps its first error: raised here as cairocffi would
        return True

    def _direct_calls(self) -> list[Any]:
        """For each recorded call, cairo's C function when cairocffi would only pass the
        numbers on to it (else ``None``): a replay then skips cairocffi's Python layer."""
        if self._direct is None or len(self._direct) != len(self.calls):
            functions = _direct_functions()
            self._direct = [
                function if function is not None and arity == len(args) else None
                for name, args in self.calls
                for function, arity in (functions.get(name, (None, -1)),)
            ]
        return self._direct


_DIRECT_ARITIES = {
    0: "save restore close_path new_path new_sub_path clip clip_preserve fill fill_preserve "
    "stroke stroke_preserve paint push_group pop_group_to_source",
    1: "rotate paint_with_alpha set_line_width set_line_cap set_line_join set_miter_limit "
    "set_fill_rule set_operator set_antialias set_tolerance",
    2: "move_to line_to rel_move_to rel_line_to translate scale",
    3: "set_source_rgb",
    4: "set_source_rgba rectangle",
    5: "arc arc_negative",
    6: "curve_to rel_curve_to",
}
"""Calls cairocffi hands straight to cairo's ``cairo_<name>`` with this many numbers."""


@functools.cache
def _direct_functions() -> dict[str, tuple[Any, int]]:
    import cairocffi

    return {
        name: (getattr(cairocffi.cairo, f"cairo_{name}"), arity)
        for arity, names in _DIRECT_ARITIES.items()
        for name in names.split()
    }


@dataclass
class _PathRedraw:
    """A path whose drawing computes with the current point cairo answered (``answer``): what
    cairosvg needs to draw it again, and where its recorded calls end (``end``: the index of
    the call after them)."""

    answer: Any
    node: Any
    sizes: tuple[Any, Any, Any, Any]
    """``context_width``, ``context_height``, ``font_size``, ``dpi``: all cairosvg's ``path``
    reads of its surface besides the context (to resolve lengths)."""
    end: int | None = None

    def draw(self, context: Any) -> None:
        import cairosvg.helpers
        import cairosvg.path

        surface = _PathSurface(context, *self.sizes)
        with contextlib.suppress(cairosvg.helpers.PointError):  # as Surface.draw does
            cairosvg.path.path(surface, self.node)


@dataclass
class _PathSurface:
    """What cairosvg's ``path`` uses of a surface."""

    context: Any
    context_width: Any
    context_height: Any
    font_size: Any
    dpi: Any


def _unwind(context: Any, open_states: list[str]) -> None:
    while open_states:
        if open_states.pop() == "push":
            context.pop_group()
        else:
            context.restore()


class Recorder:
    """cairosvg's context while it draws: every call goes on to the real ``context`` and is
    kept in ``recording``. ``surface`` is cairosvg's: its ``parent_node`` is the element being
    drawn (does a path use the current point it asks for?), its sizes are what redrawing a path
    needs."""

    def __init__(self, context: Any, recording: Recording, surface: Any):
        self._context = context
        self._recording = recording
        self._surface = surface
        self._open_path: _PathRedraw | None = None

    def __getattr__(self, name: str) -> Any:
        """The stand-in for the context's ``name``, made once (later lookups find it here)."""
        stand_in = self._stand_in(name)
        self.__dict__[name] = stand_in
        return stand_in

    def _stand_in(self, name: str) -> Any:
        method = getattr(self._context, name)
        recording = self._recording
        if name in _COMMANDS:
            calls = recording.calls
            if name in _ARGUMENTS_COPIED:

                def copying(*args: Any) -> Any:
                    calls.append((name, tuple(_kept(arg) for arg in args)))
                    return method(*args)

                return copying

            def command(*args: Any) -> Any:
                calls.append((name, args))
                return method(*args)

            if name == _PATH_END:
                return lambda *args: self._path_ended(command, *args)
            return command
        if name == "set_font_options":
            return lambda options: self._set_font_options(method, options)
        if name in ("get_current_point", "has_current_point"):
            return lambda: self._asked(name, method())
        if name not in _QUESTIONS_ANSWERED_ALIKE:
            recording.replayable = False  # an answer that may differ elsewhere, or unknown
        return method

    def _set_font_options(self, method: Callable[[Any], Any], options: Any) -> Any:
        self._recording.calls.append(("set_font_options", (options.copy(),)))
        return method(options)

    def _asked(self, question: str, answer: Any) -> Any:
        surface = self._surface
        node = surface.parent_node
        if question == "get_current_point" and node is not None and node.tag == "path":
            d = node.get("d") or ""
            if _uses_current_point(d):
                lengths = surface.path_lengths(tracked="%" in d)  # % reads the viewport
                self._open_path = _PathRedraw(answer, node, lengths)
                self._recording.calls.append((_PATH, (self._open_path,)))
            return answer
        self._recording.calls.append((_CHECK, (question, answer)))
        return answer

    def _path_ended(self, command: Callable[..., Any], *args: Any) -> Any:
        if self._open_path is not None:
            self._open_path.end = len(self._recording.calls)
            self._open_path = None
        return command(*args)


def _kept(arg: Any) -> Any:
    """An argument as it was at the call: a matrix is copied (its owner may change it)."""
    import cairocffi

    if isinstance(arg, cairocffi.Matrix):
        return cairocffi.Matrix(*arg.as_tuple())
    if isinstance(arg, list):
        return list(arg)
    return arg
