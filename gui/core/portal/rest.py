"""The REST client: one typed outcome for every answer, and the only retries the reference allows.

Every answer becomes exactly one of:

* the ``result`` value (HTTP 2xx, JSON object with ``result`` and no ``error``);
* a system error (top-level ``error``), classified by **code**, never by HTTP status, and raised
  as :class:`AuthError`, :class:`TokenExpiredError` or :class:`PortalError`
  (:mod:`gui.core.portal.error_catalogue`);
* a :class:`NetworkError` for anything that is not Bitrix24's JSON: an HTML error page, invalid
  or truncated JSON, an empty body, JSON of the wrong shape; the transport adds timeouts, TLS
  errors, resets, oversized bodies and redirects.

``register`` goes one step further: success only when ``result.result is True``; the business
errors hidden inside an HTTP 200 come back as ``RegisterOutcome(ok=False, ...)`` with the field
they concern. Nothing is ever reported as a success that was not.

Retries (BITRIX.md §6): only ``QUERY_LIMIT_EXCEEDED`` / ``OVERLOAD_LIMIT``, with bounded
exponential back-off and jitter, cancellable through the :class:`CancelToken`.
``OPERATION_TIME_LIMIT`` (429) is not retried: the error says when the call may be repeated.
The token travels only in the JSON body as ``auth``, and is scrubbed from any text we raise.
"""

from __future__ import annotations

import json
import math
import random as random_module
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from gui.core.cancel import CancelToken
from gui.core.errors import AuthError, B24Error, NetworkError, PortalError
from gui.core.portal import error_catalogue as bitrix_errors
from gui.core.portal.address import PortalAddress
from gui.core.portal.error_catalogue import ErrorKind
from gui.core.portal.transport import HttpAnswer, Transport
from gui.core.secrets import scrub_text

REGISTER_METHOD = "imconnector.register"
RETRYABLE_CODES = frozenset({"QUERY_LIMIT_EXCEEDED", "OVERLOAD_LIMIT"})
"""The only codes retried automatically (BITRIX.md §6)."""
_HTML_START = re.compile(rb"^\s*(<!doctype|<html|<head|<body|<\?xml|<)", re.IGNORECASE)


@dataclass(frozen=True)
class RegisterOutcome:
    """What ``imconnector.register`` answered, when the portal answered at all.

    ``ok`` is True only for ``result.result is True``. Otherwise ``error`` is the code (the
    portal's, or ``REGISTRATION_NOT_CONFIRMED`` of ours for an answer of the wrong shape),
    ``description`` the portal's own (localised) text, ``field`` the parameter it concerns
    (``ID``, ``NAME``, ``ICON.DATA_IMAGE``, ``PLACEMENT_HANDLER`` or None), ``explanation``
    our words for what to do, ``http_status`` the HTTP status.
    """

    ok: bool
    error: str | None = None
    description: str | None = None
    field: str | None = None
    explanation: str | None = None
    http_status: int | None = None

    def to_json_dict(self) -> dict[str, Any]:
        """The command line's shape: ``{"ok": true}`` or ``{"ok": false, "error", ...}``."""
        if self.ok:
            return {"ok": True}
        return {
            "ok": False,
            "error": self.error,
            "description": self.description,
            "field": self.field,
        }


