"""The request-intensity limit: a leaky bucket (BITRIX.md §6).

Each REST request pours one unit in; the bucket drains ``drain_per_second`` units a second; a
request that would overflow ``burst`` is refused (HTTP 503 ``QUERY_LIMIT_EXCEEDED``) and pours
nothing. Cloud defaults: burst 50, drain 2/s. Not thread-safe on its own (the portal locks).
"""

from __future__ import annotations

import math

from gui.sandbox.clock import Clock


class LeakyBucket:
    """A leaky bucket on an injectable clock. ``burst=math.inf`` switches the limit off."""

    def __init__(self, clock: Clock, *, burst: float = 50, drain_per_second: float = 2.0) -> None:
        self._clock = clock
        self.burst = burst
        self.drain_per_second = drain_per_second
        self._level = 0.0
        self._last = clock()

    @property
    def level(self) -> float:
        """How full the bucket is now."""
        self._drain()
        return self._level

    def try_take(self) -> bool:
        """Pour one request in; False (and nothing poured) if that would overflow."""
        self._drain()
        if math.isinf(self.burst):
            return True
        if self._level + 1 > self.burst:
            return False
        self._level += 1
        return True

    def seconds_until_free(self) -> float:
        """How long until one more request fits."""
        self._drain()
        excess = self._level + 1 - self.burst
        if excess <= 0 or self.drain_per_second <= 0:
            return 0.0 if excess <= 0 else math.inf
        return excess / self.drain_per_second

    def reset(self) -> None:
        self._level = 0.0
        self._last = self._clock()

    def _drain(self) -> None:
        now = self._clock()
        elapsed = max(0.0, now - self._last)
        self._last = now
        self._level = max(0.0, self._level - elapsed * self.drain_per_second)
