"""``register PROFILE.json --portal URL``: register the connector with the stored token.

Prints exactly one JSON object on stdout, whatever happens (DESIGN.md "Command line"):
``{"ok": true}``, or ``{"ok": false, "error": CODE, "description": TEXT, "field": NAME|null}``;
our explanation, when there is one, goes to stderr. The profile is validated first and nothing is
sent when it has errors (exit 2). An expired access token is refreshed once, the new pair is
stored in keyring, then the call is retried once (the application layer does it).
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from gui.commands.portal_command import (
    Outcome,
    add_network_arguments,
    answer_usage_errors_in_json,
    configurator,
    print_interrupted,
    run_json_command,
)

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profile", metavar="PROFILE.json", type=Path, help="the profile file")
    add_network_arguments(parser)
    answer_usage_errors_in_json(parser)


on_interrupt = print_interrupted
"""Ctrl+C / SIGTERM before the work began: still the one JSON object."""


def run(args: argparse.Namespace) -> int:
    return run_json_command("register", lambda: _register(args))


def _register(args: argparse.Namespace) -> Outcome:
    from gui.core.model.validation import load_registrable_profile
    from gui.core.portal.address import PortalAddress

    portal = PortalAddress.parse(args.portal)
    profile = load_registrable_profile(args.profile)
    outcome = configurator(args).register(portal, profile)
    log.info("register %s on %s: %s", profile.get("ID"), portal.host_key, outcome.error or "ok")
    if outcome.ok:
        return {"ok": True}, 0, None
    return outcome.to_json_dict(), 1, outcome.explanation
