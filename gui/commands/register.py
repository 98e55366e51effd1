"""``register PROFILE.json --portal URL``: register the connector with the stored token.

Prints exactly one JSON object on stdout, whatever happens (README, "Command line"):
``{"ok": true}``, or ``{"ok": false, "error": CODE, "description": TEXT, "field": NAME|null}``,
and beside ``ok`` what was registered: ``id`` (lower-cased, as sent), ``portal`` (its host) and
``warnings`` (``validate``'s, as ``{"field", "code", "message"}``). The warnings and our
explanation of a refusal, when there is one, also go to stderr as lines. The profile is
validated first and nothing is sent when it has errors (exit 2). An expired access token is
refreshed once, the new pair is stored in keyring, then the call is retried once (the
application layer does it).
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
from gui.commands.problem_lines import problem_line

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
    from gui.core.application.configurator import register_params
    from gui.core.model.validation import load_registrable_profile_with_warnings
    from gui.core.portal.address import PortalAddress

    portal = PortalAddress.parse(args.portal)
    profile, warnings = load_registrable_profile_with_warnings(args.profile)
    outcome = configurator(args).register(portal, profile)
    log.info("register %s on %s: %s", profile.get("ID"), portal.host_key, outcome.error or "ok")
    registered = {
        "id": register_params(profile).get("ID"),
        "portal": portal.host_key,
        "warnings": [{"field": w.field, "code": w.code, "message": w.message} for w in warnings],
    }
    lines = [problem_line(warning) for warning in warnings]
    if outcome.ok:
        return {"ok": True, **registered}, 0, "\n".join(lines) or None
    if outcome.explanation:
        lines.append(outcome.explanation)
    return {**outcome.to_json_dict(), **registered}, 1, "\n".join(lines) or None
