"""The DATA_IMAGE codec: what Bitrix24's CSS receives, what users paste back, what import tells.

The wire format is checked with a real CSS tokenizer (tinycss2) on the exact rule Bitrix24 writes,
``background-image: url('DATA_IMAGE');`` inside a ``<style>`` element (BITRIX.md §4); rendering
in a browser is checked in ``tests/integration/test_codec_in_chromium.py``.
"""

from __future__ import annotations

import base64
import re
import urllib.parse
from pathlib import Path

import pytest
import tinycss2
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.bench_icon_encoding import measure
from gui.core.errors import InvalidInputError
from gui.core.icon.codec import (
    PREFIX,
    decode_data_image,
    encode_data_image,
    import_svg,
    load_svg_file,
)
from gui.core.icon.svg_minify import minify_svg
from gui.core.icon.svg_safety import MAX_SVG_BYTES, WARN_SVG_BYTES, inspect_svg
from gui.core.model.connector import Connector, IconSpec
from gui.core.model.validation import Problem, Severity, validate_connector
from gui.core.paths import default_icon_path
from tests.sample_icons import SAMPLE_ICONS_DIR

ICON_DIR = SAMPLE_ICONS_DIR
SIMPLE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
    b'<rect fill="#fff" width="8" height="8"/></svg>'
)
TRICKY = (
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox=\"0 0 8 8\">\r\n\t<!-- a 'quote' \\ -->"
    '<text x="1" y="5">100% #1 café 😀 </style></text></svg>'
).encode()


def _icons() -> list[Path]:
    icons = sorted(ICON_DIR.rglob("*.svg"))
    assert len(icons) >= 50, f"the sample icons are missing from {ICON_DIR}"
    return icons


def _url_argument_in_bitrix_css(value: str, quote: str) -> str:
    """What a CSS parser reads from the rule Bitrix24 writes: the url's string argument."""
    css = (
        f".connector-icon{{background-color:#90be00;background-image:url({quote}{value}{quote});}}"
    )
    (rule,) = [r for r in tinycss2.parse_stylesheet(css) if r.type != "whitespace"]
    assert rule.type == "qualified-rule", f"the rule did not parse: {rule!r}"
    declarations = tinycss2.parse_blocks_contents(rule.content)
    image = next(
        d for d in declarations if d.type == "declaration" and d.name == "background-image"
    )
    tokens = [t for t in image.value if t.type != "whitespace"]
    assert len(tokens) == 1 and tokens[0].type == "function", tokens
    args = [t for t in tokens[0].arguments if t.type != "whitespace"]
    assert len(args) == 1 and args[0].type == "string", args
    text: str = args[0].value
    return text


def _assert_wire_safe(value: str) -> None:
    assert value.startswith(PREFIX)
    assert value.isascii()
    body = value[len(PREFIX) :]
    assert not re.search(r"['\"#\\\x00-\x1f\x7f]", body), "a character that must be encoded is raw"
    assert "</" not in body, "a raw </ could end Bitrix24's <style> element"
    assert not re.search(r"%(?![0-9A-F]{2})", body), "a % that is not an escape"
    assert not body.endswith(" "), "a URL parser would strip a trailing space"
    for quote in ("'", '"'):
        assert _url_argument_in_bitrix_css(value, quote) == value


# ---------------------------------------------------------------- encode


def test_encodes_exactly_what_must_be_encoded_and_nothing_more() -> None:
    value = encode_data_image(b"<svg a='1' b=\"2\">#%\\\r\n\t\x7f\xc3\xa9 >{}[]=/:;?&!()*+,@</svg>")
    assert value == (
        "data:image/svg+xml,<svg a=%271%27 b=%222%22>%23%25%5C%0D%0A%09%7F%C3%A9 "
        ">{}[]=/:;?&!()*+,@%3C/svg>"
    )


def test_trailing_space_is_kept_for_the_url_parser() -> None:
    assert encode_data_image(b"<svg/> ").endswith("/>%20")


