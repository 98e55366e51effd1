"""``encode-icon FILE.svg [--minify]``: print the ``DATA_IMAGE`` value for an SVG file.

The same import the window does when a file is dropped on it: a safe parse, a missing ``xmlns``
added, and notes (size, outside references, ``currentColor``) printed to stderr as ``note: …`` so
stdout carries only the value and can be piped or pasted. Bad input raises
:class:`~gui.core.errors.InvalidInputError`, which :mod:`gui.cli` turns into exit 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gui.core.errors import InvalidInputError
from gui.core.icon.codec import MAX_SVG_BYTES, encode_data_image, import_svg


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE.svg", type=Path, help="the SVG icon to encode")
    parser.add_argument(
        "--minify",
        action="store_true",
        help="first remove comments, editor metadata and redundant whitespace "
        "(never changes how the icon looks)",
    )


def read_icon_file(path: Path) -> bytes:
    """The file's bytes, read with a cap so a huge file or a device cannot stall us."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_SVG_BYTES + 1)
    except IsADirectoryError:
        raise InvalidInputError(
            f"{path} is a folder, not an SVG file.", code="SVG_UNREADABLE"
        ) from None
    except OSError as exc:
        raise InvalidInputError(
            f"Cannot read {path}: {exc.strerror or exc}", code="SVG_UNREADABLE"
        ) from None
    return data


def run(args: argparse.Namespace) -> int:
    path: Path = args.file
    data = read_icon_file(path)
    try:
        icon = import_svg(data)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{path}: {exc.message}", code=exc.code) from None
    for note in icon.notes:
        print(f"note: {note}", file=sys.stderr)
    print(encode_data_image(icon.svg, minify=args.minify))
    return 0


__all__ = ["add_arguments", "read_icon_file", "run"]
