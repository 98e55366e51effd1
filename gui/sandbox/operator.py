"""The sandbox plays the operator: a reply in a visitor chat, and the events it fires.

A reply goes into a chat a visitor message opened (``imconnector.send.messages``); it fires
``OnImConnectorMessageAdd`` as Bitrix24 does: only to handlers bound (online) by the app that
owns the connector, and only once that app's installation is finished. Each handler gets its own
``event_handler_id`` and a fresh access token for the app in ``auth[…]``. Plain state work under
the portal's lock; the posting happens afterwards, outside it
(:class:`~gui.sandbox.delivery.EventPoster`), so a handler may call the portal back.
"""

from __future__ import annotations

from typing import Any

from gui.sandbox.delivery import PendingDelivery
from gui.sandbox.event_methods import MESSAGE_ADD
from gui.sandbox.oauth import token_payload
from gui.sandbox.openlines import ChatMessage, OpenLinesState
from gui.sandbox.tokens import TokenBook

OPERATOR_NAME = "Sandbox operator"


class UnknownChat(LookupError):
    """No visitor message ever opened this chat on this connector and line."""


def operator_reply(
    state: OpenLinesState,
    tokens: TokenBook,
    portal: tuple[str, str],
    *,
    connector: str,
    line: int,
    chat_id: str,
    text: str,
    user_id: int,
) -> tuple[ChatMessage, list[PendingDelivery], str | None]:
    """Store the operator's message; the deliveries it fires, and why there are none.
    ``portal`` is (base URL, member_id). Raises :class:`UnknownChat` when the chat has no
    visitor message."""
    im_chat = state.known_ids.get(("chat", connector, line, chat_id))
    if im_chat is None:
        raise UnknownChat(
            f"No visitor chat {chat_id!r} on connector {connector!r}, line {line}: a visitor "
            "message must open it first (imconnector.send.messages)."
        )
    now = tokens.clock()
    message = ChatMessage(
        author="operator",
        connector=connector,
        line=line,
        chat_id=chat_id,
        text=text,
        user_id=str(user_id),
        user_name=OPERATOR_NAME,
        im_chat_id=im_chat,
        im_message_id=state.next_id(),
        time=now,
    )
    state.messages.append(message)
    data = {
        "CONNECTOR": connector,
        "LINE": line,
        "MESSAGES": [
            {
                "im": {"chat_id": im_chat, "message_id": message.im_message_id},
                "message": {"user_id": user_id, "text": text},
                "chat": {"id": chat_id},
            }
        ],
    }
    pending, note = connector_event(state, tokens, portal, MESSAGE_ADD, connector, data, user_id)
    return message, pending, note


def connector_event(
    state: OpenLinesState,
    tokens: TokenBook,
    portal: tuple[str, str],
    event: str,
    connector: str,
    data: dict[str, Any],
    user_id: int,
) -> tuple[list[PendingDelivery], str | None]:
    """What ``event`` about ``connector`` posts: none unless its owner app is installed and
    finished installing; one per online handler that app bound for the event. The note says
    why nothing is posted (None when something is)."""
    owner = state.connectors.get(connector.lower())
    app = tokens.installed_app(owner.client_id) if owner is not None else None
    if owner is None:
        return [], f"No connector {connector!r} is registered: nobody receives its events."
    if app is None:
        return [], "The app that registered the connector is not installed."
    if app.client_id in tokens.install_unfinished:
        return [], "The app's installation is not finished (app.info INSTALLED is false)."
    base_url, member_id = portal
    pending = []
    for bound in state.events:
        if bound.client_id != app.client_id or bound.event != event or bound.offline:
            continue
        access = tokens.issue_access(app, user_id=bound.auth_type or user_id)
        auth = token_payload(tokens, access, base_url, member_id)
        auth["application_token"] = app.application_token
        form = {
            "event": event,
            "event_handler_id": bound.id,
            "data": data,
            "ts": int(tokens.clock()),
            "auth": auth,
        }
        pending.append(PendingDelivery(event, bound.handler, bound.id, app.client_id, form))
    note = None if pending else f"The connector's app bound no online handler for {event}."
    return pending, note