def test_tricky_icon_is_wire_safe_and_round_trips() -> None:
    value = encode_data_image(TRICKY)
    _assert_wire_safe(value)
    assert "</style" not in value.lower()
    assert decode_data_image(value) == TRICKY


@given(st.binary(max_size=400))
def test_any_bytes_round_trip_and_stay_wire_safe(tail: bytes) -> None:
    svg = b"<svg " + tail
    value = encode_data_image(svg)
    _assert_wire_safe(value)
    assert decode_data_image(value) == svg


@given(st.text(max_size=200))
def test_any_text_round_trips_as_utf8(text: str) -> None:
    svg = f"<svg>{text}</svg>".encode("utf-8", errors="surrogatepass")
    assert decode_data_image(encode_data_image(svg)) == svg


def test_every_sample_icon_round_trips_exactly() -> None:
    for path in _icons():
        svg = path.read_bytes()
        value = encode_data_image(svg)
        _assert_wire_safe(value)
        assert decode_data_image(value) == svg, path.name


def test_length_targets_on_the_sample_icons() -> None:
    exact = measure(_icons(), minify=False)
    minified = measure(_icons(), minify=True)
    # Issue 13: exact at the floor (only "</" encodes a "<"), minified rewrites numbers too.
    assert exact.total <= 0.805, f"exact encoding is {exact.total:.3f}× base64"
    assert minified.total <= 0.60, f"minified encoding is {minified.total:.3f}× base64"


def test_minified_encoding_decodes_to_the_minified_svg() -> None:
    svg = (ICON_DIR / "breeze/apps__48__minuet.svg").read_bytes()
    value = encode_data_image(svg, minify=True)
    _assert_wire_safe(value)
    assert decode_data_image(value) == minify_svg(svg)
    assert len(value) < len(encode_data_image(svg)) * 0.75


def test_minify_refuses_what_is_not_an_svg() -> None:
    with pytest.raises(InvalidInputError) as error:
        encode_data_image(b"<html><body/></html>", minify=True)
    assert error.value.code == "SVG_NOT_SVG"


# ---------------------------------------------------------------- decode


def _js_escape(text: str) -> str:
    """JavaScript's ``escape()``, which the Bitrix24 docs' example uses."""
    out = []
    for char in text:
        code = ord(char)
        if char.isascii() and (char.isalnum() or char in "@*_+-./"):
            out.append(char)
        elif code < 256:
            out.append(f"%{code:02X}")
        elif code < 0x10000:
            out.append(f"%u{code:04X}")
        else:
            high, low = divmod(code - 0x10000, 0x400)
            out.append(f"%u{0xD800 + high:04X}%u{0xDC00 + low:04X}")
    return "".join(out)


PASTED_FORMS = {
    "ours": encode_data_image(TRICKY),
    "encodeURIComponent": PREFIX + urllib.parse.quote(TRICKY, safe=""),
    "charset": "data:image/svg+xml;charset=utf-8," + urllib.parse.quote(TRICKY, safe=""),
    "base64": "data:image/svg+xml;base64," + base64.b64encode(TRICKY).decode(),
    "charset base64": "data:image/svg+xml;charset=UTF-8;base64,"
    + base64.b64encode(TRICKY).decode(),
    "base64 unpadded, wrapped": "data:image/svg+xml;base64,"
    + "\n".join(re.findall(".{1,60}", base64.b64encode(TRICKY).decode().rstrip("="))),
    "escape()": "data:image/svg+xml;charset=US-ASCII," + _js_escape(TRICKY.decode()),
    "css url()": f"url('{encode_data_image(TRICKY)}');",
    "double-quoted": f'"{encode_data_image(TRICKY)}"',
    "upper-case scheme": "DATA:image/SVG+XML," + urllib.parse.quote(TRICKY, safe=""),
    "no prefix": urllib.parse.quote(TRICKY, safe=""),
    "raw markup": TRICKY.decode(),
    "bare base64": base64.b64encode(TRICKY).decode(),
}


