"""The sandbox's control endpoint, both ends: a running sandbox plays an operator on request.

``POST <sandbox URL>/_sandbox/operator-reply`` with a JSON object ``{"connector", "line", "chat",
"text"}`` (``chat`` is the external chat ID a visitor message brought in) answers
``{"deliveries": [{"handler", "status", "seconds"}], "note": TEXT|null}`` once every delivery has
ended (each is bounded by its timeouts), or ``{"error", "error_description"}`` (404
``CHAT_NOT_FOUND``, 400 ``INVALID_REQUEST``, 403 ``ACCESS_DENIED``). It is not a REST method (no
token, not under ``/rest/``), answers loopback peers only, and takes JSON only: a web page cannot
post JSON to another origin without a CORS preflight, which the sandbox never grants.
:func:`request_operator_reply` is the client ``sandbox-reply`` uses.
"""

from __future__ import annotations

import contextlib
import ipaddress
import json
from collections.abc import Callable
from typing import Any

from gui.sandbox.delivery import loopback_session, verify_setting
from gui.sandbox.php_form import php_intval
from gui.sandbox.rest_gate import CONTROL_PATH
from gui.sandbox.wire import Incoming, Response, json_response

ReplyFn = Callable[[str, int, str, str], tuple[list[dict[str, Any]], str | None]]
"""``reply(connector, line, chat_id, text) -> (delivery summaries, note)``; raises LookupError
when the chat is unknown."""

CLIENT_TIMEOUT = (5.0, 120.0)


def _failure(status: int, code: str, description: str) -> Response:
    return json_response(status, {"error": code, "error_description": description})


def _is_loopback(peer: str) -> bool:
    with contextlib.suppress(ValueError):
        address = ipaddress.ip_address(peer)
        mapped = getattr(address, "ipv4_mapped", None)
        return bool(address.is_loopback or (mapped is not None and mapped.is_loopback))
    return False


def control_answer(incoming: Incoming, reply: ReplyFn) -> Response:
    """Play the operator's reply the request asks for, and say what was delivered."""
    if not _is_loopback(incoming.peer):
        return _failure(403, "ACCESS_DENIED", "The control endpoint answers this machine only")
    content_type = (incoming.header("Content-Type") or "").split(";")[0].strip().lower()
    if incoming.method != "POST" or content_type != "application/json":
        return _failure(400, "INVALID_REQUEST", "POST a JSON object")
    try:
        asked = json.loads(incoming.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        asked = None
    if not isinstance(asked, dict):
        return _failure(400, "INVALID_REQUEST", "POST a JSON object")
    values = [asked.get(name) for name in ("connector", "line", "chat", "text")]
    if not all(isinstance(v, str | int) and str(v) for v in values) or php_intval(values[1]) < 1:
        return _failure(400, "INVALID_REQUEST", "connector, line (> 0), chat and text are required")
    connector, line, chat, text = values
    try:
        deliveries, note = reply(str(connector), php_intval(line), str(chat), str(text))
    except LookupError as exc:
        return _failure(404, "CHAT_NOT_FOUND", str(exc.args[0] if exc.args else exc))
    return json_response(200, {"deliveries": deliveries, "note": note})


def request_operator_reply(
    base_url: str,
    *,
    connector: str,
    line: int,
    chat: str,
    text: str,
    ca_bundle: str | None = None,
    timeout: tuple[float, float] = CLIENT_TIMEOUT,
) -> tuple[int, Any]:
    """Ask the sandbox at ``base_url`` to play a reply: (HTTP status, decoded JSON answer).

    Raises ``requests.RequestException`` when the sandbox cannot be reached and ``ValueError``
    when what answered is not the sandbox (no JSON).
    """
    body = {"connector": connector, "line": line, "chat": chat, "text": text}
    with loopback_session() as session:
        answer = session.post(
            base_url.rstrip("/") + CONTROL_PATH,
            json=body,
            timeout=timeout,
            verify=verify_setting(ca_bundle),
            allow_redirects=False,
        )
    return answer.status_code, answer.json()
