"""The per-method operating-time budget (BITRIX.md §6): HTTP 429 ``OPERATION_TIME_LIMIT``.

The cloud sums the execution seconds of each method per app over a sliding 10-minute window;
past the budget (480 s in the docs' example) the method is refused until the oldest spending
leaves the window, and every answer's ``time`` block carries ``operating`` (seconds used) and
``operating_reset_at`` (unix time when the window frees up). The sandbox's calls take no real
time, so each call is charged ``cost_per_call`` seconds (0 by default: the limit never bites
unless a test sets a cost). Not thread-safe on its own (the portal locks).
"""

from __future__ import annotations

import math
from collections import deque

from gui.sandbox.clock import Clock

WINDOW_SECONDS = 600.0


class OperatingBudget:
    """Seconds spent per (app, method) in a sliding window, on an injectable clock."""

    def __init__(
        self,
        clock: Clock,
        *,
        budget: float = math.inf,
        cost_per_call: float = 0.0,
        window: float = WINDOW_SECONDS,
    ) -> None:
        self._clock = clock
        self.budget = budget
        self.cost_per_call = cost_per_call
        self.window = window
        self._spent: dict[tuple[str, str], deque[tuple[float, float]]] = {}

    def used(self, client_id: str, method: str) -> float:
        """Seconds spent in the current window."""
        return sum(cost for _, cost in self._entries(client_id, method))

    def exhausted(self, client_id: str, method: str) -> bool:
        return self.used(client_id, method) >= self.budget

    def reset_at(self, client_id: str, method: str) -> float:
        """When the oldest spending leaves the window (now + window when nothing was spent)."""
        entries = self._entries(client_id, method)
        oldest = entries[0][0] if entries else self._clock()
        return oldest + self.window

    def charge(self, client_id: str, method: str) -> None:
        if self.cost_per_call > 0:
            self._entries(client_id, method).append((self._clock(), self.cost_per_call))

    def _entries(self, client_id: str, method: str) -> deque[tuple[float, float]]:
        entries = self._spent.setdefault((client_id, method), deque())
        horizon = self._clock() - self.window
        while entries and entries[0][0] <= horizon:
            entries.popleft()
        return entries
