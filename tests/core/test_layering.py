"""The core, the sandbox and the command line never import Qt (DESIGN.md "Layers")."""

from __future__ import annotations

import subprocess
import sys


def test_core_sandbox_and_cli_import_without_pyside6() -> None:
    code = (
        "import pkgutil, importlib, sys\n"
        "import gui.core, gui.sandbox, gui.cli\n"
        "for package in (gui.core, gui.sandbox):\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "gui.cli.build_parser()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt leaked into the core: {result.stdout}"
