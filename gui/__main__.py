"""``python -m gui`` opens the window; ``python -m gui <command>`` runs the command line.

Kept tiny on purpose: the window path imports only Qt before the first paint (requests, keyring
and cairosvg load after the window is on screen), and the command path never imports Qt unless a
command needs it.
"""

from __future__ import annotations

import os
import sys

WINDOW_OPTIONS = frozenset({"--quit-after-first-paint"})
EXIT_NO_DISPLAY = 2
NO_DISPLAY = (
    "no display: the window needs one. Set DISPLAY (X11) or WAYLAND_DISPLAY, use "
    "QT_QPA_PLATFORM=offscreen for automation, or run a command instead (--help lists them)."
)


def no_display(environ: dict[str, str], platform: str) -> bool:
    """True where Qt would abort for want of a screen: a Unix desktop with no display named
    (macOS and Windows always have theirs)."""
    if platform == "darwin" or platform.startswith(("win", "cygwin")):
        return False
    names = ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")
    return not any(environ.get(name) for name in names)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] in (["--version"], ["-V"]):
        from gui import __version__

        print(f"b24-connector-configurator {__version__}")
        return 0
    if not args or all(arg in WINDOW_OPTIONS for arg in args):
        if no_display(dict(os.environ), sys.platform):
            # Qt would abort (exit 134) and blame a missing xcb-cursor0, which is not the cause.
            print(f"error: {NO_DISPLAY}", file=sys.stderr)
            return EXIT_NO_DISPLAY
        from gui.qt.app import run_window

        return run_window(quit_after_first_paint="--quit-after-first-paint" in args)
    from gui.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    sys.exit(main())
