"""Cooperative cancellation for blocking work (REST calls, retries, waits).

Work checks the token between steps, and the REST client waits out its back-off with
:meth:`CancelToken.wait`, which returns at once when the user cancels. A request in flight
registers a callback (:meth:`CancelToken.on_cancel`) that shuts its socket down from the
cancelling thread, so a blocked read ends at once. :class:`OperationCancelled` is raised.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from gui.core.errors import OperationCancelled


class CancelToken:
    """A one-way switch shared between the thread that cancels and the one doing the work.

    Thread-safe; once cancelled it stays cancelled. Create one per task.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: list[Callable[[], None]] = []

    def cancel(self) -> None:
        """Ask the work to stop as soon as it can. Safe to call more than once, from any thread.

        The callbacks registered with :meth:`on_cancel` run now, on the calling thread."""
        with self._lock:
            self._event.set()
            callbacks, self._callbacks = self._callbacks, []
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Run ``callback`` (quick, non-blocking) when cancelled, at once if already cancelled.

        Returns a function that unregisters it (call it when the work is over)."""
        with self._lock:
            if not self._event.is_set():
                self._callbacks.append(callback)
                return lambda: self._forget(callback)
        callback()
        return lambda: None

    def _forget(self, callback: Callable[[], None]) -> None:
        with self._lock:
            if callback in self._callbacks:
                self._callbacks.remove(callback)

    @property
    def cancelled(self) -> bool:
        """Whether :meth:`cancel` has been called."""
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; return True (early) if cancelled, False if the time ran out."""
        return self._event.wait(max(0.0, seconds))

    def raise_if_cancelled(self) -> None:
        """Raise :class:`OperationCancelled` if :meth:`cancel` has been called."""
        if self._event.is_set():
            raise OperationCancelled("Cancelled.", code="CANCELLED")

    def __repr__(self) -> str:
        return f"CancelToken(cancelled={self.cancelled})"
