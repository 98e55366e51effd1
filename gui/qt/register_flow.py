"""Register as the user sees it: reading the form when Register is pressed, and the outcome.

:class:`~gui.qt.register_controller.RegisterController` runs the request on the network
runner; this class decides when to start it and puts what comes back in the status line and
beside the field the portal named. The outcome names what was *sent*: the form may change
while the request runs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject

from gui.qt import settings as keys
from gui.qt.field_row import MessageKind
from gui.qt.status_view import Tone

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow
    from gui.qt.register_controller import RegisterController


class RegisterFlow(QObject):
    """Starts a registration when ``ready()`` allows it and shows its outcome in ``window``.

    Signals: none; unexpected failures go to the window's one error slot.
    """

    def __init__(
        self, window: MainWindow, controller: RegisterController, ready: Callable[[], bool]
    ) -> None:
        super().__init__(window)
        self._window = window
        self._controller = controller
        self._ready = ready
        self._sent: tuple[Any, str] = (None, "")
        controller.succeeded.connect(self._on_register_controller_succeeded)
        controller.refused.connect(self._on_register_controller_refused)
        controller.failed.connect(window.report_error)
        controller.cancelled.connect(self._on_register_controller_cancelled)
        controller.token_refreshed.connect(self._on_register_controller_token_refreshed)

    def register(self) -> None:
        """Send the form's connector to the portal (nothing happens unless ``ready()``)."""
        if not self._ready():
            return
        window = self._window
        portal_text = window.portal_panel.text()
        try:
            from gui.core.portal.address import PortalAddress

            portal = PortalAddress.parse(portal_text)
            options = window.network_options()
            connector = window.form.connector()
            started = self._controller.register(connector, portal, options)
        except Exception as exc:
            window.report_error(exc)
            return
        if started:
            self._sent = (connector, portal_text)
            window.app_settings.set(keys.LAST_PORTAL, portal_text)
            window.status.say(f"Registering on {portal.host_key}…", Tone.INFO)

    def cancel(self) -> None:
        self._controller.cancel()

    def _on_register_controller_succeeded(self, outcome: object, refreshed: bool) -> None:
        connector, portal_text = self._sent
        text = (
            f"✓ Registered “{connector.name}” ({connector.id}) on "
            f"{portal_text}. Next: activate it on an Open Line "
            "(imconnector.activate) and bind OnImConnectorMessageAdd."
        )
        if refreshed:
            text += " The access token had expired; it was refreshed and stored."
        self._window.status.say(text, Tone.SUCCESS)

    def _on_register_controller_refused(self, outcome: Any) -> None:
        form = self._window.form
        code = outcome.error or "UNKNOWN"
        explanation = outcome.explanation or "The portal refused the registration."
        message = f"{code}: {explanation}"
        if outcome.description:
            message += f" (The portal said: “{outcome.description}”.)"
        field = outcome.field or ""
        if field in form.paths():
            form.set_sticky_message(field, MessageKind.ERROR, message)
            form.editor(field).setFocus()
        self._window.status.say(f"✗ Not registered. {message}", Tone.ERROR)

    def _on_register_controller_cancelled(self) -> None:
        self._window.status.say(
            "Cancelled. The request may already have reached the portal; registering again "
            "is safe (the same ID updates the same connector).",
            Tone.INFO,
        )

    def _on_register_controller_token_refreshed(self, _portal: object) -> None:
        self._window.portal.show_token_info()
