"""The sandbox portal: a local Bitrix24 portal and OAuth server for tests and rehearsals.

It answers as ``shared/reference/BITRIX.md`` describes, and as the official SDKs (b24pysdk,
@bitrix24/b24jssdk) and CRest-style form posts expect (``tests/conformance`` proves it): nested
results, business errors in the server's order, top-level system errors, ``WRONG_AUTH_TYPE`` for
a webhook on an app-only method, expiring access tokens, rotating single-use refresh tokens, the
rate limit and the operating-time limit, the onboarding methods with the server's own quirks,
``batch``, ``app.info`` (``INSTALLED``), ``profile``, and **event delivery**: bound handlers on
this machine receive what Bitrix24 posts. It records what it receives and what it delivers.
:class:`SandboxPortal` is the logic, :class:`SandboxServer` the socket; TLS comes from the
caller's ``ssl.SSLContext`` (tests use a trustme CA, see ``tests/fixtures_sandbox.py``;
``sandbox --tls`` uses :class:`ThrowawayCA`)::

    clock = ManualClock()
    portal = SandboxPortal(clock=clock)              # lifetimes, burst, timeouts: keyword options
    with SandboxServer(portal, ssl_context=context) as server:
        token = portal.mint_token()                  # token-store shape, for the first app
        portal.script_next(Delay(3), InvalidJson())  # tests/faults: the next two misbehave
        ...                                          # a client talks to server.url
        clock.advance(3600)                          # the access token has now expired
        portal.received.rest_calls("imconnector.register")[0].json()
        reply = portal.operator_reply("acme_chat", 1, "visitor-chat-7", "Hello!")
        reply.deliveries[0].status                   # what the bound handler answered

Calls are accepted the way real clients make them: ``<url>/rest/<method>``, ``…/<method>.json``,
``<url>/rest//<method>``; JSON, PHP-style forms (``ICON[DATA_IMAGE]=…``) or multipart; the token
as ``auth`` (body or query), ``access_token`` or ``Authorization: Bearer``; webhooks made with
:meth:`SandboxPortal.create_webhook` at ``<url>/rest/<user>/<code>/<method>``. The OAuth server
is ``<url>`` itself (``<url>/oauth/token/``, ``<url>/oauth/authorize/``); tokens carry
``client_endpoint`` and ``server_endpoint`` ``<url>/rest/`` (the real server endpoint's shape,
here on loopback). ``<url>/_sandbox/operator-reply`` is the control endpoint ``sandbox-reply``
uses (``control``); it is no REST method.
"""

from __future__ import annotations

from gui.sandbox.clock import Clock, ManualClock
from gui.sandbox.delivery import DeliveryRecord
from gui.sandbox.openlines import ChatMessage, LineBinding
from gui.sandbox.operator import UnknownChat
from gui.sandbox.portal import TOKEN_STORE_KEYS, OperatorReply, SandboxPortal
from gui.sandbox.record import Log, ReceivedRequest, RequestLog
from gui.sandbox.scripted import ScriptedAnswer
from gui.sandbox.server import SandboxServer
from gui.sandbox.system_errors import SYSTEM_ERRORS
from gui.sandbox.tls import ThrowawayCA
from gui.sandbox.tokens import DEFAULT_REDIRECT_URI, DEFAULT_SCOPE, SandboxApp, Webhook

__all__ = [
    "DEFAULT_REDIRECT_URI",
    "DEFAULT_SCOPE",
    "SYSTEM_ERRORS",
    "TOKEN_STORE_KEYS",
    "ChatMessage",
    "Clock",
    "DeliveryRecord",
    "LineBinding",
    "Log",
    "ManualClock",
    "OperatorReply",
    "ReceivedRequest",
    "RequestLog",
    "SandboxApp",
    "SandboxPortal",
    "SandboxServer",
    "ScriptedAnswer",
    "ThrowawayCA",
    "UnknownChat",
    "Webhook",
]
