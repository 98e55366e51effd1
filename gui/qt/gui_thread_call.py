"""Run a small function on the GUI thread on behalf of a worker, and wait for it; the window's
token keeper, which uses it so the keyring is only ever touched on the GUI thread.

The refreshed OAuth pair must be stored before the retry (the old refresh token is dead), and the
keyring may only be touched on the GUI thread. A worker therefore hands the store call here: it is
queued, a queued signal wakes the GUI thread, the GUI thread runs it and sets an event the worker
waits on. Unlike a ``BlockingQueuedConnection`` this cannot deadlock a closing window: while the
window waits for its workers it calls :meth:`GuiThreadCall.drain` itself.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal

from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.errors import InternalError
from gui.core.i18n import _
from gui.core.portal.address import PortalAddress


@dataclass
class _Pending:
    call: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None


class GuiThreadCall(QObject):
    """Runs callables on the thread this object lives in (the GUI thread) and returns their result.

    Signals:
        requested(): a worker queued a call (queued to the GUI thread, which drains the queue).
    """

    requested = Signal()

    def __init__(self, parent: QObject | None = None, *, timeout_s: float = 30.0) -> None:
        super().__init__(parent)
        self._queue: queue.SimpleQueue[_Pending] = queue.SimpleQueue()
        self._timeout_s = timeout_s
        self.requested.connect(self._on_self_requested)

    def run(self, call: Callable[[], Any]) -> Any:
        """Run ``call`` on the GUI thread and return its result (re-raising its exception)."""
        if QThread.currentThread() is self.thread():
            return call()
        pending = _Pending(call)
        self._queue.put(pending)
        self.requested.emit()
        if not pending.done.wait(self._timeout_s):
            raise InternalError(_("The window did not answer in time (it may be closing)."))
        if pending.error is not None:
            raise pending.error
        return pending.result

    def drain(self) -> None:
        """Run every queued call now (GUI thread only)."""
        while True:
            try:
                pending = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                pending.result = pending.call()
            except BaseException as exc:  # handed back to the waiting worker
                pending.error = exc
            finally:
                pending.done.set()

    def _on_self_requested(self) -> None:
        self.drain()


class GuiThreadTokens(QObject):
    """The application layer's token keeper for the window: each keyring call runs on the GUI
    thread (a worker waits for it), so a refreshed pair is stored before the call is retried.

    Signals:
        saved(object portal): a pair was stored for ``portal`` (a refresh or a login).
    """

    saved = Signal(object)

    def __init__(
        self, store: Callable[[], TokenStore], gui_call: GuiThreadCall, parent: QObject
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._gui_call = gui_call

    def load(self, portal: PortalAddress) -> StoredToken | None:
        token: StoredToken | None = self._gui_call.run(lambda: self._store().load(portal))
        return token

    def save(self, portal: PortalAddress, token: StoredToken) -> None:
        def store() -> None:
            self._store().save(portal, token)
            self.saved.emit(portal)

        self._gui_call.run(store)
