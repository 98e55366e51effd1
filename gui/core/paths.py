"""Where the program's files are: its own resources (from source or frozen by PyInstaller), and
the per-user folders it writes to.

The per-user folders come from ``platformdirs``, the one answer for the core (the log) and the
window (the draft), with each platform's conventions and the ``XDG_*`` overrides on Linux (tests
point ``XDG_STATE_HOME`` / ``XDG_DATA_HOME`` at a temporary folder). ``platformdirs`` is imported
on first use, after the window's first paint.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_DIR_NAME = "b24-connector-configurator"
"""The program's folder name inside each per-user folder."""


def resources_dir() -> Path:
    """The ``resources/`` folder: beside ``gui/`` in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def default_icon_path() -> Path:
    """The default connector icon offered for a new profile."""
    return resources_dir() / "default_connector_icon.svg"


def data_dir() -> Path:
    """Where the autosaved draft lives: ``$XDG_DATA_HOME/b24-connector-configurator`` on Linux,
    ``~/Library/Application Support/…`` on macOS, ``%LOCALAPPDATA%\\…`` on Windows."""
    import platformdirs

    return platformdirs.user_data_path(APP_DIR_NAME, appauthor=False)


def log_dir() -> Path:
    """Where the log goes: ``$XDG_STATE_HOME/b24-connector-configurator/log`` on Linux,
    ``~/Library/Logs/…`` on macOS, ``%LOCALAPPDATA%\\…\\Logs`` on Windows."""
    import platformdirs

    return platformdirs.user_log_path(APP_DIR_NAME, appauthor=False)


def lock_dir() -> Path:
    """Where the per-portal refresh locks live (created on demand): ``locks`` in the user's state
    folder (``$XDG_STATE_HOME/b24-connector-configurator/locks`` on Linux), shared by every
    process of this user."""
    import platformdirs

    return platformdirs.user_state_path(APP_DIR_NAME, appauthor=False) / "locks"
