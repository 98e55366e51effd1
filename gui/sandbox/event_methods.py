"""``event.bind``, ``event.get`` and ``event.unbind`` as the server answers them (BITRIX.md §5).

An app binds only events it knows (:data:`EVENTS`, each allowed by one of the app's scopes):
anything else is 400 ``ERROR_EVENT_NOT_FOUND``. An online handler must be an ``http(s)`` URL
with a host (400 ``ERROR_UNSUPPORTED_PROTOCOL``, ``ERROR_WRONG_HANDLER_URL``); binding the same
one twice is 400 ``ERROR_CORE`` "Handler already binded". An offline binding needs no handler
(offline events are fetched, not posted). ``event.get`` lists the caller's bindings with
``auth_type`` as a string and ``offline`` as 0/1, event names upper-case.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from gui.sandbox.openlines import BoundEvent, OpenLinesState
from gui.sandbox.php_form import php_intval
from gui.sandbox.rest_call import CallContext, require
from gui.sandbox.system_errors import RestFailure

MESSAGE_ADD = "ONIMCONNECTORMESSAGEADD"
"""The event an operator's reply fires: without its handler no reply reaches the channel."""

EVENTS: dict[str, str | None] = {
    **dict.fromkeys(
        (
            MESSAGE_ADD,
            "ONIMCONNECTORMESSAGEUPDATE",
            "ONIMCONNECTORMESSAGEDELETE",
            "ONIMCONNECTORDIALOGSTART",
            "ONIMCONNECTORDIALOGFINISH",
            "ONIMCONNECTORSTATUSDELETE",
            "ONIMCONNECTORLINEDELETE",
        ),
        "imconnector",
    ),
    **dict.fromkeys(
        (
            "ONOPENLINEMESSAGEADD",
            "ONOPENLINEMESSAGEUPDATE",
            "ONOPENLINEMESSAGEDELETE",
            "ONSESSIONSTART",
            "ONSESSIONFINISH",
        ),
        "imopenlines",
    ),
    **dict.fromkeys(("ONAPPINSTALL", "ONAPPUNINSTALL", "ONAPPUPDATE", "ONAPPTEST"), None),
}
"""Upper-case event name → the scope that allows binding it (None: every app)."""


def _wanted(call: CallContext) -> tuple[str, bool, int]:
    require(call.params, "EVENT")
    event_type = str(call.params.get("EVENT_TYPE") or "online").lower()
    if event_type not in ("online", "offline"):
        raise RestFailure("ERROR_ARGUMENT", "Value must be one of {online|offline}")
    return str(call.params["EVENT"]).upper(), event_type == "offline", _auth_type(call)


def _auth_type(call: CallContext) -> int:
    return php_intval(call.params.get("AUTH_TYPE", 0))


def event_bind(state: OpenLinesState, call: CallContext) -> Any:
    """``event.bind``: ``true``, or one of the server's 400 errors."""
    event, offline, auth_type = _wanted(call)
    scope = EVENTS.get(event, "")
    if scope == "" or (scope is not None and scope not in call.scope):
        raise RestFailure("ERROR_EVENT_NOT_FOUND", "Event not found")
    handler = "" if offline else str(call.params.get("HANDLER") or "")
    if not offline:
        require(call.params, "HANDLER")
        parts = urlsplit(handler)
        if parts.scheme.lower() not in ("http", "https"):
            raise RestFailure("ERROR_UNSUPPORTED_PROTOCOL", "Unsupported event handler protocol")
        if not parts.hostname:
            raise RestFailure("ERROR_WRONG_HANDLER_URL", "Wrong handler URL")
    key = (call.client, event, handler, auth_type, offline)
    if any((b.client_id, b.event, b.handler, b.auth_type, b.offline) == key for b in state.events):
        raise RestFailure("ERROR_CORE", "Unable to set event handler: Handler already binded")
    bound = BoundEvent(state.next_id(), event, handler, call.client, auth_type, offline)
    state.events.append(bound)
    return True


def event_get(state: OpenLinesState, call: CallContext) -> Any:
    """``event.get``: the caller's bound handlers."""
    return [
        {
            "event": bound.event,
            "handler": bound.handler,
            "auth_type": str(bound.auth_type),
            "offline": int(bound.offline),
        }
        for bound in state.events
        if bound.client_id == call.client
    ]


def event_unbind(state: OpenLinesState, call: CallContext) -> Any:
    """``event.unbind``: ``{"count": removed}`` (``auth_type`` only narrows when given)."""
    event, offline, auth_type = _wanted(call)
    handler = str(call.params.get("HANDLER") or "")
    if not offline:
        require(call.params, "HANDLER")

    def matches(bound: BoundEvent) -> bool:
        same = (bound.client_id, bound.event, bound.handler, bound.offline)
        narrowed = "AUTH_TYPE" not in call.params or bound.auth_type == auth_type
        return same == (call.client, event, handler, offline) and narrowed

    keep = [bound for bound in state.events if not matches(bound)]
    removed = len(state.events) - len(keep)
    state.events[:] = keep
    return {"count": removed}
