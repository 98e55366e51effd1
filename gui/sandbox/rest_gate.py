"""Where a request goes, and the checks a REST call passes before its method runs.

:func:`classify` sorts a path into REST (plain or webhook-style), the OAuth token endpoint, the
authorize page, or anything else. :class:`RestGate` applies the server's checks in its order:
the rate limit (503 ``QUERY_LIMIT_EXCEEDED``), the webhook-style path (403 ``WRONG_AUTH_TYPE``),
the token (401 ``NO_AUTH_FOUND`` when missing or unknown, 401 ``expired_token``), the method
(404 ``ERROR_METHOD_NOT_FOUND``), the scope (403 ``insufficient_scope``), the operating-time
budget (429 ``OPERATION_TIME_LIMIT``); then the method's own checks (business errors, 400
``ERROR_ARGUMENT``). It returns the whole success body: ``{"result": ..., "time": {...}}``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gui.sandbox.clock import Clock
from gui.sandbox.openlines import OpenLinesState
from gui.sandbox.operating import OperatingBudget
from gui.sandbox.ratelimit import LeakyBucket
from gui.sandbox.record import RequestKind
from gui.sandbox.rest_methods import METHODS, CallContext, upper_keys
from gui.sandbox.system_errors import RestFailure
from gui.sandbox.tokens import TokenBook
from gui.sandbox.wire import Params

_REST_PATH = re.compile(r"^/rest/(?P<method>[^/]+?)(?:\.json)?/?$")
_WEBHOOK_PATH = re.compile(r"^/rest/(?P<user>\d+)/(?P<code>[^/]+)/(?P<method>[^/]+?)(?:\.json)?/?$")
_TOKEN_PATHS = frozenset({"/oauth/token/", "/oauth/token"})
_AUTHORIZE_PATHS = frozenset({"/oauth/authorize/", "/oauth/authorize"})


@dataclass(frozen=True)
class Route:
    """What a path is: its kind, the lower-cased REST method (REST only), webhook-style or not."""

    kind: RequestKind
    method: str | None = None
    webhook: bool = False


def classify(path: str) -> Route:
    if path in _TOKEN_PATHS:
        return Route("oauth_token")
    if path in _AUTHORIZE_PATHS:
        return Route("oauth_authorize")
    webhook = _WEBHOOK_PATH.match(path)
    if webhook is not None:
        return Route("rest", webhook.group("method").lower(), webhook=True)
    rest = _REST_PATH.match(path)
    if rest is not None:
        return Route("rest", rest.group("method").lower())
    if path.startswith("/rest/"):
        return Route("rest", "")
    return Route("other")


def _iso(moment: float) -> str:
    return datetime.fromtimestamp(moment, UTC).isoformat(timespec="seconds")


@dataclass
class RestGate:
    """The portal's state as the REST checks need it. Not thread-safe (the portal locks)."""

    clock: Clock
    tokens: TokenBook
    rate_limit: LeakyBucket
    operating: OperatingBudget
    openlines: OpenLinesState

    def call(self, route: Route, params: Params) -> dict[str, Any]:
        """The success body, or :class:`RestFailure` for a system error."""
        method = route.method or ""
        if not self.rate_limit.try_take():
            raise RestFailure("QUERY_LIMIT_EXCEEDED")
        known = METHODS.get(method)
        if route.webhook:
            raise RestFailure("WRONG_AUTH_TYPE" if known else "ERROR_METHOD_NOT_FOUND")
        token = params.merged.get("auth")
        grant = self.tokens.access_grant(token) if isinstance(token, str) and token else None
        if grant is None:
            raise RestFailure("NO_AUTH_FOUND")
        if self.clock() >= grant.expires_at:
            raise RestFailure("expired_token")
        if known is None:
            raise RestFailure("ERROR_METHOD_NOT_FOUND")
        scopes = {item.strip() for item in grant.scope.split(",")}
        if known.scope is not None and known.scope not in scopes:
            raise RestFailure("insufficient_scope")
        started = self.clock()
        if self.operating.exhausted(grant.client_id, method):
            timing = self._time_block(started, grant.client_id, method)
            raise RestFailure("OPERATION_TIME_LIMIT", extra={"time": timing})
        installed = grant.client_id not in self.tokens.uninstalled
        app = self.tokens.apps.get(grant.client_id) if installed else None
        arguments = {key: value for key, value in params.merged.items() if key != "auth"}
        call = CallContext(grant=grant, app=app, params=upper_keys(arguments))
        result = known.handler(self.openlines, call)
        self.operating.charge(grant.client_id, method)
        return {"result": result, "time": self._time_block(started, grant.client_id, method)}

    def _time_block(self, started: float, client_id: str, method: str) -> dict[str, Any]:
        finished = self.clock()
        return {
            "start": started,
            "finish": finished,
            "duration": finished - started,
            "processing": finished - started,
            "date_start": _iso(started),
            "date_finish": _iso(finished),
            # rounded up: a client that waits until then finds the budget free
            "operating_reset_at": math.ceil(self.operating.reset_at(client_id, method)),
            "operating": self.operating.used(client_id, method),
        }