@pytest.mark.parametrize("form", sorted(PASTED_FORMS))
def test_decodes_every_form_users_paste(form: str) -> None:
    assert decode_data_image(f"  {PASTED_FORMS[form]}\n") == TRICKY


def test_a_percent_that_is_not_an_escape_stays_literal_like_in_a_browser() -> None:
    assert decode_data_image("data:image/svg+xml,<svg width='100%'/>") == b"<svg width='100%'/>"


@pytest.mark.parametrize(
    ("pasted", "code", "words"),
    [
        ("data:image/png;base64,iVBORw0KGgo=", "SVG_NOT_SVG", "image/png"),
        ("data:image/svg+xml;base64,PGh0bWw+PC9odG1sPg==", "SVG_NOT_SVG", "<html>"),
        ("data:image/svg+xml;base64,not base64!", "SVG_BAD_DATA_URI", "base64"),
        ("data:image/svg+xml%3Csvg%3E", "SVG_BAD_DATA_URI", "comma"),
        ("data:image/svg+xml,%uD800", "SVG_BAD_DATA_URI", "surrogate"),
        ("hello world", "SVG_NOT_SVG", "hello"),
        ("   ", "SVG_EMPTY", "empty"),
        ("<svgfoo/>", "SVG_NOT_SVG", "<svgfoo"),
    ],
)
def test_decode_says_clearly_what_is_wrong(pasted: str, code: str, words: str) -> None:
    with pytest.raises(InvalidInputError) as error:
        decode_data_image(pasted)
    assert error.value.code == code
    assert words in error.value.message


def test_decode_refuses_a_gigantic_paste_without_working_on_it() -> None:
    with pytest.raises(InvalidInputError) as error:
        decode_data_image(PREFIX + "%3Csvg" + "a" * (4 * MAX_SVG_BYTES))
    assert error.value.code == "SVG_TOO_LARGE"


def test_decode_accepts_a_prolog_comments_and_a_prefixed_root() -> None:
    svg = (
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE svg [ ]>'
        b'<s:svg xmlns:s="http://www.w3.org/2000/svg"/>'
    )
    assert decode_data_image(encode_data_image(svg)) == svg


# ---------------------------------------------------------------- values as they would be sent


def wire_problems(value: str) -> list[Problem]:
    """What the validator says about ``value`` as sent in ``ICON.DATA_IMAGE`` (``DATA_IMAGE_*``
    codes: the text in Bitrix24's ``url('…')``; TRICKY's SVG itself is not well-formed)."""
    problems = validate_connector(Connector(icon=IconSpec(value)), check_render=False)
    return [
        problem
        for problem in problems
        if problem.field == "ICON.DATA_IMAGE" and problem.code.startswith("DATA_IMAGE_")
    ]


def test_our_encoding_has_no_wire_problems() -> None:
    assert wire_problems(encode_data_image(TRICKY)) == []
    assert wire_problems(PASTED_FORMS["encodeURIComponent"]) == []


@pytest.mark.parametrize(
    ("value", "code", "words"),
    [
        ("<svg/>", "DATA_IMAGE_RAW_SVG", ["must be a data URI"]),
        (
            "data:image/svg+xml,<svg fill='#fff'></svg>",
            "DATA_IMAGE_UNENCODED",
            ["' (ends Bitrix24's url", "# (cuts the image off", "</ (a raw </style>"],
        ),
        ("data:image/svg+xml,%3Csvg>\n%3C/svg>", "DATA_IMAGE_UNENCODED", ["line breaks"]),
        ("data:image/svg+xml,%3Csvg>\\%3C/svg>", "DATA_IMAGE_UNENCODED", ["\\ (a CSS escape)"]),
        (PASTED_FORMS["escape()"], "DATA_IMAGE_BAD_PERCENT", ["%uXXXX"]),
        (PREFIX + "a" * 70_000, "DATA_IMAGE_TOO_LONG", ["68 KB", "about 64 KB"]),
    ],
)
def test_values_that_break_in_bitrix24_are_named(value: str, code: str, words: list[str]) -> None:
    problems = wire_problems(value)
    assert [(p.code, p.severity) for p in problems] == [(code, Severity.ERROR)]
    for word in words:
        assert word in problems[0].message


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("data:image/svg+xml,%3Csvg>café%3C/svg>", "DATA_IMAGE_NON_ASCII"),
        (PASTED_FORMS["base64"], "DATA_IMAGE_BASE64"),
    ],
)
def test_values_that_work_but_are_not_the_documented_form_are_warnings(
    value: str, code: str
) -> None:
    problems = wire_problems(value)
    assert [(p.code, p.severity) for p in problems] == [(code, Severity.WARNING)]
    assert problems[0].message


