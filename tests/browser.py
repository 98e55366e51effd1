"""Screenshot an HTML string in headless Chromium: the reference browser for rendering tests.

The tile renderer promises to paint icons exactly as a browser paints Bitrix24's CSS, so tests
compare against a real browser (Debian's ``chromium``), not against our own idea of CSS. Each call
starts one Chromium process (~1 s): batch many cases into one page and crop the screenshot.

Chromium is part of the test environment (DESIGN.md "Real parts in tests"); when it is missing the
test *fails* with what to install, it is never skipped. The page gets a fresh profile directory,
no network services, device scale factor 1 and no scrollbars, so pixel ``(x, y)`` of the PNG is CSS
pixel ``(x, y)`` of the page. Use ``data:`` URIs only: the page must not need the network.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's ``chromium`` package installs the browser here (SETUP.md)."""

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)

TIMEOUT_SECONDS = 60.0


def require_chromium() -> Path:
    """The browser's path; fails the calling test (never skips) when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"headless Chromium is required at {CHROMIUM} for browser comparison tests: "
            "install Debian's package with `apt-get install -y --no-install-recommends chromium`",
            pytrace=False,
        )
    return CHROMIUM


def screenshot_html(html: str, width: int, height: int) -> bytes:
    """PNG bytes of ``html`` painted by headless Chromium in a ``width``×``height`` viewport."""
    browser = require_chromium()
    with tempfile.TemporaryDirectory(prefix="b24-chromium-") as tmp:
        work = Path(tmp)
        page = work / "page.html"
        page.write_text(html, encoding="utf-8")
        shot = work / "shot.png"
        profile = work / "profile"
        command = [
            str(browser),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--screenshot={shot}",
            f"--window-size={width},{height}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except subprocess.TimeoutExpired:
            pytest.fail(f"Chromium did not finish within {TIMEOUT_SECONDS:.0f} s", pytrace=False)
        if done.returncode != 0 or not shot.is_file():
            tail = "\n".join(done.stderr.splitlines()[-15:])
            pytest.fail(
                f"Chromium exited with {done.returncode} and no screenshot:\n{tail}",
                pytrace=False,
            )
        return shot.read_bytes()


__all__ = ["CHROMIUM", "CHROMIUM_FLAGS", "require_chromium", "screenshot_html"]
