"""The main window: builds its parts, validates the form, and routes every error to one slot.

Construction builds widgets only, so the window can be painted before anything heavy loads. The
rest — the draft or a new profile, validation, previews, the first keyring call — happens in
:meth:`MainWindow.start`, which runs right after the first paint. Errors from every source reach
one slot, :meth:`MainWindow._on_error`, which puts them beside their field.

The window's other jobs live in their own modules, built in :meth:`MainWindow.build`:
``window_widgets`` (the widgets and their places), ``window_menus`` (actions, shortcuts,
menus), ``portal_controller`` (log in, forget, sandbox, token status), ``register_flow``
(Register and its outcome), ``document_controller`` (File menu, title, draft),
``request_copy`` (Copy as curl / PHP / JS) and ``window_shutdown`` (the close sequence).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from gui.core.errors import B24Error, OperationCancelled
from gui.qt import settings as keys
from gui.qt.settings import AppSettings

if TYPE_CHECKING:
    from PySide6.QtGui import QAction, QCloseEvent
    from PySide6.QtWidgets import QDockWidget, QMenu, QProgressBar, QPushButton

    from gui.qt.connector_form import ConnectorForm, FieldNote
    from gui.qt.dialogs import Dialogs
    from gui.qt.draft_store import DraftStore
    from gui.qt.portal_controller import PortalController
    from gui.qt.portal_panel import PortalPanel
    from gui.qt.preview import TilePreview
    from gui.qt.request_log import RequestLog
    from gui.qt.services import NetworkOptions, Services, TokenStoreLike
    from gui.qt.status_view import StatusView


def _load_parts() -> None:
    """Import what the methods below use once the window is built. Deferred: ``run_window``
    paints the empty window first, and the form's modules (~17 ms) are not needed for that."""
    global MessageKind, Tone
    from gui.qt.field_row import MessageKind
    from gui.qt.status_view import Tone


log = logging.getLogger(__name__)

APP_TITLE = "B24 Connector Configurator"


