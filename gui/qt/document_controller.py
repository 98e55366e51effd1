"""The document the window edits: the File menu, the window title, Open Recent, and the draft.

:class:`~gui.qt.file_actions.FileActions` reads and writes profile files; this class connects it
to the window (menu slots, title with the unsaved mark, status messages) and keeps the draft: it
restores the form from the last session's draft at start and saves the draft 800 ms after the
last change, so an unexpected end loses nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction

from gui.core.errors import B24Error
from gui.core.model.connector import Connector
from gui.qt import settings as keys
from gui.qt.draft_store import Draft, DraftStore
from gui.qt.status_view import Tone
from gui.qt.window_menus import fill_recent_menu

if TYPE_CHECKING:
    from gui.qt.main_window import MainWindow
    from gui.qt.settings import AppSettings

AUTOSAVE_DELAY_MS = 800


class DocumentController(QObject):
    """Serves the File menu and keeps the draft for ``window``.

    Signals: none; failures go to the window's one error slot.
    """

    def __init__(
        self, window: MainWindow, settings: AppSettings, draft_store: DraftStore, title: str
    ) -> None:
        super().__init__(window)
        self._window = window
        self._settings = settings
        self._draft_store = draft_store
        self._title = title
        self._stopped = False
        self._files = window.file_actions
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave.timeout.connect(self._on_autosave_timeout)
        window.act_new.triggered.connect(self._on_new_triggered)
        window.act_open.triggered.connect(self._on_open_triggered)
        window.act_save.triggered.connect(self._on_save_triggered)
        window.act_save_as.triggered.connect(self._on_save_as_triggered)
        self._files.loaded.connect(self._on_file_actions_loaded)
        self._files.document_changed.connect(self._on_file_actions_document_changed)
        self._files.recent_changed.connect(self._on_file_actions_recent_changed)
        self._files.failed.connect(window.report_error)
        self._on_file_actions_recent_changed(settings.get(keys.RECENT_FILES))

    # ------------------------------------------------------------------ start and draft
    def open_initial(self) -> None:
        """The last session's draft if there is one, else a new profile and the last portal."""
        draft = self._draft_store.load()
        if draft is not None:
            self._restore_draft(draft)
        else:
            self._files.new(confirm=False)
            self._window.portal_panel.set_text(self._settings.get(keys.LAST_PORTAL))

    def _restore_draft(self, draft: Draft) -> None:
        saved: dict[str, Any] | None = None
        if draft.file_path:
            try:
                from gui.core.model.connector import load_profile

                saved = load_profile(Path(draft.file_path)).to_profile()
            except B24Error:
                saved = None
        connector = Connector.from_profile(draft.profile)
        self._window.form.set_connector(connector)
        self._files.adopt(draft.file_path, saved)
        self._window.portal_panel.set_text(draft.portal or self._settings.get(keys.LAST_PORTAL))
        if self._files.is_modified():
            self._window.status.say(
                "Restored the unsaved form from the last session, which ended unexpectedly.",
                Tone.INFO,
            )

    def schedule_autosave(self) -> None:
        """Save the draft once the edits pause."""
        self._autosave.start()

    def _on_autosave_timeout(self) -> None:
        if self._stopped:
            return
        window = self._window
        self._draft_store.save(
            Draft(
                profile=window.form.connector().to_profile(),
                file_path=self._files.path,
                portal=window.portal_panel.text(),
                modified=self._files.is_modified(),
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
    def _on_new_triggered(self) -> None:
        self._files.new()

    def _on_open_triggered(self) -> None:
        self._files.open()

    def _on_save_triggered(self) -> None:
        if self._files.save():
            self._window.status.say(f"Saved {self._files.path}.", Tone.INFO)

    def _on_save_as_triggered(self) -> None:
        if self._files.save_as():
            self._window.status.say(f"Saved {self._files.path}.", Tone.INFO)

    def _on_recent_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self._files.open(str(action.data()))

    def _on_file_actions_loaded(self, connector: object) -> None:
        if isinstance(connector, Connector):
            self._window.form.set_connector(connector)
            if self._files.path:
                self._window.status.say(f"Opened {self._files.path}.", Tone.INFO)

    def _on_file_actions_document_changed(self, path: str, modified: bool) -> None:
        name = Path(path).name if path else "Untitled"
        self._window.setWindowTitle(f"{name}[*] — {self._title}")
        self._window.setWindowModified(modified)

    def _on_file_actions_recent_changed(self, recent: list[str]) -> None:
        fill_recent_menu(self._window.recent_menu, recent, self._on_recent_triggered)
