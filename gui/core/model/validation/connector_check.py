"""Judge a :class:`~.connector.Connector`: every rule on every parameter, in form order.

The identity and text the portal stores (BITRIX.md §1, §4): an ``ID`` that must be unique per
portal and survive being lower-cased, a ``NAME`` users see, a short ``COMMENT``; and the
``PLACEMENT_HANDLER``, which Bitrix24 opens in a slider from an HTTPS page, so anything but a
public absolute https:// address leaves the connector's settings unusable. The icons are judged
by :mod:`.icon`. The window calls :func:`validate_connector` on every keystroke, so without
``check_render`` it stays cheap. It never raises: a connector built in code may hold anything.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from gui.core.i18n import _, ngettext
from gui.core.model.connector import FLAG_DEFAULTS, KNOWN_KEYS, Connector, IconSpec
from gui.core.model.onboarding_plan import ONBOARDING_KEY, plan_problems
from gui.core.model.validation.icon import check_icon
from gui.core.model.validation.problems import (
    Problem,
    error,
    in_form_order,
    json_type,
    log,
    preview,
    show_char,
    validation_failed,
    warning,
)
from gui.core.model.validation.shared_rules import (
    CONTROL_CHARACTERS,
    check_text,
    php_empty,
    unknown_key_problem,
)
from gui.core.portal.address import browser_ascii_host

MAX_ID_LENGTH = 255
MAX_NAME_LENGTH = 255
LONG_COMMENT_LENGTH = 255
"""Above this ``COMMENT`` may be cut off or refused by the placement's table (a warning)."""
LONG_URL_LENGTH = 255
"""Above this ``PLACEMENT_HANDLER`` may not fit the placement's table (a warning)."""

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
_URL_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_NON_PUBLIC_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".lan",
    ".home",
    ".corp",
    ".home.arpa",
    ".test",
    ".invalid",
    ".example",
)
_PLACEHOLDER_HOSTS = ("example.com", "example.net", "example.org")


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
        return [validation_failed()]


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
            message = _(
                "{field} must be true or false; it is {kind}. Tick or untick it (the default "
                "is {default})."
            ).format(field=flag, kind=json_type(flag_value), default=str(default).lower())
            problems.append(error(flag, "FLAG_NOT_BOOLEAN", message))
    for key, value in connector.extra.items():
        if key == ONBOARDING_KEY:  # the program's own key, never sent with register
            problems += [error(field, code, text) for field, code, text in plan_problems(value)]
        else:
            problems.append(unknown_key_problem(str(key).upper(), str(key), KNOWN_KEYS))
    return problems


def _empty(field: str, value: str, code: str, advice: str) -> list[Problem]:
    """The error for a required parameter that is empty the way the server's PHP sees it
    (``value`` is, see :func:`php_empty`)."""
    if value == "0":
        message = _('{field} is empty ("0" counts as empty on the server). {advice}')
    else:
        message = _("{field} is empty. {advice}")
    return [error(field, code, message.format(field=field, advice=advice))]


def _too_long(field: str, value: str, limit: int) -> list[Problem]:
    """The error for a parameter longer than the portal keeps."""
    if len(value) <= limit:
        return []
    message = ngettext(
        "{field} is {n} character long; the portal keeps at most {limit}. Shorten it.",
        "{field} is {n} characters long; the portal keeps at most {limit}. Shorten it.",
        len(value),
    ).format(field=field, n=len(value), limit=limit)
    return [error(field, f"{field}_TOO_LONG", message)]


def check_id(value: str) -> list[Problem]:
    field = "ID"
    if php_empty(value):
        advice = _("Enter your connector's ID, e.g. acme_whatsapp.")
        return _empty(field, value, "CONNECTOR_ID_REQUIRED", advice)
    problems: list[Problem] = []
    if "." in value:
        problems.append(
            error(
                field,
                "ID_HAS_DOT",
                _(
                    "{field} contains a dot, which the portal refuses "
                    "(APPLICATION_REGISTRATION_ERROR_POINT). Use an underscore instead."
                ).format(field=field),
            )
        )
    problems += _too_long(field, value, MAX_ID_LENGTH)
    lowered = value.lower()
    if lowered != value:
        problems.append(
            warning(
                field,
                "ID_UPPER_CASE",
                _(
                    '{field} has upper-case letters: it will be sent as "{sent}", the form the '
                    "portal stores, and every later step uses that. Use it in your connector's "
                    "code too: calls with the original spelling (editing or deleting messages) "
                    "fail."
                ).format(field=field, sent=preview(lowered)),
            )
        )
    odd = sorted({ch for ch in lowered if ch != "." and not _ID_ALLOWED.fullmatch(ch)})
    if odd:
        shown = " ".join(show_char(ch) for ch in odd[:10])
        problems.append(
            warning(
                field,
                "ID_CHARACTERS",
                _(
                    "{field} contains characters other than a–z, 0–9 and _ ({characters}). The "
                    "portal accepts them, but the docs ask for these only; other characters may "
                    "break the icon's style or later calls. Replace them with _ unless this "
                    "connector is already registered under this ID."
                ).format(field=field, characters=shown),
            )
        )
    if lowered in BUILT_IN_CONNECTOR_IDS:
        problems.append(
            warning(
                field,
                "ID_BUILT_IN",
                _(
                    '"{id}" is the ID of a connector built into Bitrix24, and IDs are unique per '
                    "portal. Use your own prefix, e.g. acme_{id}."
                ).format(id=lowered),
            )
        )
    elif not _PREFIX_SEPARATOR.search(lowered.strip("_.-")):
        problems.append(
            warning(
                field,
                "ID_NO_PREFIX",
                _(
                    "{field} has no vendor prefix. IDs are unique per portal, across all apps: "
                    "start it with your company or app name and an underscore, e.g. acme_{id}."
                ).format(field=field, id=preview(lowered.strip("_") or "chat", 30)),
            )
        )
    return problems