class RestClient:
    """Calls ``https://<portal>/rest/<method>`` through a :class:`Transport`.

    ``sleep(seconds)`` replaces the back-off wait (tests); by default the wait is
    ``cancel.wait(seconds)``, so cancelling ends it at once. ``random()`` in [0, 1) drives the
    jitter; ``clock()`` is wall-clock Unix time (for ``operating_reset_at``).
    """

    def __init__(
        self,
        transport: Transport,
        *,
        sleep: Callable[[float], None] | None = None,
        random: Callable[[], float] = random_module.random,
        clock: Callable[[], float] = time.time,
        max_attempts: int = 4,
        base_backoff: float = 1.0,
        max_backoff: float = 20.0,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        self._transport = transport
        self._sleep = sleep
        self._random = random
        self._clock = clock
        self._max_attempts = max_attempts
        self._base_backoff = base_backoff
        self._max_backoff = max_backoff

    def call(
        self,
        portal: PortalAddress,
        method: str,
        params: Mapping[str, Any],
        access_token: str,
        cancel: CancelToken | None = None,
    ) -> Any:
        """Call ``method`` and return its ``result`` value, or raise the typed error."""
        return self._call(portal, method, params, access_token, cancel)[0]

    def register(
        self,
        portal: PortalAddress,
        profile: Mapping[str, Any],
        access_token: str,
        cancel: CancelToken | None = None,
    ) -> RegisterOutcome:
        """Send ``imconnector.register`` with the profile's parameters as they are.

        Business errors come back as ``RegisterOutcome(ok=False, ...)``; system and network
        errors raise (PortalError, AuthError, TokenExpiredError, NetworkError, ...).
        """
        result, status = self._call(portal, REGISTER_METHOD, profile, access_token, cancel)
        return nested_outcome(result, status, secrets=(access_token,))

    def _call(
        self,
        portal: PortalAddress,
        method: str,
        params: Mapping[str, Any],
        access_token: str,
        cancel: CancelToken | None,
    ) -> tuple[Any, int]:
        if not access_token:
            raise AuthError(
                "There is no access token: sign in to the portal first.", code="NO_TOKEN"
            )
        url = portal.rest_url(method)
        body = {key: value for key, value in params.items() if str(key).lower() != "auth"}
        body["auth"] = access_token
        token = cancel if cancel is not None else CancelToken()
        attempt = 1
        while True:
            answer = self._transport.post_json(url, body, token)
            try:
                return interpret(answer, secrets=(access_token,), clock=self._clock), answer.status
            except PortalError as exc:
                if exc.code not in RETRYABLE_CODES:
                    raise
                delay = self._backoff(attempt, exc.retry_after)
                if attempt >= self._max_attempts or delay is None:
                    raise _gave_up(exc, attempt) from None
            self._wait(delay, token)
            attempt += 1

    def _backoff(self, attempt: int, suggested: float | None) -> float | None:
        """Exponential back-off with equal jitter; None when the portal asks for longer."""
        if suggested is not None:
            return suggested if suggested <= self._max_backoff else None
        ceiling = min(self._max_backoff, self._base_backoff * 2.0 ** (attempt - 1))
        return ceiling / 2 + self._random() * ceiling / 2

    def _wait(self, seconds: float, cancel: CancelToken) -> None:
        if self._sleep is None:
            cancel.wait(seconds)
        else:
            self._sleep(seconds)
        cancel.raise_if_cancelled()


def _gave_up(exc: PortalError, attempts: int) -> PortalError:
    tried = "once" if attempts == 1 else f"{attempts} times"
    return PortalError(
        f"{exc.message} Tried {tried}.",
        code=exc.code,
        description=exc.description,
        http_status=exc.http_status,
        retry_after=exc.retry_after,
    )


def interpret(
    answer: HttpAnswer, *, secrets: tuple[str, ...] = (), clock: Callable[[], float] = time.time
) -> Any:
    """The ``result`` of one answer, or the typed error it stands for."""
    data = _decode(answer)
    error = data.get("error")
    if error not in (None, ""):
        raise _system_error(answer, data, error, secrets, clock)
    if not 200 <= answer.status < 300:
        raise NetworkError(
            f"The portal answered HTTP {answer.status} without a Bitrix24 error code; the request "
            "did not succeed. Check the portal address and try again later.",
            code="UNEXPECTED_ANSWER",
        )
    if "result" not in data:
        raise NetworkError(
            "The portal's answer has no result, so it is not treated as a success. Check the "
            "portal address.",
            code="UNEXPECTED_ANSWER",
        )
    return data["result"]


def nested_outcome(
    result: Any,
    http_status: int | None,
    *,
    secrets: tuple[str, ...] = (),
    action: str = "registration",
) -> RegisterOutcome:
    """Judge a nested ``{"result": bool, "error"?, "error_description"?}`` result
    (``imconnector.register`` / ``unregister``; ``action`` names the step in our texts)."""
    if isinstance(result, Mapping):
        code = result.get("error")
        if result.get("result") is True and code in (None, ""):
            return RegisterOutcome(ok=True, http_status=http_status)
        if result.get("result") is False or isinstance(code, str):
            code_text = code if isinstance(code, str) and code else "REGISTRATION_FAILED"
            info = bitrix_errors.business_error(code_text)
            if code_text == "REGISTRATION_FAILED":
                explanation = "The portal answered that it failed, without saying why."
            else:
                explanation = bitrix_errors.explain(code_text)
            return RegisterOutcome(
                ok=False,
                error=code_text,
                description=_text(result.get("error_description"), secrets),
                field=info.field if info is not None else None,
                explanation=explanation,
                http_status=http_status,
            )
    not_confirmed = (
        f"The portal's answer did not confirm the {action} (expected result.result = "
        "true), so it is not treated as a success. Check the portal's connector list."
    )
    return RegisterOutcome(
        ok=False,
        error="REGISTRATION_NOT_CONFIRMED",
        description=not_confirmed,  # no text from the portal: ours, never null
        field=None,
        explanation=not_confirmed,
        http_status=http_status,
    )


def _decode(answer: HttpAnswer) -> dict[str, Any]:
    status = answer.status
    if not answer.body.strip():
        raise NetworkError(
            f"The portal sent an empty answer (HTTP {status}). Try again later.",
            code="EMPTY_RESPONSE",
        )
    try:
        data = json.loads(answer.body)
    except (ValueError, RecursionError):
        if answer.content_type == "text/html" or _HTML_START.match(answer.body[:512]):
            raise NetworkError(
                f"The portal answered with a web page (HTTP {status}) instead of a REST answer: "
                "the portal or a proxy in front of it is failing, or the address is not a "
                "Bitrix24 portal. Try again later or check the address.",
                code="HTML_RESPONSE",
            ) from None
        raise NetworkError(
            f"The portal's answer (HTTP {status}) is not valid JSON; it may have been cut off. "
            "Nothing is treated as a success; try again.",
            code="INVALID_JSON",
        ) from None
    if not isinstance(data, dict):
        raise NetworkError(
            f"The portal's answer (HTTP {status}) is not a Bitrix24 REST answer.",
            code="UNEXPECTED_ANSWER",
        )
    return data


def _system_error(
    answer: HttpAnswer,
    data: Mapping[str, Any],
    error: object,
    secrets: tuple[str, ...],
    clock: Callable[[], float],
) -> B24Error:
    code = error if isinstance(error, str) else "UNKNOWN_ERROR"
    description = _text(data.get("error_description"), secrets)
    info = bitrix_errors.system_error_info(code)
    retry_after = _retry_after_header(answer)
    when = ""
    if info is not None and info.kind is ErrorKind.TIME_LIMIT:
        reset_at = _operating_reset_at(data)
        if reset_at is not None:
            retry_after = max(0.0, reset_at - clock())
            moment = datetime.fromtimestamp(reset_at, tz=UTC).strftime("%H:%M:%S UTC")
            when = f" It may be retried at {moment} (in about {retry_after:.0f} s)."
        elif retry_after is not None:
            when = f" It may be retried in about {retry_after:.0f} s."
    return bitrix_errors.system_error(
        code, description, http_status=answer.status, retry_after=retry_after, note=when
    )


def _text(value: object, secrets: tuple[str, ...]) -> str | None:
    if value is None or value == "":
        return None
    return scrub_text(str(value), secrets)[:2000]


def _number(value: object) -> float | None:
    """A finite number written as JSON number or text (a header, a PHP value), else None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _retry_after_header(answer: HttpAnswer) -> float | None:
    seconds = _number(answer.headers.get("retry-after", "").strip())
    return seconds if seconds is not None and 0 <= seconds < 86400 else None


def _operating_reset_at(data: Mapping[str, Any]) -> float | None:
    timing = data.get("time")
    return _number(timing.get("operating_reset_at")) if isinstance(timing, Mapping) else None
