"""The previews: the renderer's own pixels on screen, crisp at 2×, and a clear word for an icon
too complex to draw."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from pytestqt.qtbot import QtBot

from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import Connector, IconSpec
from gui.qt.main_window import MainWindow
from tests.core.test_render_budget import nested_uses
from tests.qt.driving import named

GLYPH = encode_data_image(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<path d="M4 4h16v16H4z" fill="none" stroke="#fff" stroke-width="2"/></svg>'
)
ROOT = Path(__file__).resolve().parents[2]
CONNECTOR = Connector(id="acme", name="Acme", icon=IconSpec(GLYPH, "#1e88e5", "80%"))


HIDPI_SCRIPT = """
import json, sys
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from gui.core.cancel import CancelToken
from gui.core.icon.tile import connector_tile_image
from gui.qt.preview import TilePreview
from gui.qt.preview_presenter import render_tile
from tests.qt.test_preview import CONNECTOR

app = QApplication(sys.argv[:1])
preview = TilePreview("ICON", "Active")
preview.show()
ratio = preview.devicePixelRatioF()
render = render_tile(CONNECTOR, False, ratio, CancelToken())
preview.show_pictures(render.badge, render.large, "")
pixmap = preview.badge.pixmap()
image = pixmap.toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
shown = bytes(image.constBits())[: image.sizeInBytes()]
drawn = connector_tile_image(CONNECTOR, px=render.badge.width, round=True).data
print(json.dumps({
    "ratio": ratio, "badge_px": render.badge.width, "large_px": render.large.width,
    "pixmap_px": pixmap.width(), "logical_px": pixmap.deviceIndependentSize().width(),
    "as_drawn": shown == drawn,
}))
"""


def test_on_a_2x_screen_tiles_are_drawn_at_88_px_and_shown_as_drawn() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_SCALE_FACTOR="2", PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", HIDPI_SCRIPT],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout.splitlines()[-1])
    assert facts["ratio"] == 2.0
    assert (facts["badge_px"], facts["large_px"]) == (88, 264)
    assert (facts["pixmap_px"], facts["logical_px"]) == (88, 44)
    # The very pixels the renderer made: no PNG round trip rounds the rim's colours.
    assert facts["as_drawn"] is True


def test_an_icon_too_complex_to_draw_is_said_so_in_the_preview(
    qtbot: QtBot, open_window: Callable[..., MainWindow]
) -> None:
    window = open_window()
    qtbot.waitUntil(lambda: not window.render_runner.busy, timeout=10000)
    with qtbot.waitSignal(window.preview_active.updated, timeout=10000):
        named(window, "ICON.DATA_IMAGE").setText(encode_data_image(nested_uses()))  # type: ignore[attr-defined]
    qtbot.waitUntil(
        lambda: "too complex to draw" in window.preview_active.note.text(), timeout=10000
    )
    assert window.preview_active.badge.pixmap().isNull()


START_SCRIPT = """
import gc, json, sys, time
from PySide6.QtWidgets import QApplication
from gui.core.model.draft import DraftStore
from gui.qt.app import FirstPaintWatcher, ensure_application
from gui.qt.main_window import MainWindow
from gui.qt.settings import AppSettings

app = ensure_application()
window = MainWindow(AppSettings.default(), DraftStore(__import__("pathlib").Path(sys.argv[1])))
facts = {}
def on_started():
    facts["rendering_at_start"] = window.render_runner.busy
    facts["cairosvg_at_start"] = "cairosvg" in sys.modules
    facts["frozen_at_start"] = gc.get_freeze_count() > 0
watcher = FirstPaintWatcher(window)
watcher.painted.connect(window.start)
window.started.connect(on_started)
window.show()
deadline = time.monotonic() + 60
while window.preview_active.generation == 0 and time.monotonic() < deadline:
    app.processEvents()
facts["rendered"] = window.preview_active.generation > 0
facts["frozen_after_first_preview"] = gc.get_freeze_count() > 0
print(json.dumps(facts))
window.close()
"""


def test_the_first_preview_render_waits_for_the_filled_form_to_paint(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", START_SCRIPT, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    facts = json.loads(done.stdout.splitlines()[-1])
    # Start-up's objects leave the collector's sight once the first preview is shown (a full
    # collection walking them stalled typing and Register by 70-90 ms).
    assert facts == {
        "rendering_at_start": False,
        "cairosvg_at_start": False,
        "frozen_at_start": False,
        "rendered": True,
        "frozen_after_first_preview": True,
    }
