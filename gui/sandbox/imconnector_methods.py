"""The ``imconnector.*`` methods as the server answers them (BITRIX.md §1, §5).

All need the application context. ``register`` lower-cases the ID; every other method uses
``CONNECTOR`` as given and casts ``LINE`` to an integer, and none of them checks that the
connector is registered or the line exists: a mistyped ID is activated, configured and reported
on silently, which is the trap an onboarding check must catch. ``unregister`` answers its
failures inside HTTP 200 and lets only the owning app remove a connector. ``send.messages``
brings visitor messages into a line where the connector is active (unconfirmed what the server
answers otherwise: here ``SUCCESS: false`` with ``NOT_ACTIVE_LINE``).
"""

from __future__ import annotations

from typing import Any

from gui.sandbox.openlines import ChatMessage, OpenLinesState
from gui.sandbox.php_form import php_empty, php_intval
from gui.sandbox.rest_call import CallContext, business_error, require
from gui.sandbox.system_errors import RestFailure

BUILT_IN_CONNECTORS: dict[str, str] = {
    "livechat": "Live chat",
    "whatsappbytwilio": "WhatsApp (Twilio)",
    "avito": "Avito",
    "viber": "Viber",
    "telegrambot": "Telegram",
    "imessage": "Apple Messages for Business",
    "wechat": "WeChat",
    "vkgroup": "VK",
    "olx": "OLX",
    "facebook": "Facebook",
    "facebookcomments": "Facebook: Comments",
    "fbinstagramdirect": "Instagram Direct",
    "network": "Bitrix24.Network",
    "notifications": "Bitrix24 SMS and WhatsApp",
}
"""What ``imconnector.list`` shows besides the custom connectors (a portal's usual set)."""


def _connector_and_line(params: dict[str, Any]) -> tuple[str, int]:
    require(params, "CONNECTOR", "LINE")
    return str(params["CONNECTOR"]), php_intval(params["LINE"])


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
    state.register(call.client, params)
    return {"result": True}


def activate(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.activate``: any non-empty ACTIVE other than "0" activates (PHP truthiness)."""
    connector, line = _connector_and_line(call.params)
    if call.params.get("ACTIVE") is None:  # PHP isset(): "" and 0 are set (and deactivate)
        raise RestFailure("ERROR_ARGUMENT", "Argument 'ACTIVE' is null or empty")
    state.binding(connector, line).active = not php_empty(call.params["ACTIVE"])
    return True


def status(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.status``: LINE optional (0: nothing is configured there), an integer."""
    require(call.params, "CONNECTOR")
    connector, line = str(call.params["CONNECTOR"]), php_intval(call.params.get("LINE", 0))
    active = line != 0 and state.is_active(connector, line)
    return {
        "LINE": line,
        "CONNECTOR": connector,
        "ERROR": False,
        "CONFIGURED": active,
        "STATUS": active,
    }


def data_set(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.connector.data.set``: merged into the stored data, empty fields dropped."""
    connector, line = _connector_and_line(call.params)
    require(call.params, "DATA")
    data = call.params["DATA"]
    if not isinstance(data, dict):
        raise RestFailure("ERROR_ARGUMENT", "Argument 'DATA' must be an object")
    binding = state.binding(connector, line)
    merged = {**(binding.data or {}), **data}
    binding.data = {key: value for key, value in merged.items() if not php_empty(value)}
    return True


def list_connectors(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.list``: ``{connector_id: name}``, the built-in connectors first."""
    custom = {connector.id: connector.name for connector in state.connectors.values()}
    return {**BUILT_IN_CONNECTORS, **custom}


def unregister(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.unregister``: nested result; only the app that registered may remove."""
    connector_id = call.params.get("ID")
    failed = business_error(
        "APPLICATION_UNREGISTRATION_ERROR", "The connector could not be unregistered"
    )
    if php_empty(connector_id):
        return failed
    if call.app is None:
        return business_error("NO_APPLICATION_ID", "The application was not found")
    found = state.connectors.get(str(connector_id))
    if found is None or found.client_id != call.client:
        return failed
    state.unregister(found.id)
    return {"result": True}


def send_messages(state: OpenLinesState, call: CallContext) -> Any:
    """``imconnector.send.messages``: visitor messages into the line, one outcome each."""
    connector, line = _connector_and_line(call.params)
    require(call.params, "MESSAGES")
    messages = call.params["MESSAGES"]
    if isinstance(messages, dict):  # a form body's MESSAGES[0][…]
        messages = list(messages.values())
    if not isinstance(messages, list):
        raise RestFailure("ERROR_ARGUMENT", "Argument 'MESSAGES' must be an array")
    if not state.is_active(connector, line):
        error = {"code": "NOT_ACTIVE_LINE", "message": "The connector is not active on the line"}
        return {"SUCCESS": False, "ERRORS": [error], "DATA": {"RESULT": []}}
    return {"SUCCESS": True, "DATA": {"RESULT": [_take(state, call, m) for m in messages]}}


def _take(state: OpenLinesState, call: CallContext, item: object) -> dict[str, Any]:
    parts = item if isinstance(item, dict) else {}
    user, message, chat = (parts.get(name) for name in ("USER", "MESSAGE", "CHAT"))
    if not (isinstance(user, dict) and isinstance(message, dict) and isinstance(chat, dict)):
        return {"SUCCESS": False, "ERRORS": ["Each message needs user, message and chat"]}
    if php_empty(chat.get("ID")) or php_empty(user.get("ID")):
        return {"SUCCESS": False, "ERRORS": ["user.id and chat.id are required"]}
    connector, line = str(call.params["CONNECTOR"]), php_intval(call.params["LINE"])
    chat_id, user_id = str(chat["ID"]), str(user["ID"])
    im_chat = state.id_for("chat", connector, line, chat_id)
    im_user = state.id_for("user", connector, user_id)
    stored = ChatMessage(
        author="visitor",
        connector=connector,
        line=line,
        chat_id=chat_id,
        text=str(message.get("TEXT") or ""),
        user_id=user_id,
        user_name=" ".join(str(user.get(k) or "") for k in ("NAME", "LAST_NAME")).strip(),
        im_chat_id=im_chat,
        im_message_id=state.next_id(),
        time=call.time,
    )
    state.messages.append(stored)
    return {
        "user": im_user,
        "chat": {"id": im_chat},
        "message": [stored.im_message_id],
        "SUCCESS": True,
    }
