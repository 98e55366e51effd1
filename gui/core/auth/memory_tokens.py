"""The sandbox's throwaway token, kept in this process's memory instead of the OS keyring.

The local sandbox started from the window mints a token that is worthless outside this process:
the sandbox dies with it. Holding it in memory lets the rehearsal work on a machine with no OS
keyring at all (a container, WSL, a bare desktop). Only a loopback portal can be held this way,
so a real portal's token always goes to the keyring (README, "Where things are": nothing secret is
written anywhere else — memory is not a file, and it is gone when the program closes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gui.core.auth.tokens import StoredToken, TokenStore, keyring_username
from gui.core.errors import InvalidInputError
from gui.core.portal.address import PortalAddress

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend


class MemoryOverlayTokenStore(TokenStore):
    """A :class:`TokenStore` that keeps the portals given to :meth:`hold` in memory.

    Every other portal goes to ``keyring`` unchanged (its calls, errors and index). A refreshed
    sandbox token is saved back into memory, and forgetting it drops it from memory.
    """

    def __init__(self, keyring: TokenStore) -> None:
        # No super().__init__(): every keyring call is delegated to ``keyring``, which already
        # resolved (or will resolve) its backend and index.
        self._keyring = keyring
        self._memory: dict[str, StoredToken] = {}

    def hold(self, portal: PortalAddress, token: StoredToken) -> None:
        """Keep ``token`` for ``portal`` in memory only; refuses any non-loopback portal."""
        if not portal.is_loopback:
            raise InvalidInputError(
                "Only the local sandbox's token can be kept in memory; a real portal's token "
                "goes to the OS keyring.",
                code="TOKEN_NOT_SANDBOX",
                field="portal",
            )
        self._memory[portal.host_key] = token

    def in_memory(self, portal: str | PortalAddress) -> bool:
        """True when ``portal``'s token lives in memory (the sandbox's), not in the keyring."""
        return keyring_username(portal) in self._memory

    def portals(self) -> list[str]:
        held = [host for host in self._keyring.portals() if host not in self._memory]
        return [*held, *self._memory]

    @property
    def backend(self) -> KeyringBackend:
        return self._keyring.backend

    def load(self, portal: str | PortalAddress) -> StoredToken | None:
        username = keyring_username(portal)
        if username in self._memory:
            return self._memory[username]
        return self._keyring.load(portal)

    def save(self, portal: str | PortalAddress, token: StoredToken) -> None:
        username = keyring_username(portal)
        if username in self._memory:
            self._memory[username] = token
            return
        self._keyring.save(portal, token)

    def forget(self, portal: str | PortalAddress) -> bool:
        if self._memory.pop(keyring_username(portal), None) is not None:
            return True
        return self._keyring.forget(portal)
