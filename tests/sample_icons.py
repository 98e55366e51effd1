"""Where the sample icons are: real icons from public sets, used by tests and benchmarks.

A copy of the team's shared sample set lives in ``tests/data/sample_icons`` (licences in its
``LICENSES.md``) so the suite does not depend on where the checkout sits. ``B24_SAMPLE_ICONS``
points the tests and benchmarks at another folder of SVGs.
"""

from __future__ import annotations

import os
from pathlib import Path

SAMPLE_ICONS_DIR = Path(
    os.environ.get("B24_SAMPLE_ICONS") or Path(__file__).resolve().parent / "data" / "sample_icons"
)


def sample_icon_files() -> list[Path]:
    """Every sample SVG, sorted; fails loudly when the folder is missing or empty."""
    files = sorted(SAMPLE_ICONS_DIR.rglob("*.svg"))
    if not files:
        raise FileNotFoundError(f"no sample icons in {SAMPLE_ICONS_DIR}")
    return files
