"""Fault injection, used only by tests and benchmarks (the program does not ship it).

:mod:`tests.faults.scripted`: faults the sandbox portal answers with instead of its own answer
(``portal.script_next(HtmlPage(), Delay(3))``): HTML pages, bad JSON, stalls, resets, redirects,
system errors. :mod:`tests.faults.raw_socket`: a raw-socket server for what even a scripted
sandbox cannot send (a reset in the middle of a body, a truncated chunked body…).
"""

from tests.faults.raw_socket import HostileServer, raw, reset_after, respond, stall
from tests.faults.scripted import (
    ConnectionReset,
    Delay,
    EmptyBody,
    Fault,
    HtmlPage,
    HugeBody,
    InvalidJson,
    LateAnswer,
    Redirect,
    ShortBody,
    SystemErrorReply,
    TruncatedJson,
)

__all__ = [
    "ConnectionReset",
    "Delay",
    "EmptyBody",
    "Fault",
    "HostileServer",
    "HtmlPage",
    "HugeBody",
    "InvalidJson",
    "LateAnswer",
    "Redirect",
    "ShortBody",
    "SystemErrorReply",
    "TruncatedJson",
    "raw",
    "reset_after",
    "respond",
    "stall",
]
