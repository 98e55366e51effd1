"""keyring's Secret Service backend, with its D-Bus connection closed when the keyring refuses.

keyring 25.7's ``SecretService.Keyring.get_preferred_collection`` opens a D-Bus connection and,
when the collection is locked (``KeyringLocked``) or cannot be opened (``InitError``), raises
without closing it: every refused call leaks a socket until the garbage collector finds it (a
``ResourceWarning``, an error under the test suite's strict warnings). This subclass opens the
collection the same way and closes the connection on every failure; on success the caller closes
it, as keyring's own methods do (``with closing(collection.connection)``).

keyring's read and delete find the item, then use it: when another process replaced the item in
between (gnome-keyring gives a replaced item a new object path) or deleted it, secretstorage
raises ``ItemNotFoundException``. A store can meet the same: the path its replacement was given
is gone when secretstorage opens it. Each tries again, a few times (storing is a replacement, so
doing it twice is harmless): a read then answers with the new item or with none, as it would
have a moment later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from keyring.backends import SecretService
from keyring.errors import InitError, KeyringLocked

T = TypeVar("T")

LOOKS = 5
"""How many times a read, store or delete tries when the item vanished under it."""


class ClosingSecretService(SecretService.Keyring):
    """The Secret Service backend that never leaves a D-Bus connection open on failure, and
    reads an item another process replaces at that moment."""

    @classmethod
    def like(cls, backend: object) -> ClosingSecretService:
        """A closing backend with ``backend``'s settings (its preferred collection, if any)."""
        closing = cls()
        if hasattr(backend, "preferred_collection"):
            closing.preferred_collection = backend.preferred_collection
        return closing

    preferred_collection: str
    """Set only when a collection other than the default is wanted (keyring's convention)."""

    def get_preferred_collection(self) -> Any:
        import secretstorage
        from secretstorage import exceptions

        bus = secretstorage.dbus_init()
        try:
            try:
                if hasattr(self, "preferred_collection"):
                    collection = secretstorage.Collection(bus, self.preferred_collection)
                else:
                    collection = secretstorage.get_default_collection(bus)
            except exceptions.SecretStorageException as error:
                raise InitError(f"Failed to create the collection: {error}.") from error
            if collection.is_locked():
                collection.unlock()
                if collection.is_locked():  # the user dismissed the prompt, or none could open
                    raise KeyringLocked("Failed to unlock the collection!")
        except BaseException:
            bus.close()
            raise
        return collection

    def get_password(self, service: str, username: str) -> str | None:
        read: Callable[[str, str], str | None] = super().get_password
        return _looking_again(lambda: read(service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        store: Callable[[str, str, str], None] = super().set_password
        _looking_again(lambda: store(service, username, password))

    def delete_password(self, service: str, username: str) -> None:
        delete: Callable[[str, str], None] = super().delete_password
        _looking_again(lambda: delete(service, username))


def _looking_again(call: Callable[[], T]) -> T | None:
    """``call()``, again while the item it found (or made) vanished before it was used."""
    from secretstorage.exceptions import ItemNotFoundException

    for look in range(LOOKS):
        try:
            return call()
        except ItemNotFoundException:
            if look == LOOKS - 1:
                raise
    return None
