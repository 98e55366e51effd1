"""Calling the sandbox portal's logic directly, without sockets (shared by the portal tests)."""

from __future__ import annotations

import json
from typing import Any

from gui.sandbox import SandboxPortal
from gui.sandbox.wire import Incoming, Response

BASE = "https://127.0.0.1:8443"
ICON = {"DATA_IMAGE": "data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22/%3E"}


def valid_profile(**overrides: Any) -> dict[str, Any]:
    profile: dict[str, Any] = {
        "ID": "acme_chat",
        "NAME": "Acme chat",
        "ICON": dict(ICON),
        "PLACEMENT_HANDLER": "https://acme.example/settings",
    }
    profile.update(overrides)
    return {key: value for key, value in profile.items() if value is not ...}


def send(
    portal: SandboxPortal,
    target: str,
    body: bytes = b"",
    *,
    method: str = "POST",
    content_type: str = "application/json",
) -> Response:
    incoming = Incoming(method, target, {"Content-Type": content_type}, body, BASE)
    answer = portal.respond(incoming)
    assert isinstance(answer, Response)
    return answer


def call(portal: SandboxPortal, method: str, params: dict[str, Any]) -> tuple[int, Any]:
    answer = send(portal, f"/rest/{method}", json.dumps(params).encode())
    return answer.status, json.loads(answer.body)


def register(portal: SandboxPortal, token: str, **overrides: Any) -> tuple[int, Any]:
    return call(portal, "imconnector.register", {"auth": token, **valid_profile(**overrides)})
