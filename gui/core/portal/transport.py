"""The only module that does HTTP: one request out, raw bytes back, every failure typed.

The rules (DESIGN.md "Network") are enforced here, whoever the caller is:

* HTTPS only; ``http://`` only to loopback hosts, and the check happens before any socket opens;
* certificate verification is always on: the CA bundle is the one given to the constructor (an
  on-premise portal's own CA), else ``REQUESTS_CA_BUNDLE``, else ``SSL_CERT_FILE``, else certifi;
* ``session.trust_env`` is switched off, so a proxy from the environment or a password from
  ``~/.netrc`` is never picked up silently; the CA variables above are honoured explicitly;
* every request has a connect and a read timeout, plus a total deadline (connect + read) for the
  whole exchange that a server trickling its headers or body cannot extend: at the deadline the
  socket is shut down (:mod:`gui.core.portal.inflight`); the body is read with a size cap;
* Cancel shuts the socket down at once from the cancelling thread, so a cancelled request never
  holds the worker (or the next request) until its timeouts end;
* redirects are never followed: a 3xx becomes :class:`PortalMovedError` with the new address,
  and nothing is sent there (the body carries the token);
* exception messages are written here in plain words and never contain the request body.

The transport does not interpret answers; :mod:`gui.core.portal.rest` does.
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.structures import CaseInsensitiveDict

from gui.core.bounded_read import check_file_for_a_library
from gui.core.cancel import CancelToken
from gui.core.errors import InvalidInputError, NetworkError, OperationCancelled, PortalMovedError
from gui.core.portal.address import is_loopback_host
from gui.core.portal.inflight import Flight, make_abortable

DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 65.0
"""Bitrix24 cloud stops a request after 60 s; a little more lets its own error arrive."""
DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024
"""REST answers are a few KB; a body past this is not a Bitrix24 answer."""
_CHUNK = 64 * 1024
MAX_CA_BUNDLE_BYTES = 16 * 1024 * 1024
"""A CA bundle larger than this is not one (the whole Mozilla trust store is ~0.2 MB)."""
_USER_AGENT = "b24-connector-configurator"


@dataclass(frozen=True)
class HttpAnswer:
    """What came back: status, headers (case-insensitive), the whole body, and the URL asked."""

    status: int
    headers: Mapping[str, str] = field(repr=False)
    body: bytes = field(repr=False)
    url: str

    @property
    def content_type(self) -> str:
        """The media type in lower case, without parameters (``application/json``)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):g} MB"
    if count >= 1024:
        return f"{count / 1024:g} KB"
    return f"{count} bytes"


