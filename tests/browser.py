"""Screenshot an HTML string in headless Chromium: the reference browser for rendering tests.

The tile renderer promises to paint icons exactly as a browser paints Bitrix24's CSS, so tests
compare against a real browser (Debian's ``chromium``), not against our own idea of CSS. Each call
starts one Chromium process (~1 s): batch many cases into one page and crop the screenshot.

Chromium is part of the test environment (DESIGN.md "Real parts in tests"); when it is missing the
test *fails* with what to install, it is never skipped. The page gets a fresh profile directory,
no network services, device scale factor 1 (unless asked) and no scrollbars, so pixel ``(x, y)``
of the PNG is CSS pixel ``(x, y)`` of the page (times the scale). Use ``data:`` URIs only: the
page must not need the network.
"""

from __future__ import annotations

import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from gui.core.icon.tile import decode_png_rgba

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
)

TIMEOUT_SECONDS = 60.0

MIN_WINDOW_HEIGHT = 200
"""Measured: below ~145 px of window height headless Chromium paints only ``height - 87`` rows
and leaves the rest blank. Smaller pages are shot in a taller window and cropped."""


def require_chromium() -> Path:
    """The browser's path; fails the calling test (never skips) when it is not installed."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"headless Chromium is required at {CHROMIUM} for browser comparison tests: "
            "install Debian's package with `apt-get install -y --no-install-recommends chromium`",
            pytrace=False,
        )
    return CHROMIUM


def screenshot_html(html: str, width: int, height: int, device_scale: int = 1) -> bytes:
    """PNG bytes of ``html`` painted by headless Chromium in a ``width``×``height`` viewport (CSS
    px) on a screen of ``device_scale`` device pixels a CSS px (the PNG is that many times
    larger: 2 is a HiDPI screen)."""
    if height >= MIN_WINDOW_HEIGHT:
        return _screenshot(html, width, height, device_scale)
    shot = _screenshot(html, width, MIN_WINDOW_HEIGHT, device_scale)
    shot_width, _shot_height, rgba = decode_png_rgba(shot)
    rows = height * device_scale
    return encode_png_rgba(shot_width, rows, rgba[: shot_width * rows * 4])


def encode_png_rgba(width: int, height: int, rgba: bytes) -> bytes:
    """A PNG of 8-bit RGBA pixels (row-major, no padding)."""
    stride = width * 4
    raw = b"".join(b"\x00" + rgba[row * stride : (row + 1) * stride] for row in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def dump_dom(html: str) -> str:
    """The page's DOM serialised after its scripts ran (``--dump-dom``): ask the browser things.

    Scripts write answers into the page (e.g. ``CSS.supports(...)`` results as JSON in an
    element) and the test reads them back from the returned HTML.
    """
    browser = require_chromium()
    with tempfile.TemporaryDirectory(prefix="b24-chromium-") as tmp:
        work = Path(tmp)
        page = work / "page.html"
        page.write_text(html, encoding="utf-8")
        command = [
            str(browser),
            *CHROMIUM_FLAGS,
            "--force-device-scale-factor=1",
            f"--user-data-dir={work / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ]
        done = _run(command)
        if done.returncode != 0 or not done.stdout.strip():
            tail = "\n".join(done.stderr.splitlines()[-15:])
            pytest.fail(
                f"Chromium exited with {done.returncode} and no DOM:\n{tail}", pytrace=False
            )
        return done.stdout


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            command,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"Chromium did not finish within {TIMEOUT_SECONDS:.0f} s", pytrace=False)


def _screenshot(html: str, width: int, height: int, device_scale: int) -> bytes:
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
            f"--force-device-scale-factor={device_scale}",
            f"--screenshot={shot}",
            f"--window-size={width},{height}",
            page.as_uri(),
        ]
        done = _run(command)
        if done.returncode != 0 or not shot.is_file():
            tail = "\n".join(done.stderr.splitlines()[-15:])
            pytest.fail(
                f"Chromium exited with {done.returncode} and no screenshot:\n{tail}",
                pytrace=False,
            )
        return shot.read_bytes()


__all__ = [
    "CHROMIUM",
    "CHROMIUM_FLAGS",
    "dump_dom",
    "encode_png_rgba",
    "require_chromium",
    "screenshot_html",
]
