"""Opt-in SVG minifier: removes what cannot change how a browser paints the icon, rounds what
cannot change it visibly.

Removed: comments (except ``<!--! … -->`` ones, the convention for licence and attribution
notices such as Font Awesome's CC BY credit), the XML declaration (the output is UTF-8), a
DOCTYPE without an internal subset, ``<metadata>``, elements and attributes in editor namespaces
(Inkscape, Sodipodi, Illustrator, Sketch, Serif, Figma, RDF/Dublin Core/Creative Commons),
namespace declarations nothing uses any more, whitespace between tags and inside tags, and
insignificant whitespace inside geometry attributes (``d``, ``points``, ``transform``, ``viewBox``).

When a ``<style>`` element uses selectors that can see document structure (``:nth-child``,
``:empty``, ``+``, ``~``, attribute selectors), no element, attribute or whitespace node is
removed, since that could change which rules match; only comments, the prolog and whitespace
inside tags go. Kept on purpose: everything inside text content (``<text>``, ``<tspan>``…),
``<style>``, ``<script>`` and ``<foreignObject>``, where whitespace can matter; ids; quotes as
written. The rewrite is token by token over the original text (no DOM round trip), so nothing
the tokenizer does not recognise is touched. Line breaks inside attribute values become spaces,
which the XML parser would have done anyway (attribute-value normalisation); CR LF becomes LF
likewise.

Values are written shorter too (:mod:`gui.core.icon.svg_attribute_minify`): path data, ``points``
and the geometry of basic shapes are rounded to the precision the icon needs and no finer, i.e.
no point moves by more than 1/20 px with the icon drawn 256 px wide
(:mod:`gui.core.icon.svg_numbers`). That precision follows the root's ``viewBox`` (or its
width/height) and every ``transform`` above the element, times what any ``<use>`` enlarges.
Where it cannot be known (inside ``<pattern>``, ``<marker>``, ``<symbol>``, nested ``<svg>``,
``<clipPath>``, ``<mask>``, gradients, filters and text; under a ``transform`` it cannot read;
in an icon whose CSS sets ``transform`` or that animates) numbers keep every digit and only
their spelling and the path commands get shorter. In careful mode (above) values are not
touched at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gui.core.errors import InternalError
from gui.core.i18n import _
from gui.core.icon.svg_attribute_minify import minify_attribute
from gui.core.icon.svg_numbers import PLAIN_NUMBER, decimals_for, transform_scale_bound
from gui.core.icon.svg_safety import SVG_NS, SvgInfo, inspect_svg

EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://inkscape.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://ns.adobe.com/AdobeIllustrator/10.0/",
        "http://ns.adobe.com/AdobeSVGViewerExtensions/3.0/",
        "http://ns.adobe.com/Graphs/1.0/",
        "http://ns.adobe.com/Extensibility/1.0/",
        "http://ns.adobe.com/Flows/1.0/",
        "http://ns.adobe.com/ImageReplacement/1.0/",
        "http://ns.adobe.com/GenericCustomNamespace/1.0/",
        "http://ns.adobe.com/XPath/1.0/",
        "http://ns.adobe.com/SaveForWeb/1.0/",
        "http://ns.adobe.com/Variables/1.0/",
        "http://www.bohemiancoding.com/sketch/ns",
        "http://www.serif.com/",
        "http://www.figma.com/figma/ns",
        "http://krita.org/namespaces/svg/krita",
        "http://purl.org/dc/elements/1.1/",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    }
)
"""Namespaces of editor bookkeeping and document metadata: browsers never render them."""

_KEEP_WHITESPACE = frozenset(
    {"text", "tspan", "textPath", "tref", "altGlyph", "style", "script", "foreignObject"}
)
_GEOMETRY = frozenset({"d", "points", "transform", "gradientTransform", "patternTransform"})
_TOKEN = re.compile(
    r"""(?P<comment><!--.*?-->)
      | (?P<cdata><!\[CDATA\[.*?\]\]>)
      | (?P<pi><\?.*?\?>)
      | (?P<doctype><!DOCTYPE(?:[^\[>]|\[[^\]]*\])*>)
      | (?P<end></[^>]*>)
      | (?P<start><(?:[^>"']|"[^"]*"|'[^']*')*>)
      | (?P<text>[^<]+)""",
    re.DOTALL | re.VERBOSE,
)
_NAME = re.compile(r"<([^\s/>]+)")
_ATTRIBUTE = re.compile(r"""([^\s=/>]+)\s*=\s*("[^"]*"|'[^']*')""")
_SPACES = re.compile(r"[ ]{2,}")
_COMMA_SPACES = re.compile(r" ?, ?")
_PATH_COMMAND_SPACES = re.compile(r" ?([MmZzLlHhVvCcSsQqTtAa]) ?")
_XML_DECLARATION = re.compile(r"<\?xml\s")
_STYLE_ELEMENT = re.compile(r"<(?:[\w.-]+:)?style\b[^>]*>(.*?)</(?:[\w.-]+:)?style\s*>", re.DOTALL)
_STRUCTURAL_SELECTOR = re.compile(r":(?:nth-|first-|last-|only-|empty)|[+~\[]")
_UNKNOWN_SCALE = frozenset(
    {
        "svg",
        "symbol",
        "pattern",
        "marker",
        "clipPath",
        "mask",
        "filter",
        "linearGradient",
        "radialGradient",
        "foreignObject",
        "text",
        "font",
        "glyph",
    }
)
"""Elements whose content is drawn at a scale the attributes above them do not tell."""
_USE = re.compile(r"<(?:[\w.-]+:)?use[\s/>]")
_CSS_TRANSFORM = re.compile(r"transform\s*:", re.IGNORECASE)
# SMIL runs in SVG images too: an animation can scale or move what the attributes say.
_ANIMATION = re.compile(r"<(?:[\w.-]+:)?(?:animate\w*|set)[\s/>]")
_VIEW_BOX = re.compile(r"\s*(\S+?)[\s,]+(\S+?)[\s,]+(\S+?)[\s,]+(\S+?)\s*")


@dataclass
class _StartTag:
    name: str
    attributes: list[tuple[str, str]]  # (name, value with its quotes)
    self_closing: bool

    def render(self, unused_prefixes: set[str]) -> str:
        attributes = "".join(
            f" {name}={value}"
            for name, value in self.attributes
            if not (name.startswith("xmlns:") and name[6:] in unused_prefixes)
        )
        return f"<{self.name}{attributes}{'/>' if self.self_closing else '>'}"


def minify_svg(svg: bytes) -> bytes:
    """``svg`` without comments, prolog, editor metadata and redundant whitespace (UTF-8 out).

    Raises :class:`~gui.core.errors.InvalidInputError` (via :func:`inspect_svg`) when ``svg`` is
    not a usable SVG: minifying needs to understand the markup.
    """
    info = inspect_svg(svg)
    # XML parsers turn CR LF and lone CR into LF before anything else, so this changes nothing.
    text = svg.decode(info.encoding).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    careful = _has_structural_css(text)
    unknown_scale = _CSS_TRANSFORM.search(text) or _ANIMATION.search(text)
    side = None if unknown_scale else _user_space_side(info)
    minifier = _Minifier(careful=careful, side=side, use_scale=_use_scale(text))
    for match in _TOKEN.finditer(text):
        minifier.feed(match.lastgroup or "text", match.group())
    out = minifier.result().encode("utf-8")
    try:
        inspect_svg(out)
    except Exception as exc:  # a minifier bug must not ship a broken icon
        raise InternalError(
            _("Minifying produced an invalid SVG ({reason}).").format(reason=exc)
        ) from exc
    return out


class _Minifier:
    """Walks the tokens once, keeping what can matter; namespace clean-up happens at the end."""

    def __init__(self, *, careful: bool, side: float | None, use_scale: float | None) -> None:
        # careful: the style sheet can see document structure (sibling positions, :empty,
        # attribute selectors), so no element, attribute or whitespace node is removed.
        self.careful = careful
        self.side = side  # the user space's smaller side at the root; None: unknown
        # Per open kept element: how much the user space is enlarged at most (None: unknown).
        self.scales: list[float | None] = [use_scale]
        self.pieces: list[str | _StartTag] = []
        self.declared: set[str] = set()  # prefixes with an xmlns:prefix declaration
        self.used: set[str] = set()  # prefixes some kept element or attribute uses
        self.scopes: list[dict[str, str]] = [{"xml": "http://www.w3.org/XML/1998/namespace"}]
        self.keep_ws: list[bool] = []  # per open kept element: does whitespace inside matter?
        self.skip_depth = 0  # > 0 while inside a removed element

    def feed(self, kind: str, token: str) -> None:
        if kind == "start":
            self._start(_parse_start(token))
        elif kind == "end":
            self._end(token)
        elif self.skip_depth:
            return
        elif not self.keep_ws:
            self._outside_root(kind, token)
        elif kind == "comment":
            if token.startswith("<!--!"):
                self.pieces.append(token)
        elif kind == "text" and not token.strip() and not (self.careful or self.keep_ws[-1]):
            return
        else:
            self.pieces.append(token)

    def result(self) -> str:
        unused = self.declared - self.used
        return "".join(p if isinstance(p, str) else p.render(unused) for p in self.pieces)

    def _start(self, tag: _StartTag) -> None:
        if self.skip_depth:
            self.skip_depth += 0 if tag.self_closing else 1
            return
        scope = dict(self.scopes[-1])
        for name, value in tag.attributes:
            if name == "xmlns":
                scope[""] = value[1:-1]
            elif name.startswith("xmlns:"):
                scope[name[6:]] = value[1:-1]
        namespace, local = _resolve(tag.name, scope, default=True)
        removable = namespace in EDITOR_NAMESPACES or (
            namespace in (SVG_NS, "") and local == "metadata"
        )
        if removable and not self.careful:
            self.skip_depth = 0 if tag.self_closing else 1
            return
        scale = self._scale(tag, local if namespace == SVG_NS else None)
        decimals = None if scale is None or self.side is None else decimals_for(self.side, scale)
        element = local if namespace == SVG_NS else ""
        tag.attributes = self._kept_attributes(tag.attributes, scope, element, decimals)
        self.used.add(_prefix(tag.name))
        self.pieces.append(tag)
        if not tag.self_closing:
            self.scales.append(scale)
            self.scopes.append(scope)
            inherited = bool(self.keep_ws) and self.keep_ws[-1]
            self.keep_ws.append(inherited or local in _KEEP_WHITESPACE)

    def _scale(self, tag: _StartTag, local: str | None) -> float | None:
        """How much ``tag``'s own coordinates are enlarged at most, ``None`` when unknown."""
        scale = self.scales[-1]
        is_root = len(self.scales) == 1
        if scale is None or local is None or (local in _UNKNOWN_SCALE and not is_root):
            return None
        transform = dict(tag.attributes).get("transform")
        if transform is None:
            return scale
        bound = transform_scale_bound(transform[1:-1])
        return None if bound is None else scale * bound

    def _kept_attributes(
        self,
        attributes: list[tuple[str, str]],
        scope: dict[str, str],
        element: str,
        decimals: int | None,
    ) -> list[tuple[str, str]]:
        """The attributes less editor ones, with insignificant whitespace removed and values
        written shorter (:func:`minify_attribute`; not in careful mode)."""
        kept: list[tuple[str, str]] = []
        for name, quoted in attributes:
            local = name
            if name.startswith("xmlns:"):
                self.declared.add(name[6:])
                if self.careful or scope.get(name[6:]) not in EDITOR_NAMESPACES:
                    kept.append((name, quoted))
                continue
            if name != "xmlns":
                namespace, local = _resolve(name, scope, default=False)
                if namespace in EDITOR_NAMESPACES and not self.careful:
                    continue
                self.used.add(_prefix(name))
            quote, value = quoted[0], quoted[1:-1]
            # Attribute-value normalisation turns literal tabs and line breaks into spaces anyway.
            value = value.replace("\t", " ").replace("\n", " ")
            if local in _GEOMETRY or local == "viewBox":
                value = _COMMA_SPACES.sub(",", _SPACES.sub(" ", value.strip()))
            if local == "d":
                # Path grammar: space next to a command letter is optional ("M 1 2 L" = "M1 2L").
                value = _PATH_COMMAND_SPACES.sub(r"\1", value)
            if element and not self.careful and name == local:
                value = minify_attribute(element, local, value, decimals)
            kept.append((name, f"{quote}{value}{quote}"))
        return kept

    def _end(self, token: str) -> None:
        if self.skip_depth:
            self.skip_depth -= 1
            return
        self.pieces.append(f"</{token[2:-1].strip()}>")
        self.scales.pop()
        self.scopes.pop()
        self.keep_ws.pop()

    def _outside_root(self, kind: str, token: str) -> None:
        # Comments, the XML declaration, a plain DOCTYPE and whitespace go. Other processing
        # instructions (xml-stylesheet) and a DOCTYPE with an internal subset (attribute
        # defaults) can change rendering, so they stay.
        droppable = (
            kind == "text"
            or (kind == "comment" and not token.startswith("<!--!"))
            or (kind == "pi" and _XML_DECLARATION.match(token) is not None)
            or (kind == "doctype" and "[" not in token)
        )
        if not droppable:
            self.pieces.append(token)


def _user_space_side(info: SvgInfo) -> float | None:
    """The smaller side of the root's user space (viewBox, else width/height), if plain."""
    sides: list[str | None] = [info.width, info.height]
    if info.view_box is not None:
        match = _VIEW_BOX.fullmatch(info.view_box)
        sides = [match.group(3), match.group(4)] if match else [None]
    numbers = [PLAIN_NUMBER.fullmatch(side.removesuffix("px")) if side else None for side in sides]
    if not all(numbers):
        return None
    smaller = min(float(match.group(1)) for match in numbers if match)
    return smaller if smaller > 0 else None


def _use_scale(text: str) -> float | None:
    """How much ``<use>`` elements enlarge what they copy, at most (``None``: unknown).

    A copied element is drawn under the ``<use>``'s transforms rather than its own ancestors';
    the bound is squared to cover one copy of a copy.
    """
    if not _USE.search(text):
        return 1.0
    largest = 1.0
    scales: list[float | None] = [1.0]
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "end":
            scales.pop()
        elif kind == "start":
            tag = _parse_start(match.group())
            transform = dict(tag.attributes).get("transform")
            bound = 1.0 if transform is None else transform_scale_bound(transform[1:-1])
            parent = scales[-1]
            scale = None if parent is None or bound is None else parent * bound
            if tag.name.rpartition(":")[2] == "use":
                if scale is None:
                    return None
                largest = max(largest, scale)
            if not tag.self_closing:
                scales.append(scale)
    return largest * largest


def _has_structural_css(text: str) -> bool:
    """Does a ``<style>`` element use selectors that depend on siblings, emptiness or attributes?"""
    sheets = (
        css.replace("<![CDATA[", "").replace("]]>", "") for css in _STYLE_ELEMENT.findall(text)
    )
    return any(_STRUCTURAL_SELECTOR.search(css) for css in sheets)


def _parse_start(token: str) -> _StartTag:
    name_match = _NAME.match(token)
    if name_match is None:  # cannot happen: the tokenizer only runs on well-formed XML
        raise InternalError(_("Unexpected start tag {tag}").format(tag=repr(token[:40])))
    body = token[name_match.end() : -1]
    attributes = [(m.group(1), m.group(2)) for m in _ATTRIBUTE.finditer(body)]
    return _StartTag(name_match.group(1), attributes, body.rstrip().endswith("/"))


def _prefix(name: str) -> str:
    return name.partition(":")[0] if ":" in name else ""


def _resolve(name: str, scope: dict[str, str], *, default: bool) -> tuple[str, str]:
    prefix, colon, local = name.partition(":")
    if not colon:
        return (scope.get("", "") if default else ""), name
    return scope.get(prefix, ""), local
