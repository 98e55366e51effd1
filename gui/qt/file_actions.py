"""New / Open / Save / Save As of the profile file, recent files and unsaved-changes prompts.

"Modified" is decided by comparing the form's profile with the one last opened or saved, so
typing a character and deleting it again leaves the document clean.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from gui.core.errors import B24Error
from gui.core.model.connector import Connector, load_profile, save_profile
from gui.qt.dialogs import Dialogs, UnsavedChoice
from gui.qt.settings import LAST_DIRECTORY, AppSettings

log = logging.getLogger(__name__)


def default_connector() -> Connector:
    """A new profile: the documented defaults and the default icon (when the file exists)."""
    from gui.core.paths import default_icon_path

    try:
        raw = default_icon_path().read_bytes()
        from gui.core.icon.codec import encode_data_image, import_svg

        data_image = encode_data_image(import_svg(raw).svg)
    except (OSError, B24Error) as exc:
        log.warning("no default icon: %s", exc)
        data_image = ""
    return Connector().with_value("ICON.DATA_IMAGE", data_image)


class FileActions(QObject):
    """The document: which file the form belongs to and whether it has unsaved changes.

    Signals:
        document_changed(str path, bool modified): the file or its modified state changed.
        loaded(object connector): a profile was opened or a new one started (``Connector``).
        recent_changed(list recent): the recent-files list changed.
        failed(object error): a file could not be read or written (a ``B24Error``).
    """

    document_changed = Signal(str, bool)
    loaded = Signal(object)
    recent_changed = Signal(list)
    failed = Signal(object)

    def __init__(
        self,
        parent_widget: QWidget,
        settings: AppSettings,
        dialogs: Dialogs,
        current: Callable[[], Connector],
    ) -> None:
        super().__init__(parent_widget)
        self._parent = parent_widget
        self._settings = settings
        self._dialogs = dialogs
        self._current = current
        self._path = ""
        self._saved: dict[str, Any] | None = None

    # ------------------------------------------------------------------ state
    @property
    def path(self) -> str:
        return self._path

    def display_name(self) -> str:
        return Path(self._path).name if self._path else "Untitled"

    def is_modified(self) -> bool:
        return self._saved != self._current().to_profile()

    def refresh(self) -> None:
        """Re-evaluate the modified state (after the form changed)."""
        self.document_changed.emit(self._path, self.is_modified())

    def adopt(self, path: str, saved_profile: dict[str, Any] | None) -> None:
        """Take over a restored draft: its file (if any) and the profile that file holds."""
        self._path = path
        self._saved = saved_profile
        self.refresh()

    # ------------------------------------------------------------------ actions
    def new(self, *, confirm: bool = True) -> bool:
        """Start a new profile (asking first about unsaved changes when ``confirm``)."""
        if confirm and not self.confirm_discard():
            return False
        connector = default_connector()
        self._path = ""
        self._saved = connector.to_profile()
        self.loaded.emit(connector)
        self.refresh()
        return True

    def open(self, path: str = "") -> bool:
        if not self.confirm_discard():
            return False
        if not path:
            path = self._dialogs.open_path(self._parent, self._settings.get(LAST_DIRECTORY))
            if not path:
                return False
        try:
            connector = load_profile(Path(path))
        except B24Error as exc:
            self.failed.emit(exc)
            return False
        self._path = str(Path(path).resolve())
        self._saved = connector.to_profile()
        self._remember(self._path)
        self.loaded.emit(connector)
        self.refresh()
        return True

    def save(self) -> bool:
        if not self._path:
            return self.save_as()
        return self._write(self._path)

    def save_as(self) -> bool:
        suggested = self._path or str(
            Path(self._settings.get(LAST_DIRECTORY) or Path.home())
            / f"{self._current().id or 'connector'}.json"
        )
        path = self._dialogs.save_path(self._parent, suggested)
        if not path:
            return False
        return self._write(str(Path(path).resolve()))

    def confirm_discard(self) -> bool:
        """True when it is fine to replace the form (saved, discarded, or nothing to lose)."""
        if not self.is_modified():
            return True
        choice = self._dialogs.ask_unsaved(self._parent, self.display_name())
        if choice is UnsavedChoice.SAVE:
            return self.save()
        return choice is UnsavedChoice.DISCARD

    # ------------------------------------------------------------------ helpers
    def _write(self, path: str) -> bool:
        connector = self._current()
        try:
            save_profile(Path(path), connector)
        except B24Error as exc:
            self.failed.emit(exc)
            return False
        self._path = path
        self._saved = connector.to_profile()
        self._remember(path)
        self.refresh()
        return True

    def _remember(self, path: str) -> None:
        self._settings.set(LAST_DIRECTORY, str(Path(path).parent))
        self.recent_changed.emit(self._settings.add_recent_file(path))
