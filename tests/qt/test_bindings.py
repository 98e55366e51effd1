"""The installed Qt bindings keep Python's reference counts straight.

PySide6-Essentials 6.12.0 on CPython 3.11 drops a reference to ``None`` on every void Qt call,
so the program aborts (``none_dealloc``) after a few thousand calls: a minute of typing. The
project excludes that release; this test fails if a broken binding is ever installed again.
"""

from __future__ import annotations

import subprocess
import sys

from gui.qt.self_check import lost_none_references


def test_void_qt_calls_do_not_lose_references_to_none() -> None:
    assert lost_none_references(calls=64) == 0


def test_ten_thousand_qt_calls_do_not_abort_the_interpreter() -> None:
    code = (
        "import os; os.environ['QT_QPA_PLATFORM'] = 'offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QLineEdit\n"
        "app = QApplication([])\n"
        "edit = QLineEdit('connector')\n"
        "for _ in range(10_000):\n"
        "    edit.setCursorPosition(1)\n"
        "print('survived')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived"
