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

from gui.commands.portal_command import add_network_arguments, configurator, interrupted


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
    from gui.core.application.onboarding import StepResult

    reported: list[str] = []  # the portals whose line is printed
    done: list[StepResult] = []  # the current portal's finished steps
    try:
        return _run(args, reported, done)
    except KeyboardInterrupt as exc:  # SIGINT / SIGTERM: a line for every portal not yet said
        return _interrupted(args, exc, reported, done)


def on_interrupt(args: argparse.Namespace, exc: KeyboardInterrupt) -> int:
    """Interrupted before :func:`run` started: a line per portal all the same."""
    return _interrupted(args, exc, [], [])


def _interrupted(
    args: argparse.Namespace, exc: KeyboardInterrupt, reported: list[str], done: list[Any]
) -> int:
    from gui.core.application.onboarding import OnboardingReport, failed
    from gui.core.auth.shield import ignore_interrupts

    ignore_interrupts()
    error, code = interrupted(exc)
    remaining = [portal for portal in args.portal if portal not in reported]
    for index, portal in enumerate(remaining):
        steps = (*done, failed(_next_step(done), error)) if index == 0 else ()
        steps = steps or (failed("preflight", error),)
        _print(OnboardingReport(_shown(portal), steps).to_json())
    return code


def _shown(text: str) -> str:
    from gui.core.errors import B24Error
    from gui.core.portal.address import PortalAddress

    try:
        return PortalAddress.parse(text).host_key
    except B24Error:
        return text


def _run(args: argparse.Namespace, reported: list[str], done: list[Any]) -> int:
    from gui.core.application.onboarding import OnboardingReport, failed, onboard
    from gui.core.auth.shield import holding_signals
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
            reported.append(portal)
        return exc.exit_code
    app, worst = configurator(args), 0
    for text in args.portal:
        done.clear()
        try:
            portal = PortalAddress.parse(text)
        except B24Error as exc:
            _print(OnboardingReport(text, (failed("preflight", exc),)).to_json())
            reported.append(text)
            worst = max(worst, exc.exit_code)
            continue
        report = onboard(
            app, portal, profile, line=args.line, create_line=args.create_line, on_step=done.append
        )
        with holding_signals():  # the line and the note that it is printed go together
            _print(report.to_json())
            reported.append(text)
        worst = max(worst, report.exit_code)
    return worst


STEP_ORDER = ("register", "line", "activate", "data", "events", "status", "test_message")


def _next_step(done: list[Any]) -> str:
    """The step an interruption cut: the one after the last finished (DESIGN.md's names)."""
    names = [result.step for result in done if result.step in STEP_ORDER]
    if not names:
        return STEP_ORDER[0]
    index = STEP_ORDER.index(names[-1]) + 1
    return STEP_ORDER[min(index, len(STEP_ORDER) - 1)]


def _print(value: dict[str, Any]) -> None:
    print(json.dumps(value, ensure_ascii=False))
    sys.stdout.flush()
