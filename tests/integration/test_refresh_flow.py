"""Expiry → one refresh (single-flight) → stored → retried once, against the TLS sandbox.

What went over the wire is read from the sandbox's record; "stored before the retry" is proven
by a hook that runs when the retried request arrives and reads the keyring at that moment.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from gui.core.auth.oauth import OAuthClient
from gui.core.auth.refresh import AuthorizedClient, RefreshCoordinator
from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.errors import AuthError, KeyringUnavailableError, TokenExpiredError
from gui.core.portal.address import PortalAddress
from gui.core.portal.rest import RestClient
from gui.core.portal.transport import Transport
from gui.sandbox.wire import Action
from tests.faults import Fault, SystemErrorReply
from tests.faults.scripted import ProceedFn
from tests.fixtures_keyring import MemoryKeyring
from tests.fixtures_sandbox import RunningSandbox

PROFILE = {
    "ID": "acme_chat",
    "NAME": "Acme chat",
    "ICON": {"DATA_IMAGE": "data:image/svg+xml,%3Csvg/%3E"},
    "PLACEMENT_HANDLER": "https://acme.example/settings",
}
HOUR = 3600.0


@dataclass(frozen=True)
class Observe(Fault):
    """Not a fault: runs ``hook`` when the request arrives, then answers normally."""

    name: ClassVar[str] = "observe"
    hook: Callable[[], None] = lambda: None

    def action(self, proceed: ProceedFn) -> Action:
        self.hook()
        return proceed()


@dataclass
class Stack:
    portal: PortalAddress
    client: AuthorizedClient
    oauth: OAuthClient
    coordinator: RefreshCoordinator


@pytest.fixture
def stack(tls_sandbox: RunningSandbox) -> Iterator[Stack]:
    with Transport(ca_bundle=tls_sandbox.ca_bundle) as transport:
        oauth = OAuthClient(transport, tls_sandbox.oauth_server)
        coordinator = RefreshCoordinator()
        client = AuthorizedClient(RestClient(transport), oauth, coordinator)
        yield Stack(PortalAddress.parse(tls_sandbox.url), client, oauth, coordinator)


def fresh_token(sandbox: RunningSandbox) -> StoredToken:
    return StoredToken.from_mapping(sandbox.ready_token())


def oauth_requests(sandbox: RunningSandbox) -> list[Any]:
    return [item for item in sandbox.portal.received if item.kind == "oauth_token"]


@pytest.mark.keyring
def test_expiry_refreshes_once_stores_the_pair_then_retries(
    tls_sandbox: RunningSandbox, stack: Stack, secret_service_keyring: Any
) -> None:
    store = TokenStore(secret_service_keyring)
    token = fresh_token(tls_sandbox)
    store.save(stack.portal, token)
    in_keyring_at_retry: list[StoredToken | None] = []
    tls_sandbox.portal.script_next(
        Observe(),
        Observe(hook=lambda: in_keyring_at_retry.append(store.load(stack.portal))),
        target="rest",
    )
    tls_sandbox.clock.advance(HOUR + 1)

    outcome = stack.client.register(
        stack.portal, token, lambda new: store.save(stack.portal, new), PROFILE
    )

    assert outcome.ok
    calls = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert [call.auth == token.access_token for call in calls] == [True, False]
    (refresh,) = oauth_requests(tls_sandbox)
    assert refresh.params["grant_type"] == "refresh_token"
    assert refresh.params["refresh_token"] == token.refresh_token
    assert "refresh_token" not in refresh.query
    stored = store.load(stack.portal)
    assert stored is not None
    assert in_keyring_at_retry == [stored]
    assert stored.access_token == calls[1].auth
    assert stored.refresh_token != token.refresh_token
    assert stored.client_secret == token.client_secret
    assert not tls_sandbox.portal.refresh_token_alive(token.refresh_token)
    assert tls_sandbox.portal.refresh_token_alive(stored.refresh_token)


def test_a_passed_expires_refreshes_before_sending(
    tls_sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    token = fresh_token(tls_sandbox)
    tls_sandbox.clock.advance(HOUR + 1)
    store = TokenStore(memory_keyring)
    portal = PortalAddress.parse(tls_sandbox.url)
    with Transport(ca_bundle=tls_sandbox.ca_bundle) as transport:
        client = AuthorizedClient(
            RestClient(transport),
            OAuthClient(transport, tls_sandbox.oauth_server),
            RefreshCoordinator(),
            clock=lambda: token.expires + 1.0,
        )
        outcome = client.register(portal, token, lambda new: store.save(portal, new), PROFILE)

    assert outcome.ok
    (call,) = tls_sandbox.portal.received.rest_calls("imconnector.register")
    stored = store.load(portal)
    assert stored is not None and call.auth == stored.access_token
    assert len(oauth_requests(tls_sandbox)) == 1


def test_concurrent_calls_on_an_expired_token_refresh_exactly_once(
    tls_sandbox: RunningSandbox, stack: Stack, memory_keyring: MemoryKeyring
) -> None:
    store = TokenStore(memory_keyring)
    token = fresh_token(tls_sandbox)
    tls_sandbox.clock.advance(HOUR + 1)
    workers = 4
    start = threading.Barrier(workers)
    outcomes: list[bool] = []
    failures: list[BaseException] = []

    def work() -> None:
        start.wait(timeout=30)
        try:
            result = stack.client.register(
                stack.portal, token, lambda new: store.save(stack.portal, new), PROFILE
            )
            outcomes.append(result.ok)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert failures == []
    assert outcomes == [True] * workers
    assert len(oauth_requests(tls_sandbox)) == 1
    assert stack.coordinator.refresh_count == 1
    assert memory_keyring.set_calls == 1
    stored = store.load(stack.portal)
    assert stored is not None
    assert tls_sandbox.portal.refresh_token_alive(stored.refresh_token)
    retried = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert {call.auth for call in retried} <= {token.access_token, stored.access_token}
    assert sum(call.auth == stored.access_token for call in retried) == workers


def test_a_call_that_expires_while_another_refreshes_reuses_the_new_pair(
    tls_sandbox: RunningSandbox, stack: Stack, memory_keyring: MemoryKeyring
) -> None:
    """Forced overlap: the refresh request is held at the OAuth server until the second
    caller's request has arrived (and been answered expired_token)."""
    store = TokenStore(memory_keyring)
    token = fresh_token(tls_sandbox)
    tls_sandbox.clock.advance(HOUR + 1)
    second_arrived = threading.Event()
    held: list[bool] = []
    tls_sandbox.portal.script_next(Observe(), Observe(hook=second_arrived.set), target="rest")
    tls_sandbox.portal.script_next(
        Observe(hook=lambda: held.append(second_arrived.wait(timeout=30))), target="oauth"
    )
    outcomes: list[bool] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            result = stack.client.register(
                stack.portal, token, lambda new: store.save(stack.portal, new), PROFILE
            )
            outcomes.append(result.ok)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert held == [True]
    assert failures == []
    assert outcomes == [True, True]
    assert len(oauth_requests(tls_sandbox)) == 1
    calls = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert [call.auth == token.access_token for call in calls] == [True, True, False, False]


