"""``sandbox-reply`` and ``sandbox --tls``: playing the operator from a terminal, over HTTPS too."""

from __future__ import annotations

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
from gui.sandbox import SandboxPortal
from gui.sandbox.wire import Incoming, Response
from tests.fixtures_sandbox import EventReceiver, RunningSandbox
from tests.sandbox.test_events import onboard

ROOT = Path(__file__).resolve().parents[2]


def reply(url: str, *extra: str, chat: str = "chat-7", line: str = "1") -> list[str]:
    return [
        "sandbox-reply", "--portal", url, "--connector", "acme_chat", "--line", line,
        "--chat", chat, "--text", "Hello from the operator", *extra,
    ]  # fmt: skip


def test_sandbox_reply_delivers_and_prints_the_designed_json(
    http_sandbox: RunningSandbox,
    event_receiver: EventReceiver,
    capsys: pytest.CaptureFixture[str],
) -> None:
    onboard(http_sandbox, event_receiver.url)
    assert cli_main(reply(http_sandbox.url)) == 0
    printed = json.loads(capsys.readouterr().out)
    (delivery,) = printed["deliveries"]
    assert list(printed) == ["deliveries"]
    assert (delivery["handler"], delivery["status"]) == (event_receiver.url, 200)
    assert isinstance(delivery["seconds"], float)
    (post,) = event_receiver.posts
    assert post.form()["data[MESSAGES][0][message][text]"] == "Hello from the operator"
    control = http_sandbox.portal.received[-1]
    assert (control.kind, control.rest_method) == ("control", None)


def test_sandbox_reply_says_why_nothing_was_delivered(
    http_sandbox: RunningSandbox,
    event_receiver: EventReceiver,
    capsys: pytest.CaptureFixture[str],
) -> None:
    onboard(http_sandbox, event_receiver.url)
    http_sandbox.portal.set_installed(installed=False)
    assert cli_main(reply(http_sandbox.url)) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"deliveries": []}
    assert "installation is not finished" in err


def test_an_unknown_chat_is_refused(
    http_sandbox: RunningSandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(reply(http_sandbox.url, chat="nobody")) == 1
    out, err = capsys.readouterr()
    assert out == "" and "nobody" in err


@pytest.mark.parametrize(
    "arguments",
    [
        reply("https://portal.example.com"),
        reply("http://127.0.0.1:9", line="0"),
        reply("http://127.0.0.1:9", "--ca-bundle", "/no/such/ca.pem"),
    ],
)
def test_invalid_input_sends_nothing(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main(arguments) == 2
    assert capsys.readouterr().out == ""


def test_a_sandbox_that_is_not_running_is_a_network_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    assert cli_main(reply(f"http://127.0.0.1:{port}")) == 4
    assert "cannot be reached" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("peer", "method", "content_type", "body", "status"),
    [
        ("192.0.2.10", "POST", "application/json", b"{}", 403),
        ("127.0.0.1", "GET", "application/json", b"", 400),
        ("::1", "POST", "text/plain", b'{"connector": "a"}', 400),
        ("127.0.0.1", "POST", "application/json", b'{"connector": "a", "line": 0}', 400),
        ("::ffff:127.0.0.1", "POST", "application/json", b"[1]", 400),
    ],
)
def test_the_control_endpoint_answers_loopback_json_only(
    portal: SandboxPortal, peer: str, method: str, content_type: str, body: bytes, status: int
) -> None:
    incoming = Incoming(
        method, "/_sandbox/operator-reply", {"Content-Type": content_type}, body, "", peer
    )
    answer = portal.respond(incoming)
    assert isinstance(answer, Response) and answer.status == status
    assert portal.received[-1].kind == "control"


def read_banner(process: subprocess.Popen[str]) -> tuple[dict[str, object], list[str]]:
    """The token line from stdout and the instructions from stderr, up to "Press Ctrl+C"."""
    assert process.stdout is not None and process.stderr is not None
    watchdog = threading.Timer(30, process.kill)  # a hung child must not hang the suite
    watchdog.start()
    try:
        token = json.loads(process.stdout.readline())
        lines: list[str] = []
        while not lines or not lines[-1].startswith("Press Ctrl+C"):
            lines.append(process.stderr.readline())
            assert lines[-1], "stderr ended before the instructions did"
    finally:
        watchdog.cancel()
    return token, lines


def test_sandbox_tls_prints_its_ca_file_which_clients_trust_and_which_goes_away(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "gui", "sandbox", "--port", "0", "--tls"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        try:
            token, lines = read_banner(process)
            base = str(token["client_endpoint"]).removesuffix("/rest/")
            assert base.startswith("https://127.0.0.1:")
            (ca_line,) = [line for line in lines if line.startswith("CA file: ")]
            ca_file = Path(ca_line.removeprefix("CA file: ").strip())
            assert any("NODE_EXTRA_CA_CERTS" in line for line in lines)
            answer = requests.post(
                f"{base}/rest/scope",
                json={"auth": token["access_token"]},
                verify=str(ca_file),
                timeout=(5, 10),
            )
            assert answer.json()["result"] == ["imopenlines", "imconnector"]
            with pytest.raises(requests.exceptions.SSLError):
                requests.post(f"{base}/rest/scope", timeout=(5, 10))  # the system does not trust it
            # sandbox-reply reaches it with the CA (the chat is unknown: the sandbox refused)
            assert cli_main(reply(base, "--ca-bundle", str(ca_file))) == 1
            assert "chat-7" in capsys.readouterr().err
        finally:
            process.send_signal(signal.SIGINT)
            _, rest = process.communicate(timeout=30)
    assert process.returncode == 0, rest
    assert not ca_file.exists() and not ca_file.parent.exists()
