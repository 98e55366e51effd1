"""“Try it with the local sandbox”: a simulated portal in this process, ready to register on.

The sandbox (:class:`~gui.sandbox.SandboxPortal` behind a :class:`~gui.sandbox.SandboxServer`)
listens on 127.0.0.1 over plain HTTP, which the transport accepts for loopback only. A ready token
is put in the token store under the sandbox's address; closing the session stops the sandbox and
forgets its token. The window points itself at :attr:`SandboxSession.url`.
"""

from __future__ import annotations

import logging
from typing import Any

from gui.core.auth.tokens import StoredToken, TokenStore
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
    """A running sandbox: its server and the token stored for it; :meth:`close` undoes both."""

    def __init__(self, server: Any, portal: Any, store: TokenStore) -> None:
        self.server = server
        self.portal = portal
        self.url: str = server.url
        self.address = PortalAddress.parse(server.url)
        self._store = store

    def close(self) -> None:
        try:
            self._store.forget(self.address)
        except B24Error as exc:
            log.warning("could not forget the sandbox token: %s", exc.message)
        self.server.stop()


def start_sandbox(store: TokenStore) -> SandboxSession:
    """Start the sandbox and store a ready token for it (GUI thread: it touches the keyring)."""
    from gui.sandbox import SandboxPortal, SandboxServer

    try:
        portal = SandboxPortal()
        app = portal.create_app()
        server = SandboxServer(portal).start()
    except OSError as exc:
        raise InternalError(
            _("The sandbox could not start: {reason}.").format(reason=exc.strerror or exc),
            code="SANDBOX",
        ) from None
    session = SandboxSession(server, portal, store)
    try:
        token = portal.mint_token(app, base_url=server.url)
        store.save(session.address, StoredToken.from_mapping(token))
    except B24Error:
        server.stop()
        raise
    return session
