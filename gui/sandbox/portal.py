"""The sandbox portal: a Bitrix24 portal and its OAuth server, in memory, behind one entry point.

:meth:`SandboxPortal.respond` turns an :class:`~gui.sandbox.wire.Incoming` request into an
:data:`~gui.sandbox.wire.Action`; :class:`~gui.sandbox.server.SandboxServer` puts it on
a socket. A REST call passes the server's checks in its order (``rest_gate``) before the method
runs (``rest_methods``). Every request is recorded in :attr:`SandboxPortal.received` before it is
answered. Collaborators (the clock, lifetimes, the bucket's size) come in through the constructor
so tests never sleep.
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import Any

from gui.sandbox.clock import Clock
from gui.sandbox.oauth import authorize_endpoint, token_endpoint, token_payload
from gui.sandbox.openlines import LineBinding, OpenLinesState
from gui.sandbox.operating import OperatingBudget
from gui.sandbox.ratelimit import LeakyBucket
from gui.sandbox.record import ReceivedRequest, RequestLog
from gui.sandbox.rest_gate import RestGate, Route, classify
from gui.sandbox.scripted import FaultKind, FaultTarget, ScriptedAnswer, ScriptQueue
from gui.sandbox.system_errors import RestFailure
from gui.sandbox.tokens import DEFAULT_REDIRECT_URI, DEFAULT_SCOPE, SandboxApp, TokenBook
from gui.sandbox.wire import Action, Incoming, Params, Response, json_response, read_params

_FAULT_TARGET: dict[str, FaultKind] = {
    "rest": "rest",
    "oauth_token": "oauth",
    "oauth_authorize": "oauth",
}

TOKEN_STORE_KEYS = (
    "access_token",
    "refresh_token",
    "expires",
    "client_id",
    "client_secret",
    "client_endpoint",
    "server_endpoint",
    "member_id",
    "scope",
)
"""The fields of DESIGN.md's token store JSON, as :meth:`SandboxPortal.mint_token` returns them."""


