"""``self-test``: can this machine run the program? One line per check, exit 0 only if all pass.

Checks Qt (a QApplication starts and QtSvg paints), cairosvg (it renders an SVG to pixels) and
keyring (a real backend, not ``fail.Keyring`` or a plaintext one, is selected). Used after
installing and against the frozen bundle in CI, so each check says what to install when it fails.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable

from gui.core.i18n import _

TEST_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#90be00"/></svg>'
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    del parser  # no options


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
        raise RuntimeError(_("cairosvg returned no PNG"))
    from gui.core.icon.tile import decode_png_rgba

    width, height, pixels = decode_png_rgba(png)
    r, g, b, a = pixels[
        (height // 2 * width + width // 2) * 4 : (height // 2 * width + width // 2) * 4 + 4
    ]
    if a == 0 or (r, g, b) == (0, 0, 0):
        raise RuntimeError(_("cairosvg rendered an empty image"))
    version = getattr(cairosvg, "__version__", "?")
    return _("cairosvg {version} renders ({width}×{height} px, centre {colour})").format(
        version=version, width=width, height=height, colour=f"rgb({r},{g},{b})"
    )


def check_keyring() -> str:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        raise RuntimeError(
            _(
                "no usable keyring backend ({name}); on Linux start a Secret Service "
                "(GNOME Keyring or KWallet) in your desktop session"
            ).format(name=name)
        )
    if "keyrings.alt" in name or "plaintext" in name.lower():
        raise RuntimeError(
            _("{name} stores secrets in a plain file; refusing it").format(name=name)
        )
    return _("keyring backend {name}").format(name=name)


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("qt", check_qt),
    ("cairosvg", check_cairosvg),
    ("keyring", check_keyring),
)


def run(args: argparse.Namespace) -> int:
    del args
    failures = 0
    # "ok"/"FAIL" and the check's label stay as they are in every language (CI greps them); the
    # detail after the colon is in the user's language.
    for label, check in CHECKS:
        try:
            detail = check()
        except Exception as exc:  # every failure is reported, none stops the others
            failures += 1
            print(f"FAIL {label}: {type(exc).__name__}: {exc}")
        else:
            print(f"ok   {label}: {detail}")
    sys.stdout.flush()
    return 0 if failures == 0 else 5


__all__ = ["add_arguments", "run"]
