"""The command line: the same core as the window, for terminals, scripts and tests.

Each command lives in a module under :mod:`gui.commands` that exposes ``add_arguments(parser)``
and ``run(args) -> int`` (or in a class of such a module: ``"module:Class"``, for small commands
that share one). This module only wires them into argparse and routes errors: a
:class:`~gui.core.errors.B24Error` becomes its message on stderr and its exit code (README,
"Exit codes": 0 ok, 1 portal refused, 2 invalid input, 3 authorisation, 4 network, 5 internal);
anything unexpected is logged with its traceback and reported as a short internal error. A reader
that stops early (``token show | head -1``) ends the command quietly with exit 141, as a program
killed by SIGPIPE would.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from gui import __version__
from gui.core.errors import B24Error, InternalError
from gui.core.i18n import N_, _

log = logging.getLogger(__name__)

COMMANDS: dict[str, tuple[str, str]] = {  # the help texts are translated when the parser is built
    "self-test": (
        "gui.commands.self_test",
        N_("check that Qt starts, cairosvg renders and keyring works"),
    ),
    "encode-icon": ("gui.commands.encode_icon", N_("print the DATA_IMAGE value for an SVG file")),
    "render-icon": (
        "gui.commands.render_icon",
        N_("render a profile's icon tile as Bitrix24 paints it"),
    ),
    "validate": ("gui.commands.validate", N_("check a profile locally; one line per problem")),
    "register": ("gui.commands.register", N_("register the profile's connector on a portal")),
    "login": (
        "gui.commands.login",
        N_("authorize the app on a portal (OAuth) and store the token"),
    ),
    "token": ("gui.commands.token", N_("store, show (masked) or forget a portal's token")),
    "sandbox": ("gui.commands.sandbox", N_("run the local sandbox portal for rehearsals")),
    "sandbox-reply": (
        "gui.commands.sandbox_reply",
        N_("make the running sandbox play an operator"),
    ),
    "onboard": ("gui.commands.onboard", N_("register, then every onboarding step, on each portal")),
    "lines": ("gui.commands.portal_steps:Lines", N_("list the portal's Open Lines")),
    "connectors": ("gui.commands.portal_steps:Connectors", N_("list the portal's connectors")),
    "status": ("gui.commands.portal_steps:Status", N_("a connector's checklist on a line")),
    "activate": ("gui.commands.portal_steps:Activate", N_("activate a connector on a line")),
    "events": ("gui.commands.portal_steps:Events", N_("list, bind or unbind the app's events")),
    "unregister": ("gui.commands.portal_steps:Unregister", N_("unregister a connector")),
    "portals": ("gui.commands.portals", N_("the portals a token is stored for")),
}


EXIT_BROKEN_PIPE = 141
"""The reader of stdout went away (128 + SIGPIPE, what a shell shows for ``yes | head -1``)."""

# Translators: keep the layout (the commands and their options are typed as they are).
EPILOG = N_("""\
exit codes:
  0  success
  1  the portal refused (a business or system error)
  2  invalid input, nothing sent (also: no display for the window, or none that answers)
  3  authorisation problem (no token, refresh failed, invalid_grant, WRONG_AUTH_TYPE)
  4  network, TLS or timeout
  5  internal error (details in the log)
  6  self-test: only the OS keyring is missing (the sandbox still works)
  130  interrupted by Ctrl+C (143: by SIGTERM); register and onboard still print their JSON
  141  stdout was closed early (e.g. piped into head)

examples (from the project folder; or put .venv/bin on PATH: source .venv/bin/activate):
  .venv/bin/b24-connector-configurator                  open the window
  .venv/bin/b24-connector-configurator sandbox --port 8443 > token.json
  .venv/bin/b24-connector-configurator token set --portal http://127.0.0.1:8443 < token.json
  .venv/bin/b24-connector-configurator validate docs/my-connector.json
  .venv/bin/b24-connector-configurator register docs/my-connector.json \\
      --portal http://127.0.0.1:8443
  COMMAND --help                                        each command's own options
""")
"""The top-level --help's closing text (English source; shown as ``_(EPILOG)``)."""


def command_module(spec: str) -> str:
    """The module a :data:`COMMANDS` entry lives in (PyInstaller's hidden imports)."""
    return spec.partition(":")[0]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="b24-connector-configurator",
        description=_(
            "Register a custom Bitrix24 Open Channels connector. Without a command, opens the "
            "window."
        ),
        epilog=_(EPILOG),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (spec, help_text) in COMMANDS.items():
        module_name, _sep, attribute = spec.partition(":")
        module = importlib.import_module(module_name)
        if attribute:
            module = getattr(module, attribute)
        command = sub.add_parser(
            name,
            help=_(help_text),
            description=_(help_text),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(command)
        command.set_defaults(run=module.run, on_interrupt=getattr(module, "on_interrupt", None))
    return parser


def _stdout_gone() -> int:
    """stdout's reader left: say nothing more (stdout now goes nowhere, so the interpreter's
    final flush cannot complain either)."""
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, sys.stdout.fileno())
    finally:
        os.close(null)
    return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit:  # --help, --version, a usage error: argparse printed and leaves
        try:
            sys.stdout.flush()  # … into a closed pipe shows here, not in the last flush
        except BrokenPipeError:
            _stdout_gone()
        raise
    except BrokenPipeError:  # --help into a closed pipe
        return _stdout_gone()
    from gui.core.auth.shield import release_start_up

    try:
        release_start_up()  # a Ctrl+C held since start-up is raised now, where it is reported
        code: int = args.run(args)
        sys.stdout.flush()  # a closed pipe shows now, not in the interpreter's last flush
        return code
    except BrokenPipeError:
        return _stdout_gone()
    except B24Error as exc:
        print(_("error: {message}").format(message=exc.message), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt as exc:  # Ctrl+C or SIGTERM (128 + the signal number)
        report = getattr(args, "on_interrupt", None)
        if report is not None:  # a command whose output scripts parse says it in its own shape
            reported: int = report(args, exc)
            return reported
        print(_("interrupted"), file=sys.stderr)
        return int(getattr(exc, "exit_code", 130))
    except Exception:
        log.exception("internal error in %s", args.command)
        error = InternalError(_("An internal error occurred; the details are in the log."))
        print(_("error: {message}").format(message=error.message), file=sys.stderr)
        return error.exit_code
