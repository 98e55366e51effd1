"""The command a hint tells the user to run is one that works from any folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gui.commands.invocation import PROGRAM, invocation


def test_python_m_gui_is_repeated_with_this_very_python() -> None:
    assert invocation("/work/x/gui/__main__.py") == f"{sys.executable} -m gui"


def test_the_installed_script_off_path_is_named_by_its_full_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "venv bin" / PROGRAM
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    assert invocation(str(script)) == f"'{script}'"
    monkeypatch.setenv("PATH", f"{script.parent}:/usr/bin")
    assert invocation(str(script)) == PROGRAM
