"""``validate PROFILE.json`` from a terminal: one line per problem naming its field; exit 0 or 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gui.cli import main
from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import Connector, IconSpec, save_profile

ROOT = Path(__file__).resolve().parents[2]
GLYPH = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="9" fill="#fff"/></svg>'
)
GOOD = Connector(
    id="acme_chat",
    name="Acme Chat",
    icon=IconSpec(encode_data_image(GLYPH), "#69acc0", "90%", "center"),
    placement_handler="https://connector.acme-corp.com/settings",
    icon_disabled=IconSpec(encode_data_image(GLYPH), "#99adb3"),
)


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_validate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(["validate", "--no-render", *args])
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err


def test_a_good_profile_exits_0_and_prints_no_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "good.json"
    save_profile(path, GOOD)
    code, lines, err = run_validate(capsys, str(path))
    assert (code, lines) == (0, [])
    assert "0 errors, 0 warnings" in err


def test_warnings_alone_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, {**GOOD.to_profile(), "ID": "AcmeChat"})
    code, lines, _ = run_validate(capsys, str(path))
    assert code == 0
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["warning", "ID"],
        ["warning", "ID"],
    ]
    assert lines[0].endswith("[ID_UPPER_CASE]")


def test_every_problem_is_one_line_naming_its_field_and_errors_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {
        **GOOD.to_profile(),
        "ID": "acme.chat",
        "NAME": "",
        "PLACEMENT_HANDLER": "http://connector.acme-corp.com/\nsettings",
        "NEWSLETTER": "N",
        "ICON": {**GOOD.to_profile()["ICON"], "COLOR": "not-a-colour"},
    }
    code, lines, err = run_validate(capsys, str(write(tmp_path, data)))
    assert code == 2
    fields = [line.split(": ", 2)[:2] for line in lines]
    assert fields == [
        ["error", "ID"],
        ["error", "NAME"],
        ["error", "ICON.COLOR"],
        ["error", "PLACEMENT_HANDLER"],
        ["error", "NEWSLETTER"],
    ]
    assert "5 errors" in err


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"{not json", "PROFILE_NOT_JSON"), (b"\xff\xfe\x00", "PROFILE_NOT_UTF8"), (b"[]", "")],
)
def test_a_file_that_is_not_a_profile_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, code: str
) -> None:
    path = tmp_path / "p.json"
    path.write_bytes(content)
    exit_code, lines, _ = run_validate(capsys, str(path))
    assert exit_code == 2
    assert len(lines) == 1
    assert lines[0].startswith("error: profile: ")
    assert code in lines[0]


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, lines, _ = run_validate(capsys, str(tmp_path / "missing.json"))
    assert code == 2
    assert lines[0].startswith("error: profile: ")
    assert "missing.json" in lines[0]


def test_json_output_for_scripts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, {**GOOD.to_profile(), "CHAT_GROUP": "false"})
    code, lines, _ = run_validate(capsys, "--json", str(path))
    assert code == 2
    rows = json.loads("\n".join(lines))
    assert [(r["field"], r["severity"], r["code"]) for r in rows] == [
        ("CHAT_GROUP", "error", "FLAG_NOT_BOOLEAN")
    ]


def test_the_installed_command_line_runs_validate_end_to_end(tmp_path: Path) -> None:
    """Through ``python -m gui`` in a fresh process, with the icon drawn (no --no-render)."""
    path = write(tmp_path, {**GOOD.to_profile(), "ID": "acme.chat"})
    result = subprocess.run(
        [sys.executable, "-m", "gui", "validate", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: ID: ")
    assert lines[0].endswith("[ID_HAS_DOT]")


def test_validate_reads_stdin_for_dash() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gui", "validate", "--no-render", "-"],
        cwd=ROOT,
        input=json.dumps(GOOD.to_profile()),
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (0, ""), result.stderr
    assert "OK to send" in result.stderr


def test_a_terminal_that_cannot_show_the_text_still_gets_every_line(tmp_path: Path) -> None:
    path = write(tmp_path, {**GOOD.to_profile(), "ID": "acme-ünïcode"})
    result = subprocess.run(
        [sys.executable, "-m", "gui", "validate", "--no-render", str(path)],
        cwd=ROOT,
        capture_output=True,
        env={"PYTHONIOENCODING": "ascii", "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.decode("ascii").splitlines()
    assert [line.split(": ", 2)[:2] for line in lines] == [["warning", "ID"]]
    assert "\\xfc" in lines[0]
