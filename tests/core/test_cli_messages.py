"""What a newcomer reads from the command line: help with exit codes and examples, messages that
say their subject once, no advice to do what was just done, no crash for a closed pipe or a
missing display. Each runs the real program in a subprocess."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS_EXAMPLE = {  # the Bitrix24 docs' curl example: its icon is an empty SVG
    "ID": "newconnector",
    "NAME": "ConnectorName",
    "ICON": {
        "DATA_IMAGE": "data:image/svg+xml;charset=US-ASCII,%3Csvg%20xmlns%3D%22http%3A%2F%2Fwww"
        ".w3.org%2F2000%2Fsvg%22%20viewBox%3D%220%200%2070%2071%22%3E%3C%2Fsvg%3E",
        "COLOR": "#a6ffa3",
    },
    "PLACEMENT_HANDLER": "https://example.com/handler",
}


def environment(**changes: str) -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    env.update(changes)
    return env


def gui(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env or environment(),
    )


def test_help_lists_exit_codes_and_examples_that_run() -> None:
    done = gui("--help")
    assert done.returncode == 0
    assert "exit codes:" in done.stdout
    for code in ("0  success", "2  invalid input", "5  internal error", "6  self-test"):
        assert code in done.stdout
    for code in ("130  interrupted", "141  stdout"):
        assert code in done.stdout
    assert ".venv/bin/b24-connector-configurator register docs/my-connector.json" in done.stdout
    assert (ROOT / "docs" / "my-connector.json").is_file()  # the example it names exists


def test_token_set_help_says_which_json_it_wants() -> None:
    done = gui("token", "set", "--help")
    assert done.returncode == 0
    assert "access_token, refresh_token, expires, client_id, client_secret" in done.stdout
    assert "< token.json" in done.stdout


def test_validate_says_each_field_once(tmp_path: Path) -> None:
    path = tmp_path / "docs-example.json"
    path.write_text(json.dumps(DOCS_EXAMPLE), encoding="utf-8")
    done = gui("validate", str(path))
    assert "warning: ICON.DATA_IMAGE: draws nothing visible" in done.stdout
    assert "ICON.DATA_IMAGE: ICON.DATA_IMAGE" not in done.stdout


def test_a_too_large_icon_names_the_file_once(tmp_path: Path) -> None:
    path = tmp_path / "big5mb.svg"
    path.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg">' + b" " * 5_242_880 + b"</svg>")
    done = gui("encode-icon", str(path))
    assert done.returncode == 2
    assert done.stderr.count("big5mb.svg") == 1, done.stderr


def test_encode_icon_minify_does_not_advise_minifying(tmp_path: Path) -> None:
    rng = random.Random(1)
    points = " ".join(f"{rng.random() * 100:.6f},{rng.random() * 100:.6f}" for _ in range(800))
    path = tmp_path / "large.svg"
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><!-- c -->'
        f'<polygon fill="#fff" points="{points}"/></svg>'
    )
    plain = gui("encode-icon", str(path))
    assert "--minify" in plain.stderr  # the advice exists without the option
    minified = gui("encode-icon", "--minify", str(path))
    assert minified.returncode == 0
    assert "--minify" not in minified.stderr
    assert "After minifying, the DATA_IMAGE value is still" in minified.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [(("--help",), 0), (("validate", "--json", "PROFILE"), 141), (("portals",), 141)],
)
def test_a_closed_pipe_ends_quietly(args: tuple[str, ...], code: int, tmp_path: Path) -> None:
    """``… | head -1``: the reader leaves before the program writes; no "internal error"."""
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(DOCS_EXAMPLE), encoding="utf-8")
    argv = [str(path) if arg == "PROFILE" else arg for arg in args]
    env = environment(XDG_DATA_HOME=str(tmp_path), XDG_STATE_HOME=str(tmp_path))
    process = subprocess.Popen(
        [sys.executable, "-m", "gui", *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    process.stdout.close()  # long before the child has started up and printed
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == code, stderr  # argparse's help ignores a closed pipe itself
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert "BrokenPipeError" not in stderr


def test_no_display_is_a_clear_message_not_a_qt_abort() -> None:
    env = environment()
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    done = gui(env=env)
    assert done.returncode == 2
    assert "no display: the window needs one" in done.stderr
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr and "xcb" not in done.stderr


def test_a_display_whose_server_is_gone_is_a_clear_message_not_a_qt_abort() -> None:
    from tests.core.test_display import _free_display_number

    env = environment(DISPLAY=f":{_free_display_number()}")
    for name in ("WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    done = gui(env=env)
    assert done.returncode == 2, done.stderr
    assert "cannot reach the display :9" in done.stderr and "no X server answers" in done.stderr
    assert "xcb-cursor" not in done.stderr


def test_token_set_refuses_an_endless_stdin_at_once() -> None:
    # /dev/zero never ends: the old read grew until the memory ran out; nothing reaches the keyring
    with Path("/dev/zero").open("rb") as endless:
        done = subprocess.run(
            [sys.executable, "-m", "gui", "token", "set", "--portal", "https://a.example"],
            stdin=endless, capture_output=True, text=True, check=False, timeout=60,
            env=environment(PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring"),
        )
    assert done.returncode == 2
    assert "larger than 64 KB" in done.stderr
