"""SIGINT/SIGTERM are held while a rotated pair is stored, and only so long (a real process
signalling itself: handlers are per process)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(script: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_signal_inside_the_section_is_raised_after_it(name: str) -> None:
    said = run(
        f"""
        import os, signal
        from gui.core.auth import shield
        shield.install_interrupt_handlers()
        try:
            with shield.storing_pair():
                os.kill(os.getpid(), signal.{name})
                print("stored")
        except shield.Interrupted as exc:
            print("interrupted", exc.exit_code)
        """
    )
    assert said == ["stored", "interrupted", str(128 + {"SIGINT": 2, "SIGTERM": 15}[name])]


def test_outside_the_section_a_signal_interrupts_at_once() -> None:
    said = run(
        """
        import os, signal, time
        from gui.core.auth import shield
        shield.install_interrupt_handlers()
        try:
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(5)
            print("slept")
        except shield.Interrupted as exc:
            print("interrupted", exc.exit_code)
        """
    )
    assert said == ["interrupted", "143"]


def test_the_hold_is_bounded() -> None:
    said = run(
        """
        import os, signal, time
        from gui.core.auth import shield
        shield.HOLD_SECONDS = 0.2
        shield.install_interrupt_handlers()
        try:
            with shield.storing_pair():
                os.kill(os.getpid(), signal.SIGINT)
                print("held")
                time.sleep(0.3)
                os.kill(os.getpid(), signal.SIGINT)
                time.sleep(5)
                print("never")
        except shield.Interrupted as exc:
            print("interrupted", exc.exit_code)
        """
    )
    assert said == ["held", "interrupted", "130"]


def test_start_up_hold_is_released_where_it_can_be_reported() -> None:
    said = run(
        """
        import os, signal
        from gui.core.auth import shield
        shield.install_interrupt_handlers(hold_start_up=True)
        os.kill(os.getpid(), signal.SIGTERM)
        print("started")
        try:
            shield.release_start_up()
        except shield.Interrupted as exc:
            print("interrupted", exc.exit_code)
        """
    )
    assert said == ["started", "interrupted", "143"]
