"""The portal: what token is stored for the address, log in, forget, and the local sandbox.

The keyring is read here, on the GUI thread only, and what it holds is summarised in the portal
panel (expiry and scopes, never a secret). The first keyring call loads its backend (~200 ms),
so it is made just after the filled form has painted, not inside the first click.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from gui.core.auth.memory_tokens import MemoryOverlayTokenStore
from gui.core.errors import B24Error, InvalidInputError
from gui.core.i18n import N_, _
from gui.core.portal.address import PortalAddress
from gui.qt.feedback import Feedback, Tone
from gui.qt.gui_thread_call import GuiThreadTokens
from gui.qt.portal_panel import PortalPanel
from gui.qt.settings import SANDBOX_PORT, AppSettings

if TYPE_CHECKING:
    from gui.qt.dialogs import Dialogs
    from gui.qt.login_dialog import LoginContext
    from gui.qt.sandbox_launcher import SandboxSession

KEYRING_DELAY_MS = 30
"""After start: long enough for the filled form to paint first, short enough to beat a click."""

FORGET_QUESTION = N_(
    "Forget the token stored for {host}? You will have to log in again (or restart the sandbox) "
    "to use this portal."
)
SANDBOX_STARTED = N_(
    "The local sandbox runs at {url} with a ready token (held in memory, not in the keyring). "
    "Press Register (Ctrl+Return) to rehearse; nothing leaves this computer."
)


@dataclass(frozen=True)
class PortalActions:
    """The Portal menu's actions this presenter serves."""

    login: QAction
    forget: QAction
    sandbox: QAction


