"""How much drawing an icon asks for, counted before drawing, and a deadline while it draws.

An SVG can ask for far more work than its size suggests: 1.1 KB of nested ``<use>`` make 10⁵
elements (16 s in cairosvg), 24 KB of references to one long path 10⁷ segments (83 s). Before
drawing, :func:`drawing_work` counts what cairosvg would draw — every element after ``<use>``
expansion, each weighted by its path data — and :func:`check_work` refuses more than
:data:`MAX_WORK` with ICON_TOO_COMPLEX. While drawing, :class:`Deadline` stops a drawing that
still takes longer than :data:`DRAW_SECONDS` (the count is an estimate; the clock is not).
"""

from __future__ import annotations

import re
import time
from typing import Any

from gui.core.errors import InvalidInputError
from gui.core.i18n import N_, _

ELEMENT_WORK = 100
"""An element's own cost in work units (measured: ~180 µs in cairosvg, ~1.8 µs a unit)."""

PATH_UNITS_PER_CHAR = 2
"""Path data (``d``, ``points``) costs this many units a character (a segment of ~6 characters
takes ~12–16 µs)."""

MAX_WORK = 1_500_000
"""The most work drawn (~2.7 s here): ~15,000 elements, or ~750 KB of path data counted over its
references; a 512 KB path alone fits, and the largest sample icon (124 KB) counts ~0.25 M."""

DRAW_SECONDS = 4.0
"""The longest one tile may take to draw, whatever the count said."""

TOO_COMPLEX = N_(
    "This icon is too complex to draw: {detail}. Bitrix24's pages would struggle with it too; "
    "simplify it (fewer repeated <use> references, shorter paths) or export it again."
)
"""The refusal (translated where it is raised); ``{detail}`` is :data:`OVER_COUNT` or
:data:`OVER_TIME`, translated too."""

# Translators: fills {detail} in "This icon is too complex to draw: {detail}."
OVER_COUNT = N_("it asks for more than {limit:,} units of drawing work")
# Translators: fills {detail} in "This icon is too complex to draw: {detail}."
OVER_TIME = N_("drawing it took longer than {seconds:g} s")

_LOCAL_REFERENCE = re.compile(r"^\s*#(.+?)\s*$")


def too_complex(detail: str, field: str) -> InvalidInputError:
    """The error for an icon over the budget, naming ``field`` (``ICON.DATA_IMAGE`` …)."""
    return InvalidInputError(
        _(TOO_COMPLEX).format(detail=detail), code="ICON_TOO_COMPLEX", field=field
    )


def drawing_work(root: Any) -> int:
    """Work units to draw cairosvg's tree ``root``, ``<use>`` references expanded (counted once
    per reference, without walking them again: nesting cannot make the count slow)."""
    by_id: dict[str, Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        identifier = node.get("id")
        if identifier and identifier not in by_id:
            by_id[identifier] = node
        stack.extend(node.children)
    memo: dict[int, int] = {}
    return _work(root, by_id, memo, set())


def _work(node: Any, by_id: dict[str, Any], memo: dict[int, int], active: set[int]) -> int:
    key = id(node)
    if key in memo:
        return memo[key]
    if key in active:  # a reference cycle: cairosvg stops it, it costs nothing more
        return 0
    active.add(key)
    total = ELEMENT_WORK
    for attribute in ("d", "points"):
        total += len(node.get(attribute) or "") * PATH_UNITS_PER_CHAR
    if node.tag == "use":
        href = node.get_href() or ""
        match = _LOCAL_REFERENCE.match(href)
        target = by_id.get(match.group(1)) if match else None
        if target is not None:
            total += _work(target, by_id, memo, active)
    for child in node.children:
        total += _work(child, by_id, memo, active)
        if total > MAX_WORK:  # no need to count further
            break
    active.discard(key)
    memo[key] = total
    return total


def check_work(root: Any, field: str) -> None:
    """Refuse a tree that asks for more than :data:`MAX_WORK`."""
    work = drawing_work(root)
    if work > MAX_WORK:
        raise too_complex(_(OVER_COUNT).format(limit=MAX_WORK), field)


class Deadline:
    """A point in time a drawing must not pass; :meth:`check` raises the clear error after it."""

    def __init__(self, field: str, seconds: float = DRAW_SECONDS) -> None:
        self._field = field
        self._seconds = seconds
        self._at = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self._at:
            raise too_complex(
                _(OVER_TIME).format(seconds=self._seconds),
                self._field,
            )
