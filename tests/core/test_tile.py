"""The tile: Bitrix24's colours and fallbacks, the image's box and place, browser rules, errors.

Pixel-level agreement with a real browser is ``tests/integration/test_tile_fidelity.py``; these
tests pin what a user sees without one: which colour, which pixels the icon covers, what happens
when a value is missing or wrong.
"""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest

from gui.core.errors import InvalidInputError
from gui.core.icon.codec import encode_data_image
from gui.core.icon.css_values import parse_background_size
from gui.core.icon.tile import (
    ACTIVE_COLOR,
    DISABLED_COLOR,
    decode_png_rgba,
    effective_icon,
    render_connector_tile,
    render_tile,
)
from gui.core.icon.tile_geometry import IntrinsicSize, concrete_size
from gui.core.model.connector import Connector, IconSpec

BLACK_SQUARE = encode_data_image(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#000"/></svg>'
)
WHITE_SQUARE = encode_data_image(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#fff"/></svg>'
)


class Tile:
    """A decoded tile PNG, addressed by pixel."""

    def __init__(self, png: bytes) -> None:
        self.width, self.height, self.rgba = decode_png_rgba(png)

    def at(self, x: int, y: int) -> tuple[int, int, int, int]:
        offset = (y * self.width + x) * 4
        red, green, blue, alpha = self.rgba[offset : offset + 4]
        return red, green, blue, alpha

    def covered(self, colour: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
        """Bounding box ``(x0, y0, x1, y1)`` (inclusive) of the pixels exactly ``colour``."""
        hits = [
            (x, y) for y in range(self.height) for x in range(self.width) if self.at(x, y) == colour
        ]
        if not hits:
            return None
        xs = [x for x, _ in hits]
        ys = [y for _, y in hits]
        return min(xs), min(ys), max(xs), max(ys)


BLACK = (0, 0, 0, 255)
ACTIVE = (0x90, 0xBE, 0x00, 255)
DISABLED = (0xEB, 0xEF, 0xF2, 255)


def test_empty_colour_is_bitrix_default_and_tile_is_44_px_square() -> None:
    tile = Tile(render_tile(IconSpec(data_image=BLACK_SQUARE, size="10px")))
    assert (tile.width, tile.height) == (44, 44)
    assert tile.at(0, 0) == ACTIVE
    assert tile.at(43, 43) == ACTIVE
    assert tile.at(22, 22) == BLACK


def test_colour_and_size_options() -> None:
    tile = Tile(
        render_tile(IconSpec(data_image=BLACK_SQUARE, color="rgb(47 198 246)", size="0"), px=128)
    )
    assert (tile.width, tile.height) == (128, 128)
    assert tile.at(64, 64) == (47, 198, 246, 255)
    half = Tile(render_tile(IconSpec(color="#ff000080"), px=4))
    assert half.at(1, 1)[3] in (127, 128)


def test_round_tile_is_a_circle_on_transparency() -> None:
    tile = Tile(render_tile(IconSpec(data_image=WHITE_SQUARE, size="cover"), round=True))
    assert tile.at(0, 0)[3] == 0
    assert tile.at(43, 0)[3] == 0
    assert tile.at(22, 1) == (255, 255, 255, 255)
    assert tile.at(22, 22) == (255, 255, 255, 255)


def test_empty_size_and_position_mean_full_width_centred() -> None:
    wide = encode_data_image(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10">'
        b'<rect width="20" height="10"/></svg>'
    )
    tile = Tile(render_tile(IconSpec(data_image=wide)))
    assert tile.covered(BLACK) == (0, 11, 43, 32)


@pytest.mark.parametrize(
    ("size", "position", "box"),
    [
        ("10px", "left top", (0, 0, 9, 9)),
        ("10px", "right bottom", (34, 34, 43, 43)),
        ("10px", "right 10% bottom", (31, 34, 40, 43)),
        ("10px", "left 5px top", (5, 0, 14, 9)),
        ("10px", "right 3px top 4px", (31, 4, 40, 13)),
        ("10px", "30% 70%", (10, 24, 19, 33)),
        ("10px", "center", (17, 17, 26, 26)),
        ("20px 10px", "0 0", (5, 0, 14, 9)),  # the viewBox is fitted xMidYMid meet
        ("50%", "100% 0", (22, 0, 43, 21)),
        ("contain", "", (0, 0, 43, 43)),
        ("10.5px", "0 0", (0, 0, 10, 10)),
        ("10.4px", "0.6px 0", (1, 0, 10, 9)),
    ],
)
def test_size_and_position_place_the_icon(
    size: str, position: str, box: tuple[int, int, int, int]
) -> None:
    tile = Tile(render_tile(IconSpec(data_image=BLACK_SQUARE, size=size, position=position)))
    assert tile.covered(BLACK) == box


def test_auto_uses_svg_size_and_viewbox_only_fills_like_contain() -> None:
    sized = encode_data_image(
        b'<svg xmlns="http://www.w3.org/2000/svg" width="12" height="8" viewBox="0 0 3 2">'
        b'<rect width="3" height="2"/></svg>'
    )
    assert Tile(render_tile(IconSpec(data_image=sized, size="auto", position="0 0"))).covered(
        BLACK
    ) == (0, 0, 11, 7)
    ratio_only = encode_data_image(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 1"><rect width="2" height="1"/>'
        b"</svg>"
    )
    assert Tile(render_tile(IconSpec(data_image=ratio_only, size="auto"))).covered(BLACK) == (
        0,
        11,
        43,
        32,
    )


@pytest.mark.parametrize(
    ("intrinsic", "size", "expected"),
    [
        (IntrinsicSize(20, 10, 2), "auto", (20, 10)),
        (IntrinsicSize(None, None, 2), "auto", (44, 22)),
        (IntrinsicSize(None, None, None), "auto", (44, 44)),
        (IntrinsicSize(20, None, None), "auto", (20, 44)),
        (IntrinsicSize(20, 10, 2), "40px", (40, 20)),
        (IntrinsicSize(None, None, 0.5), "auto 30px", (15, 30)),
        (IntrinsicSize(20, None, None), "auto 30px", (20, 30)),
        (IntrinsicSize(20, 10, 2), "cover", (88, 44)),
        (IntrinsicSize(None, None, None), "contain", (44, 44)),
        (IntrinsicSize(20, 10, 2), "50% 25%", (22, 11)),
    ],
)
def test_css_images_default_sizing(
    intrinsic: IntrinsicSize, size: str, expected: tuple[float, float]
) -> None:
    assert concrete_size(intrinsic, parse_background_size(size), 44, 44) == expected


def test_current_color_paints_black() -> None:
    svg = encode_data_image(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b'<rect width="10" height="10" fill="currentColor"/></svg>'
    )
    tile = Tile(render_tile(IconSpec(data_image=svg, color="#fff", size="50%")))
    assert tile.at(22, 22) == BLACK


def test_svg_without_namespace_paints_nothing_like_a_browser() -> None:
    svg = "data:image/svg+xml," + '<svg viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
    tile = Tile(render_tile(IconSpec(data_image=svg.replace("<", "%3C"))))
    assert tile.covered(ACTIVE) == (0, 0, 43, 43)


def test_blend_modes_stay_inside_the_icon() -> None:
    """``mix-blend-mode`` blends with the icon's own content, never with the tile colour."""
    svg = encode_data_image(
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b'<rect x="5" width="5" height="10" fill="#808080"/>'
        b'<rect width="10" height="10" fill="#ff0000" style="mix-blend-mode: multiply"/></svg>'
    )
    tile = Tile(render_tile(IconSpec(data_image=svg, color="#0000ff", size="cover")))
    assert tile.at(5, 22) == (255, 0, 0, 255)  # over nothing: the red itself, not red × blue
    assert tile.at(38, 22) == (128, 0, 0, 255)  # over grey: multiplied


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []  # noqa: RUF012 - one list per test server, reset by the fixture

    def do_GET(self) -> None:
        self.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture
def loopback_server() -> Iterator[str]:
    _Recorder.requests = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_external_references_are_never_fetched(loopback_server: str) -> None:
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="0 0 10 10"><image href="{loopback_server}/a.png" width="10" height="10"/>'
        f'<image xlink:href="{loopback_server}/b.svg" width="10" height="10"/>'
        f'<rect width="10" height="10" fill="url({loopback_server}/c.svg#p)"/>'
        '<image href="file:///etc/passwd" width="10" height="10"/></svg>'
    )
    render_tile(IconSpec(data_image=encode_data_image(svg.encode())))
    assert _Recorder.requests == []


