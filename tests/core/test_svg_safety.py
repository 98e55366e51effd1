"""Untrusted SVG: safe parsing, what it reports, and that nothing outside the file is ever read.

The hostile inputs are the classic ones: entity bombs, external entities (XXE) pointing at a
secret file or a loopback listener, references to ``file:``/``http:`` resources, huge files,
foreign formats, broken encodings. "Not read" is proved the way an attacker would notice: a
listener that counts connections, and a secret file whose contents or pixels would show.
"""

from __future__ import annotations

import base64
import socket
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import cairosvg
import pytest

from gui.core.errors import InvalidInputError
from gui.core.icon.svg_safety import MAX_SVG_BYTES, inspect_svg
from gui.core.icon.tile import decode_png_rgba

SECRET = "s3cr3t-token-do-not-leak"
RED = (255, 0, 0, 255)


def _png(width: int, height: int, rgba: tuple[int, int, int, int]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + bytes(rgba) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


class Listener:
    """A loopback TCP listener that never answers; ``connections()`` says whether anyone came."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(8)
        self.socket.setblocking(False)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"

    def connections(self) -> int:
        # Calls under test are synchronous: a connection they made is already in the backlog.
        count = 0
        while True:
            try:
                peer, _address = self.socket.accept()
            except BlockingIOError:
                return count
            peer.close()
            count += 1


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    try:
        yield server
    finally:
        server.socket.close()


@pytest.fixture
def secrets_dir(tmp_path: Path) -> Path:
    (tmp_path / "id_rsa").write_text(SECRET + "\n")
    (tmp_path / "secret.png").write_bytes(_png(4, 4, RED))
    (tmp_path / "secret.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"><rect id="r" width="40" height="40" fill="red"/>'
        f"<text>{SECRET}</text></svg>"
    )
    return tmp_path


# ---------------------------------------------------------------- what inspect_svg reports


def test_reports_what_validation_needs() -> None:
    info = inspect_svg(
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="24" height="20" '
        b'viewBox="0 0 24 20"><path fill="currentColor" d="M0 0h1v1z"/></svg>'
    )
    assert (info.has_xmlns, info.width, info.height, info.view_box) == (
        True,
        "24",
        "20",
        "0 0 24 20",
    )
    assert info.uses_current_color
    assert info.external_refs == ()
    assert info.encoding == "utf-8"


def test_reports_a_missing_xmlns_and_current_color_in_a_style_sheet() -> None:
    info = inspect_svg(b"<svg><style>path{fill:CurrentColor}</style><path d='M0 0'/></svg>")
    assert not info.has_xmlns
    assert info.uses_current_color
    assert info.view_box is None


def test_lists_outside_references_and_ignores_internal_ones() -> None:
    info = inspect_svg(
        b'<?xml-stylesheet href="http://evil.example/a.css"?>'
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<style>@import "https://fonts.example/f.css"; rect{fill:url(#g)}</style>'
        b'<image xlink:href="file:///etc/passwd"/><use href="#local"/>'
        b'<rect style="fill:url(http://127.0.0.1:9/x.svg#p)"/>'
        b'<image href="data:image/png;base64,AAAA"/></svg>'
    )
    assert set(info.external_refs) == {
        "http://evil.example/a.css",
        "https://fonts.example/f.css",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.svg#p",
    }


def test_an_external_dtd_is_allowed_and_not_fetched(listener: Listener) -> None:
    svg = (
        f'<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "{listener.url}/svg11.dtd">'
        '<svg xmlns="http://www.w3.org/2000/svg"/>'
    ).encode()
    assert inspect_svg(svg).has_xmlns
    assert listener.connections() == 0


def test_a_declared_latin1_document_is_accepted() -> None:
    svg = '<?xml version="1.0" encoding="ISO-8859-1"?><svg><title>café</title></svg>'
    assert inspect_svg(svg.encode("latin-1")).encoding == "iso-8859-1"


# ---------------------------------------------------------------- what inspect_svg refuses


def _refusal(data: bytes) -> InvalidInputError:
    with pytest.raises(InvalidInputError) as error:
        inspect_svg(data)
    return error.value


def test_an_entity_bomb_is_refused_before_it_expands() -> None:
    levels = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10 if i else "lol"}">' for i in range(12))
    error = _refusal(f"<!DOCTYPE svg [{levels}]><svg>&e11;</svg>".encode())
    assert error.code == "SVG_ENTITIES"
    assert "ENTITY" in error.message


def test_external_entities_read_nothing(secrets_dir: Path, listener: Listener) -> None:
    for system_id in ((secrets_dir / "id_rsa").as_uri(), f"{listener.url}/x"):
        for doctype in (
            f'<!DOCTYPE svg [<!ENTITY x SYSTEM "{system_id}">]><svg>&x;</svg>',
            f'<!DOCTYPE svg [<!ENTITY % p SYSTEM "{system_id}"> %p;]><svg/>',
        ):
            error = _refusal(doctype.encode())
            assert error.code == "SVG_ENTITIES"
            assert SECRET not in error.message
    assert listener.connections() == 0


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"", "SVG_EMPTY", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "SVG_NOT_SVG", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "SVG_NOT_SVG", "JPEG"),
        (b"\x1f\x8b\x08\x00", "SVG_NOT_SVG", "gzip"),
        (b"<!doctype html><html><body>hi</body></html>", "SVG_NOT_XML", "line 1"),
        (b"<html><body/></html>", "SVG_NOT_SVG", "<html>"),
        (b'{"ID": "x"}', "SVG_NOT_XML", "not a well-formed"),
        (b"<svg><g></svg>", "SVG_NOT_XML", "mismatched tag"),
        (b"<svg>caf\xe9</svg>", "SVG_BAD_ENCODING", "offset 8"),
        ("<svg/>".encode("utf-16"), "SVG_BAD_ENCODING", "UTF-16"),
        (b'<?xml version="1.0" encoding="klingon"?><svg/>', "SVG_BAD_ENCODING", "klingon"),
        (b'<svg xmlns="http://www.w3.org/1999/xhtml"/>', "SVG_WRONG_NAMESPACE", "xhtml"),
    ],
)
def test_refuses_what_is_not_a_usable_svg_with_a_plain_reason(
    data: bytes, code: str, words: str
) -> None:
    error = _refusal(data)
    assert error.code == code
    assert words in error.message


def test_a_gigantic_file_is_refused_by_its_size() -> None:
    error = _refusal(b"<svg>" + b"<g>" * MAX_SVG_BYTES)
    assert error.code == "SVG_TOO_LARGE"
    assert f"{MAX_SVG_BYTES // 1024} KB" in error.message


def test_deep_nesting_within_the_cap_is_parsed_not_crashed() -> None:
    depth = 20_000
    info = inspect_svg(b"<svg>" + b"<g>" * depth + b"</g>" * depth + b"</svg>")
    assert not info.has_xmlns


# ---------------------------------------------------------------- cairosvg never reaches outside


def _render(svg: str) -> tuple[int, int, bytes]:
    return decode_png_rgba(cairosvg.svg2png(bytestring=svg.encode(), output_width=40))


def _red_pixels(rgba: bytes) -> int:
    return sum(1 for i in range(0, len(rgba), 4) if rgba[i : i + 4] == bytes(RED))


def test_cairosvg_is_a_version_that_does_not_fetch() -> None:
    version = tuple(int(part) for part in cairosvg.__version__.split(".")[:3])
    assert version >= (2, 7, 1)


def test_cairosvg_does_not_read_file_or_http_references(
    secrets_dir: Path, listener: Listener
) -> None:
    head = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="40" height="40">'
    )
    png_uri = (secrets_dir / "secret.png").as_uri()
    svg_uri = (secrets_dir / "secret.svg").as_uri()
    hostile = [
        f'<image xlink:href="{png_uri}" width="40" height="40"/>',
        f'<image href="{listener.url}/a.png" width="40" height="40"/>',
        f'<use xlink:href="{svg_uri}#r"/>',
        f'<use href="{listener.url}/b.svg#r"/>',
        f'<rect width="40" height="40" fill="url({svg_uri}#g)"/>',
        f'<style>@import url("{listener.url}/c.css");</style><rect width="40" height="40"/>',
    ]
    for body in hostile:
        _w, _h, rgba = _render(head + body + "</svg>")
        assert _red_pixels(rgba) == 0, f"the secret file's pixels appeared for {body}"
        assert SECRET.encode() not in rgba
    assert listener.connections() == 0


def test_the_pixel_check_would_see_an_image_that_was_loaded() -> None:
    """Control for the test above: the same image inline *is* painted red."""
    inline = "data:image/png;base64," + base64.b64encode(_png(4, 4, RED)).decode()
    _w, _h, rgba = _render(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
        f'<image href="{inline}" width="40" height="40"/></svg>'
    )
    assert _red_pixels(rgba) > 100
