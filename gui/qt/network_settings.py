"""Portal ▸ Custom CA bundle… / Use the system's certificates / OAuth server…

On-premise portals often use their own certificate authority: the user names its PEM file and
HTTPS is checked against it (verification is never switched off). Some portals issue tokens from
``oauth.bitrix24.tech`` instead of ``oauth.bitrix.info``. Both are settings, read by every
network call through :meth:`NetworkSettingsActions.client_settings`.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from gui.core.application import ClientSettings
from gui.core.i18n import _
from gui.qt.dialogs import Dialogs
from gui.qt.portal_panel import PortalPanel
from gui.qt.settings import CA_BUNDLE, OAUTH_SERVER, AppSettings

DEFAULT_OAUTH_SERVER = "https://oauth.bitrix.info"


class NetworkSettingsActions(QObject):
    """The three actions and the settings they change.

    Signals: none; results are reported through ``say(text)``.
    """

    def __init__(
        self,
        window: QWidget,
        settings: AppSettings,
        dialogs: Dialogs,
        panel: PortalPanel,
        say: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._dialogs = dialogs
        self._panel = panel
        self._say = say
        self.ca_bundle = self._make(_("Custom &CA bundle…"), "ca_bundle")
        self.ca_bundle.setToolTip(_("Trust an on-premise portal's own CA (PEM)"))
        self.system_ca = self._make(_("Use the system's &certificates"), "system_ca")
        self.oauth_server = self._make(_("&OAuth server…"), "oauth_server")
        self.oauth_server.setToolTip(_("Where tokens are issued and refreshed"))
        self.ca_bundle.triggered.connect(self._on_ca_bundle_triggered)
        self.system_ca.triggered.connect(self._on_system_ca_triggered)
        self.oauth_server.triggered.connect(self._on_oauth_server_triggered)
        panel.show_trust(settings.get(CA_BUNDLE))

    def _make(self, text: str, name: str) -> QAction:
        action = QAction(text, self._window)
        action.setObjectName(f"action.{name}")
        return action

    def actions(self) -> list[QAction]:
        return [self.ca_bundle, self.system_ca, self.oauth_server]

    def client_settings(self) -> ClientSettings:
        """The CA bundle and OAuth server the network calls use now."""
        return ClientSettings(
            ca_bundle=self._settings.get(CA_BUNDLE),
            oauth_server=self._settings.get(OAUTH_SERVER),
        )

    def _on_ca_bundle_triggered(self) -> None:
        chosen = self._dialogs.choose_ca_bundle(self._window, self._settings.get(CA_BUNDLE))
        if chosen is None:
            return
        self._settings.set(CA_BUNDLE, chosen)
        self._panel.show_trust(chosen)
        self._say(_("Certificates are now checked against {file}.").format(file=chosen))

    def _on_system_ca_triggered(self) -> None:
        self._settings.set(CA_BUNDLE, "")
        self._panel.show_trust("")
        self._say(_("Certificates are checked against the system's trust store."))

    def _on_oauth_server_triggered(self) -> None:
        text = self._dialogs.ask_text(
            self._window,
            _("OAuth server"),
            _(
                "Token server (empty: {default}; some portals use https://oauth.bitrix24.tech):"
            ).format(default=DEFAULT_OAUTH_SERVER),
            self._settings.get(OAUTH_SERVER),
        )
        if text is None:
            return
        self._settings.set(OAUTH_SERVER, text)
        if text:
            self._say(_("OAuth server: {server}.").format(server=text))
        else:
            default = DEFAULT_OAUTH_SERVER
            self._say(_("OAuth server: {server} (the default).").format(server=default))
