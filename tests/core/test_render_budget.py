"""Icons that ask for unbounded drawing get a clear "too complex to draw" error, within seconds.

The attack SVGs of the reliability issue are generated here: 1.1 KB of nested ``<use>`` making
10⁵ elements (16 s in cairosvg before), and ~13 KB making 10⁴ references to a 1,000-segment path
(83 s before). ``validate``, ``render-icon`` and the renderer all refuse them with
ICON_TOO_COMPLEX naming ``ICON.DATA_IMAGE``. Long single-command paths are spelled out so that
cairosvg draws them in linear time, with the same pixels.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import cairosvg
import pytest

from gui.cli import main
from gui.core.errors import InvalidInputError
from gui.core.icon.codec import encode_data_image
from gui.core.icon.render_budget import Deadline
from gui.core.icon.svg_path_data import SHORT_PATH_CHARS, explicit_path_data
from gui.core.icon.tile import render_tile
from gui.core.model.connector import IconSpec

ROOT = Path(__file__).resolve().parents[2]
NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'


def nested_uses(levels: int = 5, fan: int = 10) -> bytes:
    """``fan ** levels`` rectangles through nested ``<use>`` (10⁵ in ~1.1 KB)."""
    groups = ['<g id="a0"><rect width="1" height="1"/></g>']
    for level in range(1, levels + 1):
        uses = f'<use xlink:href="#a{level - 1}"/>' * fan
        groups.append(f'<g id="a{level}">{uses}</g>')
    defs = "".join(groups[:-1])
    return f'<svg {NS} viewBox="0 0 24 24"><defs>{defs}</defs>{groups[-1]}</svg>'.encode()


def path_references(segments: int = 1_000, inner: int = 100, outer: int = 100) -> bytes:
    """``inner × outer`` references to one path of ``segments`` segments (10⁴ in ~13 KB)."""
    d = "M0 0" + "l.01 .01" * segments
    group = '<use xlink:href="#p"/>' * inner
    body = '<use xlink:href="#g"/>' * outer
    defs = f'<path id="p" d="{d}"/><g id="g">{group}</g>'
    return f'<svg {NS} viewBox="0 0 24 24"><defs>{defs}</defs>{body}</svg>'.encode()


def long_path(points: int) -> bytes:
    """One ``L`` command followed by ``points`` implicit repetitions (no repeated letter)."""
    numbers = " ".join(f"{n % 97} {n % 89}" for n in range(points))
    return f'<svg {NS} viewBox="0 0 100 100"><path d="M0 0 L{numbers}" fill="#000"/></svg>'.encode()


ATTACKS = {"nested use": nested_uses(), "path references": path_references()}


def test_the_attack_svgs_are_as_small_as_reported() -> None:
    assert len(ATTACKS["nested use"]) < 1_500
    assert len(ATTACKS["path references"]) < 24_000


@pytest.mark.parametrize("name", ATTACKS)
def test_an_icon_asking_for_too_much_drawing_is_refused_clearly(name: str) -> None:
    icon = IconSpec(data_image=encode_data_image(ATTACKS[name]))
    with pytest.raises(InvalidInputError) as caught:
        render_tile(icon, px=44)
    assert caught.value.code == "ICON_TOO_COMPLEX"
    assert caught.value.field == "ICON.DATA_IMAGE"
    assert "too complex to draw" in caught.value.message
    with pytest.raises(InvalidInputError) as disabled:
        render_tile(icon, px=128, field_prefix="ICON_DISABLED")
    assert disabled.value.field == "ICON_DISABLED.DATA_IMAGE"


def _profile(tmp_path: Path, svg: bytes) -> Path:
    path = tmp_path / "profile.json"
    data = {
        "ID": "acme_chat",
        "NAME": "Acme chat",
        "ICON": {"DATA_IMAGE": encode_data_image(svg)},
        "PLACEMENT_HANDLER": "https://connector.example.com/settings",
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ATTACKS)
def test_validate_and_render_icon_report_it_on_the_icon_field(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = _profile(tmp_path, ATTACKS[name])
    assert main(["validate", str(profile)]) == 2
    out = capsys.readouterr().out
    assert re.search(r"ICON\.DATA_IMAGE.*too complex to draw", out), out
    png = tmp_path / "tile.png"
    assert main(["render-icon", str(profile), "-o", str(png)]) == 2
    assert "too complex to draw" in capsys.readouterr().err
    assert not png.exists()


def test_a_drawing_past_its_deadline_stops_with_the_same_error() -> None:
    deadline = Deadline("ICON.DATA_IMAGE", seconds=-1.0)
    with pytest.raises(InvalidInputError) as caught:
        deadline.check()
    assert caught.value.code == "ICON_TOO_COMPLEX"
    assert "too complex to draw" in caught.value.message
    Deadline("ICON.DATA_IMAGE").check()  # a fresh one does not


def test_implicit_repetitions_are_written_out_keeping_every_number() -> None:
    d = "M0,0 1-1 2.5.5h1 2 3zm1e-2 3 4 5c1 2 3 4 5 6 7 8 9 10 11 12a1 1 0 011 1"
    padding = " " * SHORT_PATH_CHARS
    assert explicit_path_data(d + padding) == (
        "M 0 0 L 1 -1 L 2.5 .5 h 1 h 2 h 3 z  m 1e-2 3 l 4 5 "
        "c 1 2 3 4 5 6 c 7 8 9 10 11 12 a 1 1 0 011 1"
    )
    assert explicit_path_data(d) == d  # short: drawn quickly as it is


def test_a_long_single_command_path_is_cut_into_short_commands() -> None:
    d = re.search(rb'd="([^"]*)"', long_path(50_000)).group(1).decode()  # type: ignore[union-attr]
    commands = re.findall(r"[A-Za-z][^A-Za-z]*", explicit_path_data(d))
    assert len(commands) == 50_001
    assert max(len(command) for command in commands) < 12  # each read in constant time


def test_spelled_out_path_data_draws_the_same_pixels() -> None:
    svg = long_path(400)
    d = re.search(rb'd="([^"]*)"', svg).group(1)  # type: ignore[union-attr]
    spelled = svg.replace(d, explicit_path_data(d.decode()).encode())
    assert spelled != svg
    original = cairosvg.svg2png(bytestring=svg, output_width=128, output_height=128)
    assert cairosvg.svg2png(bytestring=spelled, output_width=128, output_height=128) == original


def test_a_long_single_command_path_near_the_size_limit_renders() -> None:
    svg = long_path(60_000)
    assert len(svg) > 300_000
    png = render_tile(IconSpec(data_image=encode_data_image(svg), color="#fff"), px=44)
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("name", ATTACKS)
def test_register_refuses_it_before_sending_anything(name: str, tmp_path: Path) -> None:
    profile = _profile(tmp_path, ATTACKS[name])
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(ROOT))
    done = subprocess.run(  # port 9 (discard): nothing listens; nothing may be sent anyway
        [sys.executable, "-m", "gui", "register", str(profile), "--portal", "https://127.0.0.1:9"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    (line,) = done.stdout.splitlines()
    outcome = json.loads(line)
    assert outcome["ok"] is False and outcome["field"] == "ICON.DATA_IMAGE"
    assert "too complex to draw" in outcome["description"]
