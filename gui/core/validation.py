"""Every problem with a connector at once, each naming its field, before anything is sent.

Two entry points. :func:`validate_connector` judges a :class:`~gui.core.connector.Connector` (the
window calls it on every keystroke, so without ``check_render`` it stays well under a
millisecond or two for a typical profile: the icon's decode-and-inspect is memoised per
``DATA_IMAGE`` value). :func:`validate_profile` judges raw parsed profile JSON first — wrong
types the model would silently coerce, such as a flag written as ``"N"`` (PHP reads every
non-empty string but ``"0"`` as true) — and then the connector it converts to.

The rules follow the server (BITRIX.md §1, §4): an *error* is something the portal refuses or
that leaves the connector broken (no icon, an unusable settings page), and blocks sending; a
*warning* is legal but probably not what the user wants. Neither function raises for any input:
whatever goes wrong becomes a :class:`Problem`.
"""

from __future__ import annotations

import difflib
import enum
import functools
import ipaddress
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from gui.core.connector import (
    FLAG_DEFAULTS,
    ICON_KEYS,
    KNOWN_KEYS,
    PROFILE_FIELDS,
    SECRET_PROFILE_KEYS,
    Connector,
    IconSpec,
    upper_keys,
)
from gui.core.errors import InvalidInputError

log = logging.getLogger(__name__)

PROFILE_FIELD = "profile"
"""The field of problems that belong to the file as a whole, not to one parameter."""

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
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_URL_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPE_STYLE = re.compile(r"%[uU][0-9A-Fa-f]{4}")
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


class Severity(enum.Enum):
    """How much a problem matters: an ERROR blocks sending; a WARNING only informs."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one field (a parameter path such as ``ICON.COLOR``).

    ``code`` is stable and machine-readable (tests, scripting); ``message`` is our plain words
    and says what to do about it.
    """

    field: str
    severity: Severity
    code: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def has_errors(problems: Iterable[Problem]) -> bool:
    """True when any problem blocks sending."""
    return any(problem.is_error for problem in problems)


# ----------------------------------------------------------------------------- helpers


def _one_line(message: str) -> str:
    """A message as one printable line, whatever user text was quoted into it."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in message)


def _error(field: str, code: str, message: str) -> Problem:
    return Problem(field, Severity.ERROR, code, _one_line(message))


def _warning(field: str, code: str, message: str) -> Problem:
    return Problem(field, Severity.WARNING, code, _one_line(message))


def _php_empty(value: str) -> bool:
    """PHP's ``empty()`` for a string, which the server applies to required fields."""
    return value in ("", "0")


def _show_char(ch: str) -> str:
    """A character as a user can see it: itself, or ``U+XXXX`` for spaces and invisible ones."""
    return ch if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def _preview(value: object, limit: int = 40) -> str:
    """A short, printable form of a value for a message (invisible characters spelled out)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "".join(ch if ch.isprintable() else f"U+{ord(ch):04X}" for ch in text)


def _is_valid_text(value: str) -> bool:
    """False when the text holds a lone UTF-16 surrogate: no JSON parser on the server takes it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text_problem(field: str, value: object) -> Problem | None:
    """The problem with a text parameter that is not usable text at all, if any."""
    if not isinstance(value, str):
        return _error(
            field,
            "NOT_TEXT",
            f"{field} must be text; it is {_json_type(value)}. Enter it as text.",
        )
    if not _is_valid_text(value):
        return _error(
            field,
            "BROKEN_CHARACTER",
            f"{field} contains a broken character (a lone UTF-16 surrogate) that the portal "
            "cannot read. Delete and retype the text around it.",
        )
    return None


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {_preview(value)}"
    if isinstance(value, str):
        return f'the text "{_preview(value)}"'
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list | tuple):
        return "a list"
    return f"a {type(value).__name__}"


# ----------------------------------------------------------------------------- ID, NAME


