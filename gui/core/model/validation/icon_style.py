"""Rules for an icon's CSS values: ``COLOR``, ``SIZE`` and ``POSITION``.

The portal writes them into the icon's style as is, so each must parse as the CSS value it is
used as (the parsers live in :mod:`gui.core.icon.css_values`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from gui.core.model.connector import IconSpec
from gui.core.model.validation.problems import Problem, error, warning
from gui.core.model.validation.shared_rules import check_text

# One logger for the whole package, named after it (the log format shows the name).
log = logging.getLogger(__package__)


def _css_check(
    field: str, value: str, parse: Callable[[str], object], what: str, example: str
) -> Problem | None:
    try:
        parse(value)
    except ValueError as exc:
        return error(
            field,
            "CSS_INVALID",
            f"{field} is not a valid CSS {what}: {exc} Use e.g. {example}.",
        )
    except Exception:
        log.exception("parsing %s failed unexpectedly", field)
        return error(
            field,
            "CSS_INVALID",
            f"{field} could not be read as a CSS {what}. Use e.g. {example}.",
        )
    return None


def check_icon_css(prefix: str, icon: IconSpec) -> list[Problem]:
    from gui.core.icon.css_values import (
        parse_background_position,
        parse_background_size,
        parse_color,
    )

    checks = (
        ("COLOR", icon.color, parse_color, "colour", "#69acc0 or rgb(105 172 192)"),
        ("SIZE", icon.size, parse_background_size, "background-size", "90%, contain or 30px"),
        (
            "POSITION",
            icon.position,
            parse_background_position,
            "background-position",
            "center or right 10% bottom",
        ),
    )
    problems: list[Problem] = []
    for key, value, parse, what, example in checks:
        field = f"{prefix}.{key}"
        text_problem = check_text(field, value)
        if text_problem:
            problems.append(text_problem)
        elif value.strip():
            problem = _css_check(field, value, parse, what, example)
            if problem:
                problems.append(problem)
        elif value:
            problems.append(
                warning(
                    field,
                    "CSS_BLANK",
                    f"{field} is only spaces; the portal writes it into the icon's style as "
                    "is. Clear it to use the default.",
                )
            )
    return problems
