"""Judge raw parsed profile JSON: its type problems first, then the connector it converts to.

The type checks catch what the model would coerce silently, or drop: wrong JSON types (a flag
written as ``"N"``, which PHP reads as true), icons that are not objects, the same parameter
spelled twice in different case, and an access token left in the file. One cause, one message:
a field with a type error does not also get the connector's problems.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from gui.core.errors import InvalidInputError
from gui.core.i18n import _
from gui.core.model.connector import (
    FLAG_DEFAULTS,
    ICON_KEYS,
    SECRET_PROFILE_KEYS,
    Connector,
    load_profile_json,
    upper_keys,
)
from gui.core.model.validation.connector_check import validate_connector
from gui.core.model.validation.problems import (
    PROFILE_FIELD,
    Problem,
    error,
    in_form_order,
    json_type,
    log,
    preview,
    validation_failed,
    warning,
)


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
                _(
                    "A profile must be a JSON object ({{...}}) with the imconnector.register "
                    "parameters; this file holds {kind}."
                ).format(kind=json_type(data)),
            )
        ]
    try:
        problems = profile_type_problems(data)
        connector = Connector.from_profile(data)
    except InvalidInputError as exc:
        return [error(PROFILE_FIELD, exc.code, exc.message)]
    except Exception:
        log.exception("profile validation failed unexpectedly")
        return [validation_failed()]
    typed = {problem.field for problem in problems if problem.is_error}
    for problem in validate_connector(connector, check_render=check_render):
        head = problem.field.partition(".")[0]
        if problem.field not in typed and head not in typed:
            problems.append(problem)
    return in_form_order(problems)


def load_registrable_profile(path: Path) -> dict[str, Any]:
    """The profile file's ``imconnector.register`` parameters, or the first error that would
    stop it being sent (an :class:`InvalidInputError` naming its field; nothing is sent)."""
    return load_registrable_profile_with_warnings(path)[0]


def load_registrable_profile_with_warnings(path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """:func:`load_registrable_profile` and the warnings about what is sent (``register``
    reports them beside its outcome, as ``validate`` does)."""
    try:
        raw = load_profile_json(path)
    except InvalidInputError as exc:
        raise InvalidInputError(exc.message, code=exc.code, field=PROFILE_FIELD) from None
    # ONBOARDING is never sent with register: its problems stop `onboard`, not `register`.
    problems = [p for p in validate_profile(raw) if not p.is_onboarding]
    errors = [p for p in problems if p.is_error]
    if errors:
        raise InvalidInputError(errors[0].message, code=errors[0].code, field=errors[0].field)
    profile: dict[str, Any] = Connector.from_profile(raw).to_profile()
    return profile, problems


def profile_type_problems(data: Mapping[Any, Any]) -> list[Problem]:
    """Every type problem in a raw profile object, before it is converted to a connector."""
    problems = _case_duplicates(PROFILE_FIELD, data)

    def must_be_text(field: str, value: object) -> None:
        if value is not None and not isinstance(value, str):
            message = _("{field} must be text in double quotes; it is {kind}.")
            problems.append(
                error(field, "NOT_TEXT", message.format(field=field, kind=json_type(value)))
            )

    upper = upper_keys(data)
    if SECRET_PROFILE_KEYS & upper.keys():
        problems.append(
            warning(
                PROFILE_FIELD,
                "PROFILE_HAS_TOKEN",
                _(
                    'The profile contains an access token ("auth"). It is ignored and never '
                    "saved again; delete it from the file: tokens belong in the OS keyring only."
                ),
            )
        )
    for field in ("ID", "NAME", "PLACEMENT_HANDLER", "COMMENT"):
        must_be_text(field, upper.get(field))
    for prefix in ("ICON", "ICON_DISABLED"):
        icon = upper.get(prefix)
        if icon is None or (isinstance(icon, list) and not icon):
            continue  # PHP decodes [] and {} alike: an empty list is an empty object there
        if not isinstance(icon, Mapping):
            problems.append(
                error(
                    prefix,
                    "ICON_NOT_OBJECT",
                    _(
                        "{field} must be an object with DATA_IMAGE, COLOR, SIZE and POSITION; it "
                        "is {kind}."
                    ).format(field=prefix, kind=json_type(icon)),
                )
            )
            continue
        raw_icon: object = None
        for key, value in data.items():
            if str(key).upper() == prefix:
                raw_icon = value  # the last spelling wins, as on the server
        if isinstance(raw_icon, Mapping):
            problems.extend(_case_duplicates(prefix, raw_icon))
        for key in ICON_KEYS:
            must_be_text(f"{prefix}.{key}", icon.get(key))
    for flag, default in FLAG_DEFAULTS.items():
        if flag in upper:
            problem = _flag_type_problem(flag, upper[flag], default)
            if problem:
                problems.append(problem)
    return problems


def _case_duplicates(field: str, data: Mapping[Any, Any]) -> list[Problem]:
    """A warning per parameter spelled more than once in different case."""
    spellings: dict[str, list[str]] = {}
    for key in data:
        spellings.setdefault(str(key).upper(), []).append(str(key))
    return [
        warning(
            upper if field == PROFILE_FIELD else f"{field}.{upper}",
            "DUPLICATE_KEY",
            _(
                "{spellings} are the same parameter ({field}); the portal ignores case and keeps "
                "the last one. Keep only one."
            ).format(spellings=_spelled(names), field=preview(upper)),
        )
        for upper, names in spellings.items()
        if len(names) > 1
    ]


def _spelled(names: list[str]) -> str:
    """``ID and id``, ``ID, Id and id``: the spellings of one key, for a message."""
    shown = [preview(name) for name in names]
    # Translators: the last two of a list of spellings of one key, e.g. "ID, Id and id".
    return _("{names} and {last}").format(names=", ".join(shown[:-1]), last=shown[-1])


def _flag_type_problem(flag: str, value: object, default: bool) -> Problem | None:
    """The problem with a flag that is not a JSON boolean, saying how PHP would read it."""
    default_text = str(default).lower()
    if isinstance(value, bool):
        return None
    if value is None:
        return warning(
            flag,
            "FLAG_NULL",
            _(
                "{field} is null, which counts as not set: the default ({default}) applies. "
                "Write true or false."
            ).format(field=flag, default=default_text),
        )
    if isinstance(value, int | float) and value in (0, 1):
        meaning = "true" if value else "false"
        return warning(
            flag,
            "FLAG_NUMBER",
            _(
                "{field} is the number {value}, which the portal reads as {meaning}. Write "
                "{meaning} (without quotes) to say so plainly."
            ).format(field=flag, value=preview(value), meaning=meaning),
        )
    if isinstance(value, str):
        if value in ("", "0"):
            message = _(
                '{field} is the text "{value}", which Bitrix24 may read as false (PHP treats '
                'empty text and "0" as false). Write true or false without quotes.'
            )
        else:
            message = _(
                '{field} is the text "{value}", which Bitrix24 may read as true (PHP treats any '
                'non-empty text except "0" as true). Write true or false without quotes.'
            )
        return error(flag, "FLAG_NOT_BOOLEAN", message.format(field=flag, value=preview(value)))
    return error(
        flag,
        "FLAG_NOT_BOOLEAN",
        _("{field} must be true or false; it is {kind}. Write true or false.").format(
            field=flag, kind=json_type(value)
        ),
    )
