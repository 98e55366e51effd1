"""Tile render cost per keystroke kind, as a ratio to QtSvg drawing the same icon, same run.

For every sample icon (whole; tests/data/sample_icons or ``B24_SAMPLE_ICONS``) and tile size,
side by side and interleaved (QtSvg, ours, QtSvg, ours … in one process: machines are noisy,
SETUP.md), the median of several runs of:

* **QtSvg**: ``QSvgRenderer`` loading the SVG bytes and painting them into a px×px ``QImage``:
  the baseline the issue asks for;
* **first tile**: :func:`gui.core.icon.tile.connector_tile_image` with every cache cleared —
  decode the ``DATA_IMAGE``, parse it safely, parse cairosvg's tree, count the work, lay out,
  rasterise the icon layer, fill, composite, clip: what a new icon's first tile costs (pixels,
  no PNG, as the window gets them);
* **COLOR keystroke**: the same icon at the same placement, another colour each run (the icon's
  rasterised layer is cached: fill, composite and clip only);
* **SIZE keystroke** / **POSITION keystroke**: another ``SIZE`` (``POSITION``) each run: the
  layer is drawn at the new placement by replaying the cairo calls of the icon's first drawing
  (:mod:`gui.core.icon.draw_recording`).

Per icon, each kind's median is divided by that icon's QtSvg median; the median of those ratios
over icons is printed with the worst icon. Targets (issue 13): COLOR ≤ 0.5×, SIZE and POSITION
≤ 3×, first tile ≤ 3×; the exit code says whether they are met.

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
from gui.core.model.connector import Connector, IconSpec
from tests.sample_icons import SAMPLE_ICONS_DIR

ICON_DIR = SAMPLE_ICONS_DIR
SIZES_PX = (44, 132)
RUNS = 7
TARGETS = {
    "first tile": 3.0,
    "COLOR keystroke": 0.5,
    "SIZE keystroke": 3.0,
    "POSITION keystroke": 3.0,
}


def _timed_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000.0


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


def clear_caches() -> None:
    """Forget every parsed icon, layer and tile (a new icon)."""
    caches = (tile._render_cached, tile._svg_image, tile._svg_tree, tile._icon_layer)
    for cached in (*caches, tile._parsed, tile._placed_image):
        cached.cache_clear()


def _ours(data_image: str, px: int) -> dict[str, Callable[[], object]]:
    """The three kinds of work, each a fresh state every call (no tile-cache hit). The states
    (what the form hands over per keystroke) are built before the timings."""

    def state(color: str = "", size: str = "90%", position: str = "") -> Connector:
        icon = IconSpec(data_image=data_image, color=color, size=size, position=position)
        return Connector(icon=icon)

    colours = iter([state(color=f"#{n * 2654435761 % 0xFFFFFF:06x}") for n in range(RUNS + 2)])
    sizes = iter([state(size=f"{50 + n % 50}.5%") for n in range(RUNS + 2)])
    positions = iter([state(position=f"{n * 7 % 100}% {n * 3}.5px") for n in range(RUNS + 2)])
    first_state = state()

    def draw(connector: Connector) -> object:
        return tile.connector_tile_image(connector, px=px, round=True)

    def first() -> object:
        clear_caches()
        return draw(first_state)

    return {
        "first tile": first,
        "COLOR keystroke": lambda: draw(next(colours)),
        "SIZE keystroke": lambda: draw(next(sizes)),
        "POSITION keystroke": lambda: draw(next(positions)),
    }


def measure(paths: list[Path], px: int, qt_render: Callable[[bytes, int], object]) -> int:
    ratios: dict[str, list[tuple[float, str]]] = {kind: [] for kind in TARGETS}
    absolute: dict[str, list[float]] = {kind: [] for kind in (*TARGETS, "QtSvg")}
    skipped = []
    for path in paths:
        svg = path.read_bytes()
        data_image = encode_data_image(svg)
        kinds = _ours(data_image, px)
        try:
            kinds["first tile"]()
        except InvalidInputError:
            skipped.append(path.name)
            continue
        samples: dict[str, list[float]] = {kind: [] for kind in absolute}
        for _ in range(RUNS):  # interleaved: QtSvg, ours, QtSvg, ours …
            for kind, action in kinds.items():
                samples["QtSvg"].append(_timed_ms(lambda svg=svg: qt_render(svg, px)))
                samples[kind].append(_timed_ms(action))
        qt_ms = statistics.median(samples["QtSvg"])
        absolute["QtSvg"].append(qt_ms)
        for kind in TARGETS:
            ms = statistics.median(samples[kind])
            absolute[kind].append(ms)
            ratios[kind].append((ms / qt_ms, path.name))
    met = 0
    print(
        f"{px:4} px, {len(paths) - len(skipped)} icons; QtSvg median "
        f"{statistics.median(absolute['QtSvg']):.2f} ms"
        + (f"; not renderable: {', '.join(skipped)}" if skipped else "")
    )
    for kind, target in TARGETS.items():
        median = statistics.median(ratio for ratio, _ in ratios[kind])
        worst, worst_name = max(ratios[kind])
        ok = median <= target
        met += ok
        print(
            f"      {kind:16} median {statistics.median(absolute[kind]):6.2f} ms; "
            f"ratio to QtSvg: median {median:5.2f}× (target ≤ {target}× "
            f"{'met' if ok else 'NOT met'}), worst {worst:5.2f}× ({worst_name})"
        )
    return met


def main(argv: list[str]) -> int:
    folder = Path(argv[0]) if argv else ICON_DIR
    paths = sorted(folder.rglob("*.svg"))
    if not paths:
        print(f"no .svg files under {folder}", file=sys.stderr)
        return 2
    qt_render = _qt_renderer()
    tile.render_tile(IconSpec(color="#fff"), px=8)  # import cairo outside the timings
    print(f"{len(paths)} icons under {folder}, whole; median of {RUNS} interleaved runs per icon")
    met = sum(measure(paths, px, qt_render) for px in SIZES_PX)
    return 0 if met == len(TARGETS) * len(SIZES_PX) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
