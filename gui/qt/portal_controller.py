"""The portal actions: log in, forget the token, the local sandbox, and the token's status.

The keyring is read here, on the GUI thread only, and what it holds is summarised in the portal
panel (expiry and scopes, never a secret). The first keyring call loads its backend (~200 ms),
so it is made just after the filled form has painted, not inside the first click.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer

from gui.core.errors import B24Error, InvalidInputError
from gui.core.portal.address import PortalAddress
from gui.qt.status_view import Tone

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow
    from gui.qt.services import Services, TokenStoreLike

KEYRING_DELAY_MS = 30
"""After start: long enough for the filled form to paint first, short enough to beat a click."""


class PortalController(QObject):
    """Serves the portal panel's buttons and the Portal menu for ``window``.

    Signals: none; outcomes go to the window's status line and its one error slot.
    """

    def __init__(self, window: MainWindow, services: Services) -> None:
        super().__init__(window)
        self._window = window
        self._panel = window.portal_panel
        self._services = services
        self._token_store: TokenStoreLike | None = None
        self._keyring_due = False
        self._stopped = False
        self._sandbox: Any = None
        self._panel.address_changed.connect(self._on_portal_panel_address_changed)
        self._panel.login_requested.connect(self._on_login_triggered)
        self._panel.forget_requested.connect(self._on_forget_triggered)
        self._panel.sandbox_requested.connect(self._on_sandbox_triggered)
        window.act_login.triggered.connect(self._on_login_triggered)
        window.act_forget.triggered.connect(self._on_forget_triggered)
        window.act_sandbox.triggered.connect(self._on_sandbox_triggered)

    # ------------------------------------------------------------------ the address
    def address_problem(self) -> str:
        """Why the address cannot be used (empty when it can)."""
        text = self._panel.text()
        if not text:
            return "Enter the portal's address."
        try:
            PortalAddress.parse(text)
        except B24Error as exc:
            return exc.message
        return ""

    # ------------------------------------------------------------------ the token
    def token_store(self) -> TokenStoreLike:
        """The token store, opened on first use (GUI thread only)."""
        if self._token_store is None:
            self._token_store = self._services.open_token_store()
        return self._token_store

    def read_keyring_soon(self) -> None:
        """Schedule the first keyring call (:data:`KEYRING_DELAY_MS` from now)."""
        QTimer.singleShot(KEYRING_DELAY_MS, self._on_first_keyring_call_due)

    def show_token_info(self) -> None:
        """Show what the keyring holds for the current address."""
        text = self._panel.text()
        if not text or self.address_problem():
            self._panel.show_no_token("—")
            return
        try:
            token = self.token_store().load(PortalAddress.parse(text))
        except B24Error as exc:
            self._panel.show_no_token(f"cannot be read ({exc.code}; hover)", exc.message)
            return
        if token is None:
            self._panel.show_no_token()
        else:
            self._panel.show_token(token.expires, token.scopes, self._services.clock())

    def _warm_keyring(self) -> None:
        """The first keyring call loads its backend (~200 ms): do it now, not in the first click."""
        try:
            store = self.token_store()
            store.load("warm-up.invalid")
        except B24Error as exc:
            self._panel.show_no_token("keyring unavailable (hover for help)", exc.message)

    def _on_first_keyring_call_due(self) -> None:
        if self._stopped:
            return
        self._keyring_due = True
        if self._panel.text():
            self.show_token_info()
        else:
            self._warm_keyring()

    def _on_portal_panel_address_changed(self, _text: str) -> None:
        if self._keyring_due:
            self.show_token_info()

    def login_finished(self, portal: Any) -> None:
        """A login stored a token for ``portal``: show it."""
        self.show_token_info()
        self._panel.show_message(None, "")
        self._window.status.say(
            f"Logged in: the token for {portal.host_key} is in the OS keyring.", Tone.SUCCESS
        )

    # ------------------------------------------------------------------ the actions
    def _on_login_triggered(self) -> None:
        from gui.qt.login_dialog import run_login

        problem = self.address_problem()
        if problem:
            self._window.report_error(
                InvalidInputError(f"Enter the portal's address first. {problem}", field="portal")
            )
            return
        run_login(self._window)

    def _on_forget_triggered(self) -> None:
        try:
            portal = PortalAddress.parse(self._panel.text())
            removed = self.token_store().forget(portal)
        except B24Error as exc:
            self._window.report_error(exc)
            return
        self.show_token_info()
        self._window.status.say(
            f"Forgot the token for {portal.host_key}."
            if removed
            else f"No token was stored for {portal.host_key}.",
            Tone.INFO,
        )

    def _on_sandbox_triggered(self) -> None:
        from gui.qt.sandbox_launcher import start_sandbox

        start_sandbox(self._window)

    def set_sandbox(self, sandbox: Any) -> None:
        """Keep a running sandbox so that it is stopped when the window closes."""
        if self._sandbox is not None and self._sandbox is not sandbox:
            self._sandbox.close()
        self._sandbox = sandbox

    # ------------------------------------------------------------------ closing
    def stop(self) -> None:
        """The window is closing: no more keyring calls from the start-up timer."""
        self._stopped = True

    def close_sandbox(self) -> None:
        """Stop the sandbox, if one runs, and forget its token."""
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
