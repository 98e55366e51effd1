"""Judge raw parsed profile JSON: its type problems first, then the connector it converts to.

One cause, one message: a field with a type error does not also get the connector's problems.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gui.core.errors import InvalidInputError
from gui.core.model.connector import Connector, load_profile_json
from gui.core.model.validation.connector_check import validate_connector
from gui.core.model.validation.form_order import in_form_order
from gui.core.model.validation.problems import PROFILE_FIELD, VALIDATION_FAILED, Problem, error
from gui.core.model.validation.profile_types import profile_type_problems
from gui.core.model.validation.wording import json_type

# One logger for the whole package, named after it (the log format shows the name).
log = logging.getLogger(__package__)


def validate_profile(data: object, *, check_render: bool = True) -> list[Problem]:
    """Every problem with raw parsed profile JSON (any value), then with its connector.

    Never raises.

    Type problems are reported where the model would coerce silently; the connector's own
    problems for a field that already has a type error are left out (one cause, one message).
    """
    if not isinstance(data, Mapping):
        return [
            error(
                PROFILE_FIELD,
                "PROFILE_NOT_OBJECT",
                "A profile must be a JSON object ({...}) with the imconnector.register "
                f"parameters; this file holds {json_type(data)}.",
            )
        ]
    try:
        problems = profile_type_problems(data)
        connector = Connector.from_profile(data)
    except InvalidInputError as exc:
        return [error(PROFILE_FIELD, exc.code, exc.message)]
    except Exception:
        log.exception("profile validation failed unexpectedly")
        return [VALIDATION_FAILED]
    typed = {problem.field for problem in problems if problem.is_error}
    for problem in validate_connector(connector, check_render=check_render):
        head = problem.field.partition(".")[0]
        if problem.field not in typed and head not in typed:
            problems.append(problem)
    return in_form_order(problems)


def load_registrable_profile(path: Path) -> dict[str, Any]:
    """The profile file's ``imconnector.register`` parameters, or the first error that would
    stop it being sent (an :class:`InvalidInputError` naming its field; nothing is sent)."""
    try:
        raw = load_profile_json(path)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.message, code=exc.code, field=PROFILE_FIELD) from None
    errors = [p for p in validate_profile(raw) if p.is_error]
    if errors:
        raise InvalidInputError(errors[0].message, code=errors[0].code, field=errors[0].field)
    profile: dict[str, Any] = Connector.from_profile(raw).to_profile()
    return profile
