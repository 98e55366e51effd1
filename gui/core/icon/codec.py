"""The ``DATA_IMAGE`` codec: SVG bytes to the data URI Bitrix24 needs, and any pasted form back.

Bitrix24 pastes ``DATA_IMAGE`` raw between single quotes in ``url('…')`` inside one ``<style>``
element (BITRIX.md §4). :func:`encode_data_image` therefore percent-encodes exactly the bytes that
would break that (``'`` ends the CSS string, ``#`` starts a fragment, ``%`` and ``\\`` are escape
characters, controls end or corrupt the string, non-ASCII must be UTF-8 ``%XX``) plus ``"`` so
the value also survives ``url("…")``, and leaves everything else raw. A ``<`` is encoded only
where it starts ``</``: the contents of ``<style>`` are raw text, which only an end tag
(``</style``) can close, so ``<svg``, ``<path`` and ``<!--`` stay raw (every ``<`` encoded
cost ~1 % more). That is ~0.80× the length of base64 and the value decodes back to the exact
input bytes.

:func:`decode_data_image` accepts whatever users paste: percent-encoded or base64 data URIs, with
or without ``charset``, the docs' JavaScript ``escape()`` style (``%uXXXX``), ``url('…')``
wrappers, or raw markup. :func:`import_svg` is what happens when a user loads a file: a safe
parse, the missing ``xmlns`` added, and plain-language notes on what they should know;
:func:`load_svg_file` reads the file first, for the window and ``encode-icon`` alike.
:func:`tint_current_color` is the window's Tint button: ``currentColor`` has no text colour to
inherit in a background image, so it paints black (BITRIX.md §4), while icon sets such as Tabler,
Lucide and Feather draw with it and Bitrix24's own icons are white glyphs.

Pure Python and fast: the window calls it on every drop and edit, so no cairosvg here.
"""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from gui.core.bounded_read import read_regular_file
from gui.core.errors import InvalidInputError
from gui.core.i18n import N_, _
from gui.core.icon.svg_minify import minify_svg
from gui.core.icon.svg_safety import (
    MAX_SVG_BYTES,
    SVG_NS,
    XLINK_NS,
    icon_advice,
    inspect_svg,
)

PREFIX = "data:image/svg+xml,"
"""Every value :func:`encode_data_image` returns starts with this (the documented form)."""

MAX_DATA_IMAGE_CHARS = 65_535
"""Bitrix24 stores the value in a ~64 KB column; a longer one is cut off and shows nothing."""

_MUST_ENCODE = frozenset(b"'\"#%\\")
# One entry per byte value: the byte itself when it may stay raw, else %XX (upper-case hex).
_BYTE_TEXT = tuple(
    chr(b) if 0x20 <= b < 0x7F and b not in _MUST_ENCODE else f"%{b:02X}" for b in range(256)
)
_PASTE_LIMIT = 4 * MAX_SVG_BYTES
_ESCAPE_STYLE = re.compile(r"%u([0-9A-Fa-f]{4})|%([0-9A-Fa-f]{2})")
_URL_TAB_NEWLINE = str.maketrans("", "", "\t\n\r")
_CSS_URL = re.compile(r"""^url\(\s*(?:'(.*)'|"(.*)"|(.*?))\s*\)\s*;?$""", re.IGNORECASE | re.DOTALL)
# What may precede the root element: a BOM, whitespace, the XML declaration and other processing
# instructions, comments, a DOCTYPE. Single-character alternatives keep the regex linear.
_LEAD = (
    rb"(?:\xef\xbb\xbf)?(?:\s|<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!->))*-->"
    rb"|<!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>)*"
)
_SVG_ROOT = re.compile(_LEAD + rb"<(?:[A-Za-z_][\w.-]*:)?svg(?=[\s/>])", re.DOTALL)
_PLAIN_SVG_ROOT = re.compile(_LEAD + rb"<svg(?=[\s/>])", re.DOTALL)
_UNBOUND_XLINK = re.compile(rb"\sxlink:[\w.-]+\s*=")
_CURRENT_COLOR = re.compile(rb"\bcurrentcolor\b", re.IGNORECASE)
_SAFE_COLOR_TEXT = re.compile(r"[#a-zA-Z0-9(),.% /+-]{1,64}")


@dataclass(frozen=True)
class ImportedIcon:
    """An SVG file made ready to encode, and what the user should be told about it.

    ``svg`` is the input with only the fixes the notes describe (a missing ``xmlns``);
    ``notes`` are short plain-language sentences for the window's status line or stderr.
    """

    svg: bytes
    notes: tuple[str, ...] = ()


