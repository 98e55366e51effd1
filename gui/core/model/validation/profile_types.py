"""Type checks on raw profile JSON: what the model would coerce silently, or drop.

Wrong JSON types (a flag written as ``"N"``, which PHP reads as true), icons that are not objects,
the same parameter spelled twice in different case, and an access token left in the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gui.core.model.connector import FLAG_DEFAULTS, ICON_KEYS, SECRET_PROFILE_KEYS, upper_keys
from gui.core.model.validation.problems import PROFILE_FIELD, Problem, error, warning
from gui.core.model.validation.wording import json_type, preview


def profile_type_problems(data: Mapping[Any, Any]) -> list[Problem]:
    """Every type problem in a raw profile object, before it is converted to a connector."""
    problems: list[Problem] = []
    problems.extend(_case_duplicates(PROFILE_FIELD, data))
    upper = upper_keys(data)
    if SECRET_PROFILE_KEYS & upper.keys():
        problems.append(
            warning(
                PROFILE_FIELD,
                "PROFILE_HAS_TOKEN",
                'The profile contains an access token ("auth"). It is ignored and never saved '
                "again; delete it from the file: tokens belong in the OS keyring only.",
            )
        )
    for field in ("ID", "NAME", "PLACEMENT_HANDLER", "COMMENT"):
        value = upper.get(field)
        if value is not None and not isinstance(value, str):
            problems.append(
                error(
                    field,
                    "NOT_TEXT",
                    f"{field} must be text in double quotes; it is {json_type(value)}.",
                )
            )
    for prefix in ("ICON", "ICON_DISABLED"):
        icon = upper.get(prefix)
        if icon is None or (isinstance(icon, list) and not icon):
            continue  # PHP decodes [] and {} alike: an empty list is an empty object there
        if not isinstance(icon, Mapping):
            problems.append(
                error(
                    prefix,
                    "ICON_NOT_OBJECT",
                    f"{prefix} must be an object with DATA_IMAGE, COLOR, SIZE and POSITION; it "
                    f"is {json_type(icon)}.",
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
            value = icon.get(key)
            if value is not None and not isinstance(value, str):
                problems.append(
                    error(
                        f"{prefix}.{key}",
                        "NOT_TEXT",
                        f"{prefix}.{key} must be text in double quotes; it is {json_type(value)}.",
                    )
                )
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
            f"{' and '.join(preview(name) for name in names)} are the same parameter "
            f"({preview(upper)}); the portal ignores case and keeps the last one. Keep only one.",
        )
        for upper, names in spellings.items()
        if len(names) > 1
    ]


def _flag_type_problem(flag: str, value: object, default: bool) -> Problem | None:
    """The problem with a flag that is not a JSON boolean, saying how PHP would read it."""
    default_text = str(default).lower()
    if isinstance(value, bool):
        return None
    if value is None:
        return warning(
            flag,
            "FLAG_NULL",
            f"{flag} is null, which counts as not set: the default ({default_text}) applies. "
            "Write true or false.",
        )
    if isinstance(value, int | float) and value in (0, 1):
        meaning = "true" if value else "false"
        return warning(
            flag,
            "FLAG_NUMBER",
            f"{flag} is the number {preview(value)}, which the portal reads as {meaning}. "
            f"Write {meaning} (without quotes) to say so plainly.",
        )
    if isinstance(value, str):
        if value in ("", "0"):
            server = 'false (PHP treats empty text and "0" as false)'
        else:
            server = 'true (PHP treats any non-empty text except "0" as true)'
        return error(
            flag,
            "FLAG_NOT_BOOLEAN",
            f'{flag} is the text "{preview(value)}", which Bitrix24 may read as {server}. '
            "Write true or false without quotes.",
        )
    return error(
        flag,
        "FLAG_NOT_BOOLEAN",
        f"{flag} must be true or false; it is {json_type(value)}. Write true or false.",
    )
