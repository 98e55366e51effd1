"""The onboarding commands as a user runs them: subprocesses, the TLS sandbox, the real Secret
Service. One JSON value per line on stdout, the documented exit codes."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import trustme

from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.icon.codec import encode_data_image
from gui.core.paths import default_icon_path
from gui.core.portal.address import PortalAddress
from gui.sandbox import ManualClock, SandboxPortal
from tests.fixtures_sandbox import RunningSandbox, serve_sandbox

pytestmark = pytest.mark.keyring

ROOT = Path(__file__).resolve().parents[2]
HANDLER = "https://connector.example.com/b24/events"


@dataclass(frozen=True)
class Run:
    code: int
    values: list[Any]
    stderr: str


def cli(tmp_path: Path, sandbox: RunningSandbox | None, *argv: str, stdin: str = "") -> Run:
    env = {k: v for k, v in os.environ.items() if k not in {"REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"}}
    env.update(
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    command = [sys.executable, "-m", "gui", *argv]
    if sandbox is not None:
        command += ["--ca-bundle", str(sandbox.ca_bundle)]
    done = subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    values = [json.loads(line) for line in done.stdout.splitlines() if line.startswith(("{", "["))]
    return Run(done.returncode, values, done.stderr)


def write_profile(tmp_path: Path, **onboarding: Any) -> Path:
    plan = {"LINE": "1", "EVENTS": {"OnImConnectorMessageAdd": HANDLER}, **onboarding}
    data = {
        "ID": "acme_chat",
        "NAME": "Acme chat",
        "ICON": {"DATA_IMAGE": encode_data_image(default_icon_path().read_bytes())},
        "PLACEMENT_HANDLER": "https://acme.example/settings",
        "ONBOARDING": plan,
    }
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def store_token(sandbox: RunningSandbox, keyring: Any) -> None:
    token = StoredToken.from_mapping(sandbox.ready_token())
    TokenStore(keyring).save(PortalAddress.parse(sandbox.url), token)


@pytest.fixture
def second_sandbox(
    _sandbox_server_cert: trustme.LeafCert, ca_bundle_path: Path
) -> Iterator[RunningSandbox]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    _sandbox_server_cert.configure_cert(context)
    clock = ManualClock()
    yield from serve_sandbox(SandboxPortal(clock=clock), clock, context, ca_bundle_path)


def test_onboard_twice_prints_one_line_per_run_and_binds_once(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    profile = str(write_profile(tmp_path))

    first = cli(tmp_path, tls_sandbox, "onboard", profile, "--portal", tls_sandbox.url)
    second = cli(tmp_path, tls_sandbox, "onboard", profile, "--portal", tls_sandbox.url)

    assert (first.code, second.code) == (0, 0), first.stderr + second.stderr
    (report,) = second.values
    assert report["ok"] is True and report["error"] is None
    assert [s["step"] for s in report["steps"]] == [
        "preflight",
        "register",
        "line",
        "activate",
        "data",
        "events",
        "status",
    ]
    assert not any(s["changed"] for s in report["steps"] if s["step"] != "data")
    assert len(tls_sandbox.portal.received.rest_calls("event.bind")) == 1


def test_a_batch_goes_on_past_a_failed_portal(
    tmp_path: Path,
    tls_sandbox: RunningSandbox,
    second_sandbox: RunningSandbox,
    secret_service_keyring: Any,
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    store_token(second_sandbox, secret_service_keyring)
    no_token = "https://127.0.0.1:9"
    portals = ["--portal", tls_sandbox.url, "--portal", no_token, "--portal", second_sandbox.url]

    run = cli(tmp_path, tls_sandbox, "onboard", str(write_profile(tmp_path)), *portals)

    assert run.code == 3  # the worst portal's: no token is an authorisation problem
    assert [(v["portal"], v["ok"], v["error"]) for v in run.values] == [
        (PortalAddress.parse(tls_sandbox.url).host_key, True, None),
        ("127.0.0.1:9", False, "NO_TOKEN"),
        (PortalAddress.parse(second_sandbox.url).host_key, True, None),
    ]
    assert "acme_chat" in second_sandbox.portal.connectors


def test_an_invalid_onboarding_sends_nothing(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    profile = write_profile(tmp_path, EVENTS={"OnImConnectorMessageAdd": "ftp://x.example/"})

    run = cli(tmp_path, tls_sandbox, "onboard", str(profile), "--portal", tls_sandbox.url)

    assert run.code == 2
    assert run.values[0]["error"] == "HANDLER_URL_INVALID"
    assert run.values[0]["field"] == "ONBOARDING.EVENTS.HANDLER"
    assert list(tls_sandbox.portal.received) == []


def test_the_single_steps(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    portal = ("--portal", tls_sandbox.url)
    assert cli(tmp_path, tls_sandbox, "register", str(write_profile(tmp_path)), *portal).code == 0

    lines = cli(tmp_path, tls_sandbox, "lines", *portal)
    assert lines.values == [
        [
            {"ID": "1", "LINE_NAME": "Sandbox open channel", "ACTIVE": True},
            {"ID": "2", "LINE_NAME": "Sandbox support line", "ACTIVE": True},
        ]
    ]
    connectors = cli(tmp_path, tls_sandbox, "connectors", *portal).values[0]
    assert connectors["acme_chat"] == "Acme chat" and "livechat" in connectors

    not_ready = cli(tmp_path, tls_sandbox, "status", "acme_chat", *portal, "--line", "1")
    assert not_ready.code == 1 and not_ready.values[0]["active"] is False
    assert {p["error"] for p in not_ready.values[0]["problems"]} == {
        "NOT_ACTIVE",
        "EVENTS_NOT_BOUND",
    }

    typo = cli(tmp_path, tls_sandbox, "activate", "acme_caht", *portal, "--line", "1")
    assert (typo.code, typo.values[0]["error"]) == (1, "CONNECTOR_NOT_REGISTERED")
    assert tls_sandbox.portal.received.rest_calls("imconnector.activate") == []
    activated = cli(tmp_path, tls_sandbox, "activate", "acme_chat", *portal, "--line", "1")
    assert activated.values == [{"ok": True}]

    bind = ("events", "bind", "OnImConnectorMessageAdd", HANDLER)
    assert cli(tmp_path, tls_sandbox, *bind, *portal).values == [{"ok": True, "changed": True}]
    assert cli(tmp_path, tls_sandbox, *bind, *portal).values == [{"ok": True, "changed": False}]
    listed = cli(tmp_path, tls_sandbox, "events", *portal).values[0]
    assert listed == [{"event": "ONIMCONNECTORMESSAGEADD", "handler": HANDLER}]

    ready = cli(tmp_path, tls_sandbox, "status", "acme_chat", *portal, "--line", "1")
    assert ready.code == 0 and ready.values[0]["ready"] is True

    unbind = ("events", "unbind", "OnImConnectorMessageAdd", HANDLER)
    assert cli(tmp_path, tls_sandbox, *unbind, *portal).values == [{"ok": True, "count": 1}]
    gone = cli(tmp_path, tls_sandbox, "unregister", "acme_chat", *portal)
    assert gone.values == [{"ok": True}] and "acme_chat" not in tls_sandbox.portal.connectors
    again = cli(tmp_path, tls_sandbox, "unregister", "acme_chat", *portal)
    assert (again.code, again.values[0]["error"]) == (1, "APPLICATION_UNREGISTRATION_ERROR")

    token = json.dumps(tls_sandbox.ready_token())
    assert cli(tmp_path, None, "token", "set", *portal, stdin=token).code == 0
    portals = cli(tmp_path, None, "portals")
    host = PortalAddress.parse(tls_sandbox.url).host_key
    assert [p["portal"] for p in portals.values[0]] == [host]
    assert "access_token" not in json.dumps(portals.values)
    assert cli(tmp_path, None, "token", "forget", *portal).code == 0
    assert cli(tmp_path, None, "portals").values == [[]]
