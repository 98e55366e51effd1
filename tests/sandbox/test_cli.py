"""``python -m gui sandbox``: a real process that prints a ready token and serves until stopped."""

from __future__ import annotations

import argparse
import io
import json
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import requests

from gui.cli import main as cli_main
from gui.commands.sandbox import serve
from gui.core.auth.tokens import StoredToken
from gui.sandbox import TOKEN_STORE_KEYS

ROOT = Path(__file__).resolve().parents[2]
ICON = {"DATA_IMAGE": "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"}


def start_sandbox(*extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "gui", "sandbox", "--port", "0", *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_token(process: subprocess.Popen[str]) -> dict[str, object]:
    """The first stdout line, and proof that stdout was released (EOF right after it)."""
    assert process.stdout is not None
    watchdog = threading.Timer(30, process.kill)  # a hung child must not hang the suite
    watchdog.start()
    try:
        line = process.stdout.readline()
        rest = process.stdout.read()
    finally:
        watchdog.cancel()
    assert rest == ""
    token: dict[str, object] = json.loads(line)
    return token


def test_sandbox_command_serves_a_registration_end_to_end() -> None:
    with start_sandbox() as process:
        try:
            token = read_token(process)
            assert tuple(token) == TOKEN_STORE_KEYS
            StoredToken.from_json(json.dumps(token))  # what `token set` will accept
            base = str(token["client_endpoint"]).removesuffix("/rest/")
            assert base.startswith("http://127.0.0.1:")
            profile = {
                "ID": "rehearsal_chat",
                "NAME": "Rehearsal",
                "ICON": ICON,
                "PLACEMENT_HANDLER": "https://acme.example/settings",
            }
            answer = requests.post(
                f"{base}/rest/imconnector.register",
                json={"auth": token["access_token"], **profile},
                timeout=(5, 10),
            )
            assert answer.json()["result"] == {"result": True}
            refreshed = requests.post(
                f"{base}/oauth/token/",
                data={
                    "grant_type": "refresh_token",
                    "client_id": token["client_id"],
                    "client_secret": token["client_secret"],
                    "refresh_token": token["refresh_token"],
                },
                timeout=(5, 10),
            )
            assert refreshed.status_code == 200
        finally:
            process.send_signal(signal.SIGINT)
            _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert f"Sandbox portal running at {base}" in stderr
    assert f"--portal {base} --oauth-server {base}" in stderr
    # The hints are commands that work when pasted anywhere: this very Python, not `python`.
    assert f"{sys.executable} -m gui token set --portal {base}" in stderr
    assert "python -m gui" not in stderr.replace(f"{sys.executable} -m gui", "")
    assert "Sandbox stopped." in stderr
    assert str(token["access_token"]) not in stderr


def test_sandbox_command_stops_on_sigterm() -> None:
    with start_sandbox("--access-lifetime", "5") as process:
        token = read_token(process)
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert int(str(token["expires"])) > 0


def test_serve_prints_one_json_line_and_instructions() -> None:
    stop = threading.Event()
    stop.set()
    out, err = io.StringIO(), io.StringIO()
    args = argparse.Namespace(port=0, host="127.0.0.1", access_lifetime=3600.0)
    assert serve(args, stop, out, err) == 0
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    token = json.loads(lines[0])
    assert token["scope"] == "imopenlines,imconnector"
    assert token["server_endpoint"] == token["client_endpoint"]  # <url>/rest/, as on Bitrix24
    assert "token set --portal http://127.0.0.1:" in err.getvalue()
    # The login it shows keeps the secret out of argv: asked for, or read with "--client-secret -".
    assert "--client-secret SECRET" not in err.getvalue()
    assert "--client-secret -" in err.getvalue()


@pytest.mark.parametrize(
    "options",
    [["--port", "70000"], ["--port", "-1"], ["--host", "10.1.2.3"], ["--access-lifetime", "0"]],
)
def test_bad_options_are_invalid_input(
    options: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(["sandbox", *options]) == 2
    assert capsys.readouterr().out == ""


def test_a_busy_port_is_a_network_error(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert cli_main(["sandbox", "--port", str(port)]) == 4
    assert f"127.0.0.1:{port}" in capsys.readouterr().err
