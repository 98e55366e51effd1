"""Time for the sandbox: an injectable clock so tests expire tokens and drain the rate limit
without sleeping.

Everything in the sandbox that depends on time (token lifetimes, authorization codes, the leaky
bucket, the ``time`` block of answers) asks a ``Clock`` -- any zero-argument callable returning
unix seconds. Real use passes :func:`time.time`; tests pass a :class:`ManualClock`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Clock = Callable[[], float]
"""Unix seconds now, as a float (the shape of :func:`time.time`)."""


class ManualClock:
    """A clock that moves only when told to; thread-safe.

    It starts at the real current time (so ``expires`` values look like real ones to a client that
    compares them with its own clock) unless ``start`` is given.
    """

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds`` (never backwards) and return the new time."""
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        with self._lock:
            self._now += seconds
            return self._now