def test_disabled_tile_borrows_active_image_with_its_own_look() -> None:
    connector = Connector(
        icon=IconSpec(data_image=BLACK_SQUARE, color="#ff0000", size="10px"),
        icon_disabled=IconSpec(size="20px", position="left top"),
    )
    borrowed = effective_icon(connector, disabled=True)
    assert borrowed.data_image == BLACK_SQUARE
    assert (borrowed.color, borrowed.size, borrowed.position) == ("", "20px", "left top")
    tile = Tile(render_connector_tile(connector, disabled=True))
    assert tile.at(43, 43) == DISABLED
    assert tile.covered(BLACK) == (0, 0, 19, 19)
    active = Tile(render_connector_tile(connector))
    assert active.at(0, 0) == (255, 0, 0, 255)
    assert active.covered(BLACK) == (17, 17, 26, 26)


def test_disabled_tile_uses_its_own_image_when_it_has_one() -> None:
    connector = Connector(
        icon=IconSpec(data_image=BLACK_SQUARE),
        icon_disabled=IconSpec(data_image=WHITE_SQUARE, size="10px"),
    )
    assert effective_icon(connector, disabled=True).data_image == WHITE_SQUARE
    tile = Tile(render_connector_tile(connector, disabled=True, round=True))
    assert tile.at(22, 22) == (255, 255, 255, 255)
    assert tile.at(22, 5) == DISABLED
    assert tile.at(0, 0)[3] == 0


