"""The sandbox's records: every request it received, and (with the same thread-safe list,
:class:`Log`) the events it delivered and the chat messages it carried.

Each request entry keeps the raw bytes as they arrived, so a test can check JSON types, that
``auth`` travelled in the body and never in the URL, or that ``client_secret`` went only to the
OAuth server. A :class:`Log` can tell listeners about each new entry (the window redraws from it)
and lets a test wait for an entry without polling.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeVar, overload

from gui.sandbox.wire import header_of

RequestKind = Literal["rest", "oauth_token", "oauth_authorize", "control", "other"]
Entry = TypeVar("Entry")


@dataclass(frozen=True)
class ReceivedRequest:
    """One request as received.

    ``params`` are the parsed parameters (query and body merged); ``auth`` is the access token
    the request carried (``auth``, ``access_token`` or a Bearer header), ``auth_in_url`` whether
    the query string carried one; ``rest_method`` is the
    lower-cased method name for REST calls; ``fault`` names the scripted fault that answered it
    (or ``"moved"``), None for a normal answer; ``time`` is the portal's clock at arrival.
    """

    method: str
    path: str
    query: str
    headers: Mapping[str, str]
    body: bytes = field(repr=False)
    params: Mapping[str, Any] = field(repr=False)
    auth: str | None = field(repr=False)
    auth_in_url: bool
    time: float
    kind: RequestKind
    rest_method: str | None = None
    webhook: bool = False
    fault: str | None = None
    body_dropped: bool = False
    """True when ``body`` and ``params`` were emptied to keep the record's memory bounded."""

    def header(self, name: str) -> str | None:
        """A header's value, matched case-insensitively."""
        return header_of(self.headers, name)

    def json(self) -> Any:
        """The body parsed as JSON (raises ValueError when it is not JSON)."""
        return json.loads(self.body.decode("utf-8"))


class Log(Sequence[Entry], Generic[Entry]):
    """A thread-safe, append-only list (``clear()`` empties it). Listeners added with
    :meth:`listen` are called with each new entry, on the thread that appended it."""

    def __init__(self) -> None:
        self._items: list[Entry] = []
        self._lock = threading.Condition()
        self._listeners: list[Callable[[Entry], None]] = []

    def listen(self, listener: Callable[[Entry], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def append(self, item: Entry) -> None:
        with self._lock:
            self._items.append(item)
            self._lock.notify_all()
            listeners = list(self._listeners)
        for listener in listeners:
            listener(item)

    def wait_for(self, count: int, timeout: float) -> bool:
        """Block until at least ``count`` entries exist (True) or ``timeout`` passed.

        For tests that must know something has happened (a request the sandbox is delaying has
        arrived, an event was delivered) before they act, without polling.
        """
        with self._lock:
            return self._lock.wait_for(lambda: len(self._items) >= count, timeout)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def snapshot(self) -> list[Entry]:
        """A copy of the entries so far."""
        with self._lock:
            return list(self._items)

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Entry: ...

    @overload
    def __getitem__(self, index: slice) -> list[Entry]: ...

    def __getitem__(self, index: int | slice) -> Entry | list[Entry]:
        with self._lock:
            return self._items[index]

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.snapshot())


RECORDED_BODIES_LIMIT = 64 * 1024 * 1024
"""The memory the record's bodies may take, together; older ones are emptied past it. An entry
costs twice its body: the raw bytes and the parameters parsed from them."""


class RequestLog(Log[ReceivedRequest]):
    """The requests received, in order.

    The bodies kept (and their parameters) take at most ``bodies_limit`` bytes: past it the
    oldest entries keep everything but their body and parameters (``body_dropped``), so a long
    rehearsal or a client uploading large bodies cannot grow the sandbox without bound.
    """

    def __init__(self, bodies_limit: int = RECORDED_BODIES_LIMIT) -> None:
        super().__init__()
        self._bodies_limit = bodies_limit
        self._kept_bytes = 0
        self._oldest_kept = 0

    def append(self, item: ReceivedRequest) -> None:
        with self._lock:
            self._kept_bytes += 2 * len(item.body)
            while self._kept_bytes > self._bodies_limit and self._oldest_kept < len(self._items):
                old = self._items[self._oldest_kept]
                if old.body or old.params:
                    self._items[self._oldest_kept] = replace(
                        old, body=b"", params={}, body_dropped=True
                    )
                    self._kept_bytes -= 2 * len(old.body)
                self._oldest_kept += 1
        super().append(item)

    def clear(self) -> None:
        with self._lock:
            super().clear()
            self._kept_bytes = 0
            self._oldest_kept = 0

    def rest_calls(self, method: str | None = None) -> list[ReceivedRequest]:
        """The REST calls received, optionally only those of one method."""
        return [
            item
            for item in self.snapshot()
            if item.kind == "rest" and (method is None or item.rest_method == method.lower())
        ]
