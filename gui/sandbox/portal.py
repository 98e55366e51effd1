"""The sandbox portal: a Bitrix24 portal and its OAuth server, in memory, behind one entry point.

:meth:`SandboxPortal.respond` turns an :class:`~gui.sandbox.wire.Incoming` request into an
:data:`~gui.sandbox.wire.Action`; :class:`~gui.sandbox.server.SandboxServer` puts it on
a socket. A REST call passes the server's checks in its order (``rest_gate``) before the method
runs (``rest_methods``). Every request is recorded in :attr:`SandboxPortal.received` before it is
answered. The portal can also play an operator (:meth:`SandboxPortal.operator_reply`), which
posts ``OnImConnectorMessageAdd`` to the bound handlers (``operator``, ``delivery``): the state
changes under the portal's lock, the posts happen outside it. Collaborators (the clock,
lifetimes, the bucket's size, the event timeouts) come in through the constructor so tests never
sleep.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from gui.sandbox.clock import Clock
from gui.sandbox.control import control_answer
from gui.sandbox.delivery import DEFAULT_TIMEOUT, DeliveryRecord, EventPoster
from gui.sandbox.oauth import authorize_endpoint, token_endpoint, token_payload
from gui.sandbox.openlines import ChatMessage, LineBinding, OpenLinesState
from gui.sandbox.operating import OperatingBudget
from gui.sandbox.operator import operator_reply
from gui.sandbox.php_form import php_intval
from gui.sandbox.ratelimit import LeakyBucket
from gui.sandbox.record import Log, ReceivedRequest, RequestLog
from gui.sandbox.rest_gate import TOKEN_KEYS, RestGate, Route, access_token, classify
from gui.sandbox.scripted import FaultKind, FaultTarget, ScriptedAnswer, ScriptQueue
from gui.sandbox.system_errors import RestFailure
from gui.sandbox.tokens import (
    DEFAULT_REDIRECT_URI,
    DEFAULT_SCOPE,
    SandboxApp,
    TokenBook,
    Webhook,
)
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


@dataclass(frozen=True)
class OperatorReply:
    """What :meth:`SandboxPortal.operator_reply` did: the operator's message, the deliveries it
    fired (in order, each ended), and why there were none (None when there were some)."""

    message: ChatMessage
    deliveries: list[DeliveryRecord]
    note: str | None


class SandboxPortal:
    """A Bitrix24 portal with its OAuth server, in memory; thread-safe.

    Test controls: :meth:`create_app`, :meth:`mint_token`, :meth:`issue_code`,
    :meth:`create_webhook`, :meth:`uninstall_app`, :meth:`set_installed` (app.info ``INSTALLED``;
    events wait for it), :meth:`revoke`, :meth:`script_next` (faults for the next requests),
    :attr:`moved_to` (every request answers 302 there), :attr:`rate_limit` (``burst``,
    ``drain_per_second``), :attr:`operating` (``budget``, ``cost_per_call``: the 429 limit),
    :attr:`received` (the record of requests), and read-only views of what was registered.

    Rehearsing the round trip (the window's sandbox mode uses these, from a worker thread):
    :meth:`operator_reply` plays an operator in a visitor chat and returns what was delivered;
    :attr:`messages` records the chats' messages (visitors' and operators'), :attr:`deliveries`
    every event post; both are :class:`~gui.sandbox.record.Log` objects (``snapshot()``,
    ``listen(callback)``, ``wait_for(count, timeout)``).
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
        event_timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        event_ca_bundle: str | None = None,
    ) -> None:
        self.clock = clock
        self.member_id = member_id or secrets.token_hex(16)
        self.received = RequestLog()
        self.deliveries: Log[DeliveryRecord] = Log()
        self.event_poster = EventPoster(timeout=event_timeout, ca_bundle=event_ca_bundle)
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
        self._gate = RestGate(
            clock, self._tokens, self.rate_limit, self.operating, self._openlines, self.member_id
        )

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

    def set_installed(self, app: SandboxApp | str | None = None, installed: bool = True) -> None:
        """Finish (or un-finish) an app's installation: ``app.info`` ``INSTALLED``; events are
        delivered only to finished apps. Apps start finished."""
        with self._lock:
            client_id = self._resolve_app(app).client_id
            if installed:
                self._tokens.install_unfinished.discard(client_id)
            else:
                self._tokens.install_unfinished.add(client_id)

    def is_installed(self, app: SandboxApp | str | None = None) -> bool:
        with self._lock:
            return self._resolve_app(app).client_id not in self._tokens.install_unfinished

    def create_webhook(
        self, user_id: int = 1, *, scope: str = DEFAULT_SCOPE, code: str | None = None
    ) -> Webhook:
        """An incoming webhook: call ``<url>`` + ``webhook.path`` + method."""
        with self._lock:
            return self._tokens.add_webhook(user_id, code, scope)

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
            payload = token_payload(self._tokens, pair.access, base, self.member_id, pair.refresh)
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
        """Activation and data of a connector (ID as given, like the server) on a line (a copy)."""
        with self._lock:
            current = self._openlines.bindings.get((connector_id, php_intval(line)))
            if current is None:
                return LineBinding()
            return LineBinding(active=current.active, data=current.data)

    def add_line(self, name: str, *, active: bool = True) -> str:
        """Open a new Open Line named ``name`` (as ``imopenlines.config.add`` would); its ID."""
        with self._lock:
            params = {"LINE_NAME": name, "ACTIVE": "Y" if active else "N"}
            return str(self._openlines.add_line(params))

    @property
    def bound_events(self) -> list[tuple[str, str]]:
        """``(EVENT, handler)`` pairs bound with ``event.bind``."""
        with self._lock:
            return [(e.event, e.handler) for e in self._openlines.events]

    @property
    def messages(self) -> Log[ChatMessage]:
        """Every message of the visitor chats, in order: visitors' and operators'."""
        return self._openlines.messages

    def operator_reply(
        self, connector: str, line: int | str, chat_id: str, text: str, *, user_id: int = 1
    ) -> OperatorReply:
        """Play an operator's reply in the visitor chat ``chat_id`` (the external ID a visitor
        message brought in) on ``connector`` (as the connector sent it) and ``line``.

        Fires ``OnImConnectorMessageAdd`` to every handler bound for it, as Bitrix24 posts it,
        and returns once each post has ended (each bounded by ``event_timeout``); the records
        also go to :attr:`deliveries`. Raises :class:`~gui.sandbox.operator.UnknownChat` (a
        ``LookupError``) when no visitor message opened that chat. Blocks: call it from a worker.
        """
        with self._lock:
            base = self.base_url or ""
            message, pending, note = operator_reply(
                self._openlines,
                self._tokens,
                (base, self.member_id),
                connector=connector,
                line=php_intval(line),
                chat_id=str(chat_id),
                text=text,
                user_id=user_id,
            )
        records = [self.event_poster.post(item, self.clock()) for item in pending]
        for record in records:
            self.deliveries.append(record)
        return OperatorReply(message, records, note)

    # ------------------------------------------------------------------ answering

    def respond(self, incoming: Incoming) -> Action:
        """Record the request, then answer it (``moved_to`` or a scripted fault first)."""
        route = classify(incoming.path)
        params = read_params(incoming)
        own = route.kind == "control"  # the sandbox's own endpoint: neither moved nor scripted
        moved = None if own else self.moved_to
        unscripted = own or moved is not None
        fault = None if unscripted else self._faults.take(_FAULT_TARGET.get(route.kind, "other"))
        self.received.append(
            ReceivedRequest(
                method=incoming.method,
                path=incoming.path,
                query=incoming.query,
                headers=dict(incoming.headers),
                body=incoming.body,
                params=params.merged,
                auth=access_token(params),
                auth_in_url=any(key in params.query for key in TOKEN_KEYS),
                time=self.clock(),
                kind=route.kind,
                rest_method=route.method,
                webhook=route.webhook is not None,
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
        if route.kind == "control":  # outside the lock: it waits for the deliveries
            return control_answer(incoming, self._reply_summary)
        with self._lock:
            if route.kind == "oauth_token":
                return token_endpoint(self._tokens, params, incoming.base_url, self.member_id)
            if route.kind == "oauth_authorize":
                return authorize_endpoint(self._tokens, params, incoming.base_url, self.member_id)
            if route.kind == "rest":
                try:
                    return json_response(200, self._gate.call(route, params, incoming.base_url))
                except RestFailure as failure:
                    return failure.response()
        page = b"<html><body><h1>Bitrix24 sandbox portal</h1><p>REST at /rest/</p></body></html>"
        status = 200 if incoming.path == "/" else 404
        return Response(status, page, content_type="text/html; charset=utf-8")

    def _reply_summary(
        self, connector: str, line: int, chat_id: str, text: str
    ) -> tuple[list[dict[str, Any]], str | None]:
        reply = self.operator_reply(connector, line, chat_id, text)
        return [record.summary() for record in reply.deliveries], reply.note

    def _resolve_app(self, app: SandboxApp | str | None) -> SandboxApp:
        if isinstance(app, SandboxApp):
            return app
        if isinstance(app, str):
            return self._tokens.apps[app]
        if not self._tokens.apps:
            return self._tokens.add_app()
        return next(iter(self._tokens.apps.values()))