# ---------------------------------------------------------------- minify


def test_minify_removes_only_what_cannot_change_rendering() -> None:
    svg = b"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape -->
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   viewBox="0  0 32
     32" inkscape:version="1.2">
  <!--! Licence: CC BY 4.0, keep this -->
  <metadata><dc:title>x</dc:title></metadata>
  <sodipodi:namedview id="base" inkscape:zoom="2"/>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer">
    <path d="M 1,2
       L 3 , 4 z" fill="url(#g)" sodipodi:nodetypes="cc"/>
    <use xlink:href="#g"/>
    <text x="1" y="2">Hello <tspan>big</tspan> world</text>
    <style><![CDATA[ rect { fill: red } ]]></style>
  </g>
</svg>
"""
    assert minify_svg(svg) == (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        b' viewBox="0 0 32 32"><!--! Licence: CC BY 4.0, keep this -->'
        b'<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient>'
        b'</defs><g><path d="M1 2 3 4z" fill="url(#g)"/><use xlink:href="#g"/>'
        b'<text x="1" y="2">Hello <tspan>big</tspan> world</text>'
        b"<style><![CDATA[ rect { fill: red } ]]></style></g></svg>"
    )


def test_minify_keeps_whitespace_inside_text_and_a_stylesheet_instruction() -> None:
    svg = (
        b'<?xml-stylesheet href="a.css"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<text>  <tspan>a</tspan>\n  <tspan>b</tspan></text></svg>"
    )
    out = minify_svg(svg)
    assert b"<?xml-stylesheet" in out
    assert b"<text>  <tspan>a</tspan>\n  <tspan>b</tspan></text>" in out


def test_minify_keeps_structure_when_the_style_sheet_can_see_it() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape='
        b'"http://www.inkscape.org/namespaces/inkscape"><!-- c -->\n'
        b"<style>rect:first-child{fill:red}</style>\n<metadata/>\n"
        b'<rect inkscape:label="a" width="1" height="1"/></svg>'
    )
    assert minify_svg(svg) == svg.replace(b"<!-- c -->", b"")


def test_minify_writes_utf8_when_it_drops_a_latin1_declaration() -> None:
    svg = '<?xml version="1.0" encoding="ISO-8859-1"?><svg><title>café</title></svg>'
    out = minify_svg(svg.encode("latin-1"))
    assert out == "<svg><title>café</title></svg>".encode()


def test_minify_is_idempotent_and_keeps_sample_icons_valid() -> None:
    for path in _icons():
        once = minify_svg(path.read_bytes())
        assert inspect_svg(once).has_xmlns == inspect_svg(path.read_bytes()).has_xmlns
        assert minify_svg(once) == once, path.name


# ---------------------------------------------------------------- import


def test_import_of_a_clean_icon_changes_nothing_and_says_nothing() -> None:
    icon = import_svg(SIMPLE)
    assert icon.svg == SIMPLE
    assert icon.notes == ()


def test_import_adds_the_missing_xmlns_and_says_so() -> None:
    icon = import_svg(b'<?xml version="1.0"?>\n<svg viewBox="0 0 8 8"><rect width="8"/></svg>')
    assert icon.svg == (
        b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
        b'<rect width="8"/></svg>'
    )
    assert any("xmlns" in note and "paints nothing" in note for note in icon.notes)
    assert inspect_svg(icon.svg).has_xmlns


def test_import_declares_xlink_when_the_file_uses_it_undeclared() -> None:
    icon = import_svg(b'<svg viewBox="0 0 8 8"><use xlink:href="#a"/></svg>')
    info = inspect_svg(icon.svg)
    assert info.has_xmlns
    assert b'xmlns:xlink="http://www.w3.org/1999/xlink"' in icon.svg
    assert len(icon.notes) == 2


def test_import_warns_about_heavy_icons_and_outside_references() -> None:
    padding = b"<!--" + b"x" * WARN_SVG_BYTES + b"-->"
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
        + padding
        + b'<image href="file:///etc/passwd"/><path fill="currentColor" d="M0 0h8v8z"/></svg>'
    )
    notes = " ".join(import_svg(svg).notes)
    assert "KB; Bitrix24 inlines it into every page" in notes
    assert "file:///etc/passwd" in notes and "not opened or fetched" in notes
    assert "currentColor" in notes


def test_import_says_when_the_value_will_not_fit_bitrix24s_column() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><path d="'
        + b"M0 0L1 1" * 9000
        + b'"/></svg>'
    )
    assert any("64 KB" in note for note in import_svg(svg).notes)


def test_import_refuses_hostile_or_foreign_files() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
        b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">'
        b"]><svg>&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;</svg>"
    )
    for raw, code in (
        (bomb, "SVG_ENTITIES"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "SVG_NOT_SVG"),
        (b"<svg>\xff</svg>", "SVG_BAD_ENCODING"),
        (b"<svg>" + b" " * MAX_SVG_BYTES + b"</svg>", "SVG_TOO_LARGE"),
    ):
        with pytest.raises(InvalidInputError) as error:
            import_svg(raw)
        assert error.value.code == code


def test_default_connector_icon_is_a_small_clean_white_glyph() -> None:
    svg = default_icon_path().read_bytes()
    info = inspect_svg(svg)
    assert info.has_xmlns and info.view_box
    assert import_svg(svg).notes == ()
    assert len(encode_data_image(svg)) < 400
    assert b'fill="#fff"' in svg


def test_load_svg_file_encodes_the_import_and_names_the_file_in_errors(tmp_path: Path) -> None:
    bare = tmp_path / "bare.svg"
    bare.write_bytes(b'<svg viewBox="0 0 8 8"><rect width="8" height="8"/></svg>')
    data_image, notes = load_svg_file(bare)
    assert data_image == encode_data_image(import_svg(bare.read_bytes()).svg)
    assert notes == import_svg(bare.read_bytes()).notes and notes
    huge = tmp_path / "huge.svg"
    huge.write_bytes(b"<svg>" + b" " * MAX_SVG_BYTES + b"</svg>")
    for path, code, words in (
        (huge, "SVG_TOO_LARGE", f"{huge}: the file is larger than 512 KB"),
        (tmp_path, "SVG_UNREADABLE", f"{tmp_path} is a folder"),
        (tmp_path / "nope.svg", "SVG_UNREADABLE", f"Cannot read {tmp_path / 'nope.svg'}"),
    ):
        with pytest.raises(InvalidInputError) as error:
            load_svg_file(path)
        assert (error.value.code, error.value.field) == (code, None)
        assert error.value.message.startswith(words)


def test_import_notes_say_what_validation_warns_in_the_same_words() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><!--'
        + b"x" * WARN_SVG_BYTES
        + b'--><image href="a.png"/><path fill="currentColor" d="M0 0h8v8z"/></svg>'
    )
    warnings = validate_connector(Connector(icon=IconSpec(encode_data_image(svg))))
    by_code = {p.code: p.message for p in warnings if p.field == "ICON.DATA_IMAGE"}
    notes = import_svg(svg).notes
    codes = ["SVG_CURRENT_COLOR", "SVG_EXTERNAL_REFERENCE", "ICON_LARGE"]
    for code, note in zip(codes, notes, strict=True):
        assert by_code[code] == f"ICON.DATA_IMAGE: {note}"
