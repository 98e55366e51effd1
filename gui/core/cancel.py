"""Cooperative cancellation for blocking work (REST calls, retries, waits).

A ``requests`` call cannot be interrupted in the middle of a socket read, so cancellation is
cooperative: the transport checks the token before it sends and between body chunks, and the
REST client waits out its back-off with :meth:`CancelToken.wait`, which returns at once when the
user cancels. Whatever was in flight is abandoned and :class:`OperationCancelled` is raised.
"""

from __future__ import annotations

import threading

from gui.core.errors import OperationCancelled
from gui.core.i18n import _


class CancelToken:
    """A one-way switch shared between the thread that cancels and the one doing the work.

    Thread-safe; once cancelled it stays cancelled. Create one per task.
    """

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        """Ask the work to stop as soon as it can. Safe to call more than once, from any thread."""
        self._event.set()

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
            raise OperationCancelled(_("Cancelled."), code="CANCELLED")

    def __repr__(self) -> str:
        return f"CancelToken(cancelled={self.cancelled})"
