"""The render check: an icon must draw something visible on its 44 px tile.

The slowest rule (tens of milliseconds the first time), so it runs only when asked and only on an
icon the other rules passed; memoised per icon.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import replace

from gui.core.errors import InvalidInputError
from gui.core.model.connector import IconSpec
from gui.core.model.validation.problems import Finding, Severity

# One logger for the whole package, named after it (the log format shows the name).
log = logging.getLogger(__package__)


@functools.lru_cache(maxsize=32)
def render_finding(
    prefix: str, data_image: str, color: str, size: str, position: str
) -> Finding | None:
    """Rasterise the icon as the 44 px tile; a finding when it cannot be drawn. Memoised."""
    from gui.core.icon.tile import render_tile

    icon = IconSpec(data_image=data_image, color=color, size=size, position=position)
    try:
        tile = render_tile(icon, px=44, field_prefix=prefix)
        background = render_tile(replace(icon, data_image=""), px=44, field_prefix=prefix)
    except InvalidInputError as exc:
        return Finding(
            Severity.ERROR,
            "ICON_DOES_NOT_RENDER",
            "{field} does not render: " + exc.message,
        )
    except Exception:
        log.exception("rendering an icon failed unexpectedly")
        return Finding(
            Severity.ERROR,
            "ICON_DOES_NOT_RENDER",
            "{field} could not be drawn (the details are in the log). Re-import the SVG file.",
        )
    if tile == background:
        return Finding(
            Severity.WARNING,
            "ICON_INVISIBLE",
            "{field} draws nothing visible on its 44 px tile: the SVG is empty, outside its "
            "box, or painted in the tile's own colour. Check the icon and COLOR in the preview.",
        )
    return None
