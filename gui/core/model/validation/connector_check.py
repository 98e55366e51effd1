"""Judge a :class:`~.connector.Connector`: every rule on every parameter, in form order.

The window calls :func:`validate_connector` on every keystroke, so without ``check_render`` it
stays cheap. It never raises: a connector built in code may hold anything.
"""

from __future__ import annotations

import logging

from gui.core.model.connector import FLAG_DEFAULTS, KNOWN_KEYS, Connector, IconSpec
from gui.core.model.validation.form_order import in_form_order
from gui.core.model.validation.icon import check_icon
from gui.core.model.validation.identity import check_comment, check_id, check_name
from gui.core.model.validation.placement_handler import check_placement_handler
from gui.core.model.validation.problems import VALIDATION_FAILED, Problem, error
from gui.core.model.validation.shared_rules import check_text, unknown_key_problem
from gui.core.model.validation.wording import json_type

# One logger for the whole package, named after it (the log format shows the name).
log = logging.getLogger(__package__)


def validate_connector(connector: Connector, *, check_render: bool = True) -> list[Problem]:
    """Every problem with ``connector``, in form order. Never raises.

    ``check_render`` also rasterises each icon with the tile renderer to prove it draws (tens of
    milliseconds the first time per icon; memoised). Without it this is cheap enough to run on
    every keystroke.
    """
    try:
        return in_form_order(_validate_connector(connector, check_render=check_render))
    except Exception:
        log.exception("validation failed unexpectedly")
        return [VALIDATION_FAILED]


def _validate_connector(connector: Connector, *, check_render: bool) -> list[Problem]:
    problems: list[Problem] = []
    for field, value, check in (
        ("ID", connector.id, check_id),
        ("NAME", connector.name, check_name),
        ("PLACEMENT_HANDLER", connector.placement_handler, check_placement_handler),
        ("COMMENT", connector.comment, check_comment),
    ):
        text_problem = check_text(field, value)
        if text_problem:
            problems.append(text_problem)
        else:
            problems.extend(check(value))
    # A connector built in code (not from a profile) may hold anything: judge, never crash.
    icons: list[object] = [connector.icon, connector.icon_disabled]
    icon, disabled = (value if isinstance(value, IconSpec) else IconSpec() for value in icons)
    problems.extend(check_icon("ICON", icon, required=True, check_render=check_render))
    problems.extend(
        check_icon("ICON_DISABLED", disabled, required=False, check_render=check_render)
    )
    for flag, default in FLAG_DEFAULTS.items():
        flag_value: object = connector.flag(flag)
        if not isinstance(flag_value, bool):
            problems.append(
                error(
                    flag,
                    "FLAG_NOT_BOOLEAN",
                    f"{flag} must be true or false; it is {json_type(flag_value)}. "
                    f"Tick or untick it (the default is {str(default).lower()}).",
                )
            )
    for key in connector.extra:
        problems.append(unknown_key_problem(str(key), str(key), KNOWN_KEYS))
    return problems
