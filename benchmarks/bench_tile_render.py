"""Tile render time per icon at 44 and 128 px, and its ratio to QtSvg on the same SVG, same run.

For every sample icon and tile size this measures, side by side and interleaved (machines are
noisy: SETUP.md), the median of several runs of:

* **cold tile**: :func:`gui.core.icon.tile.render_tile` with its caches cleared — decode the
  ``DATA_IMAGE``, parse the SVG safely, lay out, rasterise with cairosvg, clip, encode the PNG:
  what the window pays when a new icon is dropped;
* **warm tile**: the same icon with the SVG cache kept and a different ``SIZE`` each run: what the
  window pays per keystroke in a CSS field;
* **QtSvg**: ``QSvgRenderer`` loading the same SVG bytes and painting them into a px×px
  ``QImage`` (no PNG): the baseline the issue asks for.

It prints the median over icons of each, and the ratios cold/QtSvg and warm/QtSvg.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_tile_render [ICON_DIR]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from gui.core.errors import InvalidInputError
from gui.core.icon import tile
from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import IconSpec
from tests.sample_icons import SAMPLE_ICONS_DIR

ICON_DIR = SAMPLE_ICONS_DIR
SIZES_PX = (44, 128)
RUNS = 7


def _median_ms(action: Callable[[], object], runs: int = RUNS) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(samples)


def _qt_renderer() -> Callable[[bytes, int], object]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_LOGGING_RULES", "qt.svg=false")  # sample icons QtSvg half-reads
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])

    def render(svg: bytes, px: int) -> object:
        renderer = QSvgRenderer(QByteArray(svg))
        image = QImage(px, px, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter, QRectF(0, 0, px, px))
        painter.end()
        return image

    render.app = app  # type: ignore[attr-defined]  # keep the application alive
    return render


def _cold(icon: IconSpec, px: int) -> Callable[[], object]:
    def run() -> object:
        tile._render_cached.cache_clear()
        tile._svg_image.cache_clear()
        return tile.render_tile(icon, px=px)

    return run


def _warm(icon: IconSpec, px: int) -> Callable[[], object]:
    sizes = iter(f"{50 + n % 50}%" for n in range(10_000))

    def run() -> object:
        return tile.render_tile(
            IconSpec(data_image=icon.data_image, size=next(sizes)), px=px, round=True
        )

    return run


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ICON_DIR
    paths = sorted(folder.rglob("*.svg"))
    if not paths:
        print(f"no .svg files under {folder}", file=sys.stderr)
        return 2
    qt_render = _qt_renderer()
    tile.render_tile(IconSpec(color="#fff"), px=8)  # import cairo outside the timings
    print(f"{len(paths)} icons under {folder}; median of {RUNS} runs per icon, then over icons")
    for px in SIZES_PX:
        cold, warm, qt = [], [], []
        skipped = 0
        for path in paths:
            svg = path.read_bytes()
            icon = IconSpec(data_image=encode_data_image(svg), size="90%")
            try:
                tile.render_tile(icon, px=px)
            except InvalidInputError:
                skipped += 1
                continue
            qt.append(_median_ms(lambda svg=svg, px=px: qt_render(svg, px)))
            cold.append(_median_ms(_cold(icon, px)))
            warm.append(_median_ms(_warm(icon, px)))
        qt_ms, cold_ms, warm_ms = (statistics.median(v) for v in (qt, cold, warm))
        print(
            f"{px:4} px: cold tile {cold_ms:6.2f} ms, warm tile {warm_ms:6.2f} ms, "
            f"QtSvg {qt_ms:5.2f} ms; ratio cold/QtSvg {cold_ms / qt_ms:4.1f}×, "
            f"warm/QtSvg {warm_ms / qt_ms:4.1f}×  (worst cold {max(cold):.1f} ms"
            + (f", {skipped} icons not renderable" if skipped else "")
            + ")"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
