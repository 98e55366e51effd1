"""``encode-icon FILE.svg [--minify]``: value on stdout, notes on stderr, exit 2 for bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from gui.cli import main
from gui.core.icon.codec import decode_data_image, encode_data_image
from gui.core.icon.svg_minify import minify_svg
from gui.core.icon.svg_safety import MAX_SVG_BYTES

ROOT = Path(__file__).resolve().parents[2]
ICON = (
    b'<?xml version="1.0"?>\n<!-- editor -->\n<svg xmlns="http://www.w3.org/2000/svg" '
    b'viewBox=\'0 0 8 8\'>\n  <rect fill="#fff" width="8" height="8"/>\n</svg>\n'
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["encode-icon", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_prints_the_exact_data_image(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    icon = tmp_path / "icon.svg"
    icon.write_bytes(ICON)
    code, out, err = _run(capsys, str(icon))
    assert (code, err) == (0, "")
    assert out == encode_data_image(ICON) + "\n"
    assert decode_data_image(out.strip()) == ICON


def test_minify_prints_the_shorter_value(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    icon = tmp_path / "icon.svg"
    icon.write_bytes(ICON)
    code, out, _err = _run(capsys, str(icon), "--minify")
    assert code == 0
    assert decode_data_image(out.strip()) == minify_svg(ICON)
    assert len(out) < len(encode_data_image(ICON))


def test_adds_a_missing_xmlns_and_notes_it_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    icon = tmp_path / "bare.svg"
    icon.write_bytes(b'<svg viewBox="0 0 8 8"><rect width="8" height="8"/></svg>')
    code, out, err = _run(capsys, str(icon))
    assert code == 0
    assert b'xmlns="http://www.w3.org/2000/svg"' in decode_data_image(out.strip())
    assert err.startswith("note: Added the missing xmlns")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG image, not an SVG"),
        (b"<svg><g></svg>", "not a well-formed SVG"),
        (b"<svg>\xc3\x28</svg>", "not valid UTF-8"),
        (b'<!DOCTYPE svg [<!ENTITY a "b">]><svg>&a;</svg>', "XML entities"),
        (b"<svg>" + b" " * MAX_SVG_BYTES + b"</svg>", "larger than"),
    ],
)
def test_bad_files_exit_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, words: str
) -> None:
    icon = tmp_path / "bad.svg"
    icon.write_bytes(content)
    code, out, err = _run(capsys, str(icon))
    assert code == 2
    assert out == ""
    assert err.startswith(f"error: {icon}: ")
    assert words in err


def test_missing_file_and_folder_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, str(tmp_path / "nope.svg"))
    assert code == 2 and "Cannot read" in err and "No such file" in err
    code, _out, err = _run(capsys, str(tmp_path))
    assert code == 2 and "is a folder" in err


def test_an_endless_device_is_refused_not_read_forever(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "/dev/zero")
    assert code == 2
    assert "/dev/zero is a device, not an SVG icon" in err


def test_the_installed_entry_point_prints_the_value(tmp_path: Path) -> None:
    icon = tmp_path / "icon.svg"
    icon.write_bytes(ICON)
    done = subprocess.run(
        [sys.executable, "-m", "gui", "encode-icon", str(icon)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == encode_data_image(ICON) + "\n"