class SandboxPortal:
    """A Bitrix24 portal with its OAuth server, in memory; thread-safe.

    Test controls: :meth:`create_app`, :meth:`mint_token`, :meth:`issue_code`,
    :meth:`uninstall_app`, :meth:`revoke`, :meth:`script_next` (faults for the next requests),
    :attr:`moved_to` (every request answers 302 there), :attr:`rate_limit` (``burst``,
    ``drain_per_second``), :attr:`operating` (``budget``, ``cost_per_call``: the 429 limit),
    :attr:`received` (the record of requests), and read-only views of what was registered.
    """

    def __init__(
        self,
        *,
        clock: Clock = time.time,
        access_lifetime: float = 3600.0,
        refresh_lifetime: float = 180 * 86400.0,
        code_lifetime: float = 30.0,
        burst: float = 50,
        drain_per_second: float = 2.0,
        member_id: str | None = None,
        lines: list[dict[str, Any]] | None = None,
    ) -> None:
        self.clock = clock
        self.member_id = member_id or secrets.token_hex(16)
        self.received = RequestLog()
        self.rate_limit = LeakyBucket(clock, burst=burst, drain_per_second=drain_per_second)
        self.operating = OperatingBudget(clock)
        self.moved_to: str | None = None
        self.base_url: str | None = None
        self._lock = threading.RLock()
        self._faults = ScriptQueue()
        self._tokens = TokenBook(
            clock,
            access_lifetime=access_lifetime,
            refresh_lifetime=refresh_lifetime,
            code_lifetime=code_lifetime,
        )
        self._openlines = OpenLinesState()
        if lines is not None:
            self._openlines.lines = [dict(line) for line in lines]
        self._gate = RestGate(clock, self._tokens, self.rate_limit, self.operating, self._openlines)

    # ------------------------------------------------------------------ test controls

    def create_app(
        self,
        client_id: str | None = None,
        client_secret: str | None = None,
        *,
        scope: str = DEFAULT_SCOPE,
        redirect_uri: str = DEFAULT_REDIRECT_URI,
    ) -> SandboxApp:
        """Install an app (random credentials unless given)."""
        with self._lock:
            return self._tokens.add_app(
                client_id, client_secret, scope=scope, redirect_uri=redirect_uri
            )

    def uninstall_app(self, client_id: str) -> None:
        """The app's tokens keep working but its methods find no app (``NO_APPLICATION_ID``)."""
        with self._lock:
            self._tokens.uninstalled.add(client_id)

    def app(self, client_id: str) -> SandboxApp:
        with self._lock:
            return self._tokens.apps[client_id]

    def mint_token(
        self,
        app: SandboxApp | str | None = None,
        *,
        scope: str | None = None,
        user_id: int = 1,
        base_url: str | None = None,
    ) -> dict[str, Any]:
        """A ready token pair in the token store's shape (:data:`TOKEN_STORE_KEYS`).

        Without ``app``, the first installed app is used (one is created if there is none).
        """
        base = base_url or self.base_url
        if base is None:
            raise ValueError("the portal has no URL yet: start a SandboxServer or pass base_url")
        with self._lock:
            chosen = self._resolve_app(app)
            pair = self._tokens.issue_pair(chosen, user_id=user_id, scope=scope)
            payload = token_payload(self._tokens, pair, base, self.member_id)
        payload.update(client_id=chosen.client_id, client_secret=chosen.client_secret)
        return {key: payload[key] for key in TOKEN_STORE_KEYS}

    def issue_code(self, app: SandboxApp | str | None = None) -> str:
        """An authorization code, as the authorize redirect would carry it."""
        with self._lock:
            return self._tokens.issue_code(self._resolve_app(app)).value

    def revoke(self, token: str) -> bool:
        """Forget an access or refresh token (it becomes unknown: ``NO_AUTH_FOUND``)."""
        with self._lock:
            return self._tokens.revoke(token)

    def refresh_token_alive(self, token: str) -> bool:
        with self._lock:
            return self._tokens.is_refresh_token_alive(token)

    def script_next(self, *faults: ScriptedAnswer, target: FaultTarget = "any") -> None:
        """The next requests (of ``target`` kind: "rest", "oauth" or "any") answer with these
        faults, one fault per request, in order."""
        self._faults.push(target, *faults)

    def clear_faults(self) -> None:
        self._faults.clear()

    @property
    def pending_faults(self) -> int:
        return len(self._faults)

    @property
    def connectors(self) -> dict[str, dict[str, Any]]:
        """Registered connectors: lower-cased ID → the parameters stored (without ``auth``)."""
        with self._lock:
            return {cid: dict(c.params) for cid, c in self._openlines.connectors.items()}

    def registrations(self, connector_id: str) -> int:
        """How many times this ID was registered (upserts count)."""
        with self._lock:
            found = self._openlines.connectors.get(connector_id.lower())
            return 0 if found is None else found.registrations

    def binding(self, connector_id: str, line: str | int) -> LineBinding:
        """Activation and data of a connector on a line (a copy)."""
        with self._lock:
            current = self._openlines.bindings.get((connector_id.lower(), str(line)))
            if current is None:
                return LineBinding()
            return LineBinding(active=current.active, data=current.data)

    @property
    def bound_events(self) -> list[tuple[str, str]]:
        """``(EVENT, handler)`` pairs bound with ``event.bind``."""
        with self._lock:
            return [(e.event, e.handler) for e in self._openlines.events]

    # ------------------------------------------------------------------ answering

    def respond(self, incoming: Incoming) -> Action:
        """Record the request, then answer it (``moved_to`` or a scripted fault first)."""
        route = classify(incoming.path)
        params = read_params(incoming)
        auth = params.merged.get("auth")
        moved = self.moved_to
        fault = (
            None if moved is not None else self._faults.take(_FAULT_TARGET.get(route.kind, "other"))
        )
        self.received.append(
            ReceivedRequest(
                method=incoming.method,
                path=incoming.path,
                query=incoming.query,
                headers=dict(incoming.headers),
                body=incoming.body,
                params=params.merged,
                auth=auth if isinstance(auth, str) else None,
                auth_in_url="auth" in params.query,
                time=self.clock(),
                kind=route.kind,
                rest_method=route.method,
                webhook=route.webhook,
                fault="moved" if moved is not None else (fault.name if fault else None),
            )
        )
        if moved is not None:
            location = moved.rstrip("/") + incoming.target
            return Response(302, b"", content_type="text/html", headers=(("Location", location),))

        def proceed() -> Action:
            return self._answer(incoming, params, route)

        return fault.action(proceed) if fault is not None else proceed()

    def _answer(self, incoming: Incoming, params: Params, route: Route) -> Response:
        with self._lock:
            if route.kind == "oauth_token":
                return token_endpoint(self._tokens, params, incoming.base_url, self.member_id)
            if route.kind == "oauth_authorize":
                return authorize_endpoint(self._tokens, params, incoming.base_url, self.member_id)
            if route.kind == "rest":
                try:
                    return json_response(200, self._gate.call(route, params))
                except RestFailure as failure:
                    return failure.response()
        page = b"<html><body><h1>Bitrix24 sandbox portal</h1><p>REST at /rest/</p></body></html>"
        status = 200 if incoming.path == "/" else 404
        return Response(status, page, content_type="text/html; charset=utf-8")

    def _resolve_app(self, app: SandboxApp | str | None) -> SandboxApp:
        if isinstance(app, SandboxApp):
            return app
        if isinstance(app, str):
            return self._tokens.apps[app]
        if not self._tokens.apps:
            return self._tokens.add_app()
        return next(iter(self._tokens.apps.values()))
