"""Every problem with a connector at once, each naming its field, before anything is sent.

Two entry points. :func:`validate_connector` judges a :class:`~.connector.Connector` (the
window calls it on every keystroke, so without ``check_render`` it stays well under a
millisecond or two for a typical profile: the icon's decode-and-inspect is memoised per
``DATA_IMAGE`` value). :func:`validate_profile` judges raw parsed profile JSON first — wrong
types the model would silently coerce, such as a flag written as ``"N"`` (PHP reads every
non-empty string but ``"0"`` as true) — and then the connector it converts to.

The rules follow the server (BITRIX.md §1, §4): an *error* is something the portal refuses or
that leaves the connector broken (no icon, an unusable settings page), and blocks sending; a
*warning* is legal but probably not what the user wants. Neither function raises for any input:
whatever goes wrong becomes a :class:`Problem`.

This package's ``__init__`` is its public face; :mod:`.problems` holds what a rule reports,
:mod:`.shared_rules` the checks every parameter starts from, :mod:`.connector_check` and
:mod:`.profile_check` the two entry points (with the rules of the text parameters and of raw JSON
types), :mod:`.icon` the icons.
"""

from __future__ import annotations

from gui.core.model.validation.connector_check import (
    BUILT_IN_CONNECTOR_IDS,
    LONG_COMMENT_LENGTH,
    LONG_URL_LENGTH,
    MAX_ID_LENGTH,
    MAX_NAME_LENGTH,
    validate_connector,
)
from gui.core.model.validation.problems import PROFILE_FIELD, Problem, Severity, has_errors
from gui.core.model.validation.profile_check import (
    load_registrable_profile,
    load_registrable_profile_with_warnings,
    validate_profile,
)

__all__ = [
    "BUILT_IN_CONNECTOR_IDS",
    "LONG_COMMENT_LENGTH",
    "LONG_URL_LENGTH",
    "MAX_ID_LENGTH",
    "MAX_NAME_LENGTH",
    "PROFILE_FIELD",
    "Problem",
    "Severity",
    "has_errors",
    "load_registrable_profile",
    "load_registrable_profile_with_warnings",
    "validate_connector",
    "validate_profile",
]
