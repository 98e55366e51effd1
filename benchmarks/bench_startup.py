"""Time to first paint, and to the filled form painted, each against its floor.

1. ``python -m gui --quit-after-first-paint`` vs a bare PySide6 QMainWindow: launch to the first
   paint event, as each process reports it (the window's own :class:`FirstPaintWatcher`, the bare
   window's event filter). Target ≤ 1.15× (issue 13). Launch to exit is printed too: it adds the
   interpreter's shutdown (the program's modules and objects torn down), which no one sees.
2. The filled form painted (the window as ``run_window`` starts it: built after the first paint,
   the form filled, validated, its presenters wired) vs **the same widgets with no logic**: a
   bare window that, after its first paint, builds the very same widgets
   (:func:`gui.qt.window_layout.build_widgets`, same style sheet) and paints them. Target ≤ 1.5×.

Every process is started the same way (same interpreter, same environment, offscreen unless
``QT_QPA_PLATFORM`` says otherwise, a throwaway HOME). Runs alternate (bare, gui, widgets,
filled, bare, …) so machine noise hits all alike; medians and ratios are printed.

    .venv/bin/python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST_PAINT_TARGET = 1.15
FILLED_TARGET = 1.5

BARE = """
import os, sys, time
def report():
    print(time.time() - float(os.environ.get("BENCH_LAUNCHED_AT", time.time())), flush=True)
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setWindowTitle("bare")
window.resize(1180, 860)


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            report()
            QTimer.singleShot(0, app.quit)
        return False


watcher = FirstPaint()
window.installEventFilter(watcher)
window.show()
sys.exit(app.exec())
"""


GUI = """
import os, runpy, sys, time
import gui.qt.app as app_module
_watch = app_module.FirstPaintWatcher.eventFilter
def watch(self, watched, event):  # the window's own first-paint watcher, reporting the moment
    if not self._done and event.type() == event.Type.Paint:
        print(time.time() - float(os.environ.get("BENCH_LAUNCHED_AT", time.time())), flush=True)
    return _watch(self, watched, event)
app_module.FirstPaintWatcher.eventFilter = watch
sys.argv = ["gui", "--quit-after-first-paint"]
runpy.run_module("gui", run_name="__main__")
"""
"""``python -m gui --quit-after-first-paint``, reporting when its first paint event arrives."""

FULL = """
import os, sys, time
from PySide6.QtCore import QTimer
from gui.qt.app import ensure_application
from gui.qt.app import FirstPaintWatcher
from gui.qt.main_window import MainWindow
from gui.qt.settings import AppSettings

app = ensure_application()
window = MainWindow(AppSettings.default(), build=False)
watcher = FirstPaintWatcher(window)
watcher.painted.connect(window.start)
# After start(): the form is filled; report once that frame has been painted too. os._exit:
# the render worker importing cairosvg must not be counted as start-up.
def filled_painted():
    window.repaint()
    print(time.time() - float(os.environ.get("BENCH_LAUNCHED_AT", time.time())), flush=True)
    os._exit(0)
window.started.connect(lambda: QTimer.singleShot(0, filled_painted))
window.show()
sys.exit(app.exec())
"""
"""The same start-up until the built, filled form has been painted."""

WIDGETS = """
import os, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow
from gui.qt.app import FirstPaintWatcher, ensure_application
from gui.qt.window_layout import build_widgets, style_sheet

app = ensure_application()
window = QMainWindow()
window.resize(1180, 860)
watcher = FirstPaintWatcher(window)
def build():
    build_widgets(window)  # the same widgets as the window, without any presenter or data
    window.setStyleSheet(style_sheet(QGuiApplication.palette()))
    QTimer.singleShot(0, painted)
def painted():
    window.repaint()
    print(time.time() - float(os.environ.get("BENCH_LAUNCHED_AT", time.time())), flush=True)
    os._exit(0)
watcher.painted.connect(build)
window.show()
sys.exit(app.exec())
"""
"""The floor for the filled form: the same widgets, built after the first paint, no logic."""


def _time(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=60)
    return time.perf_counter() - started


def _time_reported(command: list[str], env: dict[str, str]) -> float:
    """Launch to the moment the child reports (it prints seconds since BENCH_LAUNCHED_AT)."""
    env = dict(env, BENCH_LAUNCHED_AT=repr(time.time()))
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, timeout=60)
    return float(done.stdout.decode().strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        env = dict(
            os.environ, HOME=home, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen")
        )
        env.pop("PYTHONSTARTUP", None)
        # As installed: modules load from their cached bytecode (the warm-up runs write it), not
        # compiled from source on every start.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        bare_cmd = [sys.executable, "-c", BARE]
        gui_cmd = [sys.executable, "-m", "gui", "--quit-after-first-paint"]
        full_cmd = [sys.executable, "-c", FULL]
        widgets_cmd = [sys.executable, "-c", WIDGETS]
        gui_paint_cmd = [sys.executable, "-c", GUI]
        for command in (bare_cmd, gui_cmd):  # warm the page cache once, not measured
            _time(command, env)
        _time_reported(full_cmd, env)
        _time_reported(widgets_cmd, env)
        bare: list[float] = []
        gui: list[float] = []
        bare_exit: list[float] = []
        gui_exit: list[float] = []
        widgets: list[float] = []
        full: list[float] = []
        for _ in range(args.runs):
            bare.append(_time_reported(bare_cmd, env))
            gui.append(_time_reported(gui_paint_cmd, env))
            bare_exit.append(_time(bare_cmd, env))
            gui_exit.append(_time(gui_cmd, env))
            widgets.append(_time_reported(widgets_cmd, env))
            full.append(_time_reported(full_cmd, env))
    bare_median = statistics.median(bare)
    gui_median = statistics.median(gui)
    ratio = gui_median / bare_median
    print(f"runs per side:            {args.runs} (alternating, platform {env['QT_QPA_PLATFORM']})")
    print(f"bare QMainWindow median:  {bare_median * 1000:7.1f} ms")
    print(f"python -m gui median:     {gui_median * 1000:7.1f} ms")
    print(f"ratio gui / bare:         {ratio:7.2f}  (target ≤ {FIRST_PAINT_TARGET:.2f})")
    bare_exit_median, gui_exit_median = statistics.median(bare_exit), statistics.median(gui_exit)
    print(
        f"launch to exit (quitting at first paint): bare {bare_exit_median * 1000:.1f} ms, "
        f"gui {gui_exit_median * 1000:.1f} ms, ratio {gui_exit_median / bare_exit_median:.2f} "
        "(not the target: includes the interpreter's shutdown)"
    )
    widgets_median = statistics.median(widgets)
    full_median = statistics.median(full)
    filled_ratio = full_median / widgets_median
    print(f"same widgets, no logic:   {widgets_median * 1000:7.1f} ms  (painted)")
    print(f"filled form painted:      {full_median * 1000:7.1f} ms")
    print(f"ratio filled / widgets:   {filled_ratio:7.2f}  (target ≤ {FILLED_TARGET:.2f})")
    return 0 if ratio <= FIRST_PAINT_TARGET and filled_ratio <= FILLED_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
