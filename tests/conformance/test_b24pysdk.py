"""b24pysdk (the official Python SDK, PyPI) onboards a connector through the sandbox, unchanged.

The SDK builds ``https://<domain>/rest/<method>.json`` URLs only (so the sandbox runs TLS with a
CA the test trusts through ``REQUESTS_CA_BUNDLE``), and refreshes at a hard-coded
``https://oauth.bitrix24.tech/oauth/token/`` with a GET. The test resolves that one name to the
sandbox, as a hosts file would for a staging server; every other name that is not loopback fails
to resolve, so nothing can leave the machine. Nothing in the SDK is patched or subclassed.
"""

from __future__ import annotations

import socket
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from b24pysdk import BitrixApp, BitrixToken, Client

from tests.conformance.conftest import DATA, DOCS_ICON, SDK_OAUTH_HOST
from tests.fixtures_sandbox import RunningSandbox

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy")


@pytest.fixture
def sdk_network(sdk_sandbox: RunningSandbox, monkeypatch: pytest.MonkeyPatch) -> None:
    """The SDK's OAuth host is the sandbox; loopback is itself; any other name does not resolve."""
    port = urlsplit(sdk_sandbox.url).port
    resolve = socket.getaddrinfo

    def loopback_only(host: Any, service: Any, *args: Any, **kwargs: Any) -> Any:
        if host == SDK_OAUTH_HOST:
            return resolve("127.0.0.1", port, *args, **kwargs)
        if host in LOOPBACK_NAMES:
            return resolve(host, service, *args, **kwargs)
        raise socket.gaierror(f"the conformance tests stay on this machine, not {host}")

    monkeypatch.setattr(socket, "getaddrinfo", loopback_only)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(sdk_sandbox.ca_bundle))
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def sdk_token(sandbox: RunningSandbox, stored: dict[str, Any]) -> BitrixToken:
    return BitrixToken(
        domain=urlsplit(sandbox.url).netloc,
        auth_token=stored["access_token"],
        refresh_token=stored["refresh_token"],
        expires=datetime.fromtimestamp(stored["expires"], UTC),
        expires_in=3600,
        bitrix_app=BitrixApp(client_id=stored["client_id"], client_secret=stored["client_secret"]),
    )


@pytest.mark.usefixtures("sdk_network")
def test_b24pysdk_onboards_and_refreshes_through_the_sandbox(sdk_sandbox: RunningSandbox) -> None:
    portal = sdk_sandbox.portal
    stored = sdk_sandbox.ready_token()
    token = sdk_token(sdk_sandbox, stored)
    client = Client(token)
    im = client.imconnector

    icon = {"DATA_IMAGE": DOCS_ICON, "COLOR": "#69acc0"}
    registered = im.register("pysdk_chat", "Py SDK", icon, "https://example.com/settings")
    assert registered.response.result == {"result": True}
    lines = client.imopenlines.config.list.get(params={"select": ["ID", "LINE_NAME"]})
    line = int(lines.response.result[0]["ID"])
    assert lines.response.result[0] == {"ID": "1", "LINE_NAME": "Sandbox open channel"}
    assert im.activate("pysdk_chat", line, True).response.result is True
    assert im.connector.data.set("pysdk_chat", line, DATA).response.result is True
    status = im.status("pysdk_chat", line=line).response.result
    assert (status["LINE"], status["CONNECTOR"], status["STATUS"]) == (line, "pysdk_chat", True)
    both = {"status": ("imconnector.status", {"CONNECTOR": "pysdk_chat", "LINE": line})}
    batch = token.call_batch({**both, "me": ("profile", {})})["result"]
    assert (batch["result"]["status"]["STATUS"], batch["result"]["me"]["ID"]) == (True, "1")
    assert batch["result_error"] == []

    sdk_sandbox.clock.advance(3600)  # the access token dies: the SDK must refresh on its own
    assert im.list().response.result["pysdk_chat"] == "Py SDK"
    assert token.auth_token != stored["access_token"]
    assert not portal.refresh_token_alive(stored["refresh_token"])
    assert im.unregister(bitrix_id="pysdk_chat").response.result == {"result": True}
    assert "pysdk_chat" not in portal.connectors
    info = token.get_app_info().result
    assert (info.client_id, info.install.installed) == (stored["client_id"], True)

    rest = portal.received.rest_calls()
    assert [call.path for call in rest] == [
        "/rest/imconnector.register.json",
        "/rest/imopenlines.config.list.get.json",
        "/rest/imconnector.activate.json",
        "/rest/imconnector.connector.data.set.json",
        "/rest/imconnector.status.json",
        "/rest/batch.json",
        "/rest/imconnector.list.json",  # 401 expired_token
        "/rest/imconnector.list.json",  # the retry with the new token
        "/rest/imconnector.unregister.json",
        "/rest/app.info/",  # on the OAuth server's host
    ]
    assert {call.auth for call in rest[:7]} == {stored["access_token"]}
    assert {call.auth for call in rest[7:]} == {token.auth_token}
    (refresh,) = [item for item in portal.received if item.kind == "oauth_token"]
    assert (refresh.method, refresh.header("Host")) == ("GET", SDK_OAUTH_HOST)
    assert parse_qs(refresh.query)["grant_type"] == ["refresh_token"]
    assert rest[-1].header("Host") == SDK_OAUTH_HOST
