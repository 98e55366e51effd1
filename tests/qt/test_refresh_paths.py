"""The window and the command line reach a portal through one application layer, so they refresh
an expired token the same way: the refresh goes to the OAuth server the user configured (even
when the token names another one), and a pair another process stored meanwhile is reloaded from
the keyring instead of asking to log in again.

Each scenario runs through the window (pytest-qt, in-memory keyring) and through
``python -m gui register`` (a subprocess, the real Secret Service), against the same TLS sandbox.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pytestqt.qtbot import QtBot

from gui.core.auth.oauth import OAuthClient
from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.portal.address import PortalAddress
from gui.core.portal.transport import Transport
from gui.qt.main_window import MainWindow
from gui.qt.settings import CA_BUNDLE, OAUTH_SERVER
from gui.sandbox.scripted import ProceedFn
from gui.sandbox.wire import Action
from tests.faults import Fault
from tests.fixtures_sandbox import RunningSandbox
from tests.integration.test_register_cli import run_register
from tests.qt.conftest import WindowKit
from tests.qt.driving import click_register, fill_every_field, status_text

ELSEWHERE = "https://127.0.0.1:9/rest/"
"""A token's ``server_endpoint`` where nothing listens (loopback): a refresh sent there fails."""
TWO_HOURS = 7200.0


def oauth_grants(sandbox: RunningSandbox) -> list[str]:
    return [r.params["grant_type"] for r in sandbox.portal.received if r.kind == "oauth_token"]


def register_auths(sandbox: RunningSandbox) -> list[str | None]:
    return [r.auth for r in sandbox.portal.received.rest_calls("imconnector.register")]


@dataclass(frozen=True)
class AnotherProcessRefreshes(Fault):
    """Not a fault: when the first REST call arrives, another process refreshes the pair and
    stores the new one (so the caller's refresh token is dead), then the call is answered."""

    name: ClassVar[str] = "observe"
    refresh_and_store: Callable[[], None] = field(default=lambda: None)

    def action(self, proceed: ProceedFn) -> Action:
        self.refresh_and_store()
        return proceed()


def another_process(sandbox: RunningSandbox, store: TokenStore, token: StoredToken) -> Fault:
    portal = PortalAddress.parse(sandbox.url)

    def refresh_and_store() -> None:
        with Transport(ca_bundle=sandbox.ca_bundle) as transport:
            store.save(portal, OAuthClient(transport, sandbox.oauth_server).refresh(token))

    return AnotherProcessRefreshes(refresh_and_store=refresh_and_store)


# ---------------------------------------------------------------------- through the window
def window_on(kit: WindowKit, sandbox: RunningSandbox, open_window: Callable[..., Any]) -> Any:
    settings = kit.settings()
    settings.set(CA_BUNDLE, str(sandbox.ca_bundle))
    settings.set(OAUTH_SERVER, sandbox.oauth_server)
    settings.sync()
    return open_window()


def register_in_window(qtbot: QtBot, window: MainWindow, sandbox: RunningSandbox) -> str:
    fill_every_field(qtbot, window, sandbox.url)
    click_register(qtbot, window)
    qtbot.waitUntil(lambda: status_text(window).startswith(("✓", "✗")), timeout=15000)
    return status_text(window)


def test_window_sends_the_refresh_to_the_configured_oauth_server(
    qtbot: QtBot, open_window: Callable[..., Any], kit: WindowKit, tls_sandbox: RunningSandbox
) -> None:
    data = tls_sandbox.ready_token()
    data["server_endpoint"] = ELSEWHERE
    kit.token_store().save(PortalAddress.parse(tls_sandbox.url), StoredToken.from_mapping(data))
    window = window_on(kit, tls_sandbox, open_window)
    tls_sandbox.clock.advance(TWO_HOURS)

    status = register_in_window(qtbot, window, tls_sandbox)

    assert status.startswith("✓ Registered"), status
    assert oauth_grants(tls_sandbox) == ["refresh_token"]


def test_window_reloads_a_pair_another_process_stored(
    qtbot: QtBot, open_window: Callable[..., Any], kit: WindowKit, tls_sandbox: RunningSandbox
) -> None:
    store, portal = kit.token_store(), PortalAddress.parse(tls_sandbox.url)
    token = StoredToken.from_mapping(tls_sandbox.ready_token())
    store.save(portal, token)
    window = window_on(kit, tls_sandbox, open_window)
    tls_sandbox.clock.advance(TWO_HOURS)  # the portal answers expired_token; locally still valid
    tls_sandbox.portal.script_next(another_process(tls_sandbox, store, token), target="rest")

    status = register_in_window(qtbot, window, tls_sandbox)

    assert status.startswith("✓ Registered"), status
    reloaded = store.load(portal)
    assert reloaded is not None and reloaded.refresh_token != token.refresh_token
    # The stored pair is read under the refresh lock: the dead refresh token is never spent.
    assert oauth_grants(tls_sandbox) == ["refresh_token"]
    assert register_auths(tls_sandbox) == [token.access_token, reloaded.access_token]


# ---------------------------------------------------------------------- through the CLI
@pytest.mark.keyring
def test_cli_sends_the_refresh_to_the_configured_oauth_server(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    data = tls_sandbox.ready_token()
    data["server_endpoint"] = ELSEWHERE
    TokenStore(secret_service_keyring).save(
        PortalAddress.parse(tls_sandbox.url), StoredToken.from_mapping(data)
    )
    tls_sandbox.clock.advance(TWO_HOURS)

    result = run_register(
        tmp_path, tls_sandbox, extra_args=("--oauth-server", tls_sandbox.oauth_server)
    )

    assert (result.code, result.output["ok"]) == (0, True)
    assert oauth_grants(tls_sandbox) == ["refresh_token"]


@pytest.mark.keyring
def test_cli_reloads_a_pair_another_process_stored(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store, portal = TokenStore(secret_service_keyring), PortalAddress.parse(tls_sandbox.url)
    token = StoredToken.from_mapping(tls_sandbox.ready_token())
    store.save(portal, token)
    tls_sandbox.clock.advance(TWO_HOURS)
    tls_sandbox.portal.script_next(another_process(tls_sandbox, store, token), target="rest")

    result = run_register(
        tmp_path, tls_sandbox, extra_args=("--oauth-server", tls_sandbox.oauth_server)
    )

    assert (result.code, result.output["ok"]) == (0, True)
    reloaded = store.load(portal)
    assert reloaded is not None and reloaded.refresh_token != token.refresh_token
    assert oauth_grants(tls_sandbox) == ["refresh_token"]  # the stored pair, read first
    assert register_auths(tls_sandbox) == [token.access_token, reloaded.access_token]
