"""Building the window imports none of the heavy libraries: the form is built on the GUI thread
right after the first paint, and requests (~100 ms), keyring or cairosvg loading there would
freeze it (SETUP.md: import them after the window is shown, on the runners' threads)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("requests", "urllib3", "keyring", "cairosvg", "cairocffi", "filelock", "trustme")

CODE = """
import sys
from gui.qt.app import ensure_application
from gui.qt.main_window import MainWindow
from gui.qt.settings import AppSettings
from gui.core.model.draft import DraftStore
ensure_application()
window = MainWindow(AppSettings.default(), DraftStore(__import__("pathlib").Path(sys.argv[1])))
print(",".join(sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[2].split(",")))))
"""


def run_python(code: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter, offscreen, its QSettings in the throwaway folder."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env["XDG_CONFIG_HOME"] = str(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_building_the_window_loads_no_heavy_library(tmp_path: Path) -> None:
    done = run_python(CODE, tmp_path, str(tmp_path), ",".join(HEAVY))
    assert done.stdout.strip() == "", f"loaded while building the window: {done.stdout}"


FIRST_PAINT = """
import os, runpy, sys
import PySide6.QtCore
import gui.qt.app as app_module

_watch = app_module.FirstPaintWatcher.eventFilter
def watch(self, watched, event):
    if not self._done and event.type() == event.Type.Paint:
        built = "Qt" in vars(PySide6.QtCore)  # PySide6 builds the namespace's enums on first use
        loaded = "dataclasses" in sys.modules
        print("qt-namespace" if built else "", "dataclasses" if loaded else "")
    return _watch(self, watched, event)
app_module.FirstPaintWatcher.eventFilter = watch
sys.argv = ["gui", "--quit-after-first-paint"]
runpy.run_module("gui", run_name="__main__")
"""


def test_the_first_paint_pays_for_no_qt_enums_and_no_dataclasses(tmp_path: Path) -> None:
    """Before the first paint, ``python -m gui`` builds neither the ``Qt`` namespace's ~100
    enums (~30 ms: asking for the colour scheme does it, so that waits for the paint) nor loads
    ``dataclasses`` (~4 ms): bench_startup's first paint went from 1.33× to 1.10× a bare
    window."""
    done = run_python(FIRST_PAINT, tmp_path)
    assert done.stdout.split() == [], f"built before the first paint: {done.stdout}"


SCHEME_BEFORE_BUILD = """
import os, runpy, sys
from PySide6.QtWidgets import QApplication
import gui.qt.main_window as main_window

def start(self):  # the build: report whether the colour scheme is followed by then, and stop
    print(bool(QApplication.instance().property("b24cc_follows_colour_scheme")), flush=True)
    os._exit(0)
main_window.MainWindow.start = start
sys.argv = ["gui"]
runpy.run_module("gui", run_name="__main__")
"""


def test_the_window_follows_the_colour_scheme_before_its_form_is_built(tmp_path: Path) -> None:
    """Asked after the first paint, but before the form is built: the form is never drawn in
    the wrong scheme."""
    done = run_python(SCHEME_BEFORE_BUILD, tmp_path)
    assert done.stdout.strip() == "True"
