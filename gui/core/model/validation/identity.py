"""Rules for the connector's identity and text: ``ID``, ``NAME`` and ``COMMENT``.

These are what the portal stores about the connector (BITRIX.md §1, §4): an ID that must be
unique per portal and survive being lower-cased, a name users see, a short note.
"""

from __future__ import annotations

import re

from gui.core.model.validation.problems import Problem, error, warning
from gui.core.model.validation.shared_rules import CONTROL_CHARACTERS, php_empty
from gui.core.model.validation.wording import preview, show_char

MAX_ID_LENGTH = 255
MAX_NAME_LENGTH = 255
LONG_COMMENT_LENGTH = 255
"""Above this ``COMMENT`` may be cut off or refused by the placement's table (a warning)."""

BUILT_IN_CONNECTOR_IDS = frozenset(
    {
        "livechat",
        "network",
        "telegrambot",
        "viber",
        "facebook",
        "facebookcomments",
        "fbinstagram",
        "fbinstagramdirect",
        "vkgroup",
        "ok",
        "avito",
        "wechat",
        "imessage",
        "whatsappbytwilio",
        "whatsappbyedna",
        "notifications",
        "olx",
        "yandex",
        "botframework",
    }
)
"""IDs of some connectors that ship with Bitrix24 (a selection, for a warning only).

Connector IDs are unique per portal, so registering one of these would clash."""

_ID_ALLOWED = re.compile(r"[a-z0-9_]")
_PREFIX_SEPARATOR = re.compile(r"[_.-]")


def check_id(value: str) -> list[Problem]:
    field = "ID"
    if php_empty(value):
        why = ' ("0" counts as empty on the server)' if value == "0" else ""
        return [
            error(
                field,
                "CONNECTOR_ID_REQUIRED",
                f"ID is empty{why}. Enter your connector's ID, e.g. acme_whatsapp.",
            )
        ]
    problems: list[Problem] = []
    if "." in value:
        problems.append(
            error(
                field,
                "ID_HAS_DOT",
                "ID contains a dot, which the portal refuses "
                "(APPLICATION_REGISTRATION_ERROR_POINT). Use an underscore instead.",
            )
        )
    if len(value) > MAX_ID_LENGTH:
        problems.append(
            error(
                field,
                "ID_TOO_LONG",
                f"ID is {len(value)} characters long; the portal keeps at most "
                f"{MAX_ID_LENGTH}. Shorten it.",
            )
        )
    lowered = value.lower()
    if lowered != value:
        problems.append(
            warning(
                field,
                "ID_UPPER_CASE",
                f'ID has upper-case letters. The portal stores it as "{preview(lowered)}", and '
                "later calls that use the original spelling (editing or deleting messages) "
                "fail. Write the ID in lower case here and in your connector's code.",
            )
        )
    odd = sorted({ch for ch in lowered if ch != "." and not _ID_ALLOWED.fullmatch(ch)})
    if odd:
        shown = " ".join(show_char(ch) for ch in odd[:10])
        problems.append(
            warning(
                field,
                "ID_CHARACTERS",
                f"ID contains characters other than a–z, 0–9 and _ ({shown}). The portal "
                "accepts them, but the docs ask for these only; other characters may break "
                "the icon's style or later calls. Replace them with _ unless this connector "
                "is already registered under this ID.",
            )
        )
    if lowered in BUILT_IN_CONNECTOR_IDS:
        problems.append(
            warning(
                field,
                "ID_BUILT_IN",
                f'"{lowered}" is the ID of a connector built into Bitrix24, and IDs are unique '
                "per portal. Use your own prefix, e.g. acme_" + lowered + ".",
            )
        )
    elif not _PREFIX_SEPARATOR.search(lowered.strip("_.-")):
        problems.append(
            warning(
                field,
                "ID_NO_PREFIX",
                "ID has no vendor prefix. IDs are unique per portal, across all apps: start "
                "it with your company or app name and an underscore, e.g. acme_"
                + preview(lowered.strip("_") or "chat", 30)
                + ".",
            )
        )
    return problems


def check_name(value: str) -> list[Problem]:
    field = "NAME"
    if php_empty(value):
        why = ' ("0" counts as empty on the server)' if value == "0" else ""
        return [
            error(
                field,
                "NAME_REQUIRED",
                f"NAME is empty{why}. Enter the name users will see for the channel.",
            )
        ]
    problems: list[Problem] = []
    if len(value) > MAX_NAME_LENGTH:
        problems.append(
            error(
                field,
                "NAME_TOO_LONG",
                f"NAME is {len(value)} characters long; the portal keeps at most "
                f"{MAX_NAME_LENGTH}. Shorten it.",
            )
        )
    if not value.strip():
        problems.append(
            warning(
                field, "NAME_BLANK", "NAME is only spaces, so the channel shows no name. Enter one."
            )
        )
    elif CONTROL_CHARACTERS.search(value):
        problems.append(
            warning(
                field,
                "NAME_CONTROL_CHARACTERS",
                "NAME contains line breaks, tabs or other control characters, which the "
                "interface does not show. Remove them.",
            )
        )
    return problems


def check_comment(value: str) -> list[Problem]:
    if len(value) > LONG_COMMENT_LENGTH:
        return [
            warning(
                "COMMENT",
                "COMMENT_LONG",
                f"COMMENT is {len(value)} characters long; the settings slider has room for a "
                f"short note and text over {LONG_COMMENT_LENGTH} characters may be cut off. "
                "Shorten it.",
            )
        ]
    return []
