"""The hook that lets a caller script the sandbox's next answers (tests inject network faults).

:meth:`SandboxPortal.script_next <gui.sandbox.portal.SandboxPortal.script_next>` queues
:class:`ScriptedAnswer` objects; each incoming request of the matching kind takes the first one
queued for it, and answers with ``answer.action(proceed)`` instead of the portal's own answer
(``proceed()`` gives that answer, for an answer that only comes late). The concrete faults (an HTML
page, a reset, a stall…) live with the tests (``tests/faults``): the program ships only this hook.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from typing import Literal, Protocol

from gui.sandbox.wire import Action

FaultTarget = Literal["any", "rest", "oauth"]
"""Which requests a scripted answer is for."""
FaultKind = Literal["rest", "oauth", "other"]
"""What kind of request is asking for a scripted answer."""

ProceedFn = Callable[[], Action]
"""Produces the normal answer to the request (for answers that come late rather than wrong)."""


class ScriptedAnswer(Protocol):
    """Answers one request in the portal's place; ``name`` is what the request record shows."""

    @property
    def name(self) -> str: ...

    def action(self, proceed: ProceedFn) -> Action: ...


class ScriptQueue:
    """Scripted answers waiting for requests, each aimed at REST calls, the OAuth server or any."""

    def __init__(self) -> None:
        self._queue: deque[tuple[FaultTarget, ScriptedAnswer]] = deque()
        self._lock = threading.Lock()

    def push(self, target: FaultTarget, *answers: ScriptedAnswer) -> None:
        with self._lock:
            self._queue.extend((target, answer) for answer in answers)

    def take(self, kind: FaultKind) -> ScriptedAnswer | None:
        """The first answer queued for this kind of request, removed from the queue."""
        with self._lock:
            for index, (target, answer) in enumerate(self._queue):
                if target == "any" or target == kind:
                    del self._queue[index]
                    return answer
        return None

    def clear(self) -> None:
        with self._lock:
            self._queue.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._queue)
