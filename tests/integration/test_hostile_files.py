"""Files a hostile (or careless) world hands the program: devices, pipes, folders, huge files and
JSON nested a thousand deep. Each command runs as a real subprocess, as a user runs it; a memory
cap (``RLIMIT_AS``) and a timeout make the old unbounded reads fail instead of eating the machine.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.errors import InvalidInputError
from gui.core.icon.codec import encode_data_image
from gui.core.paths import default_icon_path
from gui.core.portal.address import PortalAddress
from gui.core.portal.transport import Transport
from tests.fixtures_sandbox import RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
MEMORY_CAP = 1024 * 1024 * 1024  # 1 GB of address space: `validate /dev/zero` used to take 22 GB
DEADLINE = 60  # seconds; the FIFO case used to block forever


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def run_gui(tmp_path: Path, *args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), XDG_STATE_HOME=str(tmp_path / "state"))
    return subprocess.run(
        [sys.executable, "-m", "gui", *args],
        input=stdin.decode(),
        capture_output=True,
        text=True,
        check=False,
        timeout=DEADLINE,
        env=env,
        cwd=tmp_path,
        preexec_fn=_cap_memory,  # the child has no threads before exec
    )


def profile(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ID": "acme_chat",
        "NAME": "Acme chat",
        "ICON": {"DATA_IMAGE": encode_data_image(default_icon_path().read_bytes())},
        "PLACEMENT_HANDLER": "https://acme.example/settings",
    }
    return data | changes


def nested(depth: int) -> str:
    """A profile whose unknown key ``X`` nests ``depth`` arrays: parses (under Python's recursion
    limit) but used to crash every later step that recursed."""
    head = json.dumps(profile())[:-1]
    return head + ', "X": ' + "[" * depth + "]" * depth + "}"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "icon.svg"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["validate", "render-icon"])
def test_a_device_is_refused_at_once_not_read_forever(tmp_path: Path, command: str) -> None:
    extra = ["-o", str(tmp_path / "out.png")] if command == "render-icon" else []
    done = run_gui(tmp_path, command, "/dev/zero", *extra)
    assert done.returncode == 2, done.stderr
    assert "/dev/zero is a device, not a profile" in done.stdout + done.stderr


def test_encode_icon_refuses_a_fifo_instead_of_waiting_for_a_writer(
    tmp_path: Path, fifo: Path
) -> None:
    done = run_gui(tmp_path, "encode-icon", str(fifo))
    assert done.returncode == 2
    assert f"{fifo} is a pipe (FIFO), not an SVG icon" in done.stderr
    assert done.stdout == ""


def test_validate_refuses_a_fifo_and_a_folder(tmp_path: Path, fifo: Path) -> None:
    for path, kind in ((fifo, "a pipe (FIFO)"), (tmp_path, "a folder")):
        done = run_gui(tmp_path, "validate", str(path))
        assert done.returncode == 2
        assert f"{path} is {kind}, not a profile" in done.stdout


def test_a_huge_profile_is_refused_naming_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(profile(COMMENT="x" * (60 * 1024 * 1024))))
    done = run_gui(tmp_path, "validate", str(path))
    assert done.returncode == 2
    assert f"{path}: the file is larger than 1 MB, too large for a profile" in done.stdout
    assert "[PROFILE_TOO_LARGE]" in done.stdout


def test_a_huge_profile_on_stdin_is_refused_naming_the_cap(tmp_path: Path) -> None:
    done = run_gui(tmp_path, "validate", "-", stdin=b" " * (2 * 1024 * 1024) + b"{}")
    assert done.returncode == 2
    assert "larger than 1 MB" in done.stdout


def test_a_huge_svg_is_refused_naming_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "huge.svg"
    path.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg">' + b" " * (4 * 1024 * 1024))
    done = run_gui(tmp_path, "encode-icon", str(path))
    assert done.returncode == 2
    assert "larger than 512 KB" in done.stderr


@pytest.mark.parametrize("depth", [900, 990, 5000])
def test_deeply_nested_json_in_validate_is_a_clear_error_not_exit_5(
    tmp_path: Path, depth: int
) -> None:
    path = tmp_path / "deep.json"
    path.write_text(nested(depth))
    done = run_gui(tmp_path, "validate", str(path))
    assert done.returncode == 2, done.stderr
    assert f"{path}: The profile is not usable JSON (it is nested" in done.stdout
    assert "internal error" not in done.stderr


@pytest.mark.keyring
def test_register_with_deeply_nested_json_is_exit_2_with_its_json_and_sends_nothing(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    token = StoredToken.from_mapping(tls_sandbox.ready_token())
    TokenStore(secret_service_keyring).save(PortalAddress.parse(tls_sandbox.url), token)
    path = tmp_path / "deep.json"
    path.write_text(nested(990))
    done = run_gui(
        tmp_path,
        "register",
        str(path),
        "--portal",
        tls_sandbox.url,
        "--ca-bundle",
        str(tls_sandbox.ca_bundle),
    )
    assert done.returncode == 2, done.stderr
    outcome = json.loads(done.stdout)
    assert outcome["ok"] is False and outcome["error"] == "PROFILE_NOT_JSON"
    assert str(path) in outcome["description"] and "nested" in outcome["description"]
    assert list(tls_sandbox.portal.received) == []


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_a_ca_bundle_that_is_a_pipe_a_device_or_huge_is_refused_before_sending(
    tmp_path: Path, tls_sandbox: RunningSandbox, kind: str
) -> None:
    """OpenSSL would wait forever on a FIFO and read /dev/zero forever: refuse them first."""
    if kind == "fifo":
        bundle = tmp_path / "ca.pem"
        os.mkfifo(bundle)
    elif kind == "device":
        bundle = Path("/dev/zero")
    else:
        bundle = tmp_path / "ca.pem"
        bundle.write_bytes(b"x" * (17 * 1024 * 1024))
    outcome: list[BaseException] = []

    def send() -> None:  # on a thread: the old code never returned
        try:
            with Transport(ca_bundle=bundle) as transport:
                transport.post_json(f"{tls_sandbox.url}/rest/app.info", {"auth": "x"})
        except BaseException as exc:  # the test inspects whatever it was
            outcome.append(exc)

    worker = threading.Thread(target=send, daemon=True)
    worker.start()
    worker.join(DEADLINE)
    assert not worker.is_alive(), "the request never returned"
    assert len(outcome) == 1 and isinstance(outcome[0], InvalidInputError), outcome
    assert outcome[0].field == "ca_bundle"
    assert str(bundle) in outcome[0].message
    assert list(tls_sandbox.portal.received) == []