class PortalPresenter(QObject):
    """Serves the portal panel's buttons and the Portal menu.

    ``fill_examples(examples)`` puts example values in the form's empty fields and returns the
    ones it filled (used when the sandbox starts). Signals: none; outcomes go to ``feedback``.
    """

    def __init__(
        self,
        panel: PortalPanel,
        actions: PortalActions,
        token_store: Callable[[], MemoryOverlayTokenStore],
        tokens: GuiThreadTokens,
        login_context: Callable[[], LoginContext],
        fill_examples: Callable[[dict[str, str]], list[str]],
        clock: Callable[[], float],
        feedback: Feedback,
        parent: QWidget,
        settings: AppSettings,
        dialogs: Dialogs,
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._settings = settings
        self._dialogs = dialogs
        self._panel = panel
        self._token_store = token_store
        self._login_context = login_context
        self._fill_examples = fill_examples
        self._clock = clock
        self._feedback = feedback
        self._keyring_due = False
        self._stopped = False
        self._sandbox: SandboxSession | None = None
        panel.address_changed.connect(self._on_portal_panel_address_changed)
        for trigger, slot in (
            (panel.login_requested, self._on_login_triggered),
            (actions.login.triggered, self._on_login_triggered),
            (panel.forget_requested, self._on_forget_triggered),
            (actions.forget.triggered, self._on_forget_triggered),
            (panel.sandbox_requested, self._on_sandbox_triggered),
            (actions.sandbox.triggered, self._on_sandbox_triggered),
        ):
            trigger.connect(slot)
        tokens.saved.connect(self._on_tokens_saved)

    @property
    def sandbox(self) -> SandboxSession | None:
        """The running local sandbox, if any."""
        return self._sandbox

    # ------------------------------------------------------------------ the token
    def read_keyring_soon(self) -> None:
        """Schedule the first keyring call (:data:`KEYRING_DELAY_MS` from now)."""
        QTimer.singleShot(KEYRING_DELAY_MS, self._on_first_keyring_call_due)

    def show_token_info(self) -> None:
        """Show what the keyring holds for the current address."""
        text = self._panel.text()
        if not text or self._panel.address_problem():
            self._panel.show_no_token("—")
            return
        store = self._token_store()
        try:
            portal = PortalAddress.parse(text)
            token = store.load(portal)
        except B24Error as exc:
            self._panel.show_no_token(
                _("cannot be read ({code}; hover)").format(code=exc.code), exc.message
            )
            return
        if token is None:
            self._panel.show_no_token()
        else:
            self._panel.show_token(
                token.expires, token.scopes, self._clock(), in_memory=store.in_memory(portal)
            )

    def show_known_portals(self) -> None:
        """Offer every portal the keyring holds a token for (host names from its index)."""
        try:
            hosts = self._token_store().portals()
        except B24Error:
            hosts = []
        self._panel.set_known_portals([PortalAddress.parse(host).base_url for host in hosts])

    def _on_first_keyring_call_due(self) -> None:
        if self._stopped:
            return
        self._keyring_due = True
        self.show_known_portals()
        if self._panel.text():
            self.show_token_info()
            return
        try:  # loads the backend (~200 ms) now, not in the first click
            self._token_store().load("warm-up.invalid")
        except B24Error as exc:
            self._panel.show_no_token(_("keyring unavailable (hover for help)"), exc.message)

    def _on_portal_panel_address_changed(self, _text: str) -> None:
        if self._keyring_due:
            self.show_token_info()

    def _on_tokens_saved(self, portal: object) -> None:
        self.show_token_info()
        self.show_known_portals()

    # ------------------------------------------------------------------ the actions
    def _on_login_triggered(self) -> None:
        from gui.qt.login_dialog import LoginDialog

        problem = self._panel.address_problem()
        if problem:
            self._feedback.error(
                InvalidInputError(
                    _("Enter the portal's address first. {problem}").format(problem=problem),
                    field="portal",
                )
            )
            return
        dialog = LoginDialog(self._login_context(), self._parent)
        dialog.logged_in.connect(self._on_login_dialog_logged_in)
        dialog.open()

    def _on_login_dialog_logged_in(self, portal: Any) -> None:
        self.show_token_info()
        self.show_known_portals()
        self._panel.show_message(None, "")
        self._feedback.say(
            _("Logged in: the token for {portal} is in the OS keyring.").format(
                portal=portal.host_key
            ),
            Tone.SUCCESS,
        )

    def _on_forget_triggered(self) -> None:
        try:
            portal = PortalAddress.parse(self._panel.text())
        except B24Error as exc:
            self._feedback.error(exc)
            return
        question = _(FORGET_QUESTION).format(host=portal.host_key)
        if not self._dialogs.confirm(self._parent, _("Forget the token"), question):
            return
        try:
            removed = self._token_store().forget(portal)
        except B24Error as exc:
            self._feedback.error(exc)
            return
        self.show_token_info()
        self.show_known_portals()
        text = (
            _("Forgot the token for {portal}.")
            if removed
            else _("No token was stored for {portal}.")
        )
        self._feedback.say(text.format(portal=portal.host_key), Tone.INFO)

    def _on_sandbox_triggered(self) -> None:
        from gui.qt.sandbox_launcher import EXAMPLES, start_sandbox

        self.close_sandbox()  # frees its port for the new one
        try:
            session = start_sandbox(self._token_store(), self._settings.get(SANDBOX_PORT))
        except B24Error as exc:
            self._feedback.error(exc)
            return
        self._sandbox = session
        self._settings.set(SANDBOX_PORT, session.port)
        self._panel.set_text(session.url)
        self.show_known_portals()
        filled = self._fill_examples(EXAMPLES)
        text = _(SANDBOX_STARTED).format(url=session.url)
        if filled:
            text += " " + _("Example values were put in {fields}.").format(
                fields=", ".join(filled)
            )
        self._feedback.say(text)

    # ------------------------------------------------------------------ closing
    def stop(self) -> None:
        """The window is closing: no more keyring calls from the start-up timer."""
        self._stopped = True

    def close_sandbox(self) -> None:
        """Stop the sandbox, if one runs, and forget its token."""
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
