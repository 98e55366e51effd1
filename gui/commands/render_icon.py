"""``render-icon PROFILE.json [--disabled] [--px N] [--round] -o OUT.png``: draw the tile.

The tile exactly as Bitrix24 paints it, by :func:`gui.core.icon.tile.render_connector_tile`: the
profile's ``ICON`` (or, with ``--disabled``, ``ICON_DISABLED`` falling back to the active image),
N×N pixels (44 by default), square unless ``--round``. Everything is checked and rendered before
the output is touched, so invalid input (exit 2 via :class:`~gui.core.errors.InvalidInputError`)
never leaves a file behind, and the PNG is written atomically.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path

from gui.core.errors import InvalidInputError
from gui.core.i18n import _
from gui.core.icon.tile import MAX_TILE_PX, effective_icon, render_connector_tile
from gui.core.model.connector import load_profile


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "profile", metavar="PROFILE.json", type=Path, help=_("the connector profile")
    )
    parser.add_argument(
        "--disabled",
        action="store_true",
        help=_("draw ICON_DISABLED (the look while the connector is not connected)"),
    )
    parser.add_argument(
        "--px",
        type=int,
        default=44,
        metavar="N",
        help=_("tile size in pixels, 1 to {max} (default 44, Bitrix24's badge)").format(
            max=MAX_TILE_PX
        ),
    )
    parser.add_argument("--round", action="store_true", help=_("clip the tile to a circle"))
    parser.add_argument(
        "-o", "--output", metavar="OUT.png", type=Path, required=True, help=_("the PNG to write")
    )


def run(args: argparse.Namespace) -> int:
    connector = load_profile(args.profile)
    disabled: bool = args.disabled
    if not effective_icon(connector, disabled).data_image.strip():
        raise InvalidInputError(
            _("ICON.DATA_IMAGE is empty: there is no icon to draw. Import an SVG icon first."),
            code="ICON_REQUIRED",
            field="ICON.DATA_IMAGE",
        )
    png = render_connector_tile(connector, disabled=disabled, px=args.px, round=args.round)
    _write_atomically(args.output, png)
    return 0


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file, so a failure leaves no partial PNG."""
    try:
        directory = path.resolve().parent
        fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    temporary_path = Path(temporary)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        temporary_path.replace(path)
    except OSError as exc:
        temporary_path.unlink(missing_ok=True)
        raise _unwritable(path, exc) from None


def _unwritable(path: Path, exc: OSError) -> InvalidInputError:
    return InvalidInputError(
        _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc),
        code="OUTPUT_UNWRITABLE",
    )


__all__ = ["add_arguments", "run"]
