"""How long ``DATA_IMAGE`` values are compared with base64, over the sample icons.

Prints, for the exact and the minified encoding, the total encoded length over all icons divided
by the total base64 data-URI length of the original files, and the worst single icon; both are
measured on the same corpus in the same run. A third line shows the exact encoding as it was
before issue 13 (every ``<`` percent-encoded) for comparison: the floor is encoding only ``</``.
Targets (issue 13): exact at the floor, ≈ 0.80; minified ≤ 0.60 (it also rounds coordinates to
the precision the icon needs). Lengths are whole data URIs (``data:image/svg+xml,…`` against
``data:image/svg+xml;base64,…``): what a user pastes and what Bitrix24 stores.

Run: ``.venv/bin/python -m benchmarks.bench_icon_encoding [ICON_DIR]``.
"""

from __future__ import annotations

import base64
import sys
from dataclasses import dataclass
from pathlib import Path

from gui.core.icon.codec import encode_data_image
from tests.sample_icons import SAMPLE_ICONS_DIR

ICON_DIR = SAMPLE_ICONS_DIR
BASE64_PREFIX = "data:image/svg+xml;base64,"


@dataclass(frozen=True)
class Ratio:
    """Total and worst encoded/base64 length ratio for one way of encoding."""

    total: float
    worst: float
    worst_icon: str


def base64_length(svg: bytes) -> int:
    return len(BASE64_PREFIX) + len(base64.b64encode(svg))


def every_less_than_encoded(svg: bytes) -> str:
    """The exact encoding as it was before issue 13: every ``<`` percent-encoded."""
    return encode_data_image(svg).replace("<", "%3C")


def measure(icons: list[Path], *, minify: bool, every_less_than: bool = False) -> Ratio:
    encoded_total = base64_total = 0
    worst, worst_icon = 0.0, ""
    for path in icons:
        svg = path.read_bytes()
        value = every_less_than_encoded(svg) if every_less_than else None
        encoded = len(value or encode_data_image(svg, minify=minify))
        reference = base64_length(svg)
        encoded_total += encoded
        base64_total += reference
        if encoded / reference > worst:
            worst, worst_icon = encoded / reference, str(path.relative_to(path.parents[1]))
    return Ratio(encoded_total / base64_total, worst, worst_icon)


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ICON_DIR
    icons = sorted(folder.rglob("*.svg"))
    if not icons:
        print(f"no .svg files under {folder}", file=sys.stderr)
        return 2
    print(f"{len(icons)} icons under {folder}; ratio = encoded length / base64 length")
    ways = (("exact", False, False), ("minified", True, False), ("every <", False, True))
    for label, minify, every_less_than in ways:
        ratio = measure(icons, minify=minify, every_less_than=every_less_than)
        print(f"{label:9} total {ratio.total:.3f}  worst {ratio.worst:.3f} ({ratio.worst_icon})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
