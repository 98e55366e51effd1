"""The main window: wires the form, the previews, the portal panel, Register and the files.

Construction builds widgets only, so the window can be painted before anything heavy loads. The
rest — the draft or a new profile, validation, previews, the first keyring call — happens in
:meth:`MainWindow.start`, which runs right after the first paint. Errors from every source reach
one slot, :meth:`MainWindow._on_error`, which puts them beside their field.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from gui.core.errors import B24Error, InvalidInputError, OperationCancelled
from gui.qt import settings as keys
from gui.qt.settings import AppSettings

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from gui.qt.connector_form import FieldNote
    from gui.qt.dialogs import Dialogs
    from gui.qt.draft_store import Draft, DraftStore
    from gui.qt.services import NetworkOptions, Services, TokenStoreLike


def _load_parts() -> None:
    """Import the window's parts. Deferred: ``run_window`` paints the window first.

    The names become module globals, used by the methods below once :meth:`MainWindow.build`
    has run; nothing here is needed to put the empty window on screen.
    """
    global ConnectorForm, Connector, Dialogs, Draft, DraftStore, MessageKind, FileActions
    global GuiThreadCall, PortalPanel, TilePreview, PreviewController, RegisterController
    global RequestLog, NetworkOptions, Services, StatusView, Tone, TaskRunner, Qt
    global QDockWidget, QHBoxLayout, QProgressBar, QPushButton, QScrollArea, QSplitter
    global QVBoxLayout, QAction, QKeySequence, NetworkSettingsActions, copy_request
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction, QKeySequence
    from PySide6.QtWidgets import (
        QDockWidget,
        QHBoxLayout,
        QProgressBar,
        QPushButton,
        QScrollArea,
        QSplitter,
        QVBoxLayout,
    )

    from gui.core.connector import Connector
    from gui.qt.connector_form import ConnectorForm
    from gui.qt.dialogs import Dialogs
    from gui.qt.draft_store import Draft, DraftStore
    from gui.qt.field_row import MessageKind
    from gui.qt.file_actions import FileActions
    from gui.qt.gui_thread_call import GuiThreadCall
    from gui.qt.network_settings import NetworkSettingsActions
    from gui.qt.portal_panel import PortalPanel
    from gui.qt.preview import TilePreview
    from gui.qt.preview_controller import PreviewController
    from gui.qt.register_controller import RegisterController
    from gui.qt.request_copy import copy_request
    from gui.qt.request_log import RequestLog
    from gui.qt.services import NetworkOptions, Services
    from gui.qt.status_view import StatusView, Tone
    from gui.qt.task_runner import TaskRunner


log = logging.getLogger(__name__)

APP_TITLE = "B24 Connector Configurator"
SHUTDOWN_BOUND_S = 75.0
"""A running request cannot be interrupted: its connect + read timeouts (10 + 65 s) bound it."""
KEYRING_DELAY_MS = 30
"""After start: long enough for the filled form to paint first, short enough to beat a click."""
STYLE_SHEET = """
QLineEdit[problem="error"], QComboBox[problem="error"], QPlainTextEdit[problem="error"] {
    border: 1px solid #b3261e; border-radius: 2px; }
QLineEdit[problem="warning"], QComboBox[problem="warning"], QPlainTextEdit[problem="warning"] {
    border: 1px solid #c58a00; border-radius: 2px; }
"""


class MainWindow(QMainWindow):
    """The configurator's window.

    Signals:
        started(): :meth:`start` finished — the form is filled, validation and previews run.
    """

    started = Signal()

    def __init__(
        self,
        settings: AppSettings,
        services: Services | None = None,
        draft_store: DraftStore | None = None,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
        *,
        build: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(f"{APP_TITLE}[*]")
        self._settings = settings
        self._services = services
        self._draft_store = draft_store
        self._dialogs = dialogs
        self._token_store: TokenStoreLike | None = None
        self._built = False
        self._started = False
        self._closing = False
        self._ask_on_close = False
        self._sandbox: Any = None
        self._errors: list[str] = []
        self._sent: tuple[Any, str] = (None, "")
        self._keyring_due = False
        self.resize(1280, 860)
        geometry = settings.get(keys.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        if build:
            self.build()

    def build(self) -> None:
        """Create the widgets, runners and controllers (idempotent).

        ``create_window`` builds at once; ``run_window`` builds right after the empty window's
        first paint, so the window is on screen before the form's ~60 ms of construction.
        """
        if self._built:
            return
        _load_parts()
        self._built = True
        if self._services is None:
            self._services = Services()
        if self._draft_store is None:
            from gui.qt import default_data_dir

            self._draft_store = DraftStore(default_data_dir())
        if self._dialogs is None:
            self._dialogs = Dialogs()
        settings = self._settings
        self.network_runner = TaskRunner("network", self)
        self.render_runner = TaskRunner("render", self)
        self._gui_call = GuiThreadCall(self)

        self._build_widgets()
        self.file_actions = FileActions(self, settings, self._dialogs, self.form.connector)
        self.previews = PreviewController(
            self.render_runner, self.preview_active, self.preview_disabled, self
        )
        self.register_controller = RegisterController(
            self.network_runner,
            self._gui_call,
            self._services,
            self.token_store,
            self.request_log.sink,
            self,
        )
        self._build_actions()
        self._connect()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(800)
        self._autosave.timeout.connect(self._on_autosave_timeout)
        self.setStyleSheet(STYLE_SHEET)
        state = settings.get(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        self.log_dock.setVisible(settings.get(keys.SHOW_REQUEST_LOG))
        self._update_register_state([])

    # ------------------------------------------------------------------ construction
    def _build_widgets(self) -> None:
        self.form = ConnectorForm()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        self.portal_panel = PortalPanel()
        self.preview_active = TilePreview("ICON", "Active (connected)")
        self.preview_disabled = TilePreview("ICON_DISABLED", "Disabled (not connected)")
        self.register_button = QPushButton("Register")
        self.register_button.setObjectName("register")
        self.register_button.setAccessibleName("register")
        self.register_button.setDefault(True)
        self.register_button.setMinimumHeight(34)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setObjectName("cancel")
        self.cancel_button.setAccessibleName("cancel")
        self.cancel_button.setToolTip("Stop waiting for the portal (Esc)")
        self.cancel_button.setEnabled(False)
        self.busy = QProgressBar()
        self.busy.setObjectName("busy")
        self.busy.setAccessibleName("busy")
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(10)
        self.busy.setVisible(False)
        self.status = StatusView()

        buttons = QHBoxLayout()
        buttons.addWidget(self.register_button, 1)
        buttons.addWidget(self.cancel_button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(self.portal_panel)
        side_layout.addWidget(self.preview_active)
        side_layout.addWidget(self.preview_disabled)
        side_layout.addStretch(1)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.busy)
        side_layout.addWidget(self.status)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("main_splitter")
        splitter.addWidget(scroll)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        # The form gets the larger share, also when the window was already on screen (run_window
        # builds after the first paint, when the splitter would otherwise split by size hints).
        side_width = 370
        scrollbar = scroll.verticalScrollBar().sizeHint().width()
        needed = self.form.minimumSizeHint().width() + scrollbar + 8
        form_width = max(self.width() - side_width, needed)
        splitter.setSizes([form_width, max(self.width() - form_width, 300)])

        self.request_log = RequestLog()
        self.log_dock = QDockWidget("Request log", self)
        self.log_dock.setObjectName("request_log_dock")
        self.log_dock.setWidget(self.request_log)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.resizeDocks([self.log_dock], [150], Qt.Orientation.Vertical)

    def _action(
        self, text: str, name: str, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(f"action.{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        std = QKeySequence.StandardKey
        self.act_new = self._action("&New", "new", QKeySequence(std.New))
        self.act_open = self._action("&Open…", "open", QKeySequence(std.Open))
        self.act_save = self._action("&Save", "save", QKeySequence(std.Save))
        self.act_save_as = self._action("Save &As…", "save_as", "Ctrl+Shift+S")
        self.act_quit = self._action("&Quit", "quit", "Ctrl+Q")
        self.act_register = self._action("&Register", "register", "Ctrl+Return")
        self.act_register.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.act_cancel = self._action("&Cancel", "cancel", "Esc")
        self.act_cancel.setEnabled(False)
        self.act_curl = self._action("Copy as &curl", "copy_curl", tip="The request for a shell")
        self.act_php = self._action("Copy as &PHP", "copy_php", tip="The request for CRest / PHP")
        self.act_js = self._action("Copy as &JS", "copy_js", tip="The request for BX24.callMethod")
        self.act_login = self._action("&Log in…", "login")
        self.act_forget = self._action("&Forget token", "forget")
        self.act_sandbox = self._action("Try it with the local &sandbox", "sandbox")
        self.network_settings = NetworkSettingsActions(
            self, self._settings, self._dialogs, self.portal_panel, self.say
        )

        menu = self.menuBar()
        file_menu = menu.addMenu("&File")
        file_menu.addActions([self.act_new, self.act_open])
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("menu.recent")
        file_menu.addActions([self.act_save, self.act_save_as])
        file_menu.addSeparator()
        file_menu.addAction(self.act_quit)
        request_menu = menu.addMenu("&Request")
        request_menu.addActions([self.act_register, self.act_cancel])
        request_menu.addSeparator()
        request_menu.addActions([self.act_curl, self.act_php, self.act_js])
        portal_menu = menu.addMenu("&Portal")
        portal_menu.addActions([self.act_login, self.act_forget, self.act_sandbox])
        portal_menu.addSeparator()
        portal_menu.addActions(self.network_settings.actions())
        view_menu = menu.addMenu("&View")
        view_menu.addAction(self.log_dock.toggleViewAction())
        self._fill_recent_menu(self._settings.get(keys.RECENT_FILES))

    def _connect(self) -> None:
        self.form.changed.connect(self._on_form_changed)
        self.portal_panel.address.textChanged.connect(self._on_portal_text_changed)
        self.portal_panel.address_changed.connect(self._on_portal_panel_address_changed)
        self.portal_panel.login_requested.connect(self._on_login_triggered)
        self.portal_panel.forget_requested.connect(self._on_forget_triggered)
        self.portal_panel.sandbox_requested.connect(self._on_sandbox_triggered)
        self.register_button.clicked.connect(self._on_register_clicked)
        self.cancel_button.clicked.connect(self._on_cancel_clicked)
        self.act_register.triggered.connect(self._on_register_clicked)
        self.act_cancel.triggered.connect(self._on_cancel_clicked)
        self.act_new.triggered.connect(self._on_new_triggered)
        self.act_open.triggered.connect(self._on_open_triggered)
        self.act_save.triggered.connect(self._on_save_triggered)
        self.act_save_as.triggered.connect(self._on_save_as_triggered)
        self.act_quit.triggered.connect(self._on_quit_triggered)
        self.act_curl.triggered.connect(self._on_copy_curl_triggered)
        self.act_php.triggered.connect(self._on_copy_php_triggered)
        self.act_js.triggered.connect(self._on_copy_js_triggered)
        self.act_login.triggered.connect(self._on_login_triggered)
        self.act_forget.triggered.connect(self._on_forget_triggered)
        self.act_sandbox.triggered.connect(self._on_sandbox_triggered)
        self.file_actions.loaded.connect(self._on_file_actions_loaded)
        self.file_actions.document_changed.connect(self._on_file_actions_document_changed)
        self.file_actions.recent_changed.connect(self._on_file_actions_recent_changed)
        self.file_actions.failed.connect(self._on_error)
        rc = self.register_controller
        rc.busy_changed.connect(self._on_register_controller_busy_changed)
        rc.succeeded.connect(self._on_register_controller_succeeded)
        rc.refused.connect(self._on_register_controller_refused)
        rc.failed.connect(self._on_error)
        rc.cancelled.connect(self._on_register_controller_cancelled)
        rc.token_refreshed.connect(self._on_register_controller_token_refreshed)
        self.preview_active.updated.connect(self._on_preview_active_updated)
        self.preview_disabled.updated.connect(self._on_preview_disabled_updated)

    # ------------------------------------------------------------------ start-up
    def start(self) -> None:
        """Fill the form (draft or new profile), validate, render; the keyring comes just after.

        The first keyring call loads its backend (~200 ms). It is made right after the filled
        form has had a chance to paint (:data:`KEYRING_DELAY_MS`), never inside the first click.
        """
        if self._started:
            return
        self.build()
        self._started = True
        draft = self._draft_store.load()
        if draft is not None:
            self._restore_draft(draft)
        else:
            self.file_actions.new(confirm=False)
            self.portal_panel.set_text(self._settings.get(keys.LAST_PORTAL))
        self._revalidate()
        if not self.status.text():
            self.status.say(
                "Fill in the connector, log in to the portal, then Register (Ctrl+Return). "
                "New here? Portal ▸ Try it with the local sandbox.",
                Tone.INFO,
            )
        QTimer.singleShot(KEYRING_DELAY_MS, self._on_first_keyring_call_due)
        self.started.emit()

    def _on_first_keyring_call_due(self) -> None:
        if self._closing:
            return
        self._keyring_due = True
        if self.portal_panel.text():
            self._show_token_info()
        else:
            self._warm_keyring()

    def _restore_draft(self, draft: Draft) -> None:
        saved: dict[str, Any] | None = None
        if draft.file_path:
            try:
                from gui.core.connector import load_profile

                saved = load_profile(Path(draft.file_path)).to_profile()
            except B24Error:
                saved = None
        connector = Connector.from_profile(draft.profile)
        self.form.set_connector(connector)
        self.file_actions.adopt(draft.file_path, saved)
        self.portal_panel.set_text(draft.portal or self._settings.get(keys.LAST_PORTAL))
        if self.file_actions.is_modified():
            self.status.say(
                "Restored the unsaved form from the last session, which ended unexpectedly.",
                Tone.INFO,
            )

    def _warm_keyring(self) -> None:
        """The first keyring call loads its backend (~200 ms): do it now, not in the first click."""
        try:
            store = self.token_store()
            store.load("warm-up.invalid")
        except B24Error as exc:
            self.portal_panel.show_no_token("keyring unavailable (hover for help)", exc.message)

    def token_store(self) -> TokenStoreLike:
        """The token store, opened on first use (GUI thread only)."""
        if self._token_store is None:
            self._token_store = self._services.open_token_store()
        return self._token_store

    # ------------------------------------------------------------------ validation
    def _revalidate(self) -> None:
        if not self._started:
            return
        from gui.core.validation import Severity, validate_connector

        connector = self.form.connector()
        problems = validate_connector(connector, check_render=False)
        notes: list[FieldNote] = []
        for problem in problems:
            kind = MessageKind.ERROR if problem.severity is Severity.ERROR else MessageKind.WARNING
            if kind is MessageKind.ERROR and self.form.is_untouched_and_empty(problem.field):
                kind = MessageKind.NOTE  # not yet filled in is not yet a mistake: no red
            notes.append((problem.field, kind, problem.message))
        self.form.show_messages(notes)
        self._update_register_state(
            [f"{p.field}: {p.message}" for p in problems if p.severity is Severity.ERROR]
        )
        self.previews.show(connector)
        self.file_actions.refresh()
        self._autosave.start()

    def _portal_problem(self) -> str:
        text = self.portal_panel.text()
        if not text:
            return "Enter the portal's address."
        from gui.core.portal_address import PortalAddress

        try:
            PortalAddress.parse(text)
        except B24Error as exc:
            return exc.message
        return ""

    def _update_register_state(self, errors: list[str]) -> None:
        self._errors = errors
        busy = self.register_controller.busy
        reasons = list(errors)
        if self._started:
            portal_problem = self._portal_problem()
            if portal_problem:
                reasons.append(f"portal: {portal_problem}")
        else:
            reasons.append("Starting…")
        if busy:
            tip = "A registration is running (Esc cancels it)."
        elif reasons:
            tip = "Fix these first:\n• " + "\n• ".join(reasons)
        else:
            tip = "Send imconnector.register to the portal (Ctrl+Return)"
        enabled = not busy and not reasons
        self.register_button.setEnabled(enabled)
        self.register_button.setToolTip(tip)
        self.act_register.setEnabled(enabled)

    # ------------------------------------------------------------------ form and portal slots
    def _on_form_changed(self) -> None:
        self._revalidate()

    def _on_portal_text_changed(self, _text: str) -> None:
        if not self._started:
            return
        problem = self._portal_problem() if self.portal_panel.text() else ""
        self.portal_panel.show_message(MessageKind.ERROR if problem else None, problem)
        self._update_register_state(self._errors)
        self._autosave.start()

    def _on_portal_panel_address_changed(self, _text: str) -> None:
        if self._keyring_due:
            self._show_token_info()

    def _show_token_info(self) -> None:
        text = self.portal_panel.text()
        if not text or self._portal_problem():
            self.portal_panel.show_no_token("—")
            return
        try:
            from gui.core.portal_address import PortalAddress

            token = self.token_store().load(PortalAddress.parse(text))
        except B24Error as exc:
            self.portal_panel.show_no_token(f"cannot be read ({exc.code}; hover)", exc.message)
            return
        if token is None:
            self.portal_panel.show_no_token()
        else:
            self.portal_panel.show_token(token.expires, token.scopes, self._services.clock())

    # ------------------------------------------------------------------ register
    def _on_register_clicked(self) -> None:
        if self.register_controller.busy or not self._started:
            return
        self.portal_panel.flush()
        self._revalidate()
        if self._errors or self._portal_problem():
            self.status.say("Fix the fields marked in red first.", Tone.ERROR)
            return
        try:
            from gui.core.portal_address import PortalAddress

            portal = PortalAddress.parse(self.portal_panel.text())
            options = self.network_options()
            connector = self.form.connector()
            started = self.register_controller.register(connector, portal, options)
        except Exception as exc:
            self._on_error(exc)
            return
        if started:
            # What was sent, for the outcome: the form may change while the request runs.
            self._sent = (connector, self.portal_panel.text())
            self._settings.set(keys.LAST_PORTAL, self.portal_panel.text())
            self.status.say(f"Registering on {portal.host_key}…", Tone.INFO)

    def _on_cancel_clicked(self) -> None:
        self.register_controller.cancel()

    def _on_register_controller_busy_changed(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        self.act_cancel.setEnabled(busy)
        self.busy.setVisible(busy)
        self._update_register_state(self._errors)

    def _on_register_controller_succeeded(self, outcome: object, refreshed: bool) -> None:
        connector, portal_text = self._sent
        text = (
            f"✓ Registered “{connector.name}” ({connector.id}) on "
            f"{portal_text}. Next: activate it on an Open Line "
            "(imconnector.activate) and bind OnImConnectorMessageAdd."
        )
        if refreshed:
            text += " The access token had expired; it was refreshed and stored."
        self.status.say(text, Tone.SUCCESS)

    def _on_register_controller_refused(self, outcome: Any) -> None:
        code = outcome.error or "UNKNOWN"
        explanation = outcome.explanation or "The portal refused the registration."
        message = f"{code}: {explanation}"
        if outcome.description:
            message += f" (The portal said: “{outcome.description}”.)"
        field = outcome.field or ""
        if field in self.form.paths():
            self.form.set_sticky_message(field, MessageKind.ERROR, message)
            self.form.editor(field).setFocus()
        self.status.say(f"✗ Not registered. {message}", Tone.ERROR)

    def _on_register_controller_cancelled(self) -> None:
        self.status.say(
            "Cancelled. The request may already have reached the portal; registering again "
            "is safe (the same ID updates the same connector).",
            Tone.INFO,
        )

    def _on_register_controller_token_refreshed(self, _portal: object) -> None:
        self._show_token_info()

    # ------------------------------------------------------------------ the one error slot
    def _on_error(self, error: object) -> None:
        """Every error ends here: beside its field when it has one, always in the status line."""
        if isinstance(error, OperationCancelled):
            return
        if not isinstance(error, B24Error):
            if isinstance(error, BaseException):
                log.error("unexpected error", exc_info=error)
            self.status.say(
                "Something went wrong inside the program; nothing was lost. "
                "The details are in the log.",
                Tone.ERROR,
            )
            return
        field = error.field or ""
        if field == "portal":
            self.portal_panel.show_message(MessageKind.ERROR, error.message)
        elif field in self.form.paths():
            self.form.set_sticky_message(field, MessageKind.ERROR, error.message)
        code = f" [{error.code}]" if error.code else ""
        self.status.say(f"✗ {error.message}{code}", Tone.ERROR)

    # ------------------------------------------------------------------ previews
    def _on_preview_active_updated(self) -> None:
        self.form.icon_editor.show_current_colour_notice(self.previews.current_color_seen[False])

    def _on_preview_disabled_updated(self) -> None:
        own = bool(self.form.disabled_icon_editor.values()["DATA_IMAGE"])
        seen = self.previews.current_color_seen[True] and own
        self.form.disabled_icon_editor.show_current_colour_notice(seen)

    # ------------------------------------------------------------------ files
    def _on_new_triggered(self) -> None:
        self.file_actions.new()

    def _on_open_triggered(self) -> None:
        self.file_actions.open()

    def _on_save_triggered(self) -> None:
        if self.file_actions.save():
            self.status.say(f"Saved {self.file_actions.path}.", Tone.INFO)

    def _on_save_as_triggered(self) -> None:
        if self.file_actions.save_as():
            self.status.say(f"Saved {self.file_actions.path}.", Tone.INFO)

    def _on_recent_triggered(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.file_actions.open(str(action.data()))

    def _on_file_actions_loaded(self, connector: object) -> None:
        if isinstance(connector, Connector):
            self.form.set_connector(connector)
            if self.file_actions.path:
                self.status.say(f"Opened {self.file_actions.path}.", Tone.INFO)

    def _on_file_actions_document_changed(self, path: str, modified: bool) -> None:
        name = Path(path).name if path else "Untitled"
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}")
        self.setWindowModified(modified)

    def _on_file_actions_recent_changed(self, recent: list[str]) -> None:
        self._fill_recent_menu(recent)

    def _fill_recent_menu(self, recent: list[str]) -> None:
        self.recent_menu.clear()
        for index, path in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{index} {path}")
            action.setData(path)
            action.triggered.connect(self._on_recent_triggered)
        self.recent_menu.setEnabled(bool(recent))

    def _on_autosave_timeout(self) -> None:
        if not self._started or self._closing:
            return
        self._draft_store.save(
            Draft(
                profile=self.form.connector().to_profile(),
                file_path=self.file_actions.path,
                portal=self.portal_panel.text(),
                modified=self.file_actions.is_modified(),
            )
        )

    # ------------------------------------------------------------------ export
    def _copy(self, kind: str) -> None:
        try:
            copy_request(kind, self.form.connector(), self.portal_panel.text())
        except Exception as exc:
            self._on_error(exc)
            return
        self.status.say(
            f"Copied the request as {kind} (with a token placeholder, never your token).",
            Tone.INFO,
        )

    def _on_copy_curl_triggered(self) -> None:
        self._copy("curl")

    def _on_copy_php_triggered(self) -> None:
        self._copy("php")

    def _on_copy_js_triggered(self) -> None:
        self._copy("js")

    # ------------------------------------------------------------------ portal actions
    def _on_login_triggered(self) -> None:
        from gui.qt.login_dialog import run_login

        if self._portal_problem():
            self._on_error(
                InvalidInputError(
                    f"Enter the portal's address first. {self._portal_problem()}", field="portal"
                )
            )
            return
        run_login(self)

    def _on_forget_triggered(self) -> None:
        try:
            from gui.core.portal_address import PortalAddress

            portal = PortalAddress.parse(self.portal_panel.text())
            removed = self.token_store().forget(portal)
        except B24Error as exc:
            self._on_error(exc)
            return
        self._show_token_info()
        self.status.say(
            f"Forgot the token for {portal.host_key}."
            if removed
            else f"No token was stored for {portal.host_key}.",
            Tone.INFO,
        )

    def _on_sandbox_triggered(self) -> None:
        from gui.qt.sandbox_launcher import start_sandbox

        start_sandbox(self)

    @property
    def app_settings(self) -> AppSettings:
        return self._settings

    @property
    def services(self) -> Services:
        return self._services

    def network_options(self) -> NetworkOptions:
        """The CA bundle and OAuth server the network calls use now."""
        return self.network_settings.options()

    def login_finished(self, portal: Any) -> None:
        """A login stored a token for ``portal``: show it."""
        self._show_token_info()
        self.portal_panel.show_message(None, "")
        self.status.say(
            f"Logged in: the token for {portal.host_key} is in the OS keyring.", Tone.SUCCESS
        )

    def report_error(self, error: object) -> None:
        """Route ``error`` through the window's one error slot (for helpers such as the sandbox)."""
        self._on_error(error)

    def say(self, text: str) -> None:
        """A neutral message in the status line."""
        self.status.say(text, Tone.INFO)

    def use_portal(self, url: str) -> None:
        """Point the window at ``url`` (fills the address, shows its token)."""
        self.portal_panel.set_text(url)
        self._on_portal_text_changed(url)

    def fill_empty_fields(self, examples: dict[str, str]) -> list[str]:
        """Put example values in the empty fields among ``examples``; returns the ones filled."""
        connector = self.form.connector()
        filled = [path for path in examples if not str(connector.value_at(path)).strip()]
        for path in filled:
            connector = connector.with_value(path, examples[path])
        if filled:
            self.form.set_connector(connector)
        return filled

    def set_sandbox(self, sandbox: Any) -> None:
        """Keep a running sandbox so that it is stopped when the window closes."""
        if self._sandbox is not None and self._sandbox is not sandbox:
            self._sandbox.close()
        self._sandbox = sandbox

    # ------------------------------------------------------------------ closing
    def _on_quit_triggered(self) -> None:
        self._ask_on_close = True
        self.close()
        self._ask_on_close = False

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._built:  # closed before the form was built: nothing to save but the place
            self._settings.set(keys.GEOMETRY, self.saveGeometry())
            event.accept()
            return
        # A person closing the window (window manager, Ctrl+Q) is asked about unsaved changes;
        # a program closing it (UI automation) is not: a modal question would hang it.
        if (
            self._started
            and (event.spontaneous() or self._ask_on_close)
            and not self.file_actions.confirm_discard()
        ):
            event.ignore()
            return
        self._closing = True
        self._autosave.stop()
        from PySide6.QtWidgets import QDialog

        for dialog in self.findChildren(QDialog):
            dialog.reject()  # a login dialog stops its listener and cancels its wait
        busy = self.register_controller.busy
        self.register_controller.cancel()
        if busy:
            # A request cannot be interrupted mid-read: the window goes away now, and the
            # wait below (bounded by the request's timeouts) happens out of sight.
            self.hide()
        self._settings.set(keys.GEOMETRY, self.saveGeometry())
        self._settings.set(keys.WINDOW_STATE, self.saveState())
        self._settings.set(keys.SHOW_REQUEST_LOG, self.log_dock.isVisible())
        if self.portal_panel.text():
            self._settings.set(keys.LAST_PORTAL, self.portal_panel.text())
        self._settings.sync()
        self.render_runner.shutdown(5.0)
        self.network_runner.shutdown(SHUTDOWN_BOUND_S, self._gui_call.drain)
        self._gui_call.drain()
        if self._sandbox is not None:
            self._sandbox.close()
            self._sandbox = None
        self._draft_store.discard()
        event.accept()
        super().closeEvent(event)
