"""One memory budget for the request bodies every connection is reading at the same time.

A per-request cap alone (32 MB) lets N parallel uploads hold N × 32 MB: eight 31 MB uploads took
the sandbox to 700 MB. Every connection reserves its body's size here before reading it and gives
it back when the answer is sent; a connection that does not fit waits (bounded, woken by the
server's stop) for others to finish, then its body is read and dropped and it is refused with
503, as a busy server would.
"""

from __future__ import annotations

import threading
import time

MAX_BODIES_IN_FLIGHT = 32 * 1024 * 1024
"""All bodies being read or answered at once, together: the 32 MB a single request may have is
the whole server's, so many small requests run side by side but one maximal upload at a time."""

WAIT_FOR_BUDGET_SECONDS = 60.0


class BodyBudget:
    """A counter of reserved bytes shared by every connection of one server."""

    def __init__(self, limit: int = MAX_BODIES_IN_FLIGHT) -> None:
        self.limit = limit
        self._used = 0
        self._changed = threading.Condition()

    @property
    def used(self) -> int:
        with self._changed:
            return self._used

    def reserve(self, size: int, stopping: threading.Event, wait: float) -> bool:
        """Reserve ``size`` bytes, waiting at most ``wait`` seconds; False when it never fit
        (or ``size`` alone exceeds the whole budget, or the server is stopping)."""
        if size <= 0:
            return True
        if size > self.limit:
            return False
        deadline = time.monotonic() + wait
        with self._changed:
            while self._used + size > self.limit:
                left = deadline - time.monotonic()
                if left <= 0 or stopping.is_set():
                    return False
                self._changed.wait(min(left, 0.5))  # wakes on a release; rechecks stopping
            self._used += size
            return True

    def release(self, size: int) -> None:
        if size <= 0:
            return
        with self._changed:
            self._used = max(0, self._used - size)
            self._changed.notify_all()
