"""Event delivery: the POST Bitrix24 sends to a bound handler, and the record of each one.

A delivery is ``application/x-www-form-urlencoded`` with PHP nested keys (``event``,
``event_handler_id``, ``data[…]``, ``ts``, ``auth[…]`` with ``application_token`` and the
portal's ``domain``, no refresh token; BITRIX.md §5). The sandbox never sends anything off this
machine: a handler that is not on a loopback address (127.0.0.0/8, ::1, ``localhost``) or not
``http``/``https`` is not contacted, and its record says why. Every post has a connect and a read
timeout, follows no redirect and ignores proxy settings; its outcome (HTTP status or error, wall
time) becomes a :class:`DeliveryRecord`.
"""

from __future__ import annotations

import ipaddress
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import requests

from gui.sandbox.php_form import php_build_query

DEFAULT_TIMEOUT = (3.0, 10.0)
"""Seconds to connect, seconds to wait for the answer."""
MAX_ANSWER_BYTES = 64 * 1024


@dataclass(frozen=True)
class PendingDelivery:
    """An event about to be posted: to whom, and the nested form (``event``, ``data``…)."""

    event: str
    handler: str
    event_handler_id: int
    client_id: str
    form: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class DeliveryRecord:
    """One delivery as it went: ``status`` is the handler's HTTP status (None when nothing
    answered, then ``error`` says why), ``seconds`` the wall time of the post, ``time`` the
    portal's clock when it was sent, ``body`` exactly what was posted."""

    event: str
    handler: str
    event_handler_id: int
    client_id: str
    status: int | None
    seconds: float
    error: str | None
    time: float
    body: bytes = field(repr=False)

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    def summary(self) -> dict[str, Any]:
        """What ``sandbox-reply`` prints for it: ``handler``, ``status``, ``seconds``."""
        return {"handler": self.handler, "status": self.status, "seconds": round(self.seconds, 3)}


def refusal(handler: str) -> str | None:
    """Why the sandbox will not post to ``handler`` (None: it will)."""
    parts = urlsplit(handler)
    if parts.scheme.lower() not in ("http", "https"):
        return "UNSUPPORTED_PROTOCOL: only http and https handlers are called"
    host = (parts.hostname or "").lower()
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost" or host.endswith(".localhost")
    if not loopback:
        return f"NOT_LOOPBACK: the sandbox posts only to this machine, not to {host or '?'}"
    return None


def verify_setting(ca_bundle: str | None) -> bool | str:
    """``verify=`` for requests: the bundle given, else the environment's, else the system's."""
    environ = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("SSL_CERT_FILE")
    return ca_bundle or environ or True


def loopback_session() -> requests.Session:
    """A session that ignores proxy and .netrc settings: straight to the address given."""
    session = requests.Session()
    session.trust_env = False
    return session


class EventPoster:
    """Posts :class:`PendingDelivery` objects. ``ca_bundle`` verifies https handlers (default:
    ``REQUESTS_CA_BUNDLE`` / ``SSL_CERT_FILE``, else the system's store)."""

    def __init__(
        self,
        *,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        ca_bundle: str | None = None,
        timer: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.timeout = timeout
        self.ca_bundle = ca_bundle
        self._timer = timer

    def post(self, pending: PendingDelivery, now: float) -> DeliveryRecord:
        body = php_build_query(pending.form).encode("ascii")
        started = self._timer()
        status, error = None, refusal(pending.handler)
        if error is None:
            status, error = self._send(pending.handler, body)
        seconds = self._timer() - started
        return DeliveryRecord(
            pending.event,
            pending.handler,
            pending.event_handler_id,
            pending.client_id,
            status,
            seconds,
            error,
            now,
            body,
        )

    def _send(self, handler: str, body: bytes) -> tuple[int | None, str | None]:
        headers = {"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "Bitrix24"}
        with loopback_session() as session:
            try:
                with session.post(
                    handler,
                    data=body,
                    headers=headers,
                    timeout=self.timeout,
                    verify=verify_setting(self.ca_bundle),
                    allow_redirects=False,
                    stream=True,
                ) as answer:
                    answer.raw.read(MAX_ANSWER_BYTES)
                    return answer.status_code, None
            except requests.RequestException as exc:
                return None, f"{type(exc).__name__}: {exc}"[:300]
