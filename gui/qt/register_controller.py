"""Register: one request at a time on the network runner, cancellable, never two at once.

The controller takes the connector and the portal address from the window, reads the token on the
GUI thread (keyring is never touched elsewhere), and hands the core's ``AuthorizedClient`` call to
the runner with immutable inputs. When the core refreshes an expired token, its ``persist``
callback stores the new pair through :class:`~gui.qt.gui_thread_call.GuiThreadCall`, i.e. on the
GUI thread, before the retry. It reports back with signals; the window decides how to show them.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from gui.core.errors import AuthError
from gui.core.model.connector import Connector
from gui.qt.gui_thread_call import GuiThreadCall
from gui.qt.request_recorder import RequestSink
from gui.qt.services import NetworkOptions, Services, TokenStoreLike
from gui.qt.task_runner import TaskRunner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class _PersistOnGuiThread:
    """The core's ``persist(new_token)``: stores the refreshed pair on the GUI thread and waits."""

    gui_call: GuiThreadCall
    save: Callable[[Any], None]

    def __call__(self, token: Any) -> None:
        self.gui_call.run(functools.partial(self.save, token))


class RegisterController(QObject):
    """Runs ``imconnector.register`` for the window.

    Signals:
        busy_changed(bool busy): a registration started (True) or ended / was cancelled (False).
        succeeded(object outcome, bool refreshed): the portal confirmed (``RegisterOutcome``);
            ``refreshed`` when the access token had expired and was renewed on the way.
        refused(object outcome): the portal answered with a business or system refusal.
        failed(object error): an exception (a ``B24Error``, or anything else, already logged).
        cancelled(): the user cancelled; any answer that still arrives is dropped.
        token_refreshed(object portal): a new token pair was stored for ``portal``.
    """

    busy_changed = Signal(bool)
    succeeded = Signal(object, bool)
    refused = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    token_refreshed = Signal(object)

    def __init__(
        self,
        runner: TaskRunner,
        gui_call: GuiThreadCall,
        services: Services,
        token_store: Callable[[], TokenStoreLike],
        sink: RequestSink,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._gui_call = gui_call
        self._services = services
        self._token_store = token_store
        self._sink = sink
        self._task_id: int | None = None
        self._refreshed = False
        runner.succeeded.connect(self._on_runner_succeeded)
        runner.failed.connect(self._on_runner_failed)

    @property
    def busy(self) -> bool:
        return self._task_id is not None

    def register(self, connector: Connector, portal: Any, options: NetworkOptions) -> bool:
        """Start registering; False (and nothing sent) when one is already running."""
        if self._task_id is not None:
            return False
        store = self._token_store()
        token = store.load(portal)  # GUI thread: keyring is only ever touched here
        if token is None:
            raise AuthError(
                f"No token is stored for {portal.host_key}. Use “Log in…” to authorize the app "
                "on this portal (or “Try it with the local sandbox”).",
                code="NO_TOKEN",
                field="portal",
            )
        from gui.core.logs import register_secrets

        register_secrets(token.secrets())  # masked in the log file from now on
        self._refreshed = False
        persist = _PersistOnGuiThread(self._gui_call, functools.partial(self._store, portal))
        task = functools.partial(
            self._services.register,
            options,
            self._sink,
            portal,
            token,
            persist,
            connector.to_profile(),
        )
        self._task_id = self._runner.submit(task)
        self.busy_changed.emit(True)
        return True

    def cancel(self) -> None:
        """Stop waiting for the answer. The request may already have reached the portal."""
        if self._task_id is None:
            return
        self._runner.cancel(self._task_id)
        self._task_id = None
        self.busy_changed.emit(False)
        self.cancelled.emit()

    def _store(self, portal: Any, token: Any) -> None:
        self._token_store().save(portal, token)
        self._refreshed = True
        self.token_refreshed.emit(portal)

    def _take(self, task_id: int) -> bool:
        if task_id != self._task_id:
            return False
        self._task_id = None
        self.busy_changed.emit(False)
        return True

    def _on_runner_succeeded(self, task_id: int, outcome: object) -> None:
        if not self._take(task_id):
            return
        if getattr(outcome, "ok", False):
            self.succeeded.emit(outcome, self._refreshed)
        else:
            self.refused.emit(outcome)

    def _on_runner_failed(self, task_id: int, error: object) -> None:
        if self._take(task_id):
            self.failed.emit(error)
