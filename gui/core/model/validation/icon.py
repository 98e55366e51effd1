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
from gui.core.i18n import N_, _, current_language
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
    # Translators: each names a character that must be percent-encoded in DATA_IMAGE and why.
    "'": N_("' (ends Bitrix24's url('…'), so no icon shows)"),
    "#": N_("# (cuts the image off at that point)"),
    # Style contents are raw text: only an end tag can close the <style>, so a lone "<" is fine.
    "</": N_("</ (a raw </style> breaks every connector icon on the page)"),
    "\\": N_("\\ (a CSS escape)"),
}
"""The characters that break ``url('…')`` when raw, and why (translated where shown)."""


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
                    _(
                        "{field} is empty. Import an SVG icon; the portal refuses a connector "
                        "without one."
                    ).format(field=field),
                )
            )
        else:
            problems.append(
                warning(
                    field,
                    "ICON_DISABLED_FALLBACK",
                    _(
                        "{field} is empty, so while the connector is not connected Bitrix24 "
                        "shows the active icon on the disabled colour. Import a separate icon if "
                        "you want a different look."
                    ).format(field=field),
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
            Finding.warning(
                "DATA_IMAGE_SPACES", _("{field} starts or ends with spaces. Remove them.")
            )
        )
        text = text.strip(" ")
    if text.lstrip().startswith("<"):
        return [
            Finding.error(
                "DATA_IMAGE_RAW_SVG",
                _(
                    "{field} is raw SVG markup. It must be a data URI: import the SVG file "
                    "(or run encode-icon) to get the encoded value."
                ),
            )
        ]
    header, comma, _body = text.partition(",")
    if not header.lower().startswith("data:") or not comma:
        return [
            Finding.error(
                "DATA_IMAGE_NOT_DATA_URI",
                _(
                    '{field} must be a data URI starting with "data:image/svg+xml,". Import the '
                    "SVG file (or run encode-icon) to get the value."
                ),
            )
        ]
    media_type = header[5:].split(";", 1)[0].strip().lower()
    if media_type != "image/svg+xml":
        return [
            Finding.error(
                "DATA_IMAGE_NOT_SVG",
                _(
                    '{field} is a "{media_type}" data URI; Bitrix24 connector icons must be SVG '
                    "(image/svg+xml). Import an SVG file."
                ).format(field="{field}", media_type=preview(media_type or "text/plain")),
            )
        ]
    findings: list[Finding] = spaces
    from gui.core.icon.codec import data_image_too_long

    problem = data_image_too_long(text)
    if problem:
        findings.append(Finding.error("DATA_IMAGE_TOO_LONG", about_field(problem)))
    raw = [_(why) for ch, why in _MUST_ENCODE.items() if ch in text]
    if CONTROL_CHARACTERS.search(text):
        raw.append(_("line breaks, tabs or control characters (end the CSS string)"))
    if raw:
        findings.append(
            Finding.error(
                "DATA_IMAGE_UNENCODED",
                _(
                    "{field} contains characters that must be percent-encoded: {characters}. "
                    "Re-import the SVG file (or run encode-icon) to encode it correctly."
                ).format(field="{field}", characters="; ".join(raw)),
            )
        )
    if _ESCAPE_STYLE.search(text):
        findings.append(
            Finding.error(
                "DATA_IMAGE_BAD_PERCENT",
                _(
                    "{field} uses JavaScript escape()-style %uXXXX codes, which browsers do not "
                    "decode. Re-import the SVG file to encode non-ASCII text as UTF-8 (%XX)."
                ),
            )
        )
    elif _PERCENT.search(text):
        findings.append(
            Finding.error(
                "DATA_IMAGE_BAD_PERCENT",
                _(
                    "{field} contains a % that is not followed by two hex digits. Encode a "
                    "literal % as %25, or re-import the SVG file."
                ),
            )
        )
    if not text.isascii():
        findings.append(
            Finding.warning(
                "DATA_IMAGE_NON_ASCII",
                _(
                    "{field} contains non-ASCII characters that are not percent-encoded. "
                    "Re-import the SVG file to encode them as UTF-8 (%XX) so every browser reads "
                    "them alike."
                ),
            )
        )
    if ";base64" in header.lower():
        findings.append(
            Finding.warning(
                "DATA_IMAGE_BASE64",
                _(
                    "{field} is base64-encoded. Browsers show it, but the Bitrix24 docs only "
                    "describe percent-encoding, and it is longer. Re-import the SVG file to "
                    "percent-encode it."
                ),
            )
        )
    return findings


def about_field(problem: str) -> str:
    """A problem sentence said about the ``{field}`` a :class:`Finding` is later put at."""
    # Translators: {problem} is a whole sentence about the field {field} (e.g. ICON.DATA_IMAGE).
    return _("{field}: {problem}").format(field="{field}", problem=problem)


def data_image_findings(text: str) -> tuple[tuple[Finding, ...], bool]:
    """Findings for one ``DATA_IMAGE`` value, and whether it decodes to a usable SVG.

    Memoised per value and language: the window validates on every keystroke and the icon rarely
    changes between two.
    """
    return _data_image_findings(text, current_language())


@functools.lru_cache(maxsize=32)
def _data_image_findings(text: str, language: str) -> tuple[tuple[Finding, ...], bool]:
    """:func:`data_image_findings`, its messages in ``language`` (the cache key's part)."""
    findings = _data_image_text_findings(text)
    if any(finding.severity is Severity.ERROR for finding in findings):
        return tuple(findings), False
    from gui.core.icon.codec import decode_data_image
    from gui.core.icon.svg_safety import icon_advice, inspect_svg

    try:
        svg = decode_data_image(text)
        info = inspect_svg(svg)
    except InvalidInputError as exc:
        findings.append(Finding.error(exc.code, about_field(exc.message)))
        return tuple(findings), False
    except Exception:
        log.exception("checking an icon failed unexpectedly")
        findings.append(
            Finding.error(
                "ICON_CHECK_FAILED",
                _(
                    "{field} could not be checked (the details are in the log). Re-import the "
                    "SVG file."
                ),
            )
        )
        return tuple(findings), False
    findings += [
        Finding.warning(code, about_field(sentence)) for code, sentence in icon_advice(info)
    ]
    return tuple(findings), True


def _css_words(key: str) -> tuple[str, str]:
    """What a CSS value is called in a message and an example of it, in the current language."""
    if key == "COLOR":
        # Translators: fills {what} in "{field} is not a valid CSS {what}: …".
        what = _("colour")
        return what, _("{first} or {second}").format(first="#69acc0", second="rgb(105 172 192)")
    if key == "SIZE":
        example = _("{first}, {second} or {third}").format(
            first="90%", second="contain", third="30px"
        )
        return "background-size", example
    example = _("{first} or {second}").format(first="center", second="right 10% bottom")
    return "background-position", example


def _css_check(key: str, field: str, value: str, parse: Callable[[str], object]) -> Problem | None:
    try:
        parse(value)
    except ValueError as exc:
        what, example = _css_words(key)
        message = _("{field} is not a valid CSS {what}: {reason} Use e.g. {example}.")
        return error(
            field,
            "CSS_INVALID",
            message.format(field=field, what=what, reason=exc, example=example),
        )
    except Exception:
        log.exception("parsing %s failed unexpectedly", field)
        what, example = _css_words(key)
        message = _("{field} could not be read as a CSS {what}. Use e.g. {example}.")
        return error(field, "CSS_INVALID", message.format(field=field, what=what, example=example))
    return None


def check_icon_css(prefix: str, icon: IconSpec) -> list[Problem]:
    from gui.core.icon.css_values import (
        parse_background_position,
        parse_background_size,
        parse_color,
    )

    checks: tuple[tuple[str, str, Callable[[str], object]], ...] = (
        ("COLOR", icon.color, parse_color),
        ("SIZE", icon.size, parse_background_size),
        ("POSITION", icon.position, parse_background_position),
    )
    problems: list[Problem] = []
    for key, value, parse in checks:
        field = f"{prefix}.{key}"
        text_problem = check_text(field, value)
        if text_problem:
            problems.append(text_problem)
        elif value.strip():
            problem = _css_check(key, field, value, parse)
            if problem:
                problems.append(problem)
        elif value:
            problems.append(
                warning(
                    field,
                    "CSS_BLANK",
                    _(
                        "{field} is only spaces; the portal writes it into the icon's style as "
                        "is. Clear it to use the default."
                    ).format(field=field),
                )
            )
    return problems


def render_finding(
    prefix: str, data_image: str, color: str, size: str, position: str
) -> Finding | None:
    """Rasterise the icon as the 44 px tile; a finding when it cannot be drawn. Memoised per
    icon and language."""
    return _render_finding(prefix, data_image, color, size, position, current_language())


@functools.lru_cache(maxsize=32)
def _render_finding(
    prefix: str, data_image: str, color: str, size: str, position: str, language: str
) -> Finding | None:
    """:func:`render_finding`, its message in ``language`` (the cache key's part)."""
    from gui.core.icon.tile import render_tile

    icon = IconSpec(data_image=data_image, color=color, size=size, position=position)
    try:
        tile = render_tile(icon, px=44, field_prefix=prefix)
        background = render_tile(replace(icon, data_image=""), px=44, field_prefix=prefix)
    except InvalidInputError as exc:
        return Finding.error(
            "ICON_DOES_NOT_RENDER",
            _("{field} does not render: {reason}").format(field="{field}", reason=exc.message),
        )
    except Exception:
        log.exception("rendering an icon failed unexpectedly")
        return Finding.error(
            "ICON_DOES_NOT_RENDER",
            _("{field} could not be drawn (the details are in the log). Re-import the SVG file."),
        )
    if tile == background:
        return Finding.warning(
            "ICON_INVISIBLE",
            _(
                "{field} draws nothing visible on its 44 px tile: the SVG is empty, outside its "
                "box, or painted in the tile's own colour. Check the icon and COLOR in the "
                "preview."
            ),
        )
    return None
