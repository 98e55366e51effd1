"""What every command that talks to a portal shares.

Its network options (``--portal``, ``--oauth-server``, ``--ca-bundle``), the application layer's
:class:`~gui.core.application.Configurator` built from them with the keyring token store, and —
for commands whose output scripts parse — exactly one JSON object on stdout whatever happens,
with the README's exit codes (0 ok, 1 the portal refused, 2 invalid input, 3 authorisation,
4 network, 5 internal). Our explanation of a refusal, when there is one, goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn

from gui.core.errors import B24Error, InternalError, InvalidInputError, OperationCancelled

if TYPE_CHECKING:
    from gui.core.application import Configurator, PortalSession

log = logging.getLogger(__name__)

Outcome = tuple[Any, int, "str | None"]
"""What a JSON command produced: the JSON value, the exit code, a note for stderr."""


def add_network_arguments(parser: argparse.ArgumentParser, *, portal: bool = True) -> None:
    """``--portal`` (unless ``portal=False``), ``--oauth-server`` and ``--ca-bundle``."""
    if portal:
        parser.add_argument("--portal", required=True, metavar="URL", help="the portal's address")
    parser.add_argument(
        "--oauth-server",
        metavar="URL",
        default=None,
        help="the OAuth server for every token request (default: the one that issued the "
        "token, else https://oauth.bitrix.info)",
    )
    parser.add_argument(
        "--ca-bundle",
        metavar="PATH",
        default=None,
        help="a CA bundle to verify an on-premise portal's certificate "
        "(default: REQUESTS_CA_BUNDLE / SSL_CERT_FILE, else the system's)",
    )


def configurator(args: argparse.Namespace) -> Configurator:
    """The application layer with the command's network options and the OS keyring."""
    from gui.core.application import ClientSettings, Configurator
    from gui.core.auth.tokens import TokenStore

    settings = ClientSettings(ca_bundle=args.ca_bundle or "", oauth_server=args.oauth_server or "")
    return Configurator(settings, TokenStore())


def failure_json(error: B24Error) -> dict[str, Any]:
    """The command line's failure object for one of our errors."""
    return {"ok": False, "error": error.code, "description": error.message, "field": error.field}


def interrupted(exc: KeyboardInterrupt) -> tuple[OperationCancelled, int]:
    """The failure for a Ctrl+C / SIGTERM, and the exit code (128 + the signal number)."""
    name = str(exc) if str(exc).startswith("SIG") else "SIGINT"
    error = OperationCancelled(
        _INTERRUPTED.format(signal=name),
        code="INTERRUPTED",
    )
    return error, int(getattr(exc, "exit_code", 130))


_INTERRUPTED = (
    "Interrupted ({signal}) before the command finished. Steps the portal already answered "
    "stay done; a token pair the OAuth server issued was stored in the keyring first."
)


def answer_usage_errors_in_json(parser: argparse.ArgumentParser) -> None:
    """Even a usage mistake answers with the one JSON object scripts parse (exit 2)."""

    def usage_error(message: str) -> NoReturn:
        error = InvalidInputError(f"{message} (see --help)", code="USAGE")
        print(json.dumps(failure_json(error), ensure_ascii=False))
        parser.print_usage(sys.stderr)
        sys.exit(error.exit_code)

    parser.error = usage_error  # type: ignore[method-assign]


def print_interrupted(args: argparse.Namespace, exc: KeyboardInterrupt) -> int:
    """A JSON command's ``on_interrupt``: interrupted before its work began, the failure object."""
    from gui.core.auth.shield import ignore_interrupts

    ignore_interrupts()
    error, code = interrupted(exc)
    print(json.dumps(failure_json(error), ensure_ascii=False))
    sys.stdout.flush()
    return code


def run_json_command(name: str, work: Callable[[], Outcome]) -> int:
    """Run ``work``, print its JSON value (or the failure object) as one line, return the code."""
    from gui.core.auth.shield import ignore_interrupts
    from gui.core.logs import try_configure_logging

    try:
        try_configure_logging()
        payload, code, note = work()
    except B24Error as exc:
        log.warning("%s failed: %s (%s)", name, exc.code, exc.message)
        payload, code, note = failure_json(exc), exc.exit_code, None
    except BrokenPipeError:  # stdout's reader left (gui.cli ends quietly); not our failure
        raise
    except KeyboardInterrupt as exc:  # SIGINT / SIGTERM: still the one JSON object
        error, code = interrupted(exc)
        log.warning("%s interrupted (%s)", name, exc)
        payload, note = failure_json(error), None
    except Exception:
        log.exception("%s failed unexpectedly", name)
        error = InternalError("An internal error occurred; the details are in the log.")
        payload, code, note = failure_json(error), error.exit_code, None
    ignore_interrupts()  # the outcome is decided: it is printed whole
    print(json.dumps(payload, ensure_ascii=False))
    if note:
        print(note, file=sys.stderr)
    sys.stdout.flush()
    return code


def run_on_portal(
    args: argparse.Namespace,
    name: str,
    action: Callable[[PortalSession], Any],
    exit_code: Callable[[Any], int] = lambda _value: 0,
) -> int:
    """Open a session with ``--portal`` and print what ``action(session)`` returns as JSON (an
    object with ``to_json()`` is converted) and exit with ``exit_code(value)``; our errors become
    the failure object."""

    def work() -> Outcome:
        from gui.core.portal.address import PortalAddress

        portal = PortalAddress.parse(args.portal)
        with configurator(args).open(portal) as session:
            value = action(session)
        return getattr(value, "to_json", lambda: value)(), exit_code(value), None

    return run_json_command(name, work)