class MainWindow(QMainWindow):
    """The configurator's window.

    Signals:
        started(): :meth:`start` finished — the form is filled, validation and previews run.
    """

    started = Signal()

    # Made by window_widgets.build_widgets and window_menus.build_actions / build_menus.
    form: ConnectorForm
    portal_panel: PortalPanel
    preview_active: TilePreview
    preview_disabled: TilePreview
    register_button: QPushButton
    cancel_button: QPushButton
    busy: QProgressBar
    status: StatusView
    request_log: RequestLog
    log_dock: QDockWidget
    recent_menu: QMenu
    act_new: QAction
    act_open: QAction
    act_save: QAction
    act_save_as: QAction
    act_quit: QAction
    act_register: QAction
    act_cancel: QAction
    act_curl: QAction
    act_php: QAction
    act_js: QAction
    act_login: QAction
    act_forget: QAction
    act_sandbox: QAction
    portal: PortalController

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
        self._built = False
        self._started = False
        self._ask_on_close = False
        self._errors: list[str] = []
        self.resize(1280, 860)
        geometry = settings.get(keys.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        if build:
            self.build()

    def build(self) -> None:
        """Create the widgets, runners and controllers (idempotent).

        ``create_window`` builds at once; ``run_window`` builds right after the empty window's
        first paint, so the window is on screen before the form's ~60 ms of construction. The
        parts are imported here, not at module level, for the same reason.
        """
        if self._built:
            return
        self._built = True
        _load_parts()
        from gui.qt.dialogs import Dialogs
        from gui.qt.document_controller import DocumentController
        from gui.qt.draft_store import DraftStore
        from gui.qt.file_actions import FileActions
        from gui.qt.gui_thread_call import GuiThreadCall
        from gui.qt.network_settings import NetworkSettingsActions
        from gui.qt.portal_controller import PortalController
        from gui.qt.preview_controller import PreviewController
        from gui.qt.register_controller import RegisterController
        from gui.qt.register_flow import RegisterFlow
        from gui.qt.request_copy import CopyRequestActions
        from gui.qt.services import Services
        from gui.qt.task_runner import TaskRunner
        from gui.qt.window_menus import build_actions, build_menus
        from gui.qt.window_widgets import STYLE_SHEET, build_widgets

        if self._services is None:
            self._services = Services()
        if self._draft_store is None:
            from gui.core.paths import data_dir

            self._draft_store = DraftStore(data_dir())
        if self._dialogs is None:
            self._dialogs = Dialogs()
        settings = self._settings
        self.network_runner = TaskRunner("network", self)
        self.render_runner = TaskRunner("render", self)
        self._gui_call = GuiThreadCall(self)

        build_widgets(self)
        self.file_actions = FileActions(self, settings, self._dialogs, self.form.connector)
        self.previews = PreviewController(
            self.render_runner, self.preview_active, self.preview_disabled, self
        )
        build_actions(self)
        self.network_settings = NetworkSettingsActions(
            self, settings, self._dialogs, self.portal_panel, self.say
        )
        build_menus(self, self.network_settings.actions())
        self.portal = PortalController(self, self._services)
        self.register_controller = RegisterController(
            self.network_runner,
            self._gui_call,
            self._services,
            self.token_store,
            self.request_log.sink,
            self,
        )
        self.register_flow = RegisterFlow(self, self.register_controller, self._ready_to_register)
        self.documents = DocumentController(self, settings, self._draft_store, APP_TITLE)
        self.copy_actions = CopyRequestActions(self)
        self._connect()
        self.setStyleSheet(STYLE_SHEET)
        state = settings.get(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        self.log_dock.setVisible(settings.get(keys.SHOW_REQUEST_LOG))
        self._update_register_state([])

    def _connect(self) -> None:
        self.form.changed.connect(self._on_form_changed)
        self.portal_panel.address.textChanged.connect(self._on_portal_text_changed)
        self.register_button.clicked.connect(self.register_flow.register)
        self.cancel_button.clicked.connect(self.register_flow.cancel)
        self.act_register.triggered.connect(self.register_flow.register)
        self.act_cancel.triggered.connect(self.register_flow.cancel)
        self.act_quit.triggered.connect(self._on_quit_triggered)
        self.register_controller.busy_changed.connect(self._on_register_controller_busy_changed)
        self.preview_active.updated.connect(self._on_preview_active_updated)
        self.preview_disabled.updated.connect(self._on_preview_disabled_updated)

    # ------------------------------------------------------------------ start-up
    def start(self) -> None:
        """Fill the form (draft or new profile), validate, render; the keyring comes just after.

        The first keyring call loads its backend (~200 ms). It is made right after the filled
        form has had a chance to paint, never inside the first click.
        """
        if self._started:
            return
        self.build()
        self._started = True
        self.documents.open_initial()
        self._revalidate()
        if not self.status.text():
            self.status.say(
                "Fill in the connector, log in to the portal, then Register (Ctrl+Return). "
                "New here? Portal ▸ Try it with the local sandbox.",
                Tone.INFO,
            )
        self.portal.read_keyring_soon()
        self.started.emit()

    # ------------------------------------------------------------------ validation
    def _revalidate(self) -> None:
        if not self._started:
            return
        from gui.core.model.validation import Severity, validate_connector

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
        self.documents.schedule_autosave()

    def _update_register_state(self, errors: list[str]) -> None:
        self._errors = errors
        busy = self.register_controller.busy
        reasons = list(errors)
        if self._started:
            portal_problem = self.portal.address_problem()
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

    def _ready_to_register(self) -> bool:
        """Register may send now: started, idle, and the form and the address are valid."""
        if self.register_controller.busy or not self._started:
            return False
        self.portal_panel.flush()
        self._revalidate()
        if self._errors or self.portal.address_problem():
            self.status.say("Fix the fields marked in red first.", Tone.ERROR)
            return False
        return True

    # ------------------------------------------------------------------ form and portal slots
    def _on_form_changed(self) -> None:
        self._revalidate()

    def _on_portal_text_changed(self, _text: str) -> None:
        if not self._started:
            return
        problem = self.portal.address_problem() if self.portal_panel.text() else ""
        self.portal_panel.show_message(MessageKind.ERROR if problem else None, problem)
        self._update_register_state(self._errors)
        self.documents.schedule_autosave()

    def _on_register_controller_busy_changed(self, busy: bool) -> None:
        self.cancel_button.setEnabled(busy)
        self.act_cancel.setEnabled(busy)
        self.busy.setVisible(busy)
        self._update_register_state(self._errors)

    # ------------------------------------------------------------------ previews
    def _on_preview_active_updated(self) -> None:
        self.form.icon_editor.show_current_colour_notice(self.previews.current_color_seen[False])

    def _on_preview_disabled_updated(self) -> None:
        own = bool(self.form.disabled_icon_editor.values()["DATA_IMAGE"])
        seen = self.previews.current_color_seen[True] and own
        self.form.disabled_icon_editor.show_current_colour_notice(seen)

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

    # ------------------------------------------------------------------ for helpers
    @property
    def app_settings(self) -> AppSettings:
        return self._settings

    @property
    def services(self) -> Services:
        return self._services

    def token_store(self) -> TokenStoreLike:
        """The token store, opened on first use (GUI thread only)."""
        return self.portal.token_store()

    def network_options(self) -> NetworkOptions:
        """The CA bundle and OAuth server the network calls use now."""
        return self.network_settings.options()

    def login_finished(self, portal: Any) -> None:
        """A login stored a token for ``portal``: show it."""
        self.portal.login_finished(portal)

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
        self.portal.set_sandbox(sandbox)

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
        from gui.qt.window_shutdown import shut_down

        shut_down(self, self._settings, self._gui_call)
        event.accept()
        super().closeEvent(event)