def _check_id(value: str) -> list[Problem]:
    field = "ID"
    if _php_empty(value):
        why = ' ("0" counts as empty on the server)' if value == "0" else ""
        return [
            _error(
                field,
                "CONNECTOR_ID_REQUIRED",
                f"ID is empty{why}. Enter your connector's ID, e.g. acme_whatsapp.",
            )
        ]
    problems: list[Problem] = []
    if "." in value:
        problems.append(
            _error(
                field,
                "ID_HAS_DOT",
                "ID contains a dot, which the portal refuses "
                "(APPLICATION_REGISTRATION_ERROR_POINT). Use an underscore instead.",
            )
        )
    if len(value) > MAX_ID_LENGTH:
        problems.append(
            _error(
                field,
                "ID_TOO_LONG",
                f"ID is {len(value)} characters long; the portal keeps at most "
                f"{MAX_ID_LENGTH}. Shorten it.",
            )
        )
    lowered = value.lower()
    if lowered != value:
        problems.append(
            _warning(
                field,
                "ID_UPPER_CASE",
                f'ID has upper-case letters. The portal stores it as "{_preview(lowered)}", and '
                "later calls that use the original spelling (editing or deleting messages) "
                "fail. Write the ID in lower case here and in your connector's code.",
            )
        )
    odd = sorted({ch for ch in lowered if ch != "." and not _ID_ALLOWED.fullmatch(ch)})
    if odd:
        shown = " ".join(_show_char(ch) for ch in odd[:10])
        problems.append(
            _warning(
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
            _warning(
                field,
                "ID_BUILT_IN",
                f'"{lowered}" is the ID of a connector built into Bitrix24, and IDs are unique '
                "per portal. Use your own prefix, e.g. acme_" + lowered + ".",
            )
        )
    elif not _PREFIX_SEPARATOR.search(lowered.strip("_.-")):
        problems.append(
            _warning(
                field,
                "ID_NO_PREFIX",
                "ID has no vendor prefix. IDs are unique per portal, across all apps: start "
                "it with your company or app name and an underscore, e.g. acme_"
                + _preview(lowered.strip("_") or "chat", 30)
                + ".",
            )
        )
    return problems


def _check_name(value: str) -> list[Problem]:
    field = "NAME"
    if _php_empty(value):
        why = ' ("0" counts as empty on the server)' if value == "0" else ""
        return [
            _error(
                field,
                "NAME_REQUIRED",
                f"NAME is empty{why}. Enter the name users will see for the channel.",
            )
        ]
    problems: list[Problem] = []
    if len(value) > MAX_NAME_LENGTH:
        problems.append(
            _error(
                field,
                "NAME_TOO_LONG",
                f"NAME is {len(value)} characters long; the portal keeps at most "
                f"{MAX_NAME_LENGTH}. Shorten it.",
            )
        )
    if not value.strip():
        problems.append(
            _warning(
                field, "NAME_BLANK", "NAME is only spaces, so the channel shows no name. Enter one."
            )
        )
    elif _CONTROL.search(value):
        problems.append(
            _warning(
                field,
                "NAME_CONTROL_CHARACTERS",
                "NAME contains line breaks, tabs or other control characters, which the "
                "interface does not show. Remove them.",
            )
        )
    return problems


# ----------------------------------------------------------------------------- PLACEMENT_HANDLER


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


def _check_placement_handler(value: str) -> list[Problem]:
    field = "PLACEMENT_HANDLER"
    if _php_empty(value):
        return [
            _error(
                field,
                "NO_PLACEMENT_HANDLER",
                "PLACEMENT_HANDLER is empty. Enter the https:// address of your connector's "
                "settings page; Bitrix24 opens it in a slider.",
            )
        ]
    if _URL_FORBIDDEN.search(value):
        return [
            _error(
                field,
                "URL_INVALID_CHARACTERS",
                "PLACEMENT_HANDLER contains spaces, quotes or other characters an address "
                "cannot have. Remove them or percent-encode them (a space is %20).",
            )
        ]
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return [
            _error(
                field,
                "URL_INVALID",
                "PLACEMENT_HANDLER is not a valid address (check the host and port). "
                "Write it like https://connector.example.org/settings.",
            )
        ]
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return [
            _error(
                field,
                "URL_NOT_ABSOLUTE",
                "PLACEMENT_HANDLER must be a full address starting with https://, "
                "e.g. https://connector.example.org/settings.",
            )
        ]
    if scheme != "https":
        return [
            _error(
                field,
                "URL_NOT_HTTPS",
                f"PLACEMENT_HANDLER uses {scheme}://; Bitrix24 pages are served over HTTPS and "
                "open the settings page only from an https:// address. Serve it over HTTPS.",
            )
        ]
    host = parts.hostname or ""
    if not host:
        return [
            _error(
                field,
                "URL_NO_HOST",
                "PLACEMENT_HANDLER has no host name. Write it like "
                "https://connector.example.org/settings.",
            )
        ]
    problems: list[Problem] = []
    if "@" in parts.netloc:
        problems.append(
            _warning(
                field,
                "URL_HAS_CREDENTIALS",
                "PLACEMENT_HANDLER contains a user name or password, which every portal "
                "administrator can read. Remove it and protect the page another way.",
            )
        )
    if host.rstrip(".").lower() in _PLACEHOLDER_HOSTS or host.lower().endswith(
        tuple("." + placeholder for placeholder in _PLACEHOLDER_HOSTS)
    ):
        problems.append(
            _warning(
                field,
                "URL_PLACEHOLDER",
                f"PLACEMENT_HANDLER points to {host}, the placeholder from the docs. "
                "Enter the address of your own settings page.",
            )
        )
    elif _is_non_public_host(host):
        problems.append(
            _warning(
                field,
                "URL_NOT_PUBLIC",
                f"PLACEMENT_HANDLER points to {host}, which is not reachable from the "
                "internet; the settings slider will stay empty for portal users. Use a public "
                "address (fine for a local rehearsal).",
            )
        )
    if len(value) > LONG_URL_LENGTH:
        problems.append(
            _warning(
                field,
                "URL_LONG",
                f"PLACEMENT_HANDLER is {len(value)} characters long; addresses over "
                f"{LONG_URL_LENGTH} may not be stored whole. Use a shorter address.",
            )
        )
    return problems


# ----------------------------------------------------------------------------- icons


@dataclass(frozen=True)
class _Finding:
    """A problem before it knows its field (icon checks are memoised per value)."""

    severity: Severity
    code: str
    message: str

    def at(self, field: str) -> Problem:
        message = _one_line(self.message.replace("{field}", field))
        return Problem(field, self.severity, self.code, message)


def _data_image_text_findings(text: str) -> list[_Finding]:
    """What breaks when Bitrix24 pastes the value raw into ``url('…')`` in a ``<style>``."""
    spaces: list[_Finding] = []
    if text != text.strip(" "):
        # A browser's URL parser drops them, so the icon still shows; the value is just untidy.
        spaces.append(
            _Finding(
                Severity.WARNING,
                "DATA_IMAGE_SPACES",
                "{field} starts or ends with spaces. Remove them.",
            )
        )
        text = text.strip(" ")
    if text.lstrip().startswith("<"):
        return [
            _Finding(
                Severity.ERROR,
                "DATA_IMAGE_RAW_SVG",
                "{field} is raw SVG markup. It must be a data URI: import the SVG file "
                "(or run encode-icon) to get the encoded value.",
            )
        ]
    header, comma, _ = text.partition(",")
    if not header.lower().startswith("data:") or not comma:
        return [
            _Finding(
                Severity.ERROR,
                "DATA_IMAGE_NOT_DATA_URI",
                '{field} must be a data URI starting with "data:image/svg+xml,". Import the SVG '
                "file (or run encode-icon) to get the value.",
            )
        ]
    media_type = header[5:].split(";", 1)[0].strip().lower()
    if media_type != "image/svg+xml":
        return [
            _Finding(
                Severity.ERROR,
                "DATA_IMAGE_NOT_SVG",
                f'{{field}} is a "{_preview(media_type or "text/plain")}" data URI; Bitrix24 '
                "connector icons must be SVG (image/svg+xml). Import an SVG file.",
            )
        ]
    findings: list[_Finding] = spaces
    raw: list[str] = []
    if "'" in text:
        raw.append("' (ends Bitrix24's url('…'), so no icon shows)")
    if "#" in text:
        raw.append("# (cuts the image off at that point)")
    if "<" in text:
        raw.append("< (a raw </style> breaks every connector icon on the page)")
    if "\\" in text:
        raw.append("\\ (a CSS escape)")
    if _CONTROL.search(text):
        raw.append("line breaks, tabs or control characters (end the CSS string)")
    if raw:
        findings.append(
            _Finding(
                Severity.ERROR,
                "DATA_IMAGE_UNENCODED",
                "{field} contains characters that must be percent-encoded: "
                + "; ".join(raw)
                + ". Re-import the SVG file (or run encode-icon) to encode it correctly.",
            )
        )
    if _ESCAPE_STYLE.search(text):
        findings.append(
            _Finding(
                Severity.ERROR,
                "DATA_IMAGE_BAD_PERCENT",
                "{field} uses JavaScript escape()-style %uXXXX codes, which browsers do not "
                "decode. Re-import the SVG file to encode non-ASCII text as UTF-8 (%XX).",
            )
        )
    elif _PERCENT.search(text):
        findings.append(
            _Finding(
                Severity.ERROR,
                "DATA_IMAGE_BAD_PERCENT",
                "{field} contains a % that is not followed by two hex digits. Encode a literal "
                "% as %25, or re-import the SVG file.",
            )
        )
    if not text.isascii():
        findings.append(
            _Finding(
                Severity.WARNING,
                "DATA_IMAGE_NON_ASCII",
                "{field} contains non-ASCII characters that are not percent-encoded. Re-import "
                "the SVG file to encode them as UTF-8 (%XX) so every browser reads them alike.",
            )
        )
    if ";base64" in header.lower():
        findings.append(
            _Finding(
                Severity.WARNING,
                "DATA_IMAGE_BASE64",
                "{field} is base64-encoded. Browsers show it, but the Bitrix24 docs only "
                "describe percent-encoding, and it is longer. Re-import the SVG file to "
                "percent-encode it.",
            )
        )
    return findings


@functools.lru_cache(maxsize=32)
def _data_image_findings(text: str) -> tuple[tuple[_Finding, ...], bool]:
    """Findings for one ``DATA_IMAGE`` value, and whether it decodes to a usable SVG.

    Memoised: the window validates on every keystroke and the icon rarely changes between two.
    """
    findings = _data_image_text_findings(text)
    if any(finding.severity is Severity.ERROR for finding in findings):
        return tuple(findings), False
    from gui.core.icon_codec import WARN_SVG_BYTES, decode_data_image
    from gui.core.svg_safety import inspect_svg

    try:
        svg = decode_data_image(text)
        info = inspect_svg(svg)
    except InvalidInputError as exc:
        findings.append(_Finding(Severity.ERROR, exc.code, "{field}: " + exc.message))
        return tuple(findings), False
    except Exception:
        log.exception("checking an icon failed unexpectedly")
        findings.append(
            _Finding(
                Severity.ERROR,
                "ICON_CHECK_FAILED",
                "{field} could not be checked (the details are in the log). Re-import the "
                "SVG file.",
            )
        )
        return tuple(findings), False
    if not info.has_xmlns:
        findings.append(
            _Finding(
                Severity.WARNING,
                "SVG_NO_XMLNS",
                '{field}: the <svg> element has no xmlns="http://www.w3.org/2000/svg", so '
                "browsers (and Bitrix24) paint nothing. Add that attribute to the root element.",
            )
        )
    if info.uses_current_color:
        findings.append(
            _Finding(
                Severity.WARNING,
                "SVG_CURRENT_COLOR",
                "{field}: the SVG uses currentColor, which paints black when the SVG is a "
                "background image. Replace it with an explicit colour such as #fff.",
            )
        )
    if info.external_refs:
        shown = ", ".join(_preview(ref, 60) for ref in info.external_refs[:3])
        findings.append(
            _Finding(
                Severity.WARNING,
                "SVG_EXTERNAL_REFERENCE",
                f"{{field}}: the SVG refers to other files ({shown}); a browser does not load "
                "them for an icon, so those parts stay empty. Embed or remove them.",
            )
        )
    if len(svg) > WARN_SVG_BYTES:
        findings.append(
            _Finding(
                Severity.WARNING,
                "ICON_LARGE",
                f"{{field}}: the SVG is {len(svg) / 1024:.1f} KB; Bitrix24 inlines it into every "
                f"page that shows connectors. Keep it under {WARN_SVG_BYTES // 1024} KB "
                "(minify it on import).",
            )
        )
    return tuple(findings), True


def _css_check(
    field: str, value: str, parse: Callable[[str], object], what: str, example: str
) -> Problem | None:
    try:
        parse(value)
    except ValueError as exc:
        return _error(
            field,
            "CSS_INVALID",
            f"{field} is not a valid CSS {what}: {exc} Use e.g. {example}.",
        )
    except Exception:
        log.exception("parsing %s failed unexpectedly", field)
        return _error(
            field,
            "CSS_INVALID",
            f"{field} could not be read as a CSS {what}. Use e.g. {example}.",
        )
    return None


def _css_problems(prefix: str, icon: IconSpec) -> list[Problem]:
    from gui.core.css_values import (
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
        text_problem = _text_problem(field, value)
        if text_problem:
            problems.append(text_problem)
        elif value.strip():
            problem = _css_check(field, value, parse, what, example)
            if problem:
                problems.append(problem)
        elif value:
            problems.append(
                _warning(
                    field,
                    "CSS_BLANK",
                    f"{field} is only spaces; the portal writes it into the icon's style as "
                    "is. Clear it to use the default.",
                )
            )
    return problems


@functools.lru_cache(maxsize=32)
def _render_finding(
    prefix: str, data_image: str, color: str, size: str, position: str
) -> _Finding | None:
    """Rasterise the icon as the 44 px tile; a finding when it cannot be drawn. Memoised."""
    from gui.core.tile import render_tile

    icon = IconSpec(data_image=data_image, color=color, size=size, position=position)
    try:
        tile = render_tile(icon, px=44, field_prefix=prefix)
        background = render_tile(replace(icon, data_image=""), px=44, field_prefix=prefix)
    except InvalidInputError as exc:
        return _Finding(
            Severity.ERROR,
            "ICON_DOES_NOT_RENDER",
            "{field} does not render: " + exc.message,
        )
    except Exception:
        log.exception("rendering an icon failed unexpectedly")
        return _Finding(
            Severity.ERROR,
            "ICON_DOES_NOT_RENDER",
            "{field} could not be drawn (the details are in the log). Re-import the SVG file.",
        )
    if tile == background:
        return _Finding(
            Severity.WARNING,
            "ICON_INVISIBLE",
            "{field} draws nothing visible on its 44 px tile: the SVG is empty, outside its "
            "box, or painted in the tile's own colour. Check the icon and COLOR in the preview.",
        )
    return None


def _check_icon(
    prefix: str, icon: IconSpec, *, required: bool, check_render: bool
) -> list[Problem]:
    """Problems of ``ICON`` or ``ICON_DISABLED`` (whose ``DATA_IMAGE`` is optional)."""
    field = f"{prefix}.DATA_IMAGE"
    problems: list[Problem] = []
    data_image = icon.data_image
    image_ok = False
    text_problem = _text_problem(field, data_image)
    if text_problem:
        problems.append(text_problem)
    elif _php_empty(data_image):
        if required:
            problems.append(
                _error(
                    field,
                    "ICON_REQUIRED",
                    f"{field} is empty. Import an SVG icon; the portal refuses a connector "
                    "without one.",
                )
            )
        else:
            problems.append(
                _warning(
                    field,
                    "ICON_DISABLED_FALLBACK",
                    f"{field} is empty, so while the connector is not connected Bitrix24 "
                    "shows the active icon on the disabled colour. Import a separate icon if "
                    "you want a different look.",
                )
            )
    else:
        findings, image_ok = _data_image_findings(data_image)
        problems.extend(finding.at(field) for finding in findings)
    css_problems = _css_problems(prefix, icon)
    problems.extend(css_problems)
    for key in icon.extra:
        problems.append(_unknown_key_problem(f"{prefix}.{key}", str(key), ICON_KEYS))
    if check_render and image_ok and not css_problems:
        finding = _render_finding(prefix, data_image, icon.color, icon.size, icon.position)
        if finding:
            problems.append(finding.at(field))
    return problems


# ----------------------------------------------------------------------------- the rest


def _unknown_key_problem(field: str, key: str, known: Iterable[str]) -> Problem:
    close = difflib.get_close_matches(key.upper(), list(known), n=1, cutoff=0.75)
    hint = f" Did you mean {close[0]}?" if close else ""
    return _warning(
        field,
        "UNKNOWN_PARAMETER",
        f"{_preview(field, 60)} is not an imconnector.register parameter; it is kept and sent, "
        f"and the portal ignores it.{hint}",
    )


def _check_comment(value: str) -> list[Problem]:
    if len(value) > LONG_COMMENT_LENGTH:
        return [
            _warning(
                "COMMENT",
                "COMMENT_LONG",
                f"COMMENT is {len(value)} characters long; the settings slider has room for a "
                f"short note and text over {LONG_COMMENT_LENGTH} characters may be cut off. "
                "Shorten it.",
            )
        ]
    return []


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


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Problems in form order (the docs' parameter order), each field's in the order found."""
    return sorted(problems, key=lambda problem: _field_rank(problem.field))


def validate_connector(connector: Connector, *, check_render: bool = True) -> list[Problem]:
    """Every problem with ``connector``, in form order. Never raises.

    ``check_render`` also rasterises each icon with the tile renderer to prove it draws (tens of
    milliseconds the first time per icon; memoised). Without it this is cheap enough to run on
    every keystroke.
    """
    try:
        return _sorted(_validate_connector(connector, check_render=check_render))
    except Exception:
        log.exception("validation failed unexpectedly")
        return [
            _error(
                PROFILE_FIELD,
                "VALIDATION_FAILED",
                "The profile could not be checked (the details are in the log).",
            )
        ]


def _validate_connector(connector: Connector, *, check_render: bool) -> list[Problem]:
    problems: list[Problem] = []
    for field, value, check in (
        ("ID", connector.id, _check_id),
        ("NAME", connector.name, _check_name),
        ("PLACEMENT_HANDLER", connector.placement_handler, _check_placement_handler),
        ("COMMENT", connector.comment, _check_comment),
    ):
        text_problem = _text_problem(field, value)
        if text_problem:
            problems.append(text_problem)
        else:
            problems.extend(check(value))
    # A connector built in code (not from a profile) may hold anything: judge, never crash.
    icons: list[object] = [connector.icon, connector.icon_disabled]
    icon, disabled = (value if isinstance(value, IconSpec) else IconSpec() for value in icons)
    problems.extend(_check_icon("ICON", icon, required=True, check_render=check_render))
    problems.extend(
        _check_icon("ICON_DISABLED", disabled, required=False, check_render=check_render)
    )
    for flag, default in FLAG_DEFAULTS.items():
        flag_value: object = connector.flag(flag)
        if not isinstance(flag_value, bool):
            problems.append(
                _error(
                    flag,
                    "FLAG_NOT_BOOLEAN",
                    f"{flag} must be true or false; it is {_json_type(flag_value)}. "
                    f"Tick or untick it (the default is {str(default).lower()}).",
                )
            )
    for key in connector.extra:
        problems.append(_unknown_key_problem(str(key), str(key), KNOWN_KEYS))
    return problems


# ----------------------------------------------------------------------------- raw profiles


def _profile_type_problems(data: Mapping[Any, Any]) -> list[Problem]:
    problems: list[Problem] = []
    problems.extend(_case_duplicates(PROFILE_FIELD, data))
    upper = upper_keys(data)
    if SECRET_PROFILE_KEYS & upper.keys():
        problems.append(
            _warning(
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
                _error(
                    field,
                    "NOT_TEXT",
                    f"{field} must be text in double quotes; it is {_json_type(value)}.",
                )
            )
    for prefix in ("ICON", "ICON_DISABLED"):
        icon = upper.get(prefix)
        if icon is None or (isinstance(icon, list) and not icon):
            continue  # PHP decodes [] and {} alike: an empty list is an empty object there
        if not isinstance(icon, Mapping):
            problems.append(
                _error(
                    prefix,
                    "ICON_NOT_OBJECT",
                    f"{prefix} must be an object with DATA_IMAGE, COLOR, SIZE and POSITION; it "
                    f"is {_json_type(icon)}.",
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
                    _error(
                        f"{prefix}.{key}",
                        "NOT_TEXT",
                        f"{prefix}.{key} must be text in double quotes; it is {_json_type(value)}.",
                    )
                )
    for flag, default in FLAG_DEFAULTS.items():
        if flag in upper:
            problem = _flag_type_problem(flag, upper[flag], default)
            if problem:
                problems.append(problem)
    return problems


def _case_duplicates(field: str, data: Mapping[Any, Any]) -> list[Problem]:
    spellings: dict[str, list[str]] = {}
    for key in data:
        spellings.setdefault(str(key).upper(), []).append(str(key))
    return [
        _warning(
            upper if field == PROFILE_FIELD else f"{field}.{upper}",
            "DUPLICATE_KEY",
            f"{' and '.join(_preview(name) for name in names)} are the same parameter "
            f"({_preview(upper)}); the portal ignores case and keeps the last one. Keep only one.",
        )
        for upper, names in spellings.items()
        if len(names) > 1
    ]


def _flag_type_problem(flag: str, value: object, default: bool) -> Problem | None:
    default_text = str(default).lower()
    if isinstance(value, bool):
        return None
    if value is None:
        return _warning(
            flag,
            "FLAG_NULL",
            f"{flag} is null, which counts as not set: the default ({default_text}) applies. "
            "Write true or false.",
        )
    if isinstance(value, int | float) and value in (0, 1):
        meaning = "true" if value else "false"
        return _warning(
            flag,
            "FLAG_NUMBER",
            f"{flag} is the number {_preview(value)}, which the portal reads as {meaning}. "
            f"Write {meaning} (without quotes) to say so plainly.",
        )
    if isinstance(value, str):
        if value in ("", "0"):
            server = 'false (PHP treats empty text and "0" as false)'
        else:
            server = 'true (PHP treats any non-empty text except "0" as true)'
        return _error(
            flag,
            "FLAG_NOT_BOOLEAN",
            f'{flag} is the text "{_preview(value)}", which Bitrix24 may read as {server}. '
            "Write true or false without quotes.",
        )
    return _error(
        flag,
        "FLAG_NOT_BOOLEAN",
        f"{flag} must be true or false; it is {_json_type(value)}. Write true or false.",
    )


def validate_profile(data: object, *, check_render: bool = True) -> list[Problem]:
    """Every problem with raw parsed profile JSON (any value), then with its connector.

    Never raises.

    Type problems are reported where the model would coerce silently; the connector's own
    problems for a field that already has a type error are left out (one cause, one message).
    """
    if not isinstance(data, Mapping):
        return [
            _error(
                PROFILE_FIELD,
                "PROFILE_NOT_OBJECT",
                "A profile must be a JSON object ({...}) with the imconnector.register "
                f"parameters; this file holds {_json_type(data)}.",
            )
        ]
    try:
        problems = _profile_type_problems(data)
        connector = Connector.from_profile(data)
    except InvalidInputError as exc:
        return [_error(PROFILE_FIELD, exc.code, exc.message)]
    except Exception:
        log.exception("profile validation failed unexpectedly")
        return [
            _error(
                PROFILE_FIELD,
                "VALIDATION_FAILED",
                "The profile could not be checked (the details are in the log).",
            )
        ]
    typed = {problem.field for problem in problems if problem.is_error}
    for problem in validate_connector(connector, check_render=check_render):
        head = problem.field.partition(".")[0]
        if problem.field not in typed and head not in typed:
            problems.append(problem)
    return _sorted(problems)


__all__ = [
    "PROFILE_FIELD",
    "Problem",
    "Severity",
    "has_errors",
    "validate_connector",
    "validate_profile",
]
