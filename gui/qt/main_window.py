"""The main window: the one place where the window's parts are made and wired together.

Construction builds widgets only, so the window can be painted before anything heavy loads. The
rest — the draft or a new profile, validation, previews, the first keyring call — happens in
:meth:`MainWindow.start`, which runs right after the first paint.

Each job has its presenter, which gets only the widgets and callbacks it uses (never the window):
``register_presenter`` (validation, Register and its outcome), ``portal_presenter`` (token status,
log in, forget, the sandbox), ``document_presenter`` (File menu, title, draft),
``onboarding_presenter`` (the steps after registering, the checklist per portal),
``preview_presenter`` (the tiles), ``request_copy`` (Copy as curl / PHP / JS),
``network_settings`` (CA bundle, OAuth server). Everything the user is told goes through one
:class:`~gui.qt.feedback.Feedback`.
"""

from __future__ import annotations

import gc
import logging
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from gui.core.i18n import _
from gui.qt import settings as keys
from gui.qt.settings import AppSettings

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QResizeEvent

    from gui.core.application import Configurator
    from gui.core.auth.memory_tokens import MemoryOverlayTokenStore
    from gui.core.auth.tokens import TokenStore
    from gui.core.model.draft import DraftStore
    from gui.qt.dialogs import Dialogs

log = logging.getLogger(__name__)

APP_TITLE = "B24 Connector Configurator"
SHUTDOWN_BOUND_S = 75.0
"""A running request cannot be interrupted: its connect + read timeouts (10 + 65 s) bound it."""
RENDER_SHUTDOWN_BOUND_S = 5.0


def open_keyring_store() -> TokenStore:
    """The real token store (OS keyring); imported here so start-up does not load keyring."""
    from gui.core.auth.tokens import TokenStore

    return TokenStore()


def default_draft_store() -> DraftStore:
    """The draft in the user's data folder (platformdirs loads after the first paint)."""
    from gui.core.model.draft import DraftStore
    from gui.core.paths import data_dir

    return DraftStore(data_dir())


def open_in_browser(url: str) -> bool:
    """The core's opener (a clean child environment when frozen); it may wait about a second."""
    from gui.core.child_env import open_in_browser as core_open

    return core_open(url)


def start_again() -> bool:
    """Start the program again with the same arguments (after the window closed to restart)."""
    from gui.qt.restart import start_again as restart

    return restart()