def encode_data_image(svg: bytes, *, minify: bool = False) -> str:
    """The ``DATA_IMAGE`` for ``svg``: ASCII, safe in ``url('…')``, ``url("…")`` and ``<style>``.

    Exact by default (decodes to the same bytes); ``minify=True`` first removes what cannot change
    rendering and rounds coordinates no coarser than the icon is ever drawn
    (:func:`~gui.core.icon.svg_minify.minify_svg`), which needs ``svg`` to be a valid SVG.
    """
    if minify:
        svg = minify_svg(svg)
    # "/" always stays raw, so "</" in the joined text is exactly a raw "<" followed by "/".
    body = "".join(map(_BYTE_TEXT.__getitem__, svg)).replace("</", "%3C/")
    if body.endswith(" "):
        # A URL parser strips trailing spaces; keep the last byte so decoding stays exact.
        body = body[:-1] + "%20"
    return PREFIX + body


def decode_data_image(text: str) -> bytes:
    """The SVG bytes in any pasted ``DATA_IMAGE`` form; :class:`InvalidInputError` if not an SVG."""
    if len(text) > _PASTE_LIMIT:
        raise InvalidInputError(
            _(
                "The value is {size} KB long; an icon cannot be that large (the limit is "
                "{limit} KB of SVG)."
            ).format(size=len(text) // 1024, limit=MAX_SVG_BYTES // 1024),
            code="SVG_TOO_LARGE",
        )
    value = _unwrap(text.strip())
    if not value:
        raise InvalidInputError(_("The icon is empty."), code="SVG_EMPTY")
    if value[:5].lower() == "data:":
        data = _decode_data_uri(value)
    elif value.startswith(("<", "\ufeff")):
        data = value.encode("utf-8", errors="surrogatepass")
    else:
        data = _decode_bare(value)
    if not _SVG_ROOT.match(data):
        raise InvalidInputError(_not_svg_message(data), code="SVG_NOT_SVG")
    return data


def import_svg(raw: bytes) -> ImportedIcon:
    """Check a file the user loaded, add a missing ``xmlns``, and collect notes about it."""
    notes: list[str] = []
    svg = raw
    try:
        info = inspect_svg(svg)
    except InvalidInputError as exc:
        if not (exc.code == "SVG_NOT_XML" and "unbound prefix" in exc.message):
            raise
        if b"xmlns:xlink" in svg or not _UNBOUND_XLINK.search(svg):
            raise
        svg = _insert_root_attribute(svg, f'xmlns:xlink="{XLINK_NS}"')
        notes.append(_("Added the missing xmlns:xlink declaration (the file uses xlink:href)."))
        info = inspect_svg(svg)
    if not info.has_xmlns:
        svg = _insert_root_attribute(svg, f'xmlns="{SVG_NS}"')
        notes.append(
            _('Added the missing xmlns="{namespace}": without it a browser paints nothing.').format(
                namespace=SVG_NS
            )
        )
        info = inspect_svg(svg)
    notes.extend(sentence for _code, sentence in icon_advice(info))
    length_note = data_image_too_long(encode_data_image(svg))
    if length_note:
        notes.append(length_note)
    if info.view_box is None and (info.width is None or info.height is None):
        notes.append(
            _(
                "The icon has no viewBox and no width/height, so browsers draw it at 300×150 and "
                "it may not scale to the tile; add a viewBox."
            )
        )
    return ImportedIcon(svg=svg, notes=tuple(notes))


def load_svg_file(path: Path, *, minify: bool = False) -> tuple[str, tuple[str, ...]]:
    """The ``DATA_IMAGE`` for the SVG file at ``path`` and the notes of :func:`import_svg`.

    Read by :func:`~gui.core.bounded_read.read_regular_file`: at most :data:`MAX_SVG_BYTES`, and
    never a FIFO, a device or a folder, so nothing can stall the caller. Every error is an
    :class:`InvalidInputError` naming the file.
    """
    raw = read_regular_file(
        path, max_bytes=MAX_SVG_BYTES, what=N_("an SVG icon"), code_prefix="SVG"
    )
    try:
        icon = import_svg(raw)
    except InvalidInputError as exc:
        # Translators: {problem} is a whole sentence about the file {path}.
        message = _("{path}: {problem}").format(path=path, problem=exc.message)
        raise InvalidInputError(message, code=exc.code) from None
    return encode_data_image(icon.svg, minify=minify), icon.notes


def tint_current_color(svg: bytes, color: str) -> bytes:
    """``svg`` with every ``currentColor`` replaced by ``color`` (any CSS colour).

    The colour is checked first, so the result is still well-formed XML and CSS: a value with
    quotes, angle brackets or semicolons could otherwise break out of an attribute or a style.
    """
    from gui.core.icon.css_values import parse_color

    text = color.strip()
    try:
        if not _SAFE_COLOR_TEXT.fullmatch(text):
            raise ValueError(_("it contains characters no CSS colour has"))
        parse_color(text)
    except ValueError as exc:
        raise InvalidInputError(
            _("Cannot tint the icon with {color}: {reason}").format(color=repr(color), reason=exc),
            code="TINT_COLOR_INVALID",
        ) from None
    return _CURRENT_COLOR.sub(text.encode("ascii"), svg)


def data_image_too_long(data_image: str) -> str | None:
    """Why ``data_image`` would show no icon for its length alone, or ``None`` when it fits."""
    if len(data_image) <= MAX_DATA_IMAGE_CHARS:
        return None
    return _(
        "The DATA_IMAGE value is {size} KB; Bitrix24 keeps about 64 KB of it, so it would be cut "
        "off and show no icon (encode-icon --minify shrinks it, or simplify the drawing)."
    ).format(size=f"{len(data_image) / 1024:.0f}")


def _unwrap(value: str) -> str:
    """Strip what users copy around the value: ``url(…)``, quotes, a trailing semicolon."""
    match = _CSS_URL.match(value)
    if match:
        value = next(g for g in match.groups() if g is not None).strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1].strip()
    return value


