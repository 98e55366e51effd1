"""Every encoded sample icon paints exactly like the original file in headless Chromium.

Bitrix24 writes ``background-image: url('DATA_IMAGE');`` into a ``<style>`` element (BITRIX.md
§4), so that is how the values are painted here: one page, one 48×48 cell per icon and variant,
the same CSS as the portal's base style, then the screenshot is cropped. The
reference cell loads the original file through a ``file:`` URL with the same CSS. The exact
encoding is checked inside ``url('…')`` and ``url("…")`` and must paint pixel for pixel like the
file. The minified one rounds coordinates to the precision the icon needs, so it is held to
:data:`MINIFIED_MEAN_LIMIT` per tile instead, at 44 px (Bitrix24's tile) and 256 px (the largest
drawn). Each variant is painted on its own page with the same layout (see :func:`_page`).

A control column leaves ``#`` raw, as naive encoders do; it must *differ* from the reference for
some icons, proving the comparison can see a broken encoding. An adversarial icon
(:data:`ADVERSARIAL`) joins the samples: raw ``<`` in comments, CDATA and tags, ``</style>`` in
every place XML allows it, both quotes, ``#``, ``%``, ``\\``, non-ASCII and a trailing space. The
encoder leaves a ``<`` raw unless it starts ``</``; a second control leaves ``</`` raw too and
must break the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gui.core.icon.codec import encode_data_image, import_svg
from gui.core.icon.svg_safety import inspect_svg
from gui.core.icon.tile import decode_png_rgba
from tests.browser import screenshot_html
from tests.sample_icons import SAMPLE_ICONS_DIR

pytestmark = pytest.mark.chromium

ICON_DIR = SAMPLE_ICONS_DIR
CELL = 48
MINIFIED_CELLS = (44, 256)
MINIFIED_MEAN_LIMIT = 0.5
"""Largest mean absolute difference per RGB channel (0..255) of a minified icon's tile."""
PER_ROW = 12
BACKGROUND = (255, 0, 255, 255)
VARIANTS = (
    "file",
    "exact_single",
    "exact_double",
    "minified",
    "imported",
    "raw_hash",
    "raw_end_tag",
)
ADVERSARIAL = (
    """<?xml version="1.0" encoding="UTF-8"?>
<!-- </style><style>.cell{background:#00f!important}</style> 'single' "double" #1 100% \\ -->
<!DOCTYPE svg>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><style><![CDATA[
  .a { fill: #e53935 } .b { fill: #1e88e5 } /* </style> <style> a<b <!-- --> */
]]></style><title>a &lt; b &lt;/style&gt; café 😀 </title>
<rect class="a" width="24" height="48"/><path class="b" d='M24 0h24v48H24z'/>
<circle cx="24" cy="24" r="9" fill='#fff' stroke="rgb(0 0 0 / 50%)"/><!--</STYLE >--></svg>
 """
).encode()
"""Everything that could end Bitrix24's ``<style>`` or its ``url('…')`` string, in a real icon."""


@pytest.fixture(scope="module")
def adversarial_icon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("icons") / "adversarial.svg"
    path.write_bytes(ADVERSARIAL)
    return path


def _icons() -> list[Path]:
    icons = sorted(ICON_DIR.rglob("*.svg"))
    assert len(icons) >= 50, f"the sample icons are missing from {ICON_DIR}"
    return icons


def _naive_encoding(svg: bytes) -> str:
    """What popular minimal encoders emit: like ours, but ``#`` left raw."""
    return encode_data_image(svg).replace("%23", "#")


def _css_urls(path: Path) -> dict[str, str]:
    svg = path.read_bytes()
    exact = encode_data_image(svg)
    assert "</" not in exact
    return {
        "file": f"url('{path.as_uri()}')",
        "exact_single": f"url('{exact}')",
        "exact_double": f'url("{exact}")',
        "minified": f"url('{encode_data_image(svg, minify=True)}')",
        "imported": f"url('{encode_data_image(import_svg(svg).svg)}')",
        "raw_hash": f"url('{_naive_encoding(svg)}')",
        "raw_end_tag": f"url('{exact.replace('%3C/', '</')}')",
    }


