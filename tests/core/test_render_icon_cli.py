"""``render-icon``: the PNG a user gets, the exit codes, and no file left behind on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gui.cli import main
from gui.core.icon.codec import encode_data_image
from gui.core.icon.tile import decode_png_rgba

BLACK_SQUARE = encode_data_image(
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
    b'<rect width="10" height="10" fill="#000"/></svg>'
)


def write_profile(folder: Path, **icons: Any) -> Path:
    profile = {
        "ID": "acme_chat",
        "NAME": "Acme chat",
        "ICON": {"DATA_IMAGE": BLACK_SQUARE, "SIZE": "10px"},
        "PLACEMENT_HANDLER": "https://connector.example.com/settings",
    }
    profile.update(icons)
    path = folder / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    return path


def pixel(png_path: Path, x: int, y: int) -> tuple[int, ...]:
    width, _height, rgba = decode_png_rgba(png_path.read_bytes())
    offset = (y * width + x) * 4
    return tuple(rgba[offset : offset + 4])


def test_writes_the_44_px_square_tile(tmp_path: Path) -> None:
    out = tmp_path / "tile.png"
    assert main(["render-icon", str(write_profile(tmp_path)), "-o", str(out)]) == 0
    width, height, _ = decode_png_rgba(out.read_bytes())
    assert (width, height) == (44, 44)
    assert pixel(out, 0, 0) == (0x90, 0xBE, 0x00, 255)
    assert pixel(out, 22, 22) == (0, 0, 0, 255)


def test_px_round_and_disabled(tmp_path: Path) -> None:
    out = tmp_path / "big.png"
    profile = write_profile(tmp_path, ICON_DISABLED={"COLOR": "#123456", "SIZE": "40%"})
    args = ["render-icon", str(profile), "--disabled", "--px", "128", "--round", "-o", str(out)]
    assert main(args) == 0
    width, height, _ = decode_png_rgba(out.read_bytes())
    assert (width, height) == (128, 128)
    assert pixel(out, 0, 0)[3] == 0
    assert pixel(out, 64, 10) == (0x12, 0x34, 0x56, 255)
    assert pixel(out, 64, 64) == (0, 0, 0, 255)  # the active image, borrowed


@pytest.mark.parametrize(
    ("icons", "options", "says"),
    [
        ({"ICON": {"DATA_IMAGE": BLACK_SQUARE, "SIZE": "huge"}}, [], "ICON.SIZE"),
        ({"ICON_DISABLED": {"POSITION": "top 10px"}}, ["--disabled"], "ICON_DISABLED.POSITION"),
        ({"ICON": {"DATA_IMAGE": "data:image/svg+xml,nope"}}, ["--disabled"], "SVG"),
        ({"ICON": {"COLOR": "#90be00"}}, [], "ICON.DATA_IMAGE is empty"),
    ],
)
def test_invalid_input_exits_2_and_writes_nothing(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    icons: dict[str, Any],
    options: list[str],
    says: str,
) -> None:
    out = tmp_path / "tile.png"
    profile = write_profile(tmp_path, **icons)
    assert main(["render-icon", str(profile), *options, "-o", str(out)]) == 2
    assert says in capsys.readouterr().err
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [profile]


def test_unreadable_profile_and_bad_px_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "tile.png"
    assert main(["render-icon", str(tmp_path / "missing.json"), "-o", str(out)]) == 2
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    assert main(["render-icon", str(tmp_path / "broken.json"), "-o", str(out)]) == 2
    profile = write_profile(tmp_path)
    assert main(["render-icon", str(profile), "--px", "0", "-o", str(out)]) == 2
    assert not out.exists()


def test_unwritable_output_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "no such folder" / "tile.png"
    assert main(["render-icon", str(write_profile(tmp_path)), "-o", str(out)]) == 2


def test_existing_output_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "tile.png"
    out.write_bytes(b"old")
    assert main(["render-icon", str(write_profile(tmp_path)), "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG")
