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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.svg", type=Path, help="the SVG icon to encode")
    parser.add_argument(
        "--minify",
        action="store_true",
        help="first remove comments, editor metadata and redundant whitespace, and write path "
        "data and numbers shorter, rounded no coarser than 1/20 px at 256 px "
        "(never visibly changes how the icon looks)",
    )


def run(args: argparse.Namespace) -> int:
    data_image, notes = load_svg_file(args.file, minify=args.minify)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    print(data_image)
    return 0


__all__ = ["add_arguments", "run"]
