"""Where a request goes, and the checks a REST call passes before its method runs.

:func:`classify` sorts a path into REST (``/rest/<method>``, ``/rest//<method>`` as b24jssdk
joins it, ``.json`` optional, or webhook-style ``/rest/<user>/<code>/<method>``), the OAuth
token endpoint, the authorize page, the sandbox's own control endpoint, or anything else.
:class:`RestGate` applies the server's checks in its order: the rate limit (503
``QUERY_LIMIT_EXCEEDED``); who calls: a known webhook (else 401 ``INVALID_CREDENTIALS``) or an
access token from ``auth``, ``access_token`` or ``Authorization: Bearer`` (401 ``NO_AUTH_FOUND``
when missing or unknown, 401 ``expired_token``); the method (404 ``ERROR_METHOD_NOT_FOUND``);
the application context (403 ``WRONG_AUTH_TYPE`` for a webhook on an app-only method); the scope
(403 ``insufficient_scope``); the operating-time budget (429 ``OPERATION_TIME_LIMIT``); then the
method's own checks. ``batch`` runs up to 50 commands through the same checks (without the rate
limit: a batch is one request). The gate returns the whole success body:
``{"result": ..., "time": {...}}``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from gui.sandbox.clock import Clock
from gui.sandbox.openlines import OpenLinesState
from gui.sandbox.operating import OperatingBudget
from gui.sandbox.php_form import parse_php_form, php_array, php_empty
from gui.sandbox.ratelimit import LeakyBucket
from gui.sandbox.record import RequestKind
from gui.sandbox.rest_methods import METHODS, CallContext, upper_keys
from gui.sandbox.system_errors import RestFailure
from gui.sandbox.tokens import TokenBook
from gui.sandbox.wire import Params

_REST_PATH = re.compile(r"^/rest/+(?P<method>[^/]+?)(?:\.json)?/?$")
_WEBHOOK_PATH = re.compile(
    r"^/rest/+(?P<user>\d+)/(?P<code>[^/]+)/(?P<method>[^/]+?)(?:\.json)?/?$"
)
_TOKEN_PATHS = frozenset({"/oauth/token/", "/oauth/token"})
_AUTHORIZE_PATHS = frozenset({"/oauth/authorize/", "/oauth/authorize"})
CONTROL_PATH = "/_sandbox/operator-reply"
"""The sandbox's own control endpoint (not a REST method): ``sandbox-reply`` posts here."""
TOKEN_KEYS = ("auth", "access_token")
"""The parameters a token travels in (besides a Bearer header); never passed to a method."""
TRACE_PREFIX = "bx24_"
"""The SDKs' tracing parameters (``bx24_request_id``…): the REST server's, not the method's."""
MAX_BATCH = 50


@dataclass(frozen=True)
class Route:
    """What a path is: its kind, the lower-cased REST method (REST only), and for a
    webhook-style path its ``(user_id, code)``."""

    kind: RequestKind
    method: str | None = None
    webhook: tuple[int, str] | None = None


def classify(path: str) -> Route:
    if path in _TOKEN_PATHS:
        return Route("oauth_token")
    if path in _AUTHORIZE_PATHS:
        return Route("oauth_authorize")
    if path == CONTROL_PATH:
        return Route("control")
    webhook = _WEBHOOK_PATH.match(path)
    if webhook is not None:
        credentials = (int(webhook.group("user")), webhook.group("code"))
        return Route("rest", webhook.group("method").lower(), credentials)
    rest = _REST_PATH.match(path)
    if rest is not None:
        return Route("rest", rest.group("method").lower())
    if path.startswith("/rest/"):
        return Route("rest", "")
    return Route("other")


def access_token(params: Params) -> str | None:
    """The token a request carries: ``auth``, else ``access_token``, else a Bearer header."""
    for value in (*(params.merged.get(key) for key in TOKEN_KEYS), params.bearer):
        if isinstance(value, str) and value:
            return value
    return None


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


def _scopes(text: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in text.split(",") if item.strip())


