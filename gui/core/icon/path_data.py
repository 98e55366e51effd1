"""Path data (``d``) rewritten in as few characters as the precision allows.

:func:`minify_path_data` reads the path strictly, then writes every segment in its shortest
form: absolute or relative, ``H``/``V`` for axis-parallel lines, ``S``/``T`` when the first
control point is the reflection the shorthand implies, command letters left out where the
grammar repeats them, and only the separators the grammar needs (``1-2``, ``.5.5``). Arc flags
keep a separator on both sides: some readers (older cairosvg among them) cannot split ``011``.

Coordinates are rounded once, on the absolute position, to ``decimals`` (see
:mod:`gui.core.icon.svg_numbers`); relative values are differences of those rounded integers, so
errors never add up along a path. No segment is dropped or merged (a zero-length segment still
draws caps and markers).

Path data that is not exactly valid is returned as ``None`` and must be kept as written: a
browser draws such a path up to the first error, and only the original text says where that is.
svgelements' lexer was the library candidate; it accepts what browsers refuse (``1,,2``, a ``z``
standing in for a coordinate) and rejects what they accept, so it could change what such a path
draws. The scanner here is strict instead, in linear time.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from gui.core.icon.svg_numbers import (
    MAX_DECIMALS,
    NUMBER,
    format_fixed,
    shorten_number,
    source_decimals,
    to_fixed,
)

_ARGUMENTS = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
_SPACE = re.compile(r"[ \t\n\r\f]*")
_COMMA = re.compile(r"[ \t\n\r\f]*,?[ \t\n\r\f]*")
_FLAG = re.compile(r"[01]")

Point = tuple[int, int]


@dataclass(frozen=True)
class _Command:
    letter: str  # as written: upper case absolute, lower case relative
    values: tuple[float, ...]
    texts: tuple[str, ...]


def minify_path_data(d: str, decimals: int) -> str | None:
    """``d`` written shortest with coordinates rounded to ``decimals``; ``None`` if invalid.

    Never rounds finer than the path is written (exact integer arithmetic). When an arc cannot
    be rounded safely (:meth:`_Writer._arc_radii`), the whole path keeps every digit and only
    its spelling gets shorter.
    """
    commands = _parse(d)
    if commands is None:
        return None
    if not commands:
        return ""
    exact = max((source_decimals(t) for c in commands for t in c.texts), key=_or_max, default=0)
    all_digits = MAX_DECIMALS if exact is None else exact
    if decimals < all_digits:
        rounded = _write(commands, decimals, lossy=True)
        if rounded is not None:
            return rounded
    # Past MAX_DECIMALS "every digit" rounds by < 1e-10 units: no renderer can tell.
    return _write(
        commands, min(decimals, all_digits) if decimals >= all_digits else all_digits, lossy=False
    )


def _write(commands: list[_Command], decimals: int, *, lossy: bool) -> str | None:
    writer = _Writer(decimals, lossy=lossy)
    if all(writer.add(command) for command in commands):
        return writer.text()
    return None


def _or_max(value: int | None) -> int:
    return 99 if value is None else value


def _parse(d: str) -> list[_Command] | None:
    """The commands of ``d`` with their numbers, or ``None`` at the first grammar error."""
    commands: list[_Command] = []
    position = _SPACE.match(d, 0).end()  # type: ignore[union-attr]
    while position < len(d):
        letter = d[position]
        count = _ARGUMENTS.get(letter.upper())
        if count is None or (not commands and letter not in "Mm"):
            return None
        position = _SPACE.match(d, position + 1).end()  # type: ignore[union-attr]
        first = True
        while first or (count and position < len(d) and d[position] not in _LETTERS):
            texts: list[str] = []
            for index in range(count):
                if index:
                    position = _COMMA.match(d, position).end()  # type: ignore[union-attr]
                is_flag = letter in "Aa" and index in (3, 4)
                match = (_FLAG if is_flag else NUMBER).match(d, position)
                if match is None:
                    return None
                texts.append(match.group())
                position = match.end()
            values = tuple(float(t) for t in texts)
            commands.append(_Command(letter, values, tuple(texts)))
            # After the first pair, a moveto's further pairs are linetos.
            letter = {"M": "L", "m": "l"}.get(letter, letter)
            first = False
            position = _SPACE.match(d, position).end()  # type: ignore[union-attr]
            if count and position < len(d) and d[position] == ",":
                position = _COMMA.match(d, position).end()  # type: ignore[union-attr]
                if position >= len(d) or d[position] in _LETTERS:
                    return None  # a comma must separate two numbers
    return commands


_LETTERS = frozenset("MmLlHhVvCcSsQqTtAaZz")


class _Writer:
    """Builds the shortest text segment by segment, tracking the rounded current point."""

    def __init__(self, decimals: int, *, lossy: bool) -> None:
        self.decimals = decimals
        self.lossy = lossy  # does rounding to ``decimals`` change any number?
        self.parts: list[str] = []
        self.last_letter = ""
        self.last_token = ""
        self.current: tuple[float, float] = (0.0, 0.0)  # exact, as the source means it
        self.start: tuple[float, float] = (0.0, 0.0)
        self.point: Point = (0, 0)  # rounded, as written
        self.start_point: Point = (0, 0)
        self.cubic_control: Point | None = None  # second control point of the last C/S
        self.quad_control: Point | None = None  # control point of the last Q/T
        self.previous_kind = ""  # the last command's letter, upper case

    def fixed(self, x: float, y: float) -> Point:
        return to_fixed(x, self.decimals), to_fixed(y, self.decimals)

    def add(self, command: _Command) -> bool:
        kind, relative, v = command.letter.upper(), command.letter.islower(), command.values
        previous, self.previous_kind = self.previous_kind, kind
        if self.lossy and kind == "T" and previous == "T":
            # Each T's control point is the last one reflected: along a chain of T the rounding
            # errors add up, so such a path keeps every digit (as an unsafe arc does).
            return False
        if kind == "Z":
            self._emit("z", [])
            self.current, self.point = self.start, self.start_point
            self.cubic_control = self.quad_control = None
            return True
        x0, y0 = self.current
        if kind == "H":
            end = (v[0] + (x0 if relative else 0.0), y0)
        elif kind == "V":
            end = (x0, v[0] + (y0 if relative else 0.0))
        else:
            end = (v[-2] + (x0 if relative else 0.0), v[-1] + (y0 if relative else 0.0))
        controls = [
            (v[i] + (x0 if relative else 0.0), v[i + 1] + (y0 if relative else 0.0))
            for i in range(0, len(v) - 2, 2)
            if kind in "CSQ"
        ]
        end_point = self.fixed(*end)
        radii: list[str] = []
        if kind == "A":
            radii = self._arc_radii(command, end) or []
            if not radii:
                return False
        self._segment(kind, command, [self.fixed(*c) for c in controls], end_point, radii)
        self.current = end
        self.point = end_point
        if kind == "M":
            self.start, self.start_point = end, end_point
        return True

    def _segment(
        self, kind: str, command: _Command, controls: list[Point], end: Point, radii: list[str]
    ) -> None:
        here = self.point
        cubic, quad = self.cubic_control, self.quad_control
        self.cubic_control = self.quad_control = None
        if kind == "M":
            self._emit_point("M", [], end)
        elif kind in "LHV":
            if end[1] == here[1]:
                self._emit_axis("H", end[0], here[0])
            elif end[0] == here[0]:
                self._emit_axis("V", end[1], here[1])
            else:
                self._emit_point("L", [], end)
        elif kind in "CS":
            first = _reflect(cubic, here) if kind == "S" else controls[0]
            self.cubic_control = controls[-1]
            if first == _reflect(cubic, here):
                self._emit_point("S", [controls[-1]], end)
            else:
                self._emit_point("C", [first, controls[-1]], end)
        elif kind in "QT":
            control = _reflect(quad, here) if kind == "T" else controls[0]
            self.quad_control = control
            if control == _reflect(quad, here):
                self._emit_point("T", [], end)
            else:
                self._emit_point("Q", [control], end)
        else:
            self._arc(command, end, radii)

    def _arc_radii(self, command: _Command, end: tuple[float, float]) -> list[str] | None:
        """The arc's radii as written, or ``None`` when rounding could move the arc visibly.

        The shape of an arc depends on ``λ``, how its radii compare with the chord (SVG
        implementation notes B.2.5). Below 1 the centre moves by ``sqrt(2·r·ε)`` when the radius
        comes ``ε`` close to half the chord: near there (0.9 ≤ λ < 1) the path is kept exact,
        further below the radii keep a decimal more than the points. An ellipse more than twice
        as long as wide, and a large arc on a chord shorter than its radius, keep the path
        exact: both magnify the rounding of their endpoints.
        At 1 or more the radii are scaled up to reach, so only their ratio matters: a circle's
        radius is rounded down one unit more, which keeps λ ≥ 1 although rounded endpoints can
        shorten the chord; an ellipse keeps its exact radii (rounding would change the ratio),
        unless λ is so close to 1 that rounding could cross it (then the path is kept exact).
        """
        rx, ry = abs(command.values[0]), abs(command.values[1])
        exact = [shorten_number(text.lstrip("+-")) for text in command.texts[:2]]
        if not self.lossy or rx == 0 or ry == 0:
            rounded = [to_fixed(rx, self.decimals), to_fixed(ry, self.decimals)]
            if not self.lossy or all(
                units or not value for units, value in zip(rounded, (rx, ry), strict=True)
            ):
                return [format_fixed(units, self.decimals) for units in rounded]
            return None  # a radius would round to zero and turn the arc into a line
        (x1, y1), (x2, y2) = self.current, end
        angle = math.radians(command.values[2])
        cos, sin = math.cos(angle), math.sin(angle)
        dx, dy = (x1 - x2) / 2, (y1 - y2) / 2
        ratio = ((cos * dx + sin * dy) / rx) ** 2 + ((cos * dy - sin * dx) / ry) ** 2
        if max(rx / ry, ry / rx) > 2:
            return None  # an elongated ellipse magnifies its endpoints' rounding
        if command.values[3] and math.hypot(x2 - x1, y2 - y1) < max(rx, ry):
            return None  # the far side of a large arc on a short chord swings with its ends
        if ratio < 0.9:
            # The centre follows the radii up to ~3× (λ < 0.9): the radii keep one decimal more.
            places = min(self.decimals + 1, max(_places(t) for t in command.texts[:2]))
            units = [to_fixed(rx, places), to_fixed(ry, places)]
            if 0 in units:
                return None
            return [format_fixed(u, places) for u in units]
        if ratio < 1 or (ratio < 1.1 and rx != ry):
            return None
        if ratio >= 1.1:
            return exact
        units_down = math.floor(rx * 10**self.decimals) - 1
        if units_down <= 0:
            return None
        return [format_fixed(units_down, self.decimals)] * 2

    def _arc(self, command: _Command, end: Point, radii: list[str]) -> None:
        angle = shorten_number(command.texts[2])
        flags = [command.texts[3], command.texts[4]]
        absolute = [*radii, angle, *flags, *self._coordinates(end, (0, 0))]
        relative = [*radii, angle, *flags, *self._coordinates(end, self.point)]
        self._choose("A", absolute, relative, flag_indices=(3, 4))

    def _emit_axis(self, letter: str, value: int, base: int) -> None:
        absolute = [format_fixed(value, self.decimals)]
        relative = [format_fixed(value - base, self.decimals)]
        self._choose(letter, absolute, relative)

    def _emit_point(self, letter: str, controls: list[Point], end: Point) -> None:
        absolute = [t for p in [*controls, end] for t in self._coordinates(p, (0, 0))]
        if letter == "M" and not self.parts:
            self._emit("M", absolute)  # a leading m is absolute anyway
            return
        relative = [t for p in [*controls, end] for t in self._coordinates(p, self.point)]
        self._choose(letter, absolute, relative)

    def _coordinates(self, point: Point, base: Point) -> list[str]:
        return [
            format_fixed(point[0] - base[0], self.decimals),
            format_fixed(point[1] - base[1], self.decimals),
        ]

    def _choose(
        self,
        letter: str,
        absolute: list[str],
        relative: list[str],
        flag_indices: tuple[int, ...] = (),
    ) -> None:
        options = [(letter, absolute), (letter.lower(), relative)]
        texts = [self._render(name, tokens, flag_indices) for name, tokens in options]
        best = 0 if len(texts[0]) <= len(texts[1]) else 1
        self._emit(*options[best], flag_indices=flag_indices)

    def _render(self, letter: str, tokens: list[str], flag_indices: tuple[int, ...]) -> str:
        out = "" if self._implicit(letter) else letter
        previous = self.last_token if not out else letter
        for index, token in enumerate(tokens):
            out += _separator(previous, token, index in flag_indices or (index - 1) in flag_indices)
            out += token
            previous = token
        return out

    def _implicit(self, letter: str) -> bool:
        """Can ``letter`` be left out because the grammar repeats the previous command?"""
        if letter in "Mm" or not self.last_letter:
            return False
        return letter == self.last_letter

    def _emit(self, letter: str, tokens: list[str], flag_indices: tuple[int, ...] = ()) -> None:
        self.parts.append(self._render(letter, tokens, flag_indices))
        # A moveto's repeated pairs are linetos: after "M" the implicit command is "L".
        self.last_letter = {"M": "L", "m": "l", "z": "", "Z": ""}.get(letter, letter)
        self.last_token = tokens[-1] if tokens else letter

    def text(self) -> str:
        return "".join(self.parts)


def _places(text: str) -> int:
    exact = source_decimals(text)
    return 99 if exact is None else exact


def _reflect(control: Point | None, here: Point) -> Point:
    """The first control point a shorthand (``S``/``T``) implies after ``control``."""
    if control is None:
        return here
    return (2 * here[0] - control[0], 2 * here[1] - control[1])


def _separator(previous: str, token: str, around_flag: bool) -> str:
    if not previous or (previous[-1].isalpha() and previous[-1] not in "eE"):
        return ""  # right after a command letter
    if around_flag:
        return " "
    if token.startswith("-"):
        return ""
    if token.startswith(".") and "." in previous and "e" not in previous.lower():
        return ""
    return " "