def test_reusing_a_rotated_refresh_token_fails_as_on_the_real_server(
    tls_sandbox: RunningSandbox, stack: Stack
) -> None:
    token = fresh_token(tls_sandbox)
    stack.oauth.refresh(token)

    with pytest.raises(AuthError) as caught:
        stack.oauth.refresh(token)

    assert caught.value.code == "invalid_grant"
    assert "Log in again" in caught.value.message
    assert token.refresh_token not in caught.value.message


def test_a_dead_refresh_token_means_log_in_again_and_no_retry(
    tls_sandbox: RunningSandbox, stack: Stack
) -> None:
    token = fresh_token(tls_sandbox)
    tls_sandbox.portal.revoke(token.refresh_token)
    tls_sandbox.clock.advance(HOUR + 1)
    persisted: list[StoredToken] = []

    with pytest.raises(AuthError) as caught:
        stack.client.register(stack.portal, token, persisted.append, PROFILE)

    assert (caught.value.code, caught.value.exit_code) == ("invalid_grant", 3)
    assert persisted == []
    assert len(tls_sandbox.portal.received.rest_calls("imconnector.register")) == 1


def test_the_retry_happens_once_only(tls_sandbox: RunningSandbox, stack: Stack) -> None:
    token = fresh_token(tls_sandbox)
    tls_sandbox.portal.script_next(
        SystemErrorReply("expired_token"), SystemErrorReply("expired_token"), target="rest"
    )
    persisted: list[StoredToken] = []

    with pytest.raises(TokenExpiredError):
        stack.client.register(stack.portal, token, persisted.append, PROFILE)

    assert len(tls_sandbox.portal.received.rest_calls("imconnector.register")) == 2
    assert len(persisted) == 1
    assert len(oauth_requests(tls_sandbox)) == 1


