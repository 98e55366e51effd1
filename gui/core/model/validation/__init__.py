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

This package's ``__init__`` is its public face; the rules live in one module per job:

- :mod:`.problems`: :class:`Problem`, :class:`Severity`, :func:`has_errors`;
- :mod:`.wording`, :mod:`.shared_rules`: quoting values in messages, rules every field shares;
- :mod:`.identity`, :mod:`.placement_handler`: ``ID``, ``NAME``, ``COMMENT``, ``PLACEMENT_HANDLER``;
- :mod:`.icon` (with :mod:`.icon_image`, :mod:`.icon_style`, :mod:`.icon_render`): the icons;
- :mod:`.profile_types`: wrong JSON types, duplicate spellings, tokens in a profile file;
- :mod:`.connector_check`, :mod:`.profile_check`, :mod:`.form_order`: the two entry points.
"""

from __future__ import annotations

from gui.core.model.validation.connector_check import validate_connector
from gui.core.model.validation.identity import BUILT_IN_CONNECTOR_IDS as BUILT_IN_CONNECTOR_IDS
from gui.core.model.validation.identity import LONG_COMMENT_LENGTH as LONG_COMMENT_LENGTH
from gui.core.model.validation.identity import MAX_ID_LENGTH as MAX_ID_LENGTH
from gui.core.model.validation.identity import MAX_NAME_LENGTH as MAX_NAME_LENGTH
from gui.core.model.validation.placement_handler import LONG_URL_LENGTH as LONG_URL_LENGTH
from gui.core.model.validation.problems import PROFILE_FIELD, Problem, Severity, has_errors
from gui.core.model.validation.profile_check import load_registrable_profile, validate_profile

__all__ = [
    "PROFILE_FIELD",
    "Problem",
    "Severity",
    "has_errors",
    "load_registrable_profile",
    "validate_connector",
    "validate_profile",
]