def test_defaults_are_bitrix_colours() -> None:
    assert (ACTIVE_COLOR, DISABLED_COLOR) == ("#90be00", "#ebeff2")


@pytest.mark.parametrize(
    ("icon", "field", "code"),
    [
        (IconSpec(data_image=BLACK_SQUARE, size="-1px"), "ICON.SIZE", "CSS_INVALID"),
        (IconSpec(data_image=BLACK_SQUARE, position="top 10px"), "ICON.POSITION", "CSS_INVALID"),
        (IconSpec(data_image=BLACK_SQUARE, color="grene"), "ICON.COLOR", "CSS_INVALID"),
        (IconSpec(data_image="data:image/svg+xml,hello"), "ICON.DATA_IMAGE", None),
        (
            IconSpec(data_image="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'"),
            "ICON.DATA_IMAGE",
            None,
        ),
    ],
)
def test_bad_input_names_its_field(icon: IconSpec, field: str, code: str | None) -> None:
    with pytest.raises(InvalidInputError) as caught:
        render_tile(icon)
    assert caught.value.field == field
    assert field in caught.value.message or caught.value.message
    if code:
        assert caught.value.code == code


def test_disabled_errors_name_the_field_the_value_came_from() -> None:
    broken = "data:image/svg+xml,hello"
    borrowed = Connector(icon=IconSpec(data_image=broken), icon_disabled=IconSpec(size="9px"))
    with pytest.raises(InvalidInputError) as caught:
        render_connector_tile(borrowed, disabled=True)
    assert caught.value.field == "ICON.DATA_IMAGE"
    own = Connector(icon=IconSpec(data_image=BLACK_SQUARE), icon_disabled=IconSpec(size="9"))
    with pytest.raises(InvalidInputError) as caught:
        render_connector_tile(own, disabled=True)
    assert caught.value.field == "ICON_DISABLED.SIZE"


@pytest.mark.parametrize("px", [0, -4, 5000])
def test_tile_size_out_of_range(px: int) -> None:
    with pytest.raises(InvalidInputError, match="tile size"):
        render_tile(IconSpec(data_image=BLACK_SQUARE), px=px)


def test_importing_the_renderer_does_not_load_cairosvg() -> None:
    """The window imports the core at start-up; cairosvg (~200 ms) must wait for the first tile."""
    code = (
        "import sys, gui.core.icon.tile; "
        "print(*(name in sys.modules for name in ('cairosvg', 'cairocffi', 'PySide6')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == ["False", "False", "False"]


def test_png_reads_back_with_straight_alpha() -> None:
    """cairo keeps pixels premultiplied and native-endian; the reader gives the PNG's RGBA."""
    png = render_tile(IconSpec(color="rgb(200 100 50 / 50%)"), px=3)
    width, height, rgba = decode_png_rgba(png)
    assert (width, height, len(rgba)) == (3, 3, 36)
    red, green, blue, alpha = rgba[16:20]
    assert abs(alpha - 128) <= 1
    assert max(abs(red - 200), abs(green - 100), abs(blue - 50)) <= 1
    with pytest.raises(ValueError, match="PNG"):
        decode_png_rgba(b"GIF89a")
