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


def test_building_the_window_loads_no_heavy_library(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env["XDG_CONFIG_HOME"] = str(tmp_path)  # QSettings go to the throwaway folder
    done = subprocess.run(
        [sys.executable, "-c", CODE, str(tmp_path), ",".join(HEAVY)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"loaded while building the window: {done.stdout}"
