"""``python -m gui`` opens the window; ``python -m gui <command>`` runs the command line.

Kept tiny on purpose: the window path imports only Qt before the first paint (requests, keyring
and cairosvg load after the window is on screen), and the command path never imports Qt unless a
command needs it.
"""

from __future__ import annotations

import os
import sys

from gui.core.i18n import N_, _  # stdlib gettext only: the window speaks the language too

WINDOW_OPTIONS = frozenset({"--quit-after-first-paint"})
EXIT_NO_DISPLAY = 2
NO_DISPLAY = N_(
    "no display: the window needs one. Set DISPLAY (X11) or WAYLAND_DISPLAY, use "
    "QT_QPA_PLATFORM=offscreen for automation, or run a command instead (--help lists them)."
)
"""Why the window cannot open (English source; shown as ``_(NO_DISPLAY)``)."""


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
            print(_("error: {message}").format(message=_(NO_DISPLAY)), file=sys.stderr)
            return EXIT_NO_DISPLAY
        from gui.display import UNREACHABLE, unreachable_display

        display = unreachable_display(dict(os.environ), sys.platform)
        if display is not None:  # the same abort, for a DISPLAY whose server is gone
            message = _(UNREACHABLE).format(display=display)
            print(_("error: {message}").format(message=message), file=sys.stderr)
            return EXIT_NO_DISPLAY
        from gui.qt.app import run_window

        return run_window(quit_after_first_paint="--quit-after-first-paint" in args)
    from gui.core.auth.shield import ignore_interrupts, install_interrupt_handlers

    # First thing: Ctrl+C / SIGTERM are held until the command can still report them
    # (the JSON commands print their outcome), and while a refreshed token pair is stored.
    # Only here, in the process's entry point: gui.cli.main called in-process (tests) leaves
    # the caller's signal handling alone.
    install_interrupt_handlers(_say_on_stderr, hold_start_up=True)
    try:
        from gui.cli import main as cli_main

        return cli_main(args)
    finally:
        ignore_interrupts()  # done: a late signal must not turn a finished run into a kill


def _say_on_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
