"""Regenerate the app icon files in ``resources/`` from ``resources/app-icon.svg``.

    .venv/bin/python build_spec/make_icons.py          # rewrite app-icon.png/.ico/.icns
    .venv/bin/python build_spec/make_icons.py --check  # exit 1 if a file is out of date

The PNG (256 px) is the window icon on Linux; the ICO is embedded in the Windows executables and
the ICNS in the macOS ``.app``. Both containers are written here by hand: each is a short header
and a list of PNG images (ICO has accepted PNG entries since Windows Vista, ICNS since macOS 10.7),
so building them needs cairosvg, which the program depends on anyway, and nothing else.
"""

from __future__ import annotations

import argparse
import struct
import sys
from collections.abc import Iterable
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
SVG = RESOURCES / "app-icon.svg"
PNG_SIZE = 256
# --check: a pixel differs when a channel moves by more than this (0-255); a picture is the same
# when at most this fraction of its pixels differ (edge antialiasing between cairo versions).
PIXEL_TOLERANCE = 48
MAX_DIFFERING_FRACTION = 0.002
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size (Apple's "icns" format; the @2x types
# reuse a larger image for Retina screens).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
)


def render_png(svg: bytes, px: int) -> bytes:
    """The SVG rendered by cairosvg to a ``px``×``px`` PNG."""
    import cairosvg

    png: bytes = cairosvg.svg2png(bytestring=svg, output_width=px, output_height=px)
    return png


def ico_container(pngs: Iterable[tuple[int, bytes]]) -> bytes:
    """An ICO file holding each ``(size, png)`` as a PNG entry (size 256 is written as 0)."""
    entries = list(pngs)
    header = struct.pack("<HHH", 0, 1, len(entries))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(entries)
    directory = b""
    for size, png in entries:
        side = 0 if size >= 256 else size
        # width, height, palette colours, reserved, colour planes, bits per pixel, bytes, offset
        directory += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        offset += len(png)
    return header + directory + b"".join(png for _, png in entries)


def icns_container(elements: Iterable[tuple[bytes, bytes]]) -> bytes:
    """An ICNS file holding each ``(type, png)`` element (big-endian lengths include headers)."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in elements)
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def build_icons(svg: bytes) -> dict[str, bytes]:
    """Every generated file's name in ``resources/`` and its bytes."""
    sizes = {PNG_SIZE, *ICO_SIZES, *(size for _, size in ICNS_TYPES)}
    rendered = {size: render_png(svg, size) for size in sorted(sizes)}
    return {
        "app-icon.png": rendered[PNG_SIZE],
        "app-icon.ico": ico_container((size, rendered[size]) for size in ICO_SIZES),
        "app-icon.icns": icns_container((kind, rendered[size]) for kind, size in ICNS_TYPES),
    }


def embedded_pngs(data: bytes) -> list[bytes]:
    """The PNG images in a PNG, ICO or ICNS file, in order."""
    if data[:4] == b"icns":
        pngs, offset = [], 8
        while offset < len(data):
            length = struct.unpack_from(">I", data, offset + 4)[0]
            pngs.append(data[offset + 8 : offset + length])
            offset += length
        return pngs
    if data[:4] == b"\x00\x00\x01\x00":
        count = struct.unpack_from("<H", data, 4)[0]
        entries = [struct.unpack_from("<II", data, 6 + 16 * i + 8) for i in range(count)]
        return [data[offset : offset + length] for length, offset in entries]
    return [data]


def same_pictures(old: bytes, new: bytes, tolerance: int = PIXEL_TOLERANCE) -> bool:
    """Whether two icon files hold the same images, but for a few pixels within ``tolerance``.

    Not byte equality: another cairo version (Windows, macOS) antialiases edges a little
    differently and compresses differently, which does not make the committed icons stale.
    """
    sys.path.insert(0, str(RESOURCES.parent))
    from gui.core.icon.tile import decode_png_rgba

    old_pngs, new_pngs = embedded_pngs(old), embedded_pngs(new)
    if len(old_pngs) != len(new_pngs):
        return False
    for old_png, new_png in zip(old_pngs, new_pngs, strict=True):
        old_w, old_h, old_px = decode_png_rgba(old_png)
        new_w, new_h, new_px = decode_png_rgba(new_png)
        if (old_w, old_h) != (new_w, new_h):
            return False
        differing = sum(
            1
            for i in range(0, len(old_px), 4)
            if max(abs(a - b) for a, b in zip(old_px[i : i + 4], new_px[i : i + 4], strict=True))
            > tolerance
        )
        if differing > old_w * old_h * MAX_DIFFERING_FRACTION:
            return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report out-of-date files")
    args = parser.parse_args(argv)
    stale = []
    for name, data in build_icons(SVG.read_bytes()).items():
        target = RESOURCES / name
        if target.exists() and (
            target.read_bytes() == data or (args.check and same_pictures(target.read_bytes(), data))
        ):
            continue
        stale.append(name)
        if not args.check:
            target.write_bytes(data)
            print(f"wrote {target.relative_to(RESOURCES.parent)} ({len(data)} bytes)")
    if args.check and stale:
        print(f"out of date: {', '.join(stale)} (run build_spec/make_icons.py)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
