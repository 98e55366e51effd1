"""“Try it with the local sandbox”: a simulated portal in this process, ready to register on.

The sandbox (the core's :class:`~gui.sandbox.SandboxPortal` behind a
:class:`~gui.sandbox.SandboxServer`) listens on 127.0.0.1 over plain HTTP, which the
transport accepts for loopback only. A ready token is put in the token store under the sandbox's
address, the window is pointed at it, and empty required fields get example values, so a
newcomer can press Register within the first minute. Closing the window stops the sandbox and
forgets its token.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from gui.core.errors import B24Error, InternalError

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow

log = logging.getLogger(__name__)

EXAMPLES = {
    "ID": "sandbox_demo",
    "NAME": "Sandbox demo",
    "PLACEMENT_HANDLER": "https://connector.example.com/settings",
}


class SandboxSession:
    """A running sandbox: its server and the token stored for it; :meth:`close` undoes both."""

    def __init__(self, server: Any, portal: Any, forget: Any) -> None:
        self.server = server
        self.portal = portal
        self.url: str = server.url
        self._forget = forget

    def close(self) -> None:
        try:
            self._forget()
        except B24Error as exc:
            log.warning("could not forget the sandbox token: %s", exc.message)
        self.server.stop()


def start_sandbox(window: MainWindow) -> SandboxSession | None:
    """Start the sandbox, store a ready token, point the window at it; None on failure."""
    from gui.core.auth.tokens import StoredToken
    from gui.core.portal.address import PortalAddress
    from gui.sandbox import SandboxPortal, SandboxServer

    try:
        portal = SandboxPortal()
        app = portal.create_app()
        server = SandboxServer(portal).start()
    except OSError as exc:
        window.report_error(
            InternalError(f"The sandbox could not start: {exc.strerror or exc}.", code="SANDBOX")
        )
        return None
    address = PortalAddress.parse(server.url)
    store = window.token_store()
    try:
        store.save(address, StoredToken.from_mapping(portal.mint_token(app, base_url=server.url)))
    except B24Error as exc:
        server.stop()
        window.report_error(exc)
        return None
    session = SandboxSession(server, portal, lambda: store.forget(address))
    window.set_sandbox(session)
    window.use_portal(server.url)
    filled = window.fill_empty_fields(EXAMPLES)
    note = f" Example values were put in {', '.join(filled)}." if filled else ""
    window.say(
        f"The local sandbox runs at {server.url} with a ready token. Press Register "
        f"(Ctrl+Return) to rehearse; nothing leaves this computer.{note}"
    )
    return session
