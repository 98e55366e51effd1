"""``validate PROFILE.json``: the window's local checks from a terminal; nothing is sent.

Prints one line per problem on stdout, each naming its field — ``error: ID: … [CODE]`` or
``warning: …`` — and a one-line summary on stderr, so scripts can count or grep the lines.
Exit status (README, "Command line"): 0 when there is no error (warnings alone still pass),
2 when there is any error or the file cannot be read or is not JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

from gui.commands.problem_lines import problem_line
from gui.core.bounded_read import read_stdin
from gui.core.errors import InvalidInputError
from gui.core.i18n import _, ngettext
from gui.core.model.connector import MAX_PROFILE_BYTES, load_profile_json, parse_profile_json
from gui.core.model.validation import PROFILE_FIELD, Problem, Severity, validate_profile

EXIT_OK = 0
EXIT_INVALID = InvalidInputError.exit_code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("profile", metavar="PROFILE.json", help=_("the profile file ('-': stdin)"))
    parser.add_argument(
        "--no-render",
        action="store_true",
        help=_("skip drawing the icons (faster; the SVGs are still parsed and checked)"),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help=_("print the problems as one JSON array of {keys}").format(
            keys="{field, severity, code, message}"
        ),
    )


def _read(path_text: str) -> Any:
    if path_text == "-":
        raw = read_stdin(
            MAX_PROFILE_BYTES,
            too_large=_("The profile on stdin is larger than {limit}, too large for a profile."),
            code="PROFILE_TOO_LARGE",
        )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInputError(
                _("The profile on stdin is not UTF-8 text."), code="PROFILE_NOT_UTF8"
            ) from None
        return parse_profile_json(text)
    return load_profile_json(Path(path_text))


def run(args: argparse.Namespace) -> int:
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character gets an escape, never a crash (exit 5).
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        data = _read(args.profile)
    except InvalidInputError as exc:
        problems = [Problem(PROFILE_FIELD, Severity.ERROR, exc.code, exc.message)]
    else:
        problems = validate_profile(data, check_render=not args.no_render)
    if args.json:
        rows = [
            {"field": p.field, "severity": p.severity.value, "code": p.code, "message": p.message}
            for p in problems
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        for problem in problems:
            print(problem_line(problem))
    errors = sum(problem.is_error for problem in problems)
    warnings = len(problems) - errors
    counts = "{errors}, {warnings}".format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
    )
    summary = (_("{file}: {counts}") if errors else _("{file}: {counts}; OK to send")).format(
        file=args.profile, counts=counts
    )
    print(summary, file=sys.stderr)
    return EXIT_INVALID if errors else EXIT_OK
