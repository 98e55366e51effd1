"""``self-test`` on a machine with no keyring: its own exit code (6, not 5) and this OS's steps."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from gui.core.auth.keyring_help import keyring_setup_help

ROOT = Path(__file__).resolve().parents[2]


def test_self_test_without_a_keyring_exits_6_with_the_steps(tmp_path: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.update(PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", HOME=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "gui", "self-test"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
    )
    assert done.returncode == 6, (done.stdout, done.stderr)
    assert "ok   qt:" in done.stdout and "ok   cairosvg:" in done.stdout
    [keyring_line] = [line for line in done.stdout.splitlines() if line.startswith("FAIL keyring")]
    assert "gnome-keyring-daemon" in keyring_line and "dbus-run-session" in keyring_line


def test_keyring_steps_are_this_os_s_own() -> None:
    assert "apt-get install gnome-keyring" in keyring_setup_help("linux")
    assert "Keychain" in keyring_setup_help("darwin") and "apt" not in keyring_setup_help("darwin")
    assert "Credential Manager" in keyring_setup_help("win32")