def _decode_data_uri(value: str) -> bytes:
    # The URL parser removes tabs and newlines anywhere in a URL (WHATWG URL, "basic URL parser").
    value = value.translate(_URL_TAB_NEWLINE)
    header, comma, body = value[5:].partition(",")
    if not comma:
        raise InvalidInputError(
            _(
                "The data URI has no comma, so it carries no image: it must look like "
                "data:image/svg+xml,<…>."
            ),
            code="SVG_BAD_DATA_URI",
        )
    params = [part.strip() for part in header.split(";")]
    media_type = params[0].lower()
    is_base64 = len(params) > 1 and params[-1].lower() == "base64"
    if media_type and media_type != "image/svg+xml":
        raise InvalidInputError(
            _(
                "The data URI holds {media_type}, not an SVG (image/svg+xml). Bitrix24 connector "
                "icons must be SVG."
            ).format(media_type=media_type),
            code="SVG_NOT_SVG",
        )
    if is_base64:
        return _base64_decode(_percent_decode(body))
    if "%u" in body or "%U" in body:
        return _escape_style_decode(body)
    return _percent_decode(body)


def _decode_bare(value: str) -> bytes:
    """A value without ``data:``: percent-encoded markup, or base64 of markup."""
    if "%" in value:
        return _escape_style_decode(value) if "%u" in value else _percent_decode(value)
    text = value.encode("utf-8", errors="surrogatepass")
    try:
        decoded = _base64_decode(value.encode("ascii"))
    except (InvalidInputError, UnicodeEncodeError):
        return text
    # Only take the base64 reading when it yields an SVG: "hello world" is valid base64 too.
    return decoded if _SVG_ROOT.match(decoded) else text


def _percent_decode(body: str) -> bytes:
    """WHATWG percent-decode: ``%XX`` becomes a byte; a ``%`` not followed by hex stays as is."""
    return urllib.parse.unquote_to_bytes(body.encode("utf-8", errors="surrogatepass"))


def _escape_style_decode(body: str) -> bytes:
    """JavaScript ``escape()`` output: ``%uXXXX`` and ``%XX`` are code points, UTF-8 encoded."""
    text = _ESCAPE_STYLE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), body)
    try:
        # Pairs of %uD8xx%uDCxx are UTF-16 surrogates: join them into one character.
        text = text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise InvalidInputError(
            _("The %uXXXX escapes contain a broken surrogate pair, so the text cannot be decoded."),
            code="SVG_BAD_DATA_URI",
        ) from None
    return text.encode("utf-8")


def _base64_decode(data: bytes) -> bytes:
    """Forgiving base64 (WHATWG): ASCII whitespace ignored, padding optional."""
    compact = re.sub(rb"[\t\n\f\r ]", b"", data)
    try:
        if len(compact) % 4 == 1 or not re.fullmatch(rb"[A-Za-z0-9+/]*={0,2}", compact):
            raise binascii.Error
        compact = compact.rstrip(b"=")
        return base64.b64decode(compact + b"=" * (-len(compact) % 4), validate=True)
    except binascii.Error:
        raise InvalidInputError(
            _("The data URI says base64, but its text is not valid base64."),
            code="SVG_BAD_DATA_URI",
        ) from None


def _not_svg_message(data: bytes) -> str:
    """Why decoded bytes are not an SVG, quoting how they start."""
    head = data.lstrip()[:24]
    if not head:
        return _(
            "This is not an SVG: after decoding, it does not start with an <svg> element (it is "
            "empty)."
        )
    shown = head.decode("ascii", errors="replace")
    shown = "".join(c if c.isprintable() and c != "\ufffd" else "?" for c in shown)
    return _(
        "This is not an SVG: after decoding, it does not start with an <svg> element (it starts "
        "with {start})."
    ).format(start=repr(shown))


def _insert_root_attribute(svg: bytes, attribute: str) -> bytes:
    match = _PLAIN_SVG_ROOT.match(svg)
    if match is None:
        raise InvalidInputError(
            _("Cannot find the <svg> start tag to add the missing namespace to."),
            code="SVG_NOT_SVG",
        )
    return svg[: match.end()] + b" " + attribute.encode("ascii") + svg[match.end() :]
