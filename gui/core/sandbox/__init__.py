"""The sandbox portal: a local Bitrix24 portal and OAuth server for tests and rehearsals.

It behaves as ``shared/reference/BITRIX.md`` describes (nested results, business errors in the
server's order, top-level system errors, ``WRONG_AUTH_TYPE`` for webhook paths, expiring access
tokens, rotating single-use refresh tokens, the rate limit, the onboarding methods) and records
what it receives. :class:`SandboxPortal` is the logic, :class:`SandboxServer` the socket; TLS comes
from the caller's ``ssl.SSLContext`` (tests use a throwaway trustme CA).
"""

from __future__ import annotations

from gui.core.sandbox.clock import Clock, ManualClock
from gui.core.sandbox.faults import (
    ConnectionReset,
    Delay,
    EmptyBody,
    Fault,
    HtmlPage,
    HugeBody,
    InvalidJson,
    Redirect,
    ShortBody,
    SystemErrorReply,
    TruncatedJson,
)
from gui.core.sandbox.openlines import LineBinding
from gui.core.sandbox.portal import TOKEN_STORE_KEYS, SandboxPortal
from gui.core.sandbox.record import ReceivedRequest, RequestLog
from gui.core.sandbox.server import SandboxServer
from gui.core.sandbox.system_errors import SYSTEM_ERRORS
from gui.core.sandbox.tokens import DEFAULT_REDIRECT_URI, DEFAULT_SCOPE, SandboxApp

__all__ = [
    "DEFAULT_REDIRECT_URI",
    "DEFAULT_SCOPE",
    "SYSTEM_ERRORS",
    "TOKEN_STORE_KEYS",
    "Clock",
    "ConnectionReset",
    "Delay",
    "EmptyBody",
    "Fault",
    "HtmlPage",
    "HugeBody",
    "InvalidJson",
    "LineBinding",
    "ManualClock",
    "ReceivedRequest",
    "Redirect",
    "RequestLog",
    "SandboxApp",
    "SandboxPortal",
    "SandboxServer",
    "ShortBody",
    "SystemErrorReply",
    "TruncatedJson",
]