def check_name(value: str) -> list[Problem]:
    field = "NAME"
    if php_empty(value):
        advice = _("Enter the name users will see for the channel.")
        return _empty(field, value, "NAME_REQUIRED", advice)
    problems = _too_long(field, value, MAX_NAME_LENGTH)
    if not value.strip():
        problems.append(
            warning(
                field,
                "NAME_BLANK",
                _("{field} is only spaces, so the channel shows no name. Enter one.").format(
                    field=field
                ),
            )
        )
    elif CONTROL_CHARACTERS.search(value):
        problems.append(
            warning(
                field,
                "NAME_CONTROL_CHARACTERS",
                _(
                    "{field} contains line breaks, tabs or other control characters, which the "
                    "interface does not show. Remove them."
                ).format(field=field),
            )
        )
    return problems


def check_comment(value: str) -> list[Problem]:
    if len(value) > LONG_COMMENT_LENGTH:
        return [
            warning(
                "COMMENT",
                "COMMENT_LONG",
                ngettext(
                    "{field} is {n} character long; the settings slider has room for a short "
                    "note and text over {limit} characters may be cut off. Shorten it.",
                    "{field} is {n} characters long; the settings slider has room for a short "
                    "note and text over {limit} characters may be cut off. Shorten it.",
                    len(value),
                ).format(field="COMMENT", n=len(value), limit=LONG_COMMENT_LENGTH),
            )
        ]
    return []


def _is_non_public_host(host: str) -> bool:
    name = host.strip("[]").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        return not address.is_global
    if name == "localhost" or "." not in name:
        return True
    return name.endswith(_NON_PUBLIC_SUFFIXES)


def check_placement_handler(value: str) -> list[Problem]:
    field = "PLACEMENT_HANDLER"

    def refused(code: str, message: str) -> list[Problem]:
        return [error(field, code, message)]

    if php_empty(value):
        return refused(
            "NO_PLACEMENT_HANDLER",
            _(
                "{field} is empty. Enter the https:// address of your connector's settings "
                "page; Bitrix24 opens it in a slider."
            ).format(field=field),
        )
    if _URL_FORBIDDEN.search(value):
        return refused(
            "URL_INVALID_CHARACTERS",
            _(
                "{field} contains spaces, quotes or other characters an address cannot have. "
                "Remove them or percent-encode them (a space is %20)."
            ).format(field=field),
        )
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return refused(
            "URL_INVALID",
            _(
                "{field} is not a valid address (check the host and port). Write it like "
                "https://connector.example.org/settings."
            ).format(field=field),
        )
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return refused(
            "URL_NOT_ABSOLUTE",
            _(
                "{field} must be a full address starting with https://, e.g. "
                "https://connector.example.org/settings."
            ).format(field=field),
        )
    if scheme != "https":
        return refused(
            "URL_NOT_HTTPS",
            _(
                "{field} uses {scheme}://; Bitrix24 pages are served over HTTPS and open the "
                "settings page only from an https:// address. Serve it over HTTPS."
            ).format(field=field, scheme=scheme),
        )
    # The host the browser will ask for (``ｅｘａｍｐｌｅ.com`` is ``example.com``, UTS 46).
    host = browser_ascii_host(parts.hostname or "") or parts.hostname or ""
    if not host:
        return refused(
            "URL_NO_HOST",
            _(
                "{field} has no host name. Write it like https://connector.example.org/settings."
            ).format(field=field),
        )
    problems: list[Problem] = []
    if "@" in parts.netloc:
        problems.append(
            warning(
                field,
                "URL_HAS_CREDENTIALS",
                _(
                    "{field} contains a user name or password, which every portal administrator "
                    "can read. Remove it and protect the page another way."
                ).format(field=field),
            )
        )
    if host.rstrip(".").lower() in _PLACEHOLDER_HOSTS or host.lower().endswith(
        tuple("." + placeholder for placeholder in _PLACEHOLDER_HOSTS)
    ):
        problems.append(
            warning(
                field,
                "URL_PLACEHOLDER",
                _(
                    "{field} points to {host}, the placeholder from the docs. Enter the address "
                    "of your own settings page."
                ).format(field=field, host=host),
            )
        )
    elif _is_non_public_host(host):
        problems.append(
            warning(
                field,
                "URL_NOT_PUBLIC",
                _(
                    "{field} points to {host}, which is not reachable from the internet; the "
                    "settings slider will stay empty for portal users. Use a public address "
                    "(fine for a local rehearsal)."
                ).format(field=field, host=host),
            )
        )
    if len(value) > LONG_URL_LENGTH:
        problems.append(
            warning(
                field,
                "URL_LONG",
                ngettext(
                    "{field} is {n} character long; addresses over {limit} may not be stored "
                    "whole. Use a shorter address.",
                    "{field} is {n} characters long; addresses over {limit} may not be stored "
                    "whole. Use a shorter address.",
                    len(value),
                ).format(field=field, n=len(value), limit=LONG_URL_LENGTH),
            )
        )
    return problems