def _page(icons: list[Path], variant: str, cell: int = CELL) -> tuple[str, int, int]:
    """One variant of every icon; each variant gets the same layout so pixels line up exactly.

    Chromium's rasteriser is not translation-invariant (tile edges move antialiasing by a few
    levels), so cells are only ever compared with the cell at the same place on another page.
    """
    rules = []
    cells = []
    for index, path in enumerate(icons):
        row, column = divmod(index, PER_ROW)
        url = _css_urls(path)[variant]
        rules.append(
            f".c{index}{{left:{column * cell}px;top:{row * cell}px;background-image:{url};}}"
        )
        cells.append(f'<div class="cell c{index}"></div>')
    base = (
        "html,body{margin:0;background:#fff}"
        f".cell{{position:absolute;width:{cell}px;height:{cell}px;background-color:#f0f;"
        "background-size:100% auto;background-position:center;background-repeat:no-repeat}"
    )
    rows = -(-len(icons) // PER_ROW)
    html = (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        + base
        + "\n".join(rules)
        + "</style></head><body>"
        + "".join(cells)
        + "</body></html>"
    )
    return html, PER_ROW * cell, rows * cell


def _crop(width: int, rgba: bytes, left: int, top: int, cell: int = CELL) -> bytes:
    rows = [
        rgba[((top + y) * width + left) * 4 : ((top + y) * width + left + cell) * 4]
        for y in range(cell)
    ]
    return b"".join(rows)


def _painted_cells(icons: list[Path], variant: str, cell: int) -> dict[str, bytes]:
    html, width, height = _page(icons, variant, cell)
    shot_width, _shot_height, rgba = decode_png_rgba(screenshot_html(html, width, height))
    cells = {}
    for index, path in enumerate(icons):
        row, column = divmod(index, PER_ROW)
        cells[str(path)] = _crop(shot_width, rgba, column * cell, row * cell, cell)
    return cells


@pytest.fixture(scope="module")
def painted(adversarial_icon: Path) -> dict[tuple[str, str], bytes]:
    """``(icon path, variant) -> RGBA of its cell``, one Chromium start per variant."""
    icons = [*_icons(), adversarial_icon]
    cells: dict[tuple[str, str], bytes] = {}
    for variant in VARIANTS:
        for path, cell in _painted_cells(icons, variant, CELL).items():
            cells[(path, variant)] = cell
    return cells


BLANK = bytes(BACKGROUND) * CELL * CELL


def test_reference_cells_show_the_icons(painted: dict[tuple[str, str], bytes]) -> None:
    """Guards the comparison: a page that failed to load files would compare blank to blank."""
    for path in _icons():
        cell = painted[(str(path), "file")]
        if inspect_svg(path.read_bytes()).has_xmlns:
            assert cell != BLANK, f"{path.name}: the original file painted nothing"
        else:
            assert cell == BLANK, f"{path.name}: without xmlns a browser should paint nothing"


@pytest.mark.parametrize("variant", ["exact_single", "exact_double"])
def test_encoded_icons_paint_exactly_like_the_file(
    painted: dict[tuple[str, str], bytes], variant: str, adversarial_icon: Path
) -> None:
    different = [
        path.name
        for path in [*_icons(), adversarial_icon]
        if painted[(str(path), variant)] != painted[(str(path), "file")]
    ]
    assert different == [], f"{variant} paints differently from the original: {different}"


def test_the_adversarial_icon_paints_and_a_raw_end_tag_would_break_it(
    painted: dict[tuple[str, str], bytes], adversarial_icon: Path
) -> None:
    """Guards the adversarial case: it paints something, and leaving ``</`` raw is visible."""
    file_cell = painted[(str(adversarial_icon), "file")]
    assert file_cell != BLANK
    assert painted[(str(adversarial_icon), "raw_end_tag")] != file_cell


def _mean_abs_rgb(ours: bytes, theirs: bytes) -> float:
    """Mean absolute difference per RGB channel; cells are opaque (painted on magenta)."""
    total = sum(
        abs(a - b) for index, (a, b) in enumerate(zip(ours, theirs, strict=True)) if index % 4 != 3
    )
    return total / (len(ours) // 4 * 3)


@pytest.mark.parametrize("cell", MINIFIED_CELLS)
def test_minified_icons_paint_within_half_a_level_of_the_file(
    cell: int, adversarial_icon: Path
) -> None:
    icons = [*_icons(), adversarial_icon]
    files = _painted_cells(icons, "file", cell)
    minified = _painted_cells(icons, "minified", cell)
    means = {Path(path).name: _mean_abs_rgb(minified[path], files[path]) for path in files}
    worst = max(means, key=means.__getitem__)
    print(f"\n{cell} px: minified vs file, worst mean {means[worst]:.3f}/255 ({worst})")
    over = {name: round(mean, 3) for name, mean in means.items() if mean > MINIFIED_MEAN_LIMIT}
    assert over == {}, f"minified tiles differ by more than {MINIFIED_MEAN_LIMIT}/255 mean"


def test_importing_adds_the_xmlns_a_browser_needs(painted: dict[tuple[str, str], bytes]) -> None:
    fixed = [p for p in _icons() if not inspect_svg(p.read_bytes()).has_xmlns]
    assert fixed, "the sample set should contain an icon without xmlns"
    for path in fixed:
        assert painted[(str(path), "imported")] != BLANK, f"{path.name} still paints nothing"


def test_the_comparison_sees_a_broken_encoding(painted: dict[tuple[str, str], bytes]) -> None:
    with_hash = [p for p in _icons() if b"#" in p.read_bytes()]
    broken = [p for p in with_hash if painted[(str(p), "raw_hash")] != painted[(str(p), "file")]]
    assert len(broken) >= len(with_hash) // 2, "a raw # should cut most icons off"
