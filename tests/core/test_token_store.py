"""The token store's contract (DESIGN.md "Token store") against an in-memory keyring backend."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st
from keyring.backends import fail, null
from keyring.errors import InitError, KeyringLocked, NoKeyringError

from gui.core.auth.tokens import SERVICE, StoredToken, TokenStore
from gui.core.errors import AuthError, InvalidInputError, KeyringUnavailableError
from tests.fixtures_keyring import MemoryKeyring

ACCESS = "access-SECRET-1111"
REFRESH = "refresh-SECRET-2222"
CLIENT_SECRET = "client-SECRET-3333"


@dataclass(frozen=True)
class Portal:
    host_key: str


PORTAL = Portal("example.bitrix24.com")


def make_token(**changes: object) -> StoredToken:
    values: dict[str, object] = {
        "access_token": ACCESS,
        "refresh_token": REFRESH,
        "expires": 1_900_000_000,
        "client_id": "local.abc123",
        "client_secret": CLIENT_SECRET,
        "client_endpoint": "https://example.bitrix24.com/rest/",
        "server_endpoint": "https://oauth.bitrix.info/rest/",
        "member_id": "m-42",
        "scope": "imopenlines,imconnector",
    }
    values.update(changes)
    return StoredToken.from_mapping(values)


def test_saved_token_is_a_json_object_under_the_service_and_host_key(
    memory_keyring: MemoryKeyring,
) -> None:
    TokenStore(memory_keyring).save(PORTAL, make_token())

    assert list(memory_keyring.entries) == [(SERVICE, "example.bitrix24.com")]
    stored = json.loads(memory_keyring.entries[(SERVICE, "example.bitrix24.com")])
    assert stored["access_token"] == ACCESS
    assert stored["refresh_token"] == REFRESH
    assert stored["expires"] == 1_900_000_000
    assert stored["client_id"] == "local.abc123"
    assert stored["client_secret"] == CLIENT_SECRET
    assert stored["server_endpoint"] == "https://oauth.bitrix.info/rest/"
    assert stored["member_id"] == "m-42"
    assert stored["scope"] == "imopenlines,imconnector"


def test_load_returns_what_was_saved_and_none_for_another_portal(
    memory_keyring: MemoryKeyring,
) -> None:
    store = TokenStore(memory_keyring)
    store.save(PORTAL, make_token())

    assert store.load(PORTAL) == make_token()
    assert store.load(Portal("other.bitrix24.com")) is None


def test_forget_deletes_once(memory_keyring: MemoryKeyring) -> None:
    store = TokenStore(memory_keyring)
    store.save(PORTAL, make_token())

    assert store.forget(PORTAL) is True
    assert store.load(PORTAL) is None
    assert store.forget(PORTAL) is False


def test_forget_racing_another_forget_is_no_error(memory_keyring: MemoryKeyring) -> None:
    """Another process deletes the entry between forget's read and its delete: gone all the
    same (it was KEYRING_ERROR)."""
    store = TokenStore(memory_keyring)
    store.save(PORTAL, make_token())
    read = memory_keyring.get_password

    def read_then_lose(service: str, username: str) -> str | None:
        found = read(service, username)
        memory_keyring.entries.clear()  # the other process's forget, just after our read
        return found

    memory_keyring.get_password = read_then_lose  # type: ignore[method-assign]
    assert store.forget(PORTAL) is True
    assert memory_keyring.entries == {}


def test_unknown_keys_survive_a_round_trip() -> None:
    token = make_token(domain="oauth.bitrix.info", user_id=7)

    again = StoredToken.from_json(token.to_json())

    assert again == token
    assert json.loads(again.to_json())["user_id"] == 7


def test_repr_and_masked_form_hide_every_secret() -> None:
    token = make_token()
    shown = repr(token) + str(token) + json.dumps(token.masked())

    for secret in (ACCESS, REFRESH, CLIENT_SECRET):
        assert secret not in shown
    assert "local.abc123" in shown
    assert token.masked()["access_token"].startswith("••••")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("{not json " + ACCESS, "TOKEN_NOT_JSON"),
        (json.dumps([ACCESS]), "TOKEN_NOT_OBJECT"),
        (json.dumps({"access_token": ACCESS, "refresh_token": REFRESH}), "TOKEN_FIELD_MISSING"),
    ],
    ids=["not-json", "not-object", "missing-keys"],
)
def test_bad_token_json_is_invalid_input_without_the_secret(text: str, code: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        StoredToken.from_json(text)

    assert caught.value.code == code
    assert caught.value.exit_code == 2
    assert ACCESS not in str(caught.value) + repr(caught.value)
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None or caught.value.__suppress_context__


def test_missing_keys_are_named() -> None:
    data = make_token().as_dict()
    del data["client_secret"]
    del data["expires"]

    with pytest.raises(InvalidInputError, match="expires, client_secret"):
        StoredToken.from_mapping(data)


@pytest.mark.parametrize("expires", ["soon", -5, True, float("inf"), {"a": 1}])
def test_expires_must_be_unix_seconds(expires: object) -> None:
    with pytest.raises(InvalidInputError, match="expires"):
        make_token(expires=expires)


def test_expires_may_be_a_numeric_string() -> None:
    assert make_token(expires="1900000000").expires == 1_900_000_000


def test_is_expired_at_and_after_expires_with_optional_margin() -> None:
    token = make_token(expires=1000)

    assert not token.is_expired(now=999)
    assert token.is_expired(now=1000)
    assert token.is_expired(now=990, margin=10)
    assert not token.is_expired(now=989, margin=10)


def test_scopes_are_split() -> None:
    assert make_token(scope="imopenlines, imconnector").scopes == ("imopenlines", "imconnector")


@pytest.mark.parametrize(
    ("error", "code", "hint"),
    [
        (KeyringLocked("Failed to unlock the collection!"), "KEYRING_LOCKED", "Unlock"),
        (NoKeyringError("No recommended backend"), "KEYRING_MISSING", "Secret Service"),
        (InitError("Failed to create the collection"), "KEYRING_INIT", "Secret Service"),
        (RuntimeError("D-Bus said no"), "KEYRING_ERROR", "Secret Service"),
    ],
)
@pytest.mark.parametrize("action", ["load", "save", "forget"])
def test_keyring_failures_become_a_what_to_do_error(
    memory_keyring: MemoryKeyring, error: Exception, code: str, hint: str, action: str
) -> None:
    memory_keyring.fail_with = error
    store = TokenStore(memory_keyring)

    with pytest.raises(KeyringUnavailableError) as caught:
        if action == "save":
            store.save(PORTAL, make_token())
        else:
            getattr(store, action)(PORTAL)

    assert caught.value.code == code
    assert caught.value.exit_code == 3
    assert hint in caught.value.message
    assert memory_keyring.entries == {}


def test_a_backend_error_quoting_the_secret_does_not_leak_it(
    memory_keyring: MemoryKeyring,
) -> None:
    memory_keyring.fail_with = ValueError(f"cannot store {make_token().to_json()}")

    with pytest.raises(KeyringUnavailableError) as caught:
        TokenStore(memory_keyring).save(PORTAL, make_token())

    assert ACCESS not in caught.value.message + repr(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_keyrings_fail_backend_is_a_missing_keyring_error() -> None:
    with pytest.raises(KeyringUnavailableError) as caught:
        TokenStore(fail.Keyring()).save(PORTAL, make_token())

    assert caught.value.code == "KEYRING_MISSING"
    assert "plain file" in caught.value.message


def test_null_and_plaintext_backends_are_refused() -> None:
    plaintext = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})

    for backend in (null.Keyring(), plaintext()):
        with pytest.raises(KeyringUnavailableError) as caught:
            TokenStore(backend)
        assert caught.value.code == "KEYRING_PLAINTEXT"


def test_an_unusable_stored_entry_asks_to_log_in_again(memory_keyring: MemoryKeyring) -> None:
    memory_keyring.entries[(SERVICE, PORTAL.host_key)] = json.dumps({"access_token": ACCESS})

    with pytest.raises(AuthError) as caught:
        TokenStore(memory_keyring).load(PORTAL)

    assert caught.value.code == "TOKEN_STORED_INVALID"
    assert "Log in again" in caught.value.message
    assert ACCESS not in caught.value.message


secret_text = st.text(min_size=1, max_size=40)


@given(access=secret_text, refresh=secret_text, secret=secret_text, scope=st.text(max_size=30))
def test_any_token_round_trips_through_json(
    access: str, refresh: str, secret: str, scope: str
) -> None:
    token = make_token(
        access_token=access, refresh_token=refresh, client_secret=secret, scope=scope
    )

    assert StoredToken.from_json(token.to_json()) == token