def test_no_retry_when_the_new_pair_cannot_be_stored(
    tls_sandbox: RunningSandbox, stack: Stack
) -> None:
    token = fresh_token(tls_sandbox)
    tls_sandbox.clock.advance(HOUR + 1)

    def locked(new: StoredToken) -> None:
        raise KeyringUnavailableError("locked", code="KEYRING_LOCKED")

    with pytest.raises(KeyringUnavailableError):
        stack.client.register(stack.portal, token, locked, PROFILE)
    assert len(tls_sandbox.portal.received.rest_calls("imconnector.register")) == 1

    # The pair is not lost in this process: the next call uses it without refreshing again.
    persisted: list[StoredToken] = []
    assert stack.client.register(stack.portal, token, persisted.append, PROFILE).ok
    assert len(oauth_requests(tls_sandbox)) == 1
    assert persisted == []


def test_a_pair_refreshed_by_another_process_is_picked_up_from_keyring(
    tls_sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    """Two processes (two coordinators) share one keyring entry; the second one, holding the
    refresh lock, reads the keyring first and uses the pair the first one stored, without
    spending the dead refresh token."""
    store = TokenStore(memory_keyring)
    portal = PortalAddress.parse(tls_sandbox.url)
    token = fresh_token(tls_sandbox)
    store.save(portal, token)
    tls_sandbox.clock.advance(HOUR + 1)

    def persist(new: StoredToken) -> None:
        store.save(portal, new)

    with Transport(ca_bundle=tls_sandbox.ca_bundle) as transport:

        def process() -> AuthorizedClient:
            return AuthorizedClient(
                RestClient(transport),
                OAuthClient(transport, tls_sandbox.oauth_server),
                RefreshCoordinator(),
                reload=store.load,
            )

        first, second = process(), process()
        assert first.register(portal, token, persist, PROFILE).ok
        assert second.register(portal, token, persist, PROFILE).ok

    grants = [item.params["grant_type"] for item in oauth_requests(tls_sandbox)]
    assert grants == ["refresh_token"]  # the second process found the stored pair first
    assert memory_keyring.set_calls == 2  # the first save, then the one refresh
    stored = store.load(portal)
    assert stored is not None
    assert tls_sandbox.portal.received.rest_calls("imconnector.register")[-1].auth == (
        stored.access_token
    )


def test_without_a_newer_stored_pair_invalid_grant_stands(
    tls_sandbox: RunningSandbox, memory_keyring: MemoryKeyring
) -> None:
    store = TokenStore(memory_keyring)
    portal = PortalAddress.parse(tls_sandbox.url)
    token = fresh_token(tls_sandbox)
    store.save(portal, token)
    tls_sandbox.portal.revoke(token.refresh_token)
    tls_sandbox.clock.advance(HOUR + 1)
    with Transport(ca_bundle=tls_sandbox.ca_bundle) as transport:
        client = AuthorizedClient(
            RestClient(transport),
            OAuthClient(transport, tls_sandbox.oauth_server),
            RefreshCoordinator(),
            reload=store.load,
        )
        with pytest.raises(AuthError) as caught:
            client.register(portal, token, lambda new: store.save(portal, new), PROFILE)

    assert caught.value.code == "invalid_grant"
