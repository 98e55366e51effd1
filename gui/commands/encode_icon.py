"""``encode-icon FILE.svg [--minify]``: print the ``DATA_IMAGE`` value for an SVG file.

The same import the window does when a file is dropped on it (:func:`~gui.core.icon.codec.
load_svg_file`): a safe parse, a missing ``xmlns`` added, and notes (size, outside references,
``currentColor``) printed to stderr as ``note: …`` so stdout carries only the value and can be
piped or pasted. Bad input raises :class:`~gui.core.errors.InvalidInputError`, which
:mod:`gui.cli` turns into exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gui.core.icon.codec import load_svg_file
from gui.core.icon.svg_safety import WARN_SVG_BYTES


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.svg", type=Path, help="the SVG icon to encode")
    parser.add_argument(
        "--minify",
        action="store_true",
        help="first remove comments, editor metadata and redundant whitespace, and write path "
        "data and numbers shorter, rounded no coarser than 1/20 px at 256 px "
        "(never visibly changes how the icon looks)",
    )


MINIFIED_STILL_LARGE = (
    "After minifying, the DATA_IMAGE value is still {size:.1f} KB (over {limit} KB): simplify "
    "the drawing (fewer points, no embedded bitmaps)."
)


def run(args: argparse.Namespace) -> int:
    data_image, notes = load_svg_file(args.file, minify=args.minify)
    if args.minify:
        # The import's advice is about the file as read; minifying was just done, so advising
        # it again would be wrong. Whether the result is still large is said instead.
        kept = [note for note in notes if "--minify" not in note]
        if len(kept) < len(notes) and len(data_image) > WARN_SVG_BYTES:
            size, limit = len(data_image) / 1024, WARN_SVG_BYTES // 1024
            kept.append(MINIFIED_STILL_LARGE.format(size=size, limit=limit))
        notes = tuple(kept)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(data_image)
    return 0


__all__ = ["add_arguments", "run"]
