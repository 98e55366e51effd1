"""The document the window edits: New / Open / Save / Save As, Open Recent, the window title with
its unsaved mark, unsaved-changes prompts, and the autosaved draft.

"Modified" is decided by comparing the form's profile with the one last opened or saved, so
typing a character and deleting it again leaves the document clean. The draft (the core's
:class:`~gui.core.model.draft.DraftStore`) restores the form after an unexpected end: it is saved
800 ms after the last change and discarded on a clean close.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from gui.core.errors import B24Error
from gui.core.i18n import _
from gui.core.model.connector import Connector, load_profile, new_connector, save_profile
from gui.core.model.draft import Draft, DraftStore
from gui.qt import settings as keys
from gui.qt.connector_form import ConnectorForm
from gui.qt.dialogs import Dialogs, UnsavedChoice
from gui.qt.feedback import Feedback, Tone
from gui.qt.portal_panel import PortalPanel
from gui.qt.settings import AppSettings
from gui.qt.window_actions import fill_recent_menu

AUTOSAVE_DELAY_MS = 800


@dataclass(frozen=True)
class FileMenu:
    """The File menu's actions and its Open Recent submenu."""

    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    recent: QMenu


class DocumentPresenter(QObject):
    """Which file the form belongs to, whether it has unsaved changes, and the draft.

    ``window`` is the top-level widget: its title shows the file and the unsaved mark, and the
    dialogs are its children. Signals: none; failures go to ``feedback``.
    """

    def __init__(
        self,
        window: QWidget,
        form: ConnectorForm,
        panel: PortalPanel,
        menu: FileMenu,
        settings: AppSettings,
        dialogs: Dialogs,
        draft_store: DraftStore,
        feedback: Feedback,
        title: str,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._form = form
        self._panel = panel
        self._recent = menu.recent
        self._settings = settings
        self._dialogs = dialogs
        self._draft_store = draft_store
        self._feedback = feedback
        self._title = title
        self._path = ""
        self._saved: dict[str, Any] | None = None
        self._stopped = False
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self._on_autosave_timeout)
        menu.new.triggered.connect(self._on_new_triggered)
        menu.open.triggered.connect(self._on_open_triggered)
        menu.save.triggered.connect(self._on_save_triggered)
        menu.save_as.triggered.connect(self._on_save_as_triggered)
        self._show_recent(settings.get(keys.RECENT_FILES))

    # ------------------------------------------------------------------ state
    @property
    def path(self) -> str:
        return self._path

    def is_modified(self) -> bool:
        return self._saved != self._form.connector().to_profile()

    def changed(self) -> None:
        """The form or the address changed: update the title, save the draft once edits pause."""
        self._show_title()
        self._autosave.start()

    def _display_name(self) -> str:
        # Translators: the name of a profile that was never saved (window title, save question).
        return Path(self._path).name if self._path else _("Untitled")

    def _show_title(self) -> None:
        name = self._display_name()
        self._window.setWindowTitle(f"{name}[*] — {self._title}")
        self._window.setWindowModified(self.is_modified())

    # ------------------------------------------------------------------ start and draft
    def open_initial(self) -> None:
        """The last session's draft if there is one, else a new profile and the last portal."""
        draft = self._draft_store.load()
        restarted = self._settings.get(keys.RESTARTING)
        if restarted:
            self._settings.set(keys.RESTARTING, False)
        if draft is None:
            self._load(new_connector(), "")
            self._panel.set_text(self._settings.get(keys.LAST_PORTAL))
            return
        saved: dict[str, Any] | None = None
        if draft.file_path:
            try:
                saved = load_profile(Path(draft.file_path)).to_profile()
            except B24Error:
                saved = None
        self._form.set_connector(Connector.from_profile(draft.profile))
        self._path, self._saved = draft.file_path, saved
        self._show_title()
        self._panel.set_text(draft.portal or self._settings.get(keys.LAST_PORTAL))
        if restarted:
            self._feedback.say(_("Restarted; the form is as you left it."), Tone.INFO)
        elif self.is_modified():
            self._feedback.say(
                _("Restored the unsaved form from the last session, which ended unexpectedly."),
                Tone.INFO,
            )

    def _on_autosave_timeout(self) -> None:
        if not self._stopped:
            self.save_draft()

    def save_draft(self) -> None:
        """Write the draft now (the autosave does it once edits pause; a restart at once)."""
        self._draft_store.save(
            Draft(
                profile=self._form.connector().to_profile(),
                file_path=self._path,
                portal=self._panel.text(),
                modified=self.is_modified(),
            )
        )

    def stop(self) -> None:
        """The window is closing: no more draft saves."""
        self._stopped = True
        self._autosave.stop()

    def discard_draft(self) -> None:
        """A clean close: the next start opens fresh, not from this draft."""
        self._draft_store.discard()

    # ------------------------------------------------------------------ the File menu
    def confirm_discard(self) -> bool:
        """True when it is fine to replace the form (saved, discarded, or nothing to lose)."""
        if not self.is_modified():
            return True
        choice = self._dialogs.ask_unsaved(self._window, self._display_name())
        if choice is UnsavedChoice.SAVE:
            return self._save(self._path)
        return choice is UnsavedChoice.DISCARD

    def open(self, path: str = "") -> bool:
        """Open a profile (asking for the file when ``path`` is empty)."""
        if not self.confirm_discard():
            return False
        if not path:
            path = self._dialogs.open_path(self._window, self._settings.get(keys.LAST_DIRECTORY))
            if not path:
                return False
        try:
            connector = load_profile(Path(path))
        except B24Error as exc:
            self._feedback.error(exc)
            return False
        self._load(connector, str(Path(path).resolve()))
        self._remember(self._path)
        self._feedback.say(_("Opened {path}.").format(path=self._path), Tone.INFO)
        return True

    def _load(self, connector: Connector, path: str) -> None:
        self._path, self._saved = path, connector.to_profile()
        self._form.set_connector(connector)
        self._show_title()

    def _save(self, path: str) -> bool:
        """Save to ``path`` (asking where when it is empty); True when written."""
        if not path:
            suggested = self._path or str(
                Path(self._settings.get(keys.LAST_DIRECTORY) or Path.home())
                / f"{self._form.connector().id or 'connector'}.json"
            )
            path = self._dialogs.save_path(self._window, suggested)
            if not path:
                return False
            path = str(Path(path).resolve())
        connector = self._form.connector()
        try:
            save_profile(Path(path), connector)
        except B24Error as exc:
            self._feedback.error(exc)
            return False
        self._path, self._saved = path, connector.to_profile()
        self._remember(path)
        self._show_title()
        self._feedback.say(_("Saved {path}.").format(path=path), Tone.INFO)
        return True

    def _remember(self, path: str) -> None:
        self._settings.set(keys.LAST_DIRECTORY, str(Path(path).parent))
        self._show_recent(self._settings.add_recent_file(path))

    def _show_recent(self, recent: list[str]) -> None:
        fill_recent_menu(self._recent, recent, self._on_recent_triggered)

    def _on_new_triggered(self) -> None:
        if self.confirm_discard():
            self._load(new_connector(), "")

    def _on_open_triggered(self) -> None:
        self.open()

    def _on_save_triggered(self) -> None:
        self._save(self._path)

    def _on_save_as_triggered(self) -> None:
        self._save("")

    def _on_recent_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.open(str(action.data()))
