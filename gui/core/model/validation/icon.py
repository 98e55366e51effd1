"""Every problem of one icon, ``ICON`` or ``ICON_DISABLED``: its image, its style, its rendering.

* ``DATA_IMAGE``: a percent-encoded SVG data URI that a browser can draw. Bitrix24 pastes the value
  raw into ``url('…')`` inside a ``<style>`` (BITRIX.md §4), so the text itself is checked first,
  then the decoded SVG. Memoised per value: the window validates on every keystroke and the icon
  rarely changes between two. Only ``ICON`` requires an image.
* ``COLOR``, ``SIZE``, ``POSITION``: the portal writes them into the icon's style as is, so each
  must parse as the CSS value it is used as (the parsers live in :mod:`gui.core.icon.css_values`).
* The render check: the icon must draw something visible on its 44 px tile. The slowest rule (tens
  of milliseconds the first time), so it runs only when asked and only on an icon the other rules
  passed; memoised per icon.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

from gui.core.errors import InvalidInputError
from gui.core.model.connector import ICON_KEYS, IconSpec
from gui.core.model.validation.problems import (
    Finding,
    Problem,
    Severity,
    error,
    log,
    preview,
    warning,
)
from gui.core.model.validation.shared_rules import (
    CONTROL_CHARACTERS,
    check_text,
    php_empty,
    unknown_key_problem,
)

_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPE_STYLE = re.compile(r"%[uU][0-9A-Fa-f]{4}")
_MUST_ENCODE = {
    "'": "' (ends Bitrix24's url('…'), so no icon shows)",
    "#": "# (cuts the image off at that point)",
    # Style contents are raw text: only an end tag can close the <style>, so a lone "<" is fine.
    "</": "</ (a raw </style> breaks every connector icon on the page)",
    "\\": "\\ (a CSS escape)",
}


def check_icon(prefix: str, icon: IconSpec, *, required: bool, check_render: bool) -> list[Problem]:
    """Problems of ``ICON`` or ``ICON_DISABLED`` (whose ``DATA_IMAGE`` is optional)."""
    field = f"{prefix}.DATA_IMAGE"
    problems: list[Problem] = []
    data_image = icon.data_image
    image_ok = False
    text_problem = check_text(field, data_image)
    if text_problem:
        problems.append(text_problem)
    elif php_empty(data_image):
        if required:
            problems.append(
                error(
                    field,
                    "ICON_REQUIRED",
                    f"{field} is empty. Import an SVG icon; the portal refuses a connector "
                    "without one.",
                )
            )
        else:
            problems.append(
                warning(
                    field,
                    "ICON_DISABLED_FALLBACK",
                    f"{field} is empty, so while the connector is not connected Bitrix24 "
                    "shows the active icon on the disabled colour. Import a separate icon if "
                    "you want a different look.",
                )
            )
    else:
        findings, image_ok = data_image_findings(data_image)
        problems.extend(finding.at(field) for finding in findings)
    css_problems = check_icon_css(prefix, icon)
    problems.extend(css_problems)
    for key in icon.extra:
        problems.append(unknown_key_problem(f"{prefix}.{str(key).upper()}", str(key), ICON_KEYS))
    if check_render and image_ok and not css_problems:
        finding = render_finding(prefix, data_image, icon.color, icon.size, icon.position)
        if finding:
            problems.append(finding.at(field))
    return problems


def _data_image_text_findings(text: str) -> list[Finding]:
    """What breaks when Bitrix24 pastes the value raw into ``url('…')`` in a ``<style>``."""
    spaces: list[Finding] = []
    if text != text.strip(" "):
        # A browser's URL parser drops them, so the icon still shows; the value is just untidy.
        spaces.append(
            Finding.warning("DATA_IMAGE_SPACES", "{field} starts or ends with spaces. Remove them.")
        )
        text = text.strip(" ")
    if text.lstrip().startswith("<"):
        return [
            Finding.error(
                "DATA_IMAGE_RAW_SVG",
                "{field} is raw SVG markup. It must be a data URI: import the SVG file "
                "(or run encode-icon) to get the encoded value.",
            )
        ]
    header, comma, _ = text.partition(",")
    if not header.lower().startswith("data:") or not comma:
        return [
            Finding.error(
                "DATA_IMAGE_NOT_DATA_URI",
                '{field} must be a data URI starting with "data:image/svg+xml,". Import the SVG '
                "file (or run encode-icon) to get the value.",
            )
        ]
    media_type = header[5:].split(";", 1)[0].strip().lower()
    if media_type != "image/svg+xml":
        return [
            Finding.error(
                "DATA_IMAGE_NOT_SVG",
                f'{{field}} is a "{preview(media_type or "text/plain")}" data URI; Bitrix24 '
                "connector icons must be SVG (image/svg+xml). Import an SVG file.",
            )
        ]
    findings: list[Finding] = spaces
    from gui.core.icon.codec import data_image_too_long

    problem = data_image_too_long(text)
    if problem:
        findings.append(Finding.error("DATA_IMAGE_TOO_LONG", "{field}: " + problem))
    raw = [why for ch, why in _MUST_ENCODE.items() if ch in text]
    if CONTROL_CHARACTERS.search(text):
        raw.append("line breaks, tabs or control characters (end the CSS string)")
    if raw:
        findings.append(
            Finding.error(
                "DATA_IMAGE_UNENCODED",
                "{field} contains characters that must be percent-encoded: "
                + "; ".join(raw)
                + ". Re-import the SVG file (or run encode-icon) to encode it correctly.",
            )
        )
    if _ESCAPE_STYLE.search(text):
        findings.append(
            Finding.error(
                "DATA_IMAGE_BAD_PERCENT",
                "{field} uses JavaScript escape()-style %uXXXX codes, which browsers do not "
                "decode. Re-import the SVG file to encode non-ASCII text as UTF-8 (%XX).",
            )
        )
    elif _PERCENT.search(text):
        findings.append(
            Finding.error(
                "DATA_IMAGE_BAD_PERCENT",
                "{field} contains a % that is not followed by two hex digits. Encode a literal "
                "% as %25, or re-import the SVG file.",
            )
        )
    if not text.isascii():
        findings.append(
            Finding.warning(
                "DATA_IMAGE_NON_ASCII",
                "{field} contains non-ASCII characters that are not percent-encoded. Re-import "
                "the SVG file to encode them as UTF-8 (%XX) so every browser reads them alike.",
            )
        )
    if ";base64" in header.lower():
        findings.append(
            Finding.warning(
                "DATA_IMAGE_BASE64",
                "{field} is base64-encoded. Browsers show it, but the Bitrix24 docs only "
                "describe percent-encoding, and it is longer. Re-import the SVG file to "
                "percent-encode it.",
            )
        )
    return findings


@functools.lru_cache(maxsize=32)
def data_image_findings(text: str) -> tuple[tuple[Finding, ...], bool]:
    """Findings for one ``DATA_IMAGE`` value, and whether it decodes to a usable SVG.

    Memoised: the window validates on every keystroke and the icon rarely changes between two.
    """
    findings = _data_image_text_findings(text)
    if any(finding.severity is Severity.ERROR for finding in findings):
        return tuple(findings), False
    from gui.core.icon.codec import decode_data_image
    from gui.core.icon.svg_safety import icon_advice, inspect_svg

    try:
        svg = decode_data_image(text)
        info = inspect_svg(svg)
    except InvalidInputError as exc:
        findings.append(Finding.error(exc.code, "{field}: " + exc.message))
        return tuple(findings), False
    except Exception:
        log.exception("checking an icon failed unexpectedly")
        findings.append(
            Finding.error(
                "ICON_CHECK_FAILED",
                "{field} could not be checked (the details are in the log). Re-import the "
                "SVG file.",
            )
        )
        return tuple(findings), False
    findings += [
        Finding.warning(code, "{field}: " + sentence) for code, sentence in icon_advice(info)
    ]
    return tuple(findings), True


def _css_check(
    field: str, value: str, parse: Callable[[str], object], what: str, example: str
) -> Problem | None:
    try:
        parse(value)
    except ValueError as exc:
        return error(
            field, "CSS_INVALID", f"{field} is not a valid CSS {what}: {exc} Use e.g. {example}."
        )
    except Exception:
        log.exception("parsing %s failed unexpectedly", field)
        return error(
            field, "CSS_INVALID", f"{field} could not be read as a CSS {what}. Use e.g. {example}."
        )
    return None


def check_icon_css(prefix: str, icon: IconSpec) -> list[Problem]:
    from gui.core.icon.css_values import (
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
        text_problem = check_text(field, value)
        if text_problem:
            problems.append(text_problem)
        elif value.strip():
            problem = _css_check(field, value, parse, what, example)
            if problem:
                problems.append(problem)
        elif value:
            problems.append(
                warning(
                    field,
                    "CSS_BLANK",
                    f"{field} is only spaces; the portal writes it into the icon's style as "
                    "is. Clear it to use the default.",
                )
            )
    return problems


@functools.lru_cache(maxsize=32)
def render_finding(
    prefix: str, data_image: str, color: str, size: str, position: str
) -> Finding | None:
    """Rasterise the icon as the 44 px tile; a finding when it cannot be drawn. Memoised."""
    from gui.core.icon.tile import render_tile

    icon = IconSpec(data_image=data_image, color=color, size=size, position=position)
    try:
        tile = render_tile(icon, px=44, field_prefix=prefix)
        background = render_tile(replace(icon, data_image=""), px=44, field_prefix=prefix)
    except InvalidInputError as exc:
        return Finding.error("ICON_DOES_NOT_RENDER", "{field} does not render: " + exc.message)
    except Exception:
        log.exception("rendering an icon failed unexpectedly")
        return Finding.error(
            "ICON_DOES_NOT_RENDER",
            "{field} could not be drawn (the details are in the log). Re-import the SVG file.",
        )
    if tile == background:
        return Finding.warning(
            "ICON_INVISIBLE",
            "{field} draws nothing visible on its 44 px tile: the SVG is empty, outside its "
            "box, or painted in the tile's own colour. Check the icon and COLOR in the preview.",
        )
    return None
