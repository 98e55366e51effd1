"""``python -m gui register`` as a user runs it: a subprocess, the TLS sandbox, the real Secret
Service. One JSON object on stdout and the documented exit code for every kind of outcome."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.icon.codec import encode_data_image
from gui.core.paths import default_icon_path
from gui.core.portal.address import PortalAddress
from tests.faults import SystemErrorReply
from tests.fixtures_sandbox import RunningSandbox

pytestmark = pytest.mark.keyring

ROOT = Path(__file__).resolve().parents[2]
HOUR = 3600.0


@dataclass(frozen=True)
class Result:
    code: int
    output: dict[str, Any]
    stderr: str


def profile(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "ID": "acme_chat",
        "NAME": "Acme chat",
        "ICON": {
            "DATA_IMAGE": encode_data_image(default_icon_path().read_bytes()),
            "COLOR": "#3bc8f5",
        },
        "PLACEMENT_HANDLER": "https://acme.example/settings",
        "CHAT_GROUP": False,
    }
    data.update(changes)
    return data


def run_register(
    tmp_path: Path,
    sandbox: RunningSandbox,
    data: dict[str, Any] | None = None,
    *,
    ca_option: bool = True,
    extra_env: dict[str, str] | None = None,
    extra_args: tuple[str, ...] = (),
) -> Result:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile() if data is None else data), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in {"REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"}}
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(ROOT))
    env.update(extra_env or {})
    argv = [sys.executable, "-m", "gui", "register", str(path), "--portal", sandbox.url]
    if ca_option:
        argv += ["--ca-bundle", str(sandbox.ca_bundle)]
    argv += extra_args
    done = subprocess.run(
        argv, capture_output=True, text=True, check=False, timeout=120, env=env, cwd=tmp_path
    )
    lines = done.stdout.splitlines()
    assert len(lines) == 1, (done.stdout, done.stderr)
    return Result(done.returncode, json.loads(lines[0]), done.stderr)


def store_token(sandbox: RunningSandbox, keyring_backend: Any, **options: Any) -> StoredToken:
    token = StoredToken.from_mapping(sandbox.ready_token(**options))
    TokenStore(keyring_backend).save(PortalAddress.parse(sandbox.url), token)
    return token


def test_success_prints_ok_and_registers(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    token = store_token(tls_sandbox, secret_service_keyring)

    result = run_register(tmp_path, tls_sandbox, profile(ID="Acme_Chat"))

    host = PortalAddress.parse(tls_sandbox.url).host_key
    output = result.output
    assert (result.code, output["ok"], output["id"], output["portal"]) == (
        0,
        True,
        "acme_chat",
        host,
    )
    assert "ID_UPPER_CASE" in {warning["code"] for warning in output["warnings"]}
    (call,) = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert call.auth == token.access_token and not call.auth_in_url
    body = call.json()
    assert body["CHAT_GROUP"] is False
    assert body["ICON"]["DATA_IMAGE"] == profile()["ICON"]["DATA_IMAGE"]
    assert "acme_chat" in tls_sandbox.portal.connectors


def test_requests_ca_bundle_is_honoured(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)

    result = run_register(
        tmp_path,
        tls_sandbox,
        ca_option=False,
        extra_env={"REQUESTS_CA_BUNDLE": str(tls_sandbox.ca_bundle)},
    )

    assert (result.code, result.output["ok"]) == (0, True)


def test_expired_token_is_refreshed_stored_and_retried(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    token = store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.clock.advance(HOUR + 1)

    result = run_register(tmp_path, tls_sandbox)

    assert (result.code, result.output["ok"]) == (0, True)
    stored = TokenStore(secret_service_keyring).load(PortalAddress.parse(tls_sandbox.url))
    assert stored is not None
    assert stored.refresh_token != token.refresh_token
    assert tls_sandbox.portal.refresh_token_alive(stored.refresh_token)
    calls = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert [call.auth for call in calls] == [token.access_token, stored.access_token]


def test_invalid_profile_is_exit_2_and_nothing_is_sent(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)

    result = run_register(tmp_path, tls_sandbox, profile(ID="acme.chat", NAME=""))

    assert result.code == 2
    assert result.output["ok"] is False
    assert result.output["field"] == "ID"
    assert set(result.output) == {"ok", "error", "description", "field"}
    assert list(tls_sandbox.portal.received) == []


def test_business_error_is_exit_1_with_the_portals_code(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.portal.uninstall_app(tls_sandbox.app.client_id)

    result = run_register(tmp_path, tls_sandbox)

    assert result.code == 1
    assert result.output["ok"] is False
    assert result.output["error"] == "NO_APPLICATION_ID"
    assert result.stderr.strip()  # our explanation


def test_no_token_is_exit_3(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    result = run_register(tmp_path, tls_sandbox)

    assert (result.code, result.output["error"], result.output["field"]) == (
        3,
        "NO_TOKEN",
        "portal",
    )
    assert list(tls_sandbox.portal.received) == []


def test_dead_refresh_token_is_exit_3_invalid_grant(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    token = store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.portal.revoke(token.refresh_token)
    tls_sandbox.clock.advance(HOUR + 1)

    result = run_register(tmp_path, tls_sandbox)

    assert (result.code, result.output["error"]) == (3, "invalid_grant")
    assert "Log in again" in result.output["description"]


def test_wrong_auth_type_is_exit_3(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.portal.script_next(SystemErrorReply("WRONG_AUTH_TYPE"), target="rest")

    result = run_register(tmp_path, tls_sandbox)

    assert (result.code, result.output["error"]) == (3, "WRONG_AUTH_TYPE")


def test_system_error_is_exit_1(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.portal.script_next(SystemErrorReply("ACCESS_DENIED"), target="rest")

    result = run_register(tmp_path, tls_sandbox)

    assert (result.code, result.output["error"]) == (1, "ACCESS_DENIED")


def test_untrusted_certificate_is_exit_4_and_no_token_sent(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)

    result = run_register(tmp_path, tls_sandbox, ca_option=False)

    assert (result.code, result.output["error"]) == (4, "TLS_ERROR")
    assert list(tls_sandbox.portal.received) == []


def test_missing_keyring_is_exit_3_with_advice(tmp_path: Path, tls_sandbox: RunningSandbox) -> None:
    result = run_register(
        tmp_path,
        tls_sandbox,
        extra_env={"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"},
    )

    assert (result.code, result.output["error"]) == (3, "KEYRING_MISSING")
    assert "Secret Service" in result.output["description"]


def test_a_usage_mistake_is_still_one_json_object_exit_2(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gui", "register", "profile.json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(ROOT)),
        cwd=tmp_path,
    )

    assert done.returncode == 2
    (line,) = done.stdout.splitlines()
    assert json.loads(line) == {
        "ok": False,
        "error": "USAGE",
        "description": "the following arguments are required: --portal (see --help)",
        "field": None,
    }
    assert done.stderr.startswith("usage:")


def test_success_reports_the_warnings_validate_gives(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    """The docs' example with its empty SVG registers, and says the icon draws nothing."""
    store_token(tls_sandbox, secret_service_keyring)
    empty_svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 70 71"></svg>'
    data = profile(ICON={"DATA_IMAGE": encode_data_image(empty_svg.encode()), "COLOR": "#a6ffa3"})

    result = run_register(tmp_path, tls_sandbox, data)

    assert (result.code, result.output["ok"], result.output["id"]) == (0, True, "acme_chat")
    codes = {(w["field"], w["code"]) for w in result.output["warnings"]}
    assert ("ICON.DATA_IMAGE", "ICON_INVISIBLE") in codes
    assert "warning: ICON.DATA_IMAGE: draws nothing visible" in result.stderr