def check_url(url: str) -> str:
    """The URL's host; refuse (InvalidInputError, nothing sent) anything but https, or http to
    loopback."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - validates the port, raises ValueError
    except ValueError:
        raise InvalidInputError(
            "The address is not valid.", code="PORTAL_INVALID", field="portal"
        ) from None
    if "@" in parts.netloc:  # the only way a user name or password gets into a URL
        raise InvalidInputError(
            "The address must not contain a user name or password.",
            code="PORTAL_USERINFO",
            field="portal",
        )
    if not host:
        raise InvalidInputError("The address has no host.", code="PORTAL_INVALID", field="portal")
    scheme = parts.scheme.lower()
    if scheme == "https" or (scheme == "http" and is_loopback_host(host)):
        return host
    raise InvalidInputError(
        f"Refusing to send anything to {host} over {scheme or 'an unknown scheme'}: "
        "only https:// is allowed (plain http:// only for this computer).",
        code="HTTPS_REQUIRED",
        field="portal",
    )


class Transport:
    """POST JSON or a form to one URL and return an :class:`HttpAnswer`, or raise a typed error.

    Raises :class:`InvalidInputError` (refused before sending: not HTTPS, missing CA bundle),
    :class:`NetworkError` with codes ``TIMEOUT``, ``TLS_ERROR``, ``CONNECTION_FAILED``,
    ``CONNECTION_RESET``, ``INCOMPLETE_RESPONSE``, ``BAD_RESPONSE``, ``RESPONSE_TOO_LARGE``,
    ``UNEXPECTED_REDIRECT``, ``NETWORK_ERROR``,
    :class:`PortalMovedError` for a redirect, :class:`OperationCancelled` when cancelled.

    Pass a ``requests.Session`` to share connections; its ``trust_env`` is switched off. A
    transport that created its own session closes it in :meth:`close` (also a context manager).
    ``environ`` is where ``REQUESTS_CA_BUNDLE`` / ``SSL_CERT_FILE`` are looked up (default
    ``os.environ``, read once here). The whole exchange (connect, headers, body) has a total
    deadline of ``connect_timeout + read_timeout``, kept by a timer that shuts the socket down
    (``clock``, monotonic seconds, also checks it between body chunks). Cancelling the
    :class:`CancelToken` shuts the socket down at once, from the cancelling thread.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        ca_bundle: str | Path | None = None,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        read_timeout: float = DEFAULT_READ_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._owns_session = session is None
        self._session = session if session is not None else requests.Session()
        # Deliberate: no proxies from the environment, no ~/.netrc credentials. The CA bundle
        # variables requests would have read are honoured explicitly in _verify below.
        self._session.trust_env = False
        make_abortable(self._session)
        env = os.environ if environ is None else environ
        chosen = ca_bundle or env.get("REQUESTS_CA_BUNDLE") or env.get("SSL_CERT_FILE") or None
        self._ca_bundle: str | None = str(chosen) if chosen else None
        self._timeout = (connect_timeout, read_timeout)
        self._deadline_seconds = connect_timeout + read_timeout
        self._max_body_bytes = max_body_bytes
        self._clock = clock

    @property
    def ca_bundle(self) -> str | None:
        """The CA bundle certificates are checked against; None means certifi's bundle."""
        return self._ca_bundle

    def post_json(
        self, url: str, body: Mapping[str, Any], cancel: CancelToken | None = None
    ) -> HttpAnswer:
        """POST ``body`` as UTF-8 JSON (``Content-Type: application/json``)."""
        try:
            text = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        except (TypeError, ValueError):
            # NaN / Infinity (which json.loads accepts in a profile) or a non-JSON value.
            raise InvalidInputError(
                "The request contains a value that cannot be sent as JSON "
                "(NaN, Infinity or a non-JSON type). Nothing was sent.",
                code="INVALID_VALUE",
            ) from None
        data = text.encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8"}
        return self._send(url, data, headers, cancel)

    def post_form(
        self, url: str, form: Mapping[str, str], cancel: CancelToken | None = None
    ) -> HttpAnswer:
        """POST ``form`` URL-encoded (the OAuth server's token endpoint)."""
        encoded = urlencode(dict(form)).encode("ascii")
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        return self._send(url, encoded, headers, cancel)

    def close(self) -> None:
        """Close the session if this transport created it."""
        if self._owns_session:
            self._session.close()

    def __enter__(self) -> Transport:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _verify(self) -> str | bool:
        if self._ca_bundle is None:
            return True
        if not Path(self._ca_bundle).exists():
            raise InvalidInputError(
                f"The CA bundle {self._ca_bundle} does not exist. Choose the portal's "
                "certificate authority file again (or unset REQUESTS_CA_BUNDLE / SSL_CERT_FILE).",
                code="CA_BUNDLE_NOT_FOUND",
                field="ca_bundle",
            )
        # Never hand OpenSSL a FIFO or /dev/zero (it would wait or read forever).
        check_file_for_a_library(
            Path(self._ca_bundle),
            max_bytes=MAX_CA_BUNDLE_BYTES,
            what="a CA bundle",
            code_prefix="CA_BUNDLE",
            field="ca_bundle",
        )
        return self._ca_bundle

    def _send(
        self, url: str, data: bytes, headers: Mapping[str, str], cancel: CancelToken | None
    ) -> HttpAnswer:
        host = check_url(url)
        verify = self._verify()
        if cancel is not None:
            cancel.raise_if_cancelled()
        all_headers = {"Accept": "application/json", "User-Agent": _USER_AGENT, **headers}
        flight = Flight()
        timer = threading.Timer(self._deadline_seconds, flight.abort, args=("deadline",))
        timer.daemon = True
        forget = cancel.on_cancel(lambda: flight.abort("cancel")) if cancel is not None else None
        try:
            with flight:
                timer.start()
                answer = self._exchange(url, host, data, all_headers, verify, cancel)
            if flight.reason is not None:  # aborted after the last byte: the answer may be cut
                raise self._aborted(flight.reason, host)
        except Exception:
            if flight.reason is not None:
                raise self._aborted(flight.reason, host) from None
            raise
        finally:
            timer.cancel()
            if forget is not None:
                forget()
        if cancel is not None:
            cancel.raise_if_cancelled()
        return answer

    def _aborted(self, reason: str, host: str) -> Exception:
        if reason == "cancel":
            return OperationCancelled("Cancelled.", code="CANCELLED")
        return NetworkError(
            f"{host} did not finish answering within {self._deadline_seconds:g} s; gave up. "
            "The request may still have been processed; check before repeating it.",
            code="TIMEOUT",
        )

    def _exchange(
        self,
        url: str,
        host: str,
        data: bytes,
        headers: Mapping[str, str],
        verify: str | bool,
        cancel: CancelToken | None,
    ) -> HttpAnswer:
        started = self._clock()
        with _mapped_errors(host, self._timeout, in_body=False):
            response = self._session.post(
                url,
                data=data,
                headers=headers,
                timeout=self._timeout,
                verify=verify,
                allow_redirects=False,
                stream=True,
            )
        with response:
            if 300 <= response.status_code < 400:
                raise _moved(url, host, response)
            with _mapped_errors(host, self._timeout, in_body=True):
                body = self._read_capped(response, host, started, cancel)
            return HttpAnswer(
                status=response.status_code,
                headers=CaseInsensitiveDict(response.headers),
                body=body,
                url=url,
            )

    def _read_capped(
        self, response: requests.Response, host: str, started: float, cancel: CancelToken | None
    ) -> bytes:
        too_large = NetworkError(
            f"The answer from {host} is larger than {_size(self._max_body_bytes)}; "
            "that is not a Bitrix24 REST answer. Check the portal address.",
            code="RESPONSE_TOO_LARGE",
        )
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self._max_body_bytes:
            raise too_large
        chunks: list[bytes] = []
        size = 0
        while True:
            if cancel is not None:
                cancel.raise_if_cancelled()
            if self._clock() - started > self._deadline_seconds:
                raise NetworkError(
                    f"{host} is sending its answer too slowly; gave up after "
                    f"{self._deadline_seconds:g} s.",
                    code="TIMEOUT",
                )
            # read1 returns whatever has arrived, so the deadline is checked while a slow
            # server trickles its answer (each socket read is bounded by the read timeout).
            chunk = response.raw.read1(_CHUNK, decode_content=True)
            if not chunk:
                break
            size += len(chunk)
            if size > self._max_body_bytes:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)


