"""Where the program writes: one answer (platformdirs) for the log and the draft."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from gui.core.logs import LOG_FILE_NAME, configure_logging
from gui.core.paths import data_dir, log_dir

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the XDG variables are Linux's")


def test_per_user_folders_follow_the_xdg_variables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert data_dir() == tmp_path / "data" / "b24-connector-configurator"
    assert log_dir() == tmp_path / "state" / "b24-connector-configurator" / "log"


def test_the_log_goes_to_the_log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    root = logging.getLogger()
    level = root.level
    setup = configure_logging()
    try:
        assert setup.path == log_dir() / LOG_FILE_NAME
        assert setup.path.is_file()
        assert setup.path.is_relative_to(tmp_path)
    finally:
        root.removeHandler(setup.handler)
        setup.handler.close()
        root.setLevel(level)
