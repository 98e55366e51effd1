"""The sandbox portal: a local Bitrix24 portal and OAuth server for tests and rehearsals.

It behaves as ``shared/reference/BITRIX.md`` describes (nested results, business errors in the
server's order, top-level system errors, ``WRONG_AUTH_TYPE`` for webhook paths, expiring access
tokens, rotating single-use refresh tokens, the rate limit and the operating-time limit, the
onboarding methods) and records what it receives. :class:`SandboxPortal` is the logic,
:class:`SandboxServer` the socket; TLS comes from the caller's ``ssl.SSLContext`` (tests use a
throwaway trustme CA, see ``tests/fixtures_sandbox.py``)::

    clock = ManualClock()
    portal = SandboxPortal(clock=clock)              # lifetimes, burst, drain: keyword options
    with SandboxServer(portal, ssl_context=context) as server:
        token = portal.mint_token()                  # token-store shape, for the first app
        portal.script_next(Delay(3), InvalidJson())  # tests/faults: the next two misbehave
        ...                                          # a client talks to server.url
        clock.advance(3600)                          # the access token has now expired
        portal.received.rest_calls("imconnector.register")[0].json()

URLs: REST at ``<url>/rest/<method>[.json]`` (webhook-style ``<url>/rest/<user>/<code>/<method>``
answers ``WRONG_AUTH_TYPE``); the OAuth server is ``<url>`` itself: ``<url>/oauth/token/`` and
``<url>/oauth/authorize/``; tokens carry ``client_endpoint = <url>/rest/`` and
``server_endpoint = <url>/oauth/``.
"""

from __future__ import annotations

from gui.sandbox.clock import Clock, ManualClock
from gui.sandbox.openlines import LineBinding
from gui.sandbox.portal import TOKEN_STORE_KEYS, SandboxPortal
from gui.sandbox.record import ReceivedRequest, RequestLog
from gui.sandbox.scripted import ScriptedAnswer
from gui.sandbox.server import SandboxServer
from gui.sandbox.system_errors import SYSTEM_ERRORS
from gui.sandbox.tokens import DEFAULT_REDIRECT_URI, DEFAULT_SCOPE, SandboxApp

__all__ = [
    "DEFAULT_REDIRECT_URI",
    "DEFAULT_SCOPE",
    "SYSTEM_ERRORS",
    "TOKEN_STORE_KEYS",
    "Clock",
    "LineBinding",
    "ManualClock",
    "ReceivedRequest",
    "RequestLog",
    "SandboxApp",
    "SandboxPortal",
    "SandboxServer",
    "ScriptedAnswer",
]
