"""“Log in…”: the OAuth authorization-code flow for the portal in the panel.

The dialog asks for the app's ``client_id`` and ``client_secret`` (the secret is used once and
never kept outside the keyring), starts a loopback listener, opens the portal's authorize page in
the browser, and waits on the network runner for the redirect — or for the redirected address or
code the user pastes, since a loopback redirect may not be allowed for the app. The code lives
30 seconds, so it is exchanged at once; the application layer stores the token through the
window's token keeper (on the GUI thread).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.core.application import Configurator
from gui.core.errors import B24Error
from gui.core.i18n import _
from gui.core.portal.address import PortalAddress
from gui.qt.feedback import Feedback
from gui.qt.field_row import TonedLabel, describe, field_label, name_field
from gui.qt.settings import LAST_CLIENT_ID, AppSettings
from gui.qt.task_runner import TaskRunner
from gui.qt.tones import PALETTE_EVENTS, TextTone, refresh_tones

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LoginContext:
    """What a login needs from the window."""

    portal_text: str
    configurator: Configurator
    runner: TaskRunner
    settings: AppSettings
    open_url: Callable[[str], bool]
    feedback: Feedback


class LoginDialog(QDialog):
    """Runs one OAuth login for the portal (non-modal; the window stays usable).

    Signals:
        logged_in(object portal): the token for ``portal`` (a ``PortalAddress``) is stored.
    """

    logged_in = Signal(object)

    def __init__(self, context: LoginContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("login_dialog")
        self.setWindowTitle(_("Log in to the portal"))
        self._context = context
        self._listener: Any = None
        self._state = ""
        self._task_id: int | None = None
        self._portal: PortalAddress | None = None

        self.client_id = QLineEdit(context.settings.get(LAST_CLIENT_ID))
        name_field(self.client_id, "login.client_id")
        describe(self.client_id, _("The app's client_id"))
        self.client_secret = QLineEdit()
        name_field(self.client_secret, "login.client_secret")
        describe(self.client_secret, _("The app's client_secret (used once, never stored)"))
        self.client_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.pasted = QLineEdit()
        name_field(self.pasted, "login.pasted", _("The redirected address or the code"))
        self.pasted.setPlaceholderText(
            _("…or paste the address the browser was sent to (or code)")
        )
        self.pasted.setEnabled(False)
        self.use_pasted = QPushButton(_("Use it"))
        name_field(self.use_pasted, "login.use_pasted", self.use_pasted.text())
        self.use_pasted.setEnabled(False)
        self.message = TonedLabel(
            _(
                "Use the client_id and client_secret from the app's form in the portal "
                "(Developer resources → Other → Local application). The app must be installed."
            )
        )
        name_field(self.message, "login.message")
        self.address = QLineEdit()
        name_field(self.address, "login.authorize_url", _("The authorization page's address"))
        self.address.setReadOnly(True)
        self.address.setVisible(False)
        self.start_button = QPushButton(_("Open the browser and wait"))
        name_field(self.start_button, "login.start", self.start_button.text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        paste_row = QWidget()
        paste_layout = QHBoxLayout(paste_row)
        paste_layout.setContentsMargins(0, 0, 0, 0)
        paste_layout.addWidget(self.pasted)
        paste_layout.addWidget(self.use_pasted)
        form = QFormLayout()
        form.addRow(field_label("client_id:", self.client_id), self.client_id)
        form.addRow(field_label("client_secret:", self.client_secret), self.client_secret)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.start_button)
        layout.addWidget(self.address)
        layout.addWidget(paste_row)
        layout.addWidget(buttons)
        self.resize(520, 260)

        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.use_pasted.clicked.connect(self._on_use_pasted_clicked)
        self.pasted.returnPressed.connect(self._on_use_pasted_clicked)
        buttons.rejected.connect(self.reject)
        context.runner.succeeded.connect(self._on_runner_succeeded)
        context.runner.failed.connect(self._on_runner_failed)
        self.finished.connect(self._on_self_finished)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in PALETTE_EVENTS:
            refresh_tones(self)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.set_tone(TextTone.ERROR if error else TextTone.PLAIN)
        self.message.setText(text)

    def _on_start_button_clicked(self) -> None:
        from gui.core.auth.login import LoopbackListener, new_state

        context = self._context
        client_id = self.client_id.text().strip()
        secret = self.client_secret.text().strip()
        if not client_id or not secret:
            self._say(_("Enter both the client_id and the client_secret."), error=True)
            return
        try:
            portal = PortalAddress.parse(context.portal_text)
            self._state = new_state()
            self._listener = listener = LoopbackListener(self._state).start()
        except B24Error as exc:
            self._say(exc.message, error=True)
            return
        self._portal = portal
        context.settings.set(LAST_CLIENT_ID, client_id)
        app = context.configurator
        url = app.authorize_url(portal, client_id, self._state, listener.redirect_uri)

        def login(cancel: Any) -> Any:
            # On the network runner: open the browser (may take a second), then wait, exchange.
            if not context.open_url(url):
                log.info("no browser could be started; the dialog shows the address to open")
            return app.finish_login(portal, listener.results, client_id, secret, cancel=cancel)

        self._task_id = context.runner.submit(login)
        self.start_button.setEnabled(False)
        self.pasted.setEnabled(True)
        self.use_pasted.setEnabled(True)
        self.address.setText(url)
        self.address.setVisible(True)
        self._say(
            _(
                "The portal's authorization page opens in your browser (if it does not, open "
                "the address below). Waiting for the redirect to {redirect} — or paste the "
                "address the browser ended on (or the code). The code lives 30 seconds."
            ).format(redirect=listener.redirect_uri)
        )

    def _on_use_pasted_clicked(self) -> None:
        if self._listener is None:
            return
        from gui.core.auth.login import parse_pasted

        try:
            answer = parse_pasted(self.pasted.text(), self._state)
        except B24Error as exc:
            self._say(exc.message, error=True)
            return
        self._listener.results.put(answer)
        self._say(_("Exchanging the code for a token…"))

    def _on_runner_succeeded(self, task_id: int, _result: object) -> None:
        if task_id != self._task_id:
            return
        self._task_id = None
        self.logged_in.emit(self._portal)
        self.accept()

    def _on_runner_failed(self, task_id: int, error: object) -> None:
        if task_id != self._task_id:
            return
        self._task_id = None
        if isinstance(error, B24Error):
            self._say(error.message, error=True)
        else:
            self._context.feedback.error(error)  # logged there, with its traceback
            self._say(_("Login failed (see the log)."), error=True)
        self.start_button.setEnabled(True)
        self._close_listener()

    def _close_listener(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _on_self_finished(self, _result: int) -> None:
        if self._task_id is not None:
            self._context.runner.cancel(self._task_id)
            self._task_id = None
        self._close_listener()
        self.client_secret.clear()
        self.deleteLater()
