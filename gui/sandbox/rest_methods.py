"""The REST methods the sandbox implements, as the server answers them (BITRIX.md §1, §5).

Each method takes the Open Lines state and a :class:`CallContext` (the caller's grant, its app,
the parameters with keys upper-cased like the server's converter) and returns the ``result``
value, or raises :class:`~gui.sandbox.system_errors.RestFailure` for a system error.
Business errors are ordinary results: ``{"result": false, "error": ..., "error_description": ...}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gui.sandbox.openlines import BoundEvent, OpenLinesState
from gui.sandbox.system_errors import RestFailure
from gui.sandbox.tokens import Grant, SandboxApp
from gui.sandbox.wire import php_empty


@dataclass(frozen=True)
class CallContext:
    """Who calls (``app`` is None when the token's app is no longer installed) and with what."""

    grant: Grant
    app: SandboxApp | None
    params: dict[str, Any]


RestHandler = Callable[[OpenLinesState, CallContext], Any]


@dataclass(frozen=True)
class RestMethod:
    """A method: its handler and the scope it needs (None: any token). Every method here needs
    the application context, so a webhook-style call is refused before it gets this far."""

    handler: RestHandler
    scope: str | None


def upper_keys(value: Any) -> Any:
    """Every object key upper-cased at every depth (the server's ``Converter``)."""
    if isinstance(value, dict):
        return {str(key).upper(): upper_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [upper_keys(item) for item in value]
    return value


def business_error(code: str, description: str) -> dict[str, Any]:
    return {"result": False, "error": code, "error_description": description}


def _require(params: dict[str, Any], *names: str) -> None:
    for name in names:
        if name not in params or params[name] is None or params[name] == "":
            raise RestFailure("ERROR_ARGUMENT", f"Argument '{name}' is null or empty")


def _connector_and_line(state: OpenLinesState, params: dict[str, Any]) -> tuple[str, str]:
    _require(params, "CONNECTOR", "LINE")
    connector = str(params["CONNECTOR"]).lower()
    line = str(params["LINE"])
    if connector not in state.connectors:
        raise RestFailure("ERROR_ARGUMENT", f"Connector '{connector}' is not registered")
    if line not in state.line_ids():
        raise RestFailure("ERROR_ARGUMENT", f"Open line '{line}' does not exist")
    return connector, line


def register(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.register``: the checks in the server's order, then an upsert."""
    params = call.params
    connector_id = params.get("ID")
    if isinstance(connector_id, str) and "." in connector_id:
        return business_error(
            "APPLICATION_REGISTRATION_ERROR_POINT", "The connector ID must not contain a point"
        )
    if not isinstance(connector_id, str) or php_empty(connector_id):
        return business_error("CONNECTOR_ID_REQUIRED", "The connector ID is required")
    if php_empty(params.get("NAME")):
        return business_error("NAME_REQUIRED", "The connector name is required")
    icon = params.get("ICON")
    if not isinstance(icon, dict) or php_empty(icon.get("DATA_IMAGE")):
        return business_error("ICON_REQUIRED", "The connector icon is required")
    if call.app is None:
        return business_error("NO_APPLICATION_ID", "The application was not found")
    if php_empty(params.get("PLACEMENT_HANDLER")):
        return business_error("NO_PLACEMENT_HANDLER", "The placement handler is required")
    state.register(call.grant.client_id, params)
    return {"result": True}


def activate(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.activate``: any non-empty ACTIVE other than "0" activates (PHP truthiness)."""
    connector, line = _connector_and_line(state, call.params)
    if call.params.get("ACTIVE") is None:  # PHP isset(): "" and 0 are set (and deactivate)
        raise RestFailure("ERROR_ARGUMENT", "Argument 'ACTIVE' is null or empty")
    state.binding(connector, line).active = not php_empty(call.params["ACTIVE"])
    return True


def status(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.status`` of a connector on a line."""
    connector, line = _connector_and_line(state, call.params)
    binding = state.binding(connector, line)
    return {
        "LINE": call.params["LINE"],
        "CONNECTOR": connector,
        "ERROR": False,
        "CONFIGURED": binding.active,
        "STATUS": binding.active,
    }


def data_set(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.connector.data.set``: stores the whole DATA object."""
    _require(call.params, "DATA")
    connector, line = _connector_and_line(state, call.params)
    data = call.params["DATA"]
    if not isinstance(data, dict):
        raise RestFailure("ERROR_ARGUMENT", "Argument 'DATA' must be an object")
    state.binding(connector, line).data = dict(data)
    return True


def list_connectors(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.list``: ``{connector_id: name}``."""
    return {connector.id: connector.name for connector in state.connectors.values()}


def unregister(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.unregister``: nested result, like register."""
    _require(call.params, "ID")
    if call.app is None:
        return business_error("NO_APPLICATION_ID", "The application was not found")
    if not state.unregister(str(call.params["ID"]).lower()):
        return business_error(
            "APPLICATION_UNREGISTRATION_ERROR", "The connector could not be unregistered"
        )
    return {"result": True}


def config_list(state: OpenLinesState, call: CallContext) -> Any:
    """``imopenlines.config.list.get``: the Open Lines (their ID is the connector's LINE)."""
    return [dict(line) for line in state.lines]


def event_bind(state: OpenLinesState, call: CallContext) -> Any:
    """``event.bind``; binding the same handler twice changes nothing."""
    _require(call.params, "EVENT", "HANDLER")
    event = BoundEvent(
        event=str(call.params["EVENT"]).upper(),
        handler=str(call.params["HANDLER"]),
        client_id=call.grant.client_id,
        auth_type=int(call.params.get("AUTH_TYPE") or 0),
    )
    if event not in state.events:
        state.events.append(event)
    return True


def event_get(state: OpenLinesState, call: CallContext) -> Any:
    """``event.get``: the caller's bound handlers."""
    return [
        {"event": event.event, "handler": event.handler, "auth_type": event.auth_type}
        for event in state.events
        if event.client_id == call.grant.client_id
    ]


def event_unbind(state: OpenLinesState, call: CallContext) -> Any:
    """``event.unbind``: ``{"count": removed}``."""
    _require(call.params, "EVENT", "HANDLER")
    name, handler = str(call.params["EVENT"]).upper(), str(call.params["HANDLER"])
    keep = [
        e
        for e in state.events
        if not (e.event == name and e.handler == handler and e.client_id == call.grant.client_id)
    ]
    removed = len(state.events) - len(keep)
    state.events[:] = keep
    return {"count": removed}


def scope(state: OpenLinesState, call: CallContext) -> Any:
    """``scope``: the token's scopes."""
    return [item for item in call.grant.scope.split(",") if item]


METHODS: dict[str, RestMethod] = {
    "imconnector.register": RestMethod(register, "imopenlines"),
    "imconnector.activate": RestMethod(activate, "imopenlines"),
    "imconnector.status": RestMethod(status, "imopenlines"),
    "imconnector.connector.data.set": RestMethod(data_set, "imopenlines"),
    "imconnector.list": RestMethod(list_connectors, "imopenlines"),
    "imconnector.unregister": RestMethod(unregister, "imopenlines"),
    "imopenlines.config.list.get": RestMethod(config_list, "imopenlines"),
    "event.bind": RestMethod(event_bind, None),
    "event.get": RestMethod(event_get, None),
    "event.unbind": RestMethod(event_unbind, None),
    "scope": RestMethod(scope, None),
}
"""Lower-case method name → method. Every one needs the application context."""
