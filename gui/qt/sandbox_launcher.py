"""“Try it with the local sandbox”: a simulated portal in this process, ready to register on.

The sandbox (:class:`~gui.sandbox.SandboxPortal` behind a :class:`~gui.sandbox.SandboxServer`)
listens on 127.0.0.1 over plain HTTP, which the transport accepts for loopback only, on the port
it had last time when that port is free (so an address typed or saved earlier still works), else
on any free port. Its ready token is held in memory, never in the OS keyring: it is worthless once
the program closes, and so the rehearsal works on a machine with no keyring at all. Closing the
session stops the sandbox and drops its token. The window points itself at
:attr:`SandboxSession.url`.
"""

from __future__ import annotations

import logging
from typing import Any

from gui.core.auth.memory_tokens import MemoryOverlayTokenStore
from gui.core.auth.tokens import StoredToken
from gui.core.errors import B24Error, InternalError
from gui.core.i18n import _
from gui.core.portal.address import PortalAddress

log = logging.getLogger(__name__)

EXAMPLES = {
    "ID": "sandbox_demo",
    "NAME": "Sandbox demo",
    "PLACEMENT_HANDLER": "https://connector.example.com/settings",
}
"""Example values for the form's empty required fields, so Register works at once."""


class SandboxSession:
    """A running sandbox: its server and the token held for it; :meth:`close` undoes both."""

    def __init__(self, server: Any, portal: Any, store: MemoryOverlayTokenStore) -> None:
        self.server = server
        self.portal = portal
        self.url: str = server.url
        self.address = PortalAddress.parse(server.url)
        self._store = store

    @property
    def port(self) -> int:
        """The port it listens on (remembered for the next start)."""
        port: int = self.address.port
        return port

    def close(self) -> None:
        try:
            self._store.forget(self.address)
        except B24Error as exc:
            log.warning("could not forget the sandbox token: %s", exc.message)
        self.server.stop()


def start_sandbox(store: MemoryOverlayTokenStore, port: int = 0) -> SandboxSession:
    """Start the sandbox (on ``port`` if it is free, else any) and hold a ready token for it."""
    from gui.sandbox import SandboxPortal, SandboxServer

    try:
        portal = SandboxPortal()
        app = portal.create_app()
        server = _serve(SandboxServer, portal, port)
    except OSError as exc:
        raise InternalError(
            _("The sandbox could not start: {reason}.").format(reason=exc.strerror or exc),
            code="SANDBOX",
        ) from None
    session = SandboxSession(server, portal, store)
    try:
        token = portal.mint_token(app, base_url=server.url)
        store.hold(session.address, StoredToken.from_mapping(token))
    except B24Error:
        server.stop()
        raise
    return session


def _serve(server_class: Any, portal: Any, port: int) -> Any:
    """The started server on ``port``; on any free port when ``port`` is 0 or taken."""
    if port:
        try:
            return server_class(portal, port=port).start()
        except OSError as exc:  # taken by another program (or a sandbox from a terminal)
            log.info("sandbox port %d unavailable (%s); taking a free one", port, exc.strerror)
    return server_class(portal).start()
