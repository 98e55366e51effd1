"""Parse untrusted SVG safely and say what matters about it for a Bitrix24 connector icon.

Icons come from files users drop on the window and from ``DATA_IMAGE`` values they paste, so the
bytes are hostile until proven otherwise. :func:`inspect_svg` parses them with defusedxml: no
entity declarations (billion-laughs bombs, external entities/XXE) and no network or file access
of any kind, and a size cap checked before any parsing so a huge file cannot stall the window.
It never fetches what an ``href`` points to; it only lists such references, because a browser
painting an SVG as an image ignores them and the user should know the icon will lack them.

Everything wrong raises :class:`~gui.core.errors.InvalidInputError` with a code and a plain
message (``SVG_EMPTY``, ``SVG_TOO_LARGE``, ``SVG_NOT_SVG``, ``SVG_BAD_ENCODING``,
``SVG_ENTITIES``, ``SVG_NOT_XML``, ``SVG_WRONG_NAMESPACE``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as StdET
from dataclasses import dataclass

import defusedxml
import defusedxml.ElementTree as SafeET

from gui.core.errors import InvalidInputError
from gui.core.i18n import N_, _

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"

MAX_SVG_BYTES = 512 * 1024
"""Hard cap on an icon's size. Bitrix24 stores ``DATA_IMAGE`` in a ~64 KB column; anything much
larger than that cannot be an icon even before minifying, and parsing stays well under 0.1 s."""

WARN_SVG_BYTES = 4 * 1024
"""Above this the user is told the icon is heavy: Bitrix24 inlines it into every page."""

_KNOWN_BINARY = (
    # Translators: these fill {kind} in "This is {kind}, not an SVG."
    (b"\x89PNG\r\n\x1a\n", N_("a PNG image")),
    (b"\xff\xd8\xff", N_("a JPEG image")),
    (b"GIF8", N_("a GIF image")),
    (b"RIFF", N_("a RIFF (WebP/AVI/WAV) file")),
    (b"%PDF", N_("a PDF document")),
    (b"PK\x03\x04", N_("a ZIP archive (an .svgz or office file?)")),
    (b"\x1f\x8b", N_("a gzip file (an .svgz? unpack it first)")),
    (b"\x00\x00\x01\x00", N_("an ICO image")),
    (b"BM", N_("a BMP image")),
)
"""File kinds recognised by their first bytes (named in the user's language where shown)."""

_UTF16_32_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_ENCODING_DECL = re.compile(
    rb"""^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']"""
)
_URL_FUNC = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_STYLESHEET_PI = re.compile(r"""<\?xml-stylesheet[^>]*?href\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class SvgInfo:
    """What a safe parse learned about an SVG: the facts validation and the importer act on.

    ``has_xmlns`` is false when the root ``<svg>`` is in no namespace: browsers then paint
    nothing. ``width``/``height``/``view_box`` are the root's attributes as written (``None`` when
    absent); they decide how ``background-size: auto`` sizes the icon. ``uses_current_color``:
    as an image, ``currentColor`` paints black. ``external_refs`` are references a browser will not
    load for an image (``file:``, ``http:``, other files); they were not read or fetched.
    """

    has_xmlns: bool
    width: str | None
    height: str | None
    view_box: str | None
    uses_current_color: bool
    external_refs: tuple[str, ...]
    encoding: str
    size_bytes: int


def inspect_svg(data: bytes) -> SvgInfo:
    """Parse ``data`` safely and describe it; :class:`InvalidInputError` if it is no usable SVG."""
    _check_size_and_kind(data)
    encoding = _check_encoding(data)
    root = _parse(data)
    tag = root.tag
    namespace, local = _split(tag)
    if local != "svg":
        raise InvalidInputError(
            _(
                "This is XML, but its root element is <{element}>, not <svg>: it is not an SVG "
                "image."
            ).format(element=local),
            code="SVG_NOT_SVG",
        )
    if namespace not in ("", SVG_NS):
        raise InvalidInputError(
            _(
                'The <svg> element is in the namespace "{namespace}" instead of "{svg_namespace}"; '
                "browsers paint nothing for it. Fix the xmlns attribute."
            ).format(namespace=namespace, svg_namespace=SVG_NS),
            code="SVG_WRONG_NAMESPACE",
        )
    text = data.decode(encoding, errors="replace")
    return SvgInfo(
        has_xmlns=namespace == SVG_NS,
        width=root.get("width"),
        height=root.get("height"),
        view_box=root.get("viewBox"),
        uses_current_color=_uses_current_color(root),
        external_refs=_external_refs(root, text),
        encoding=encoding,
        size_bytes=len(data),
    )


def icon_advice(info: SvgInfo) -> list[tuple[str, str]]:
    """``(code, sentence)`` for each fact about a usable icon that its author should act on.

    The importer's notes and validation's warnings both say these (BITRIX.md §4), in these words.
    """
    refs = info.external_refs
    shown = [ref if len(ref) <= 60 else ref[:59] + "…" for ref in refs[:3]]
    if len(refs) > 3:
        shown.append("…")
    facts: list[tuple[str, str]] = []
    if not info.has_xmlns:
        message = _(
            'The <svg> element has no xmlns="{namespace}", so browsers (and Bitrix24) paint '
            "nothing. Add that attribute to the root element."
        )
        facts.append(("SVG_NO_XMLNS", message.format(namespace=SVG_NS)))
    if info.uses_current_color:
        message = _(
            "The SVG uses currentColor, which paints black when the SVG is a background image. "
            "Replace it with an explicit colour such as #fff (Bitrix24's own icons are white)."
        )
        facts.append(("SVG_CURRENT_COLOR", message))
    if refs:
        message = _(
            "The SVG refers to other files ({files}); a browser does not load them for an icon, "
            "so those parts stay empty. They were not opened or fetched: embed or remove them."
        )
        facts.append(("SVG_EXTERNAL_REFERENCE", message.format(files=", ".join(shown))))
    if info.size_bytes > WARN_SVG_BYTES:
        message = _(
            "The SVG is {size} KB; Bitrix24 inlines it into every page that shows connectors. "
            "Keep it under {limit} KB (encode-icon --minify shrinks it, or simplify the drawing)."
        )
        size = f"{info.size_bytes / 1024:.1f}"
        facts.append(("ICON_LARGE", message.format(size=size, limit=WARN_SVG_BYTES // 1024)))
    return facts


def _check_size_and_kind(data: bytes) -> None:
    if not data.strip():
        raise InvalidInputError(_("The icon is empty."), code="SVG_EMPTY")
    if len(data) > MAX_SVG_BYTES:
        raise InvalidInputError(
            _(
                "The icon is larger than {limit} KB, the limit (Bitrix24 keeps icons in a ~64 KB "
                "field and inlines them into every page). Simplify it or save it as a plain, "
                "minified SVG."
            ).format(limit=MAX_SVG_BYTES // 1024),
            code="SVG_TOO_LARGE",
        )
    for magic, kind in _KNOWN_BINARY:
        if data.startswith(magic):
            raise InvalidInputError(
                _("This is {kind}, not an SVG. Bitrix24 connector icons must be SVG.").format(
                    kind=_(kind)
                ),
                code="SVG_NOT_SVG",
            )


def _check_encoding(data: bytes) -> str:
    """The document's encoding; UTF-16/32 and undecodable bytes are refused with a clear reason."""
    if data.startswith(_UTF16_32_BOMS) or (len(data) > 1 and (data[0] == 0 or data[1] == 0)):
        raise InvalidInputError(
            _(
                "The icon is saved as UTF-16 or UTF-32; save it as UTF-8 (any other encoding "
                "makes the DATA_IMAGE value two to four times longer)."
            ),
            code="SVG_BAD_ENCODING",
        )
    match = _ENCODING_DECL.match(data)
    encoding = match.group(1).decode("ascii").lower() if match else "utf-8"
    if encoding in ("utf8", "utf-8"):
        encoding = "utf-8"
    try:
        data.decode(encoding)
    except LookupError:
        raise InvalidInputError(
            _('The icon declares the unknown encoding "{encoding}"; save it as UTF-8.').format(
                encoding=encoding
            ),
            code="SVG_BAD_ENCODING",
        ) from None
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        if encoding == "utf-8":
            message = _(
                "The icon is not valid UTF-8 text: byte 0x{byte} at offset {offset}. Save it as "
                "UTF-8 (Latin-1 or %uXXXX-escaped text shows no icon in Bitrix24)."
            )
        else:
            message = _(
                "The icon is not valid {encoding} (as its XML declaration says) text: byte "
                "0x{byte} at offset {offset}. Save it as UTF-8 (Latin-1 or %uXXXX-escaped text "
                "shows no icon in Bitrix24)."
            )
        raise InvalidInputError(
            message.format(encoding=encoding, byte=bad, offset=exc.start),
            code="SVG_BAD_ENCODING",
        ) from None
    return encoding


def _parse(data: bytes) -> StdET.Element:
    try:
        root: StdET.Element = SafeET.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except defusedxml.EntitiesForbidden:
        raise InvalidInputError(
            _(
                "The SVG declares XML entities (<!ENTITY …>). They are refused because they can "
                "expand without bound or read other files; export the icon without them."
            ),
            code="SVG_ENTITIES",
        ) from None
    except defusedxml.DefusedXmlException as exc:
        raise InvalidInputError(
            _("The SVG uses a refused XML feature ({feature}).").format(feature=type(exc).__name__),
            code="SVG_ENTITIES",
        ) from None
    except StdET.ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        # Translators: {reason} is the XML parser's own English words ("mismatched tag").
        message = _(
            "This is not a well-formed SVG (XML): {reason} at line {line}, column {column}."
        )
        raise InvalidInputError(
            message.format(reason=reason, line=line, column=column + 1), code="SVG_NOT_XML"
        ) from None
    return root


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _uses_current_color(root: StdET.Element) -> bool:
    for element in root.iter():
        if any("currentcolor" in value.lower() for value in element.attrib.values()):
            return True
        if (
            _split(str(element.tag))[1] == "style"
            and "currentcolor" in "".join(element.itertext()).lower()
        ):
            return True
    return False


def _is_external(reference: str) -> bool:
    value = reference.strip()
    return bool(value) and not value.startswith("#") and not value.lower().startswith("data:")


def _external_refs(root: StdET.Element, text: str) -> tuple[str, ...]:
    found: list[str] = []
    for element in root.iter():
        for name, value in element.attrib.items():
            local = _split(name)[1]
            if local in ("href", "src") and _is_external(value):
                found.append(value.strip())
            found.extend(_css_refs(value))
        if _split(str(element.tag))[1] == "style":
            found.extend(_css_refs("".join(element.itertext())))
    for match in _STYLESHEET_PI.finditer(text):
        found.append(match.group(1) or match.group(2) or "")
    return tuple(dict.fromkeys(ref for ref in found if _is_external(ref)))


def _css_refs(css: str) -> list[str]:
    if "url(" not in css.lower() and "@import" not in css.lower():
        return []
    refs = [next(g for g in m.groups() if g is not None) for m in _URL_FUNC.finditer(css)]
    refs += [m.group(1) or m.group(2) or "" for m in _CSS_IMPORT.finditer(css)]
    return [ref for ref in refs if _is_external(ref)]
