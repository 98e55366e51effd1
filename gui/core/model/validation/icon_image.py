"""Rules for an icon's ``DATA_IMAGE``: a percent-encoded SVG data URI that a browser can draw.

Bitrix24 pastes the value raw into ``url('…')`` inside a ``<style>``, so the text itself is
checked first, then the decoded SVG. Memoised per value: the window validates on every keystroke
and the icon rarely changes between two.
"""

from __future__ import annotations

import functools
import logging
import re

from gui.core.errors import InvalidInputError
from gui.core.model.validation.problems import Finding, Severity
from gui.core.model.validation.shared_rules import CONTROL_CHARACTERS
from gui.core.model.validation.wording import preview

# One logger for the whole package, named after it (the log format shows the name).
log = logging.getLogger(__package__)

_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_ESCAPE_STYLE = re.compile(r"%[uU][0-9A-Fa-f]{4}")


def _data_image_text_findings(text: str) -> list[Finding]:
    """What breaks when Bitrix24 pastes the value raw into ``url('…')`` in a ``<style>``."""
    spaces: list[Finding] = []
    if text != text.strip(" "):
        # A browser's URL parser drops them, so the icon still shows; the value is just untidy.
        spaces.append(
            Finding(
                Severity.WARNING,
                "DATA_IMAGE_SPACES",
                "{field} starts or ends with spaces. Remove them.",
            )
        )
        text = text.strip(" ")
    if text.lstrip().startswith("<"):
        return [
            Finding(
                Severity.ERROR,
                "DATA_IMAGE_RAW_SVG",
                "{field} is raw SVG markup. It must be a data URI: import the SVG file "
                "(or run encode-icon) to get the encoded value.",
            )
        ]
    header, comma, _ = text.partition(",")
    if not header.lower().startswith("data:") or not comma:
        return [
            Finding(
                Severity.ERROR,
                "DATA_IMAGE_NOT_DATA_URI",
                '{field} must be a data URI starting with "data:image/svg+xml,". Import the SVG '
                "file (or run encode-icon) to get the value.",
            )
        ]
    media_type = header[5:].split(";", 1)[0].strip().lower()
    if media_type != "image/svg+xml":
        return [
            Finding(
                Severity.ERROR,
                "DATA_IMAGE_NOT_SVG",
                f'{{field}} is a "{preview(media_type or "text/plain")}" data URI; Bitrix24 '
                "connector icons must be SVG (image/svg+xml). Import an SVG file.",
            )
        ]
    findings: list[Finding] = spaces
    from gui.core.icon.codec import MAX_DATA_IMAGE_CHARS

    if len(text) > MAX_DATA_IMAGE_CHARS:
        findings.append(
            Finding(
                Severity.ERROR,
                "DATA_IMAGE_TOO_LONG",
                f"{{field}} is {len(text) / 1024:.0f} KB; Bitrix24 keeps about 64 KB of it, so "
                "it would be cut off and show no icon. Minify the icon on import or simplify it.",
            )
        )
    raw: list[str] = []
    if "'" in text:
        raw.append("' (ends Bitrix24's url('…'), so no icon shows)")
    if "#" in text:
        raw.append("# (cuts the image off at that point)")
    if "<" in text:
        raw.append("< (a raw </style> breaks every connector icon on the page)")
    if "\\" in text:
        raw.append("\\ (a CSS escape)")
    if CONTROL_CHARACTERS.search(text):
        raw.append("line breaks, tabs or control characters (end the CSS string)")
    if raw:
        findings.append(
            Finding(
                Severity.ERROR,
                "DATA_IMAGE_UNENCODED",
                "{field} contains characters that must be percent-encoded: "
                + "; ".join(raw)
                + ". Re-import the SVG file (or run encode-icon) to encode it correctly.",
            )
        )
    if _ESCAPE_STYLE.search(text):
        findings.append(
            Finding(
                Severity.ERROR,
                "DATA_IMAGE_BAD_PERCENT",
                "{field} uses JavaScript escape()-style %uXXXX codes, which browsers do not "
                "decode. Re-import the SVG file to encode non-ASCII text as UTF-8 (%XX).",
            )
        )
    elif _PERCENT.search(text):
        findings.append(
            Finding(
                Severity.ERROR,
                "DATA_IMAGE_BAD_PERCENT",
                "{field} contains a % that is not followed by two hex digits. Encode a literal "
                "% as %25, or re-import the SVG file.",
            )
        )
    if not text.isascii():
        findings.append(
            Finding(
                Severity.WARNING,
                "DATA_IMAGE_NON_ASCII",
                "{field} contains non-ASCII characters that are not percent-encoded. Re-import "
                "the SVG file to encode them as UTF-8 (%XX) so every browser reads them alike.",
            )
        )
    if ";base64" in header.lower():
        findings.append(
            Finding(
                Severity.WARNING,
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
    from gui.core.icon.codec import WARN_SVG_BYTES, decode_data_image
    from gui.core.icon.svg_safety import inspect_svg

    try:
        svg = decode_data_image(text)
        info = inspect_svg(svg)
    except InvalidInputError as exc:
        findings.append(Finding(Severity.ERROR, exc.code, "{field}: " + exc.message))
        return tuple(findings), False
    except Exception:
        log.exception("checking an icon failed unexpectedly")
        findings.append(
            Finding(
                Severity.ERROR,
                "ICON_CHECK_FAILED",
                "{field} could not be checked (the details are in the log). Re-import the "
                "SVG file.",
            )
        )
        return tuple(findings), False
    if not info.has_xmlns:
        findings.append(
            Finding(
                Severity.WARNING,
                "SVG_NO_XMLNS",
                '{field}: the <svg> element has no xmlns="http://www.w3.org/2000/svg", so '
                "browsers (and Bitrix24) paint nothing. Add that attribute to the root element.",
            )
        )
    if info.uses_current_color:
        findings.append(
            Finding(
                Severity.WARNING,
                "SVG_CURRENT_COLOR",
                "{field}: the SVG uses currentColor, which paints black when the SVG is a "
                "background image. Replace it with an explicit colour such as #fff.",
            )
        )
    if info.external_refs:
        shown = ", ".join(preview(ref, 60) for ref in info.external_refs[:3])
        findings.append(
            Finding(
                Severity.WARNING,
                "SVG_EXTERNAL_REFERENCE",
                f"{{field}}: the SVG refers to other files ({shown}); a browser does not load "
                "them for an icon, so those parts stay empty. Embed or remove them.",
            )
        )
    if len(svg) > WARN_SVG_BYTES:
        findings.append(
            Finding(
                Severity.WARNING,
                "ICON_LARGE",
                f"{{field}}: the SVG is {len(svg) / 1024:.1f} KB; Bitrix24 inlines it into every "
                f"page that shows connectors. Keep it under {WARN_SVG_BYTES // 1024} KB "
                "(minify it on import).",
            )
        )
    return tuple(findings), True