class MainWindow(QMainWindow):
    """The configurator's window.

    Collaborators come in through the constructor so tests can pass their own: the settings,
    the draft store (default: the user's data folder, opened when the window is built), the
    dialogs, the token store (opened on first use, GUI thread only), the browser opener, the
    clock and the relauncher (a new language restarts the program).

    Signals:
        started(): :meth:`start` finished — the form is filled, validation and previews run.
    """

    started = Signal()

    def __init__(
        self,
        settings: AppSettings,
        draft_store: DraftStore | None = None,
        dialogs: Dialogs | None = None,
        parent: QWidget | None = None,
        *,
        open_token_store: Callable[[], TokenStore] = open_keyring_store,
        open_url: Callable[[str], bool] = open_in_browser,
        clock: Callable[[], float] = time.time,
        relaunch: Callable[[], bool] = start_again,
        build: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setWindowTitle(f"{APP_TITLE}[*]")
        self._settings = settings
        self._draft_store = draft_store
        self._dialogs = dialogs
        self._open_token_store = open_token_store
        self._token_store: MemoryOverlayTokenStore | None = None
        self._open_url = open_url
        self._clock = clock
        self._relaunch = relaunch
        self._restarting = False
        self._built = False
        self._started = False
        self._ask_on_close = False
        self.resize(1280, 860)
        geometry = settings.get(keys.GEOMETRY)
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
        if build:
            self.build()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._built and event.size().height() != event.oldSize().height():
            # After the layout has settled at the new size (the central part's height is known).
            QTimer.singleShot(0, self._fit_request_log)

    def _fit_request_log(self) -> None:
        from gui.qt.window_layout import fit_request_log

        fit_request_log(self, self.widgets)

    def token_store(self) -> MemoryOverlayTokenStore:
        """The token store, opened on first use (GUI thread only): the keyring, except the
        sandbox's throwaway token, which is held in memory."""
        if self._token_store is None:
            from gui.core.auth.memory_tokens import MemoryOverlayTokenStore

            self._token_store = MemoryOverlayTokenStore(self._open_token_store())
        return self._token_store

    def build(self) -> None:
        """Create the widgets, runners and presenters, and wire them (idempotent).

        ``create_window`` builds at once; ``run_window`` builds right after the empty window's
        first paint, so the window is on screen before the form's ~60 ms of construction. The
        parts are imported here, not at module level, for the same reason.
        """
        if self._built:
            return
        self._built = True
        from gui.core.application import Configurator
        from gui.qt.dialogs import Dialogs
        from gui.qt.document_presenter import DocumentPresenter, FileMenu
        from gui.qt.feedback import Feedback
        from gui.qt.gui_thread_call import GuiThreadCall, GuiThreadTokens
        from gui.qt.help_menu import build_help_menu
        from gui.qt.language_menu import LanguageMenu
        from gui.qt.login_dialog import LoginContext
        from gui.qt.network_settings import NetworkSettingsActions
        from gui.qt.onboarding_presenter import OnboardingPresenter
        from gui.qt.portal_presenter import PortalActions, PortalPresenter
        from gui.qt.preview_presenter import PreviewPresenter
        from gui.qt.register_presenter import RegisterPresenter
        from gui.qt.request_copy import CopyRequestActions
        from gui.qt.task_runner import TaskRunner
        from gui.qt.window_actions import build_actions, build_menus
        from gui.qt.window_layout import build_widgets

        settings = self._settings
        dialogs = self._dialogs or Dialogs()
        self._draft_store = self._draft_store or default_draft_store()
        self.network_runner = TaskRunner("network", self)
        self.render_runner = TaskRunner("render", self)
        self._gui_call = GuiThreadCall(self)
        widgets = self.widgets = build_widgets(self)
        # The widgets automation and tests reach directly (README, "Automating the window").
        self.form, self.status = widgets.form, widgets.status
        self.preview_active, self.preview_disabled = (
            widgets.preview_active,
            widgets.preview_disabled,
        )
        self.register_button, self.portal_panel = widgets.register_button, widgets.portal_panel
        self.request_log = widgets.request_log
        actions = self.window_actions = build_actions(self)
        network = NetworkSettingsActions(self, settings, dialogs, widgets.portal_panel, self._say)
        menus = build_menus(self, actions, network.actions(), widgets.log_dock)
        self.language_menu = LanguageMenu(menus.view, settings, dialogs, self)
        self.language_menu.restart_requested.connect(self.restart)
        build_help_menu(self)
        owners = [widgets.form, widgets.portal_panel, widgets.onboarding]
        feedback = self.feedback = Feedback(widgets.status, owners)
        tokens = GuiThreadTokens(self.token_store, self._gui_call, self)
        base = Configurator(network.client_settings(), tokens, observe=widgets.request_log.sink)

        def configurator() -> Configurator:
            return base.with_settings(network.client_settings())

        self.configurator = configurator
        self.previews = PreviewPresenter(
            self.render_runner, widgets.preview_active, widgets.preview_disabled, widgets.form
        )
        self.register_presenter = RegisterPresenter(
            widgets.form,
            widgets.portal_panel,
            (widgets.register_button, widgets.cancel_button, widgets.busy),
            actions,
            self.network_runner,
            tokens,
            self.token_store,
            configurator,
            feedback,
        )
        self.portal = PortalPresenter(
            widgets.portal_panel,
            PortalActions(actions.login, actions.forget, actions.sandbox),
            self.token_store,
            tokens,
            lambda: LoginContext(
                widgets.portal_panel.text(),
                configurator(),
                self.network_runner,
                settings,
                self._open_url,
                feedback,
            ),
            self._fill_empty_fields,
            self._clock,
            feedback,
            self,
            settings,
            dialogs,
        )
        self.onboarding = OnboardingPresenter(
            widgets.onboarding,
            widgets.form,
            widgets.portal_panel,
            self.network_runner,
            self.token_store,
            configurator,
            self.register_presenter.blockers,
            lambda: self.portal.sandbox,
            dialogs,
            feedback,
        )
        actions.onboard.triggered.connect(self._on_onboard_triggered)
        self.documents = DocumentPresenter(
            self,
            widgets.form,
            widgets.portal_panel,
            FileMenu(actions.new, actions.open, actions.save, actions.save_as, menus.recent),
            settings,
            dialogs,
            self._draft_store,
            feedback,
            APP_TITLE,
        )
        CopyRequestActions(
            {"curl": actions.copy_curl, "php": actions.copy_php, "js": actions.copy_js},
            widgets.form.connector,
            widgets.portal_panel.text,
            feedback,
            self,
        )
        widgets.form.changed.connect(self._on_form_changed)
        widgets.portal_panel.address.textChanged.connect(self._on_portal_edited)
        widgets.portal_panel.address_changed.connect(self._on_portal_panel_address_changed)
        self.register_presenter.sent.connect(self._on_register_presenter_sent)
        actions.quit.triggered.connect(self._on_quit_triggered)
        self._apply_style_sheet()
        state = settings.get(keys.WINDOW_STATE)
        if not state.isEmpty():
            self.restoreState(state)
        widgets.log_dock.setVisible(settings.get(keys.SHOW_REQUEST_LOG))

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
        self.register_presenter.start()
        self._on_form_changed()
        self.onboarding.portal_changed()
        if not self.status.text():
            self._say(
                _(
                    "Fill in the connector, log in to the portal, then Register (Ctrl+Return). "
                    "New here? Portal ▸ Try it with the local sandbox."
                )
            )
        self.portal.read_keyring_soon()
        from PySide6.QtCore import Qt

        self.preview_active.updated.connect(
            self._on_preview_active_first_updated, Qt.ConnectionType.SingleShotConnection
        )
        self.started.emit()

    def _on_preview_active_first_updated(self) -> None:
        """Start-up is over: what is alive now (Qt's wrappers, the modules, the form, the
        renderer) lives as long as the program, so it is moved out of the garbage collector's
        sight. A full collection stops every thread, the event loop with it, and walked all of
        it: 70–90 ms pauses while typing and during Register (``bench_window_responsiveness``).
        Once per process: a later window (automation, tests) leaves the collector as it is.
        """
        if gc.get_freeze_count() == 0:
            gc.freeze()

    # ------------------------------------------------------------------ wiring
    def _say(self, text: str) -> None:
        self.status.say(text)

    def _apply_style_sheet(self) -> None:
        from gui.qt.window_layout import style_sheet

        sheet = style_sheet(QGuiApplication.palette())
        if self.styleSheet() != sheet:
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        # (a title change arrives here during __init__, before _built exists; the tones load
        # with the widgets, after the first paint)
        if not getattr(self, "_built", False):
            return
        from gui.qt.tones import PALETTE_EVENTS, refresh_tones

        if event.type() in PALETTE_EVENTS:
            # A new colour scheme: the fields' problem frames and the coloured texts follow.
            self._apply_style_sheet()
            refresh_tones(self)

    def _fill_empty_fields(self, examples: dict[str, str]) -> list[str]:
        """Put example values in the empty fields among ``examples``; returns the ones filled."""
        connector = self.form.connector()
        filled = [path for path in examples if not str(connector.value_at(path)).strip()]
        for path in filled:
            connector = connector.with_value(path, examples[path])
        if filled:
            self.form.set_connector(connector)
        return filled

    def _on_form_changed(self) -> None:
        if not self._started:
            return
        connector = self.register_presenter.revalidate()
        self.onboarding.form_changed()
        self.previews.show(connector)
        self.documents.changed()

    def _on_portal_edited(self, _text: str) -> None:
        if self._started:
            self.register_presenter.portal_changed()
            self.documents.changed()

    def _on_portal_panel_address_changed(self, text: str) -> None:
        """The address settled (typing paused, or it was set): also that portal's checklist."""
        self._on_portal_edited(text)
        if self._started:
            self.onboarding.portal_changed()

    def _on_onboard_triggered(self) -> None:
        self.widgets.tabs.setCurrentWidget(self.widgets.tabs.widget(1))
        self.onboarding.run()

    def _on_register_presenter_sent(self, portal_text: str) -> None:
        self._settings.set(keys.LAST_PORTAL, portal_text)

    # ------------------------------------------------------------------ closing
    def restart(self) -> None:
        """Close and start the program again (a new language): the form is kept in the draft,
        not asked about, and restored by the new process."""
        if not self._started:
            return
        self.documents.save_draft()
        self._settings.set(keys.RESTARTING, True)
        self._restarting = True
        if not self.close():  # refused: nothing else happens
            self._restarting = False
            self._settings.set(keys.RESTARTING, False)

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
            and not self._restarting
            and (event.spontaneous() or self._ask_on_close)
            and not self.documents.confirm_discard()
        ):
            event.ignore()
            return
        self._shut_down()
        event.accept()
        super().closeEvent(event)
        if self._restarting and not self._relaunch():
            # The new process did not start: the draft stays, so the next start restores it.
            self._settings.set(keys.RESTARTING, False)
            self._settings.sync()

    def _shut_down(self) -> None:
        """Stop what runs, keep the window's place, let the workers finish, in this order:
        nothing new may start (draft saves, the keyring timer, dialogs); the running request is
        cancelled and the window hidden while it winds down; the settings are written before the
        possibly long wait; then the runners are joined with a bound and the sandbox stopped."""
        self.documents.stop()
        self.portal.stop()
        for dialog in self.findChildren(QDialog):
            dialog.reject()  # a login dialog stops its listener and cancels its wait
        busy = self.register_presenter.busy or self.onboarding.busy
        log_shown = self.widgets.log_dock.isVisible()  # before hide(): hidden, it says False
        self.register_presenter.cancel()
        self.onboarding.cancel()
        if busy:
            # Cancel shuts the request's socket down at once; a refresh is not cancelled (its
            # new pair must be stored): the window goes away now, the short wait is out of sight.
            self.hide()
        settings = self._settings
        settings.set(keys.GEOMETRY, self.saveGeometry())
        settings.set(keys.WINDOW_STATE, self.saveState())
        settings.set(keys.SHOW_REQUEST_LOG, log_shown)
        if self.portal_panel.text():
            settings.set(keys.LAST_PORTAL, self.portal_panel.text())
        settings.sync()
        self.render_runner.shutdown(RENDER_SHUTDOWN_BOUND_S)
        self.network_runner.shutdown(SHUTDOWN_BOUND_S, self._gui_call.drain)
        self._gui_call.drain()
        self.portal.close_sandbox()
        if not self._restarting:
            self.documents.discard_draft()
