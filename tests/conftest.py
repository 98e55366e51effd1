"""Suite-wide set-up. Qt's platform is chosen here, before any QApplication can exist."""

from __future__ import annotations

import os

# Real widgets, no screen (SETUP.md "pytest-qt"). setdefault: a developer may choose xcb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

pytest_plugins = ["tests.fixtures_sandbox", "tests.fixtures_keyring"]
