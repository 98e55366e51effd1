"""Keyring backends for tests: an in-memory one for unit tests, the real Secret Service for
integration tests (DESIGN.md "Real parts in tests").

Unit tests get :class:`MemoryKeyring` passed to ``TokenStore(backend=...)``: nothing global is
changed. Integration tests use gnome-keyring on the private session bus that
``scripts/dev.sh test`` starts; when there is none the fixture FAILS (never skips) and says how to
run the suite, because a skipped keyring test proves nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from gui.core.auth.tokens import SERVICE

RUN_HINT = (
    "run the suite with `bash scripts/dev.sh test` (gnome-keyring under dbus-run-session, a "
    "throwaway HOME, DISPLAY unset)"
)


@dataclass
class MemoryKeyring:
    """A keyring backend that keeps entries in a dict and behaves like keyring's backends.

    ``fail_with`` makes every call raise that exception (a locked or missing keyring);
    ``on_set`` callbacks run after each successful ``set_password`` (service, username, password).
    """

    entries: dict[tuple[str, str], str] = field(default_factory=dict)
    fail_with: BaseException | None = None
    on_set: list[Callable[[str, str, str], None]] = field(default_factory=list)
    set_calls: int = 0

    def get_password(self, service: str, username: str) -> str | None:
        self._maybe_fail()
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._maybe_fail()
        self.entries[(service, username)] = password
        self.set_calls += 1
        for hook in self.on_set:
            hook(service, username, password)

    def delete_password(self, service: str, username: str) -> None:
        from keyring.errors import PasswordDeleteError

        self._maybe_fail()
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("No such password!")

    def _maybe_fail(self) -> None:
        if self.fail_with is not None:
            raise self.fail_with


@pytest.fixture
def memory_keyring() -> MemoryKeyring:
    """A fresh in-memory keyring backend object (pass it to ``TokenStore(backend=...)``)."""
    return MemoryKeyring()


def _require_secret_service() -> None:
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        pytest.fail(f"No D-Bus session bus, so no Secret Service: {RUN_HINT}.")
    from keyring.backends import SecretService

    try:
        priority = SecretService.Keyring.priority
    except RuntimeError as exc:
        pytest.fail(f"The Secret Service is not usable ({exc}): {RUN_HINT}.")
    assert priority > 0


def _delete_our_items() -> None:
    import secretstorage

    connection = secretstorage.dbus_init()
    try:
        collection = secretstorage.get_default_collection(connection)
        for item in list(collection.search_items({"service": SERVICE})):
            item.delete()
    finally:
        connection.close()


@pytest.fixture
def secret_service_keyring() -> Iterator[Any]:
    """The real SecretService backend; this program's entries are deleted after the test."""
    _require_secret_service()
    from gui.core.auth.secret_service import ClosingSecretService

    _delete_our_items()
    yield ClosingSecretService()
    _delete_our_items()


@pytest.fixture
def locked_secret_service_keyring() -> Iterator[Any]:
    """The real SecretService backend pointed at a collection of its own that is locked.

    gnome-keyring's internal interface creates the collection with a known password without a
    prompt; locking needs none either. With DISPLAY unset the unlock prompt cannot open, so the
    backend raises ``KeyringLocked``. The default collection stays unlocked for other tests.
    """
    _require_secret_service()
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        pytest.fail(f"DISPLAY is set: unlocking would open a prompt and hang; {RUN_HINT}.")
    import secretstorage
    from secretstorage.defines import SS_PATH
    from secretstorage.util import DBusAddressWrapper, format_secret, open_session

    connection = secretstorage.dbus_init()
    internal = DBusAddressWrapper(
        SS_PATH, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface", connection
    )
    session = open_session(connection)
    (path,) = internal.call(
        "CreateWithMasterPassword",
        "a{sv}(oayays)",
        {"org.freedesktop.Secret.Collection.Label": ("s", "b24 locked test")},
        format_secret(session, b"collection-password", "text/plain"),
    )
    collection = secretstorage.Collection(connection, path)
    collection.lock()
    assert collection.is_locked()
    from gui.core.auth.secret_service import ClosingSecretService

    backend = ClosingSecretService()
    backend.preferred_collection = path
    try:
        yield backend
    finally:
        internal.call(
            "UnlockWithMasterPassword",
            "o(oayays)",
            path,
            format_secret(session, b"collection-password", "text/plain"),
        )
        collection.delete()
        connection.close()
