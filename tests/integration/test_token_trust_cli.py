"""``register`` as a user runs it, with a stored token that names another portal or another
OAuth server (issue 11 points 5–6): refused with a clear message before anything is sent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.portal.address import PortalAddress
from tests.fixtures_sandbox import RunningSandbox
from tests.integration.test_register_cli import run_register

pytestmark = pytest.mark.keyring
TWO_HOURS = 7200.0


def store(sandbox: RunningSandbox, keyring: Any, **changes: Any) -> None:
    data = sandbox.ready_token()
    data.update(changes)
    TokenStore(keyring).save(PortalAddress.parse(sandbox.url), StoredToken.from_mapping(data))


def test_a_token_issued_for_another_portal_is_refused_unsent(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store(tls_sandbox, secret_service_keyring, client_endpoint="https://other.bitrix24.com/rest/")

    result = run_register(tmp_path, tls_sandbox)

    assert result.code == 3
    assert result.output["error"] == "TOKEN_OTHER_PORTAL"
    assert "other.bitrix24.com" in result.output["description"]
    assert list(tls_sandbox.portal.received) == []


def test_a_refresh_to_an_unknown_server_is_refused_unsent(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store(tls_sandbox, secret_service_keyring, server_endpoint="https://evil.example/rest/")
    tls_sandbox.clock.advance(TWO_HOURS)  # the portal says expired_token: a refresh is due

    result = run_register(tmp_path, tls_sandbox)

    assert result.code == 3
    assert result.output["error"] == "OAUTH_SERVER_UNTRUSTED"
    assert "--oauth-server" in result.output["description"]
    assert [item.kind for item in tls_sandbox.portal.received if item.kind == "oauth_token"] == []


def test_the_named_oauth_server_overrides_the_tokens(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store(tls_sandbox, secret_service_keyring, server_endpoint="https://evil.example/rest/")
    tls_sandbox.clock.advance(TWO_HOURS)

    result = run_register(
        tmp_path, tls_sandbox, extra_args=("--oauth-server", tls_sandbox.oauth_server)
    )

    assert (result.code, result.output["ok"], result.output["id"]) == (0, True, "acme_chat")
