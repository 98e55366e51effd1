"""The one worker pattern: a private one-thread pool, task ids, cancellation, a bounded shutdown.

Every blocking call the window makes (HTTP, SVG rendering, the OAuth listener) goes through a
:class:`TaskRunner`. A task is a plain callable that receives a :class:`CancelToken` and returns a
plain value (bytes, dataclasses — never a QPixmap); it is run on the runner's own
``QThreadPool`` (one thread, so tasks of one runner never overlap), and its result travels back to
the GUI thread through one long-lived signals object. Each result carries the task id it was
submitted under, so results of cancelled or superseded tasks are dropped here rather than in every
caller. Cancelling only calls :meth:`CancelToken.cancel`: the core shuts the task's socket down
from this (the GUI) thread, so a cancelled request ends at once and never delays the next task
(a token refresh alone runs to its end: its new pair must be stored). :meth:`TaskRunner.shutdown`
waits for the running task with a bound.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from gui.core.cancel import CancelToken
from gui.core.errors import OperationCancelled
from gui.core.i18n import _

log = logging.getLogger(__name__)

Task = Callable[[CancelToken], Any]


class _TaskSignals(QObject):
    """Carries a task's end from the pool thread to the GUI thread (queued connections).

    Signals:
        finished(int task_id, object result)
        failed(int task_id, object error)
    """

    finished = Signal(int, object)
    failed = Signal(int, object)


class _Runnable(QRunnable):
    """Runs one task on a pool thread and reports through the runner's signals object."""

    def __init__(
        self, task_id: int, task: Task, cancel: CancelToken, signals: _TaskSignals
    ) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task_id = task_id
        self._task = task
        self._cancel = cancel
        self._signals = signals

    def run(self) -> None:
        try:
            if self._cancel.cancelled:
                raise OperationCancelled(_("Cancelled before it started."))
            result = self._task(self._cancel)
        except BaseException as exc:  # reported (with its traceback), never lost on a pool thread
            self._emit_failed(exc)
        else:
            self._emit_finished(result)

    def _emit_finished(self, result: object) -> None:
        try:
            self._signals.finished.emit(self._task_id, result)
        except RuntimeError:  # the window is gone: nobody is waiting for this result
            log.debug("task %d finished after its runner was deleted", self._task_id)

    def _emit_failed(self, exc: BaseException) -> None:
        try:
            self._signals.failed.emit(self._task_id, exc)
        except RuntimeError:
            log.debug("task %d failed after its runner was deleted", self._task_id)


class TaskRunner(QObject):
    """Runs blocking callables one at a time off the GUI thread.

    Signals:
        succeeded(int task_id, object result): a task that was not cancelled returned ``result``.
        failed(int task_id, object error): a task that was not cancelled raised ``error``
            (a :class:`~gui.core.errors.B24Error`, or anything else, its traceback attached:
            the task's owner logs what it did not expect, once).
        busy_changed(bool busy): whether any task is queued or running.
    """

    succeeded = Signal(int, object)
    failed = Signal(int, object)
    busy_changed = Signal(bool)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setObjectName(f"{name}-pool")
        self._signals = _TaskSignals(self)
        self._signals.finished.connect(self._on_signals_finished)
        self._signals.failed.connect(self._on_signals_failed)
        self._ids = itertools.count(1)
        self._cancels: dict[int, CancelToken] = {}
        self._closed = False

    # ------------------------------------------------------------------ public
    def submit(self, task: Task) -> int:
        """Queue ``task``; returns its id. ``task`` must only read immutable inputs."""
        if self._closed:
            raise OperationCancelled(_("The window is closing."))
        task_id = next(self._ids)
        cancel = CancelToken()
        was_busy = bool(self._cancels)
        self._cancels[task_id] = cancel
        self._pool.start(_Runnable(task_id, task, cancel, self._signals))
        if not was_busy:
            self.busy_changed.emit(True)
        return task_id

    def cancel(self, task_id: int) -> None:
        """Cancel one task: it is told to stop, and whatever it returns is dropped."""
        cancel = self._cancels.pop(task_id, None)
        if cancel is not None:
            cancel.cancel()
            if not self._cancels:
                self.busy_changed.emit(False)

    def cancel_all(self) -> None:
        """Cancel every queued and running task."""
        for task_id in list(self._cancels):
            self.cancel(task_id)

    def is_pending(self, task_id: int) -> bool:
        """Whether ``task_id`` is queued or running and its result will still be delivered."""
        return task_id in self._cancels

    @property
    def busy(self) -> bool:
        return bool(self._cancels)

    def active_threads(self) -> int:
        """Pool threads currently running a task (including cancelled ones still finishing)."""
        return self._pool.activeThreadCount()

    def shutdown(self, timeout_s: float, while_waiting: Callable[[], None] | None = None) -> bool:
        """Cancel everything, drop the queue and wait at most ``timeout_s`` for the running task.

        ``while_waiting`` is called between short waits so that a task blocked on the GUI
        thread (storing a refreshed token) can still finish. True when the pool is idle.
        """
        self._closed = True
        self.cancel_all()
        self._pool.clear()
        deadline = time.monotonic() + timeout_s
        while True:
            if self._pool.waitForDone(25):
                return True
            if while_waiting is not None:
                while_waiting()
            if time.monotonic() >= deadline:
                log.warning("%s: a task outlived the shutdown bound", self.objectName())
                return False

    # ------------------------------------------------------------------ slots
    def _on_signals_finished(self, task_id: int, result: object) -> None:
        if self._cancels.pop(task_id, None) is None:
            return  # cancelled or superseded: dropped on purpose
        if not self._cancels:
            self.busy_changed.emit(False)
        self.succeeded.emit(task_id, result)

    def _on_signals_failed(self, task_id: int, error: object) -> None:
        if self._cancels.pop(task_id, None) is None:
            return
        if not self._cancels:
            self.busy_changed.emit(False)
        self.failed.emit(task_id, error)
