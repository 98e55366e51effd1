"""``onboard PROFILE.json --portal URL [--portal URL …]``: register, then every onboarding step
the profile's ``ONBOARDING`` asks for, on each portal in turn (README, "Command line").

Prints one JSON object per portal, each on its own line, as soon as that portal is done:
``{"portal", "ok", "steps": [{"step", "ok", "changed", "error", "description"}], "error",
"field"}``; a failed portal does not stop the next. The profile (its ``ONBOARDING`` included) is
checked before anything is sent. The exit code is the worst portal's, as for ``register``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gui.commands.portal_command import add_network_arguments, configurator


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profile", metavar="PROFILE.json", type=Path, help="the profile file")
    add_network_arguments(parser, portal=False)
    parser.add_argument(
        "--portal",
        action="append",
        required=True,
        metavar="URL",
        help="a portal's address (repeat it for several portals)",
    )
    parser.add_argument("--line", default="", metavar="ID", help="the Open Line (overrides LINE)")
    parser.add_argument(
        "--create-line",
        action="store_true",
        help="create the line named by ONBOARDING.LINE_NAME when the portal has none of that name",
    )


def run(args: argparse.Namespace) -> int:
    from gui.core.application.onboarding import OnboardingReport, failed, onboard
    from gui.core.errors import B24Error, InvalidInputError
    from gui.core.logs import try_configure_logging
    from gui.core.model.onboarding_plan import ONBOARDING_KEY, plan_problems
    from gui.core.model.validation import load_registrable_profile
    from gui.core.portal.address import PortalAddress

    try_configure_logging()
    try:
        profile = load_registrable_profile(args.profile)
        if ONBOARDING_KEY not in profile:
            raise InvalidInputError(
                "The profile has no ONBOARDING object saying which line, data and events to "
                "set up (see the README); `register` registers without it.",
                code="ONBOARDING_MISSING",
                field=ONBOARDING_KEY,
            )
        for field, code, message in plan_problems(profile[ONBOARDING_KEY]):
            raise InvalidInputError(message, code=code, field=field)
    except B24Error as exc:
        for portal in args.portal:  # one line per portal, as when a portal fails
            _print(OnboardingReport(portal, (failed("preflight", exc),)).to_json())
        return exc.exit_code
    app, worst = configurator(args), 0
    for text in args.portal:
        try:
            portal = PortalAddress.parse(text)
        except B24Error as exc:
            _print(OnboardingReport(text, (failed("preflight", exc),)).to_json())
            worst = max(worst, exc.exit_code)
            continue
        report = onboard(app, portal, profile, line=args.line, create_line=args.create_line)
        _print(report.to_json())
        worst = max(worst, report.exit_code)
    return worst


def _print(value: dict[str, Any]) -> None:
    print(json.dumps(value, ensure_ascii=False))
    sys.stdout.flush()
