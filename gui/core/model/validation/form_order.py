"""The order problems are listed in: the form's order, which is the docs' parameter order.

Rules run grouped by kind, but a user reads the list top to bottom beside the form.
"""

from __future__ import annotations

from gui.core.model.connector import PROFILE_FIELDS
from gui.core.model.validation.problems import PROFILE_FIELD, Problem


def _field_rank(field: str) -> tuple[int, int, str]:
    """Where a field's problems go: the file first, then the docs' order, unknown keys last."""
    if field == PROFILE_FIELD:
        return (-1, 0, "")
    if field in PROFILE_FIELDS:
        return (PROFILE_FIELDS.index(field), 1, "")
    if field in ("ICON", "ICON_DISABLED"):
        return (PROFILE_FIELDS.index(f"{field}.DATA_IMAGE"), 0, "")
    head = field.partition(".")[0]
    if head in ("ICON", "ICON_DISABLED"):
        return (PROFILE_FIELDS.index(f"{head}.POSITION"), 2, field)
    return (len(PROFILE_FIELDS), 0, field)


def in_form_order(problems: list[Problem]) -> list[Problem]:
    """Problems in form order (the docs' parameter order), each field's in the order found."""
    return sorted(problems, key=lambda problem: _field_rank(problem.field))
