"""Where the program's own files are, from source and when frozen by PyInstaller."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder: beside ``gui/`` in a checkout, inside the bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def default_icon_path() -> Path:
    """The default connector icon offered for a new profile."""
    return resources_dir() / "default_connector_icon.svg"
