"""``self-test``: can this machine run the program? One line per check, exit 0 only if all pass.

Checks Qt (a QApplication starts and QtSvg paints), cairosvg (it renders an SVG to pixels) and
keyring (a real backend, not ``fail.Keyring`` or a plaintext one, is selected). Used after
installing and against the frozen bundle in CI, so each check says what to install when it fails.

Exit codes: 0 every check passed; 6 only the keyring is missing or unusable (the window and the
sandbox work, real portals' tokens cannot be stored: the line says how to get a keyring on this
OS); 5 Qt or cairosvg failed (the program cannot run here).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from gui.core.auth.keyring_help import keyring_setup_help

TEST_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#90be00"/></svg>'
)


EXIT_KEYRING_MISSING = 6
"""Only the keyring check failed (README "Exit codes"; not 5, which means the program is broken)."""
EXIT_BROKEN = 5


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "exit codes: 0 all checks pass; 6 only the keyring is missing (the sandbox still works; "
        "the line says how to get one on this OS); 5 Qt or cairosvg cannot run"
    )


def check_qt() -> str:
    if not any(os.environ.get(name) for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")):
        # Headless machine: check Qt itself rather than abort for want of a screen.
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from gui.qt.self_check import paint_test_svg

    return paint_test_svg(TEST_SVG)


def check_cairosvg() -> str:
    import cairosvg

    png = cairosvg.svg2png(bytestring=TEST_SVG, output_width=8, output_height=8)
    if not png or not png.startswith(b"\x89PNG"):
        raise RuntimeError("cairosvg returned no PNG")
    from gui.core.icon.tile import decode_png_rgba

    width, height, pixels = decode_png_rgba(png)
    r, g, b, a = pixels[
        (height // 2 * width + width // 2) * 4 : (height // 2 * width + width // 2) * 4 + 4
    ]
    if a == 0 or (r, g, b) == (0, 0, 0):
        raise RuntimeError("cairosvg rendered an empty image")
    version = getattr(cairosvg, "__version__", "?")
    return f"cairosvg {version} renders ({width}×{height} px, centre rgb({r},{g},{b}))"


def check_keyring() -> str:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        raise RuntimeError(f"no usable keyring backend ({name}). {keyring_setup_help()}")
    if "keyrings.alt" in name or "plaintext" in name.lower():
        raise RuntimeError(
            f"{name} stores secrets in a plain file; refusing it. {keyring_setup_help()}"
        )
    return f"keyring backend {name}"


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("qt", check_qt),
    ("cairosvg", check_cairosvg),
    ("keyring", check_keyring),
)


def run(args: argparse.Namespace) -> int:
    del args
    failed: list[str] = []
    for label, check in CHECKS:
        try:
            detail = check()
        except Exception as exc:  # every failure is reported, none stops the others
            failed.append(label)
            print(f"FAIL {label}: {type(exc).__name__}: {exc}")
        else:
            print(f"ok   {label}: {detail}")
    sys.stdout.flush()
    if not failed:
        return 0
    return EXIT_KEYRING_MISSING if failed == ["keyring"] else EXIT_BROKEN


__all__ = ["add_arguments", "run"]
