"""The portal's Open Lines side: lines, registered connectors, their activation, data and events.

Plain state, no HTTP and no locking (the portal locks). Connector IDs are stored lower-cased, as
the server stores them; registering an existing ID replaces it (an upsert).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    """An ``event.bind`` registration."""

    event: str
    handler: str
    client_id: str
    auth_type: int = 0


@dataclass
class OpenLinesState:
    """Everything the onboarding methods read and write."""

    lines: list[dict[str, Any]] = field(default_factory=lambda: [dict(x) for x in DEFAULT_LINES])
    connectors: dict[str, RegisteredConnector] = field(default_factory=dict)
    bindings: dict[tuple[str, str], LineBinding] = field(default_factory=dict)
    events: list[BoundEvent] = field(default_factory=list)

    def line_ids(self) -> set[str]:
        return {str(line.get("ID")) for line in self.lines}

    def binding(self, connector_id: str, line: str) -> LineBinding:
        return self.bindings.setdefault((connector_id, line), LineBinding())

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

    def unregister(self, connector_id: str) -> bool:
        found = self.connectors.pop(connector_id, None)
        for key in [key for key in self.bindings if key[0] == connector_id]:
            del self.bindings[key]
        return found is not None
