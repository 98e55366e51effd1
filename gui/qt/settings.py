"""Every persistent window setting, declared once: key, type, default; read with ``type=``.

QSettings INI files hand back the string ``'false'`` unless a type is given, so nothing reads
QSettings directly: :class:`AppSettings` does, through a :class:`Setting` declaration. Nothing
secret is ever stored here (tokens live in the OS keyring only).
"""

from __future__ import annotations

from typing import Any, Generic, NamedTuple, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")

ORGANIZATION = "b24-connector-configurator"
APPLICATION = "b24-connector-configurator"
MAX_RECENT_FILES = 8


class Setting(NamedTuple, Generic[T]):
    """One declared setting: where it is stored, its Python type and its default (a named
    tuple, not a dataclass: ``dataclasses`` would cost the first paint ~4 ms)."""

    key: str
    type: type
    default: T


GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray, QByteArray())
WINDOW_STATE: Setting[QByteArray] = Setting("window/state", QByteArray, QByteArray())
SHOW_REQUEST_LOG: Setting[bool] = Setting("window/show_request_log", bool, True)
LAST_PORTAL: Setting[str] = Setting("portal/last", str, "")
RECENT_FILES: Setting[list[str]] = Setting("files/recent", list, [])
LAST_DIRECTORY: Setting[str] = Setting("files/last_directory", str, "")
CA_BUNDLE: Setting[str] = Setting("network/ca_bundle", str, "")
"""A custom CA bundle (PEM) for on-premise portals; empty means the system's trust store."""
OAUTH_SERVER: Setting[str] = Setting("network/oauth_server", str, "")
"""The OAuth token endpoint's server; empty means the core's default (oauth.bitrix.info)."""
SANDBOX_PORT: Setting[int] = Setting("sandbox/port", int, 0)
"""The port the window's sandbox last listened on: reused so the address stays valid."""
LAST_CLIENT_ID: Setting[str] = Setting("login/client_id", str, "")
"""The app's client_id is not secret (it is in every authorize URL); the secret is never kept."""
LANGUAGE: Setting[str] = Setting("window/language", str, "")
"""The window's language (a code of ``gui.core.i18n.LANGUAGES``); empty follows the system."""
RESTARTING: Setting[bool] = Setting("window/restarting", bool, False)
"""Set when the window closes to restart (a new language): the next start says why the form
came back from the draft, then clears it."""


class AppSettings:
    """Typed access to a QSettings store (the real one, or an INI file in tests)."""

    def __init__(self, store: QSettings) -> None:
        self._store = store

    @classmethod
    def default(cls) -> AppSettings:
        """The user's settings in the platform's usual place."""
        return cls(QSettings(ORGANIZATION, APPLICATION))

    def get(self, setting: Setting[T]) -> T:
        value: Any = self._store.value(setting.key, setting.default, type=setting.type)
        if setting.type is list:
            value = [str(item) for item in (value or [])]
        return value  # type: ignore[no-any-return]

    def set(self, setting: Setting[T], value: T) -> None:
        self._store.setValue(setting.key, value)

    def sync(self) -> None:
        self._store.sync()

    def add_recent_file(self, path: str) -> list[str]:
        """Put ``path`` first in the recent-files list; returns the new list."""
        recent = [path] + [p for p in self.get(RECENT_FILES) if p != path]
        recent = recent[:MAX_RECENT_FILES]
        self.set(RECENT_FILES, recent)
        return recent
