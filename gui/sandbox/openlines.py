"""The portal's Open Lines side: lines, registered connectors, their activation and data, bound
events, and the visitor chats that connectors bring in.

Plain state, no HTTP and no locking (the portal locks; the message record is thread-safe for its
readers). Connector IDs are stored lower-cased on register, as the server stores them
(registering an existing ID replaces it: an upsert); every other method uses the ID **as given**,
so an activation under ``ACME_CHAT`` is not one of ``acme_chat`` (BITRIX.md §5). Lines are
integers, as the server casts them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Literal

from gui.sandbox.record import Log

DEFAULT_LINES: tuple[dict[str, Any], ...] = (
    {"ID": "1", "ACTIVE": "Y", "LINE_NAME": "Sandbox open channel"},
    {"ID": "2", "ACTIVE": "Y", "LINE_NAME": "Sandbox support line"},
)


@dataclass
class RegisteredConnector:
    """A connector as ``imconnector.register`` stored it (``params`` without ``auth``)."""

    id: str
    name: str
    client_id: str
    params: dict[str, Any]
    registrations: int = 1


@dataclass
class LineBinding:
    """A connector on one Open Line: activated or not, and the data ``connector.data.set`` sent."""

    active: bool = False
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class BoundEvent:
    """An ``event.bind`` registration (``handler`` is "" for an offline one)."""

    id: int
    event: str
    handler: str
    client_id: str
    auth_type: int = 0
    offline: bool = False


@dataclass(frozen=True)
class ChatMessage:
    """A message in a visitor chat: a visitor's, brought in with ``imconnector.send.messages``,
    or an operator's reply that the sandbox played. ``chat_id`` is the external chat ID (the
    connector's), ``im_chat_id`` / ``im_message_id`` the portal's own."""

    author: Literal["visitor", "operator"]
    connector: str
    line: int
    chat_id: str
    text: str
    user_id: str
    user_name: str
    im_chat_id: int
    im_message_id: int
    time: float


@dataclass
class OpenLinesState:
    """Everything the onboarding methods read and write."""

    lines: list[dict[str, Any]] = field(default_factory=lambda: [dict(x) for x in DEFAULT_LINES])
    connectors: dict[str, RegisteredConnector] = field(default_factory=dict)
    bindings: dict[tuple[str, int], LineBinding] = field(default_factory=dict)
    events: list[BoundEvent] = field(default_factory=list)
    known_ids: dict[tuple[Any, ...], int] = field(default_factory=dict)
    messages: Log[ChatMessage] = field(default_factory=Log)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(100))

    def next_id(self) -> int:
        """A fresh portal-side ID (chats, messages, users, event handlers)."""
        return next(self._ids)

    def binding(self, connector_id: str, line: int) -> LineBinding:
        return self.bindings.setdefault((connector_id, line), LineBinding())

    def is_active(self, connector_id: str, line: int) -> bool:
        found = self.bindings.get((connector_id, line))
        return found is not None and found.active

    def register(self, client_id: str, params: dict[str, Any]) -> RegisteredConnector:
        connector_id = str(params["ID"]).lower()
        previous = self.connectors.get(connector_id)
        stored = RegisteredConnector(
            id=connector_id,
            name=str(params["NAME"]),
            client_id=client_id,
            params={**params, "ID": connector_id},
            registrations=1 if previous is None else previous.registrations + 1,
        )
        self.connectors[connector_id] = stored
        return stored

    def unregister(self, connector_id: str) -> None:
        self.connectors.pop(connector_id, None)
        for key in [key for key in self.bindings if key[0] == connector_id]:
            del self.bindings[key]

    def add_line(self, params: dict[str, Any]) -> int:
        line_id = max((int(line["ID"]) for line in self.lines), default=0) + 1
        name = params.get("LINE_NAME") or f"Open Channel {line_id}"
        self.lines.append({**params, "ID": str(line_id), "LINE_NAME": name})
        self.lines[-1].setdefault("ACTIVE", "Y")
        return line_id

    def id_for(self, *key: Any) -> int:
        """The portal's ID for an outside thing (``"chat", connector, line, chat_id`` or
        ``"user", connector, user_id``), given on first sight."""
        return self.known_ids.setdefault(key, self.next_id())