@dataclass
class RestGate:
    """The portal's state as the REST checks need it. Not thread-safe (the portal locks)."""

    clock: Clock
    tokens: TokenBook
    rate_limit: LeakyBucket
    operating: OperatingBudget
    openlines: OpenLinesState
    member_id: str

    def call(self, route: Route, params: Params, base_url: str) -> dict[str, Any]:
        """The success body, or :class:`RestFailure` for a system error."""
        if not self.rate_limit.try_take():
            raise RestFailure("QUERY_LIMIT_EXCEEDED")
        caller = self._caller(route, params, base_url)
        method = route.method or ""
        arguments = {
            key: value
            for key, value in params.merged.items()
            if key not in TOKEN_KEYS and not key.startswith(TRACE_PREFIX)
        }
        started = self.clock()
        if method == "batch":
            result: Any = self._batch(caller, arguments)
        else:
            result = self._run(caller, method, arguments)
        return {"result": result, "time": self._time_block(started, caller, method)}

    def _caller(self, route: Route, params: Params, base_url: str) -> CallContext:
        now = self.clock()
        common: dict[str, Any] = {"base_url": base_url, "member_id": self.member_id, "time": now}
        if route.webhook is not None:
            hook = self.tokens.webhooks.get(route.webhook)
            if hook is None:
                raise RestFailure("INVALID_CREDENTIALS", "Invalid request credentials", 401)
            return CallContext(None, hook.user_id, _scopes(hook.scope), None, {}, **common)
        token = access_token(params)
        grant = self.tokens.access_grant(token) if token else None
        if grant is None:
            raise RestFailure("NO_AUTH_FOUND")
        if now >= grant.expires_at:
            raise RestFailure("expired_token")
        return CallContext(
            client_id=grant.client_id,
            user_id=grant.user_id,
            scope=_scopes(grant.scope),
            app=self.tokens.installed_app(grant.client_id),
            params={},
            install_finished=grant.client_id not in self.tokens.install_unfinished,
            expires_at=grant.expires_at,
            **common,
        )

    def _run(self, caller: CallContext, method: str, arguments: dict[str, Any]) -> Any:
        known = METHODS.get(method)
        if known is None:
            raise RestFailure("ERROR_METHOD_NOT_FOUND")
        if known.app_only and caller.client_id is None:
            raise RestFailure("WRONG_AUTH_TYPE")
        if known.scope is not None and known.scope not in caller.scope:
            raise RestFailure("insufficient_scope")
        if self.operating.exhausted(_spender(caller), method):
            timing = self._time_block(self.clock(), caller, method)
            raise RestFailure("OPERATION_TIME_LIMIT", extra={"time": timing})
        result = known.handler(self.openlines, replace(caller, params=upper_keys(arguments)))
        self.operating.charge(_spender(caller), method)
        return result

    def _batch(self, caller: CallContext, arguments: dict[str, Any]) -> dict[str, Any]:
        """``batch``: ``cmd`` (``{key: "method?query"}`` or a list), ``halt`` on first error."""
        lowered = {str(key).lower(): value for key, value in arguments.items()}
        commands = lowered.get("cmd") or {}
        if isinstance(commands, list):
            commands = {str(index): command for index, command in enumerate(commands)}
        if not isinstance(commands, dict):
            raise RestFailure("ERROR_ARGUMENT", "Argument 'cmd' must be an array")
        if len(commands) > MAX_BATCH:
            raise RestFailure("ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded")
        results: dict[str, Any] = {}
        errors: dict[str, Any] = {}
        times: dict[str, Any] = {}
        for key, command in commands.items():
            started = self.clock()
            name, _, query = str(command).partition("?")
            method = name.strip("/").lower().removesuffix(".json")
            params = {k: v for k, v in parse_php_form(query).items() if k not in TOKEN_KEYS}
            try:
                if method == "batch":
                    raise RestFailure("ERROR_BATCH_METHOD_NOT_ALLOWED")
                results[str(key)] = self._run(caller, method, params)
                times[str(key)] = self._time_block(started, caller, method)
            except RestFailure as failure:
                errors[str(key)] = {"error": failure.code, "error_description": failure.description}
                if not php_empty(lowered.get("halt")):
                    break
        return {
            "result": php_array(results),
            "result_error": php_array(errors),
            "result_total": [],
            "result_next": [],
            "result_time": php_array(times),
        }

    def _time_block(self, started: float, caller: CallContext, method: str) -> dict[str, Any]:
        finished, spender = self.clock(), _spender(caller)
        return {
            "start": started,
            "finish": finished,
            "duration": finished - started,
            "processing": finished - started,
            "date_start": _iso(started),
            "date_finish": _iso(finished),
            # rounded up: a client that waits until then finds the budget free
            "operating_reset_at": math.ceil(self.operating.reset_at(spender, method)),
            "operating": self.operating.used(spender, method),
        }


def _spender(caller: CallContext) -> str:
    """Whose operating-time budget a call spends (per app; a webhook per user)."""
    return caller.client_id or f"webhook:{caller.user_id}"