def _moved(url: str, host: str, response: requests.Response) -> NetworkError:
    location = response.headers.get("location", "").strip()
    if not location:
        return NetworkError(
            f"{host} answered a redirect (HTTP {response.status_code}) without saying "
            "where to. Nothing was sent further.",
            code="UNEXPECTED_REDIRECT",
        )
    target = urljoin(url, location)
    parts = urlsplit(target)
    shown = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return PortalMovedError(
        f"The portal moved to {shown} (HTTP {response.status_code}). The request was not "
        "repeated there and no token was sent to it; if you trust the new address, enter it "
        "as the portal address and sign in again.",
        location=target,
    )


@contextmanager
def _mapped_errors(host: str, timeout: tuple[float, float], *, in_body: bool) -> Iterator[None]:
    """Translate requests / urllib3 / ssl / socket exceptions into :class:`NetworkError`.

    A connection lost while the body was being read is ``INCOMPLETE_RESPONSE`` (whether the
    peer closed or reset it: both cut the answer); lost before any answer, ``CONNECTION_RESET``.
    """
    try:
        yield
    except (requests.exceptions.SSLError, ssl.SSLError, urllib3.exceptions.SSLError) as exc:
        raise NetworkError(_tls_message(host, exc), code="TLS_ERROR") from exc
    except requests.exceptions.ConnectTimeout as exc:
        raise NetworkError(
            f"Could not connect to {host} within {timeout[0]:g} s. Check the address and "
            "your network; nothing was sent.",
            code="TIMEOUT",
        ) from exc
    except (
        requests.exceptions.ReadTimeout,
        urllib3.exceptions.ReadTimeoutError,
        TimeoutError,
    ) as exc:
        raise NetworkError(
            f"{host} did not answer within {timeout[1]:g} s. The request may still have been "
            "processed; check before repeating it (registering again is safe).",
            code="TIMEOUT",
        ) from exc
    except (urllib3.exceptions.DecodeError, requests.exceptions.ContentDecodingError) as exc:
        raise NetworkError(
            f"{host} sent a compressed answer that cannot be decompressed.", code="BAD_RESPONSE"
        ) from exc
    except (
        requests.exceptions.ChunkedEncodingError,
        urllib3.exceptions.ProtocolError,
        ConnectionResetError,
        ConnectionAbortedError,
    ) as exc:
        if in_body or _is_incomplete(exc):
            raise NetworkError(
                f"The connection to {host} broke off before the whole answer arrived. "
                "The request may still have been processed; check before repeating it.",
                code="INCOMPLETE_RESPONSE",
            ) from exc
        raise NetworkError(
            f"{host} closed the connection without answering. The request may still have "
            "been processed; check before repeating it.",
            code="CONNECTION_RESET",
        ) from exc
    except requests.exceptions.ConnectionError as exc:
        if _caused_by(exc, http.client.HTTPException) and not _caused_by(exc, ConnectionResetError):
            raise NetworkError(
                f"{host} did not answer with valid HTTP. Check the portal address and port.",
                code="BAD_RESPONSE",
            ) from exc
        if _caused_by(exc, urllib3.exceptions.ProtocolError, ConnectionResetError):
            raise NetworkError(
                f"{host} closed the connection without answering. The request may still have "
                "been processed; check before repeating it.",
                code="CONNECTION_RESET",
            ) from exc
        raise NetworkError(
            f"Could not connect to {host}. Check the portal address and your network; "
            "nothing was sent.",
            code="CONNECTION_FAILED",
        ) from exc
    except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
        raise NetworkError(
            f"The exchange with {host} failed ({type(exc).__name__}).", code="NETWORK_ERROR"
        ) from exc


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        item = todo.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        for attr in ("reason", "__cause__", "__context__"):
            nested = getattr(item, attr, None)
            if isinstance(nested, BaseException):
                todo.append(nested)
        todo.extend(arg for arg in item.args if isinstance(arg, BaseException))


def _caused_by(exc: BaseException, *kinds: type[BaseException]) -> bool:
    return any(isinstance(item, kinds) for item in _chain(exc))


def _is_incomplete(exc: BaseException) -> bool:
    return any(
        isinstance(item, urllib3.exceptions.IncompleteRead | urllib3.exceptions.InvalidChunkLength)
        or "IncompleteRead" in type(item).__name__
        for item in _chain(exc)
    )


def _tls_message(host: str, exc: BaseException) -> str:
    for item in _chain(exc):
        if isinstance(item, ssl.SSLCertVerificationError):
            reason = item.verify_message or "verification failed"
            return (
                f"The certificate of {host} could not be verified ({reason}). If this is an "
                "on-premise portal with its own certificate authority, choose its CA bundle "
                "in the settings. Nothing was sent."
            )
    return (
        f"A secure (TLS) connection to {host} could not be made. Check the address and, for an "
        "on-premise portal, its certificate and CA bundle."
    )
