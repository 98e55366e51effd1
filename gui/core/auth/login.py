"""The authorization-code login: a random ``state``, a loopback listener, or a pasted answer.

Bitrix24 redirects the browser to the redirect URI configured in the app with ``code``,
``state``, ``domain``, ``member_id``, ``scope`` and ``server_domain`` (BITRIX.md §3). Whether a
local app may redirect to ``http://127.0.0.1:PORT/`` is unconfirmed, so both ways are offered:

* :class:`LoopbackListener` listens on 127.0.0.1 only, accepts the redirect only when its
  ``state`` matches, shows a "you can close this tab" page and never logs the request line
  (it carries the code);
* :func:`parse_pasted` takes the redirected URL (state checked) or the bare code the user copied.

:func:`wait_for_authorization` waits on both at once. The code lives 30 seconds: the caller
exchanges it immediately.
"""

from __future__ import annotations

import html
import queue
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from gui.core.cancel import CancelToken
from gui.core.errors import AuthError, InvalidInputError, OperationCancelled
from gui.core.i18n import _, current_language

CALLBACK_PATH = "/b24-connector-configurator/callback"
DEFAULT_WAIT_SECONDS = 300.0
_BARE_CODE = re.compile(r"^[A-Za-z0-9._~-]{8,512}$")


def new_state() -> str:
    """An unguessable ``state`` value for one login (CSRF protection of the redirect)."""
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class AuthorizationResponse:
    """What the redirect carried. ``code`` is secret (hidden from repr) and lives 30 s."""

    code: str = field(repr=False)
    state: str | None = None
    domain: str = ""
    member_id: str = ""
    scope: str = ""
    server_domain: str = ""


def response_from_query(query: str, expected_state: str) -> AuthorizationResponse:
    """Check a redirect's query string: the state must match, then a code or an error."""
    # The first value of each parameter: a second one appended to the redirect changes nothing.
    params = {name: values[0] for name, values in parse_qs(query, keep_blank_values=True).items()}
    state = params.get("state", "")
    if not state or not secrets.compare_digest(state.encode(), expected_state.encode()):
        raise AuthError(
            _(
                "The answer does not belong to this login (its state does not match). Start the "
                "login again and use the newest browser tab."
            ),
            code="STATE_MISMATCH",
        )
    error = params.get("error", "")
    if error:
        description = params.get("error_description", "")
        if description:
            # Translators: {error} is the portal's code, {description} its own words.
            refusal = _(
                "The portal refused the authorization: {error} ({description}). Check that the "
                "app is installed and you may use it."
            ).format(error=error, description=description)
        else:
            refusal = _(
                "The portal refused the authorization: {error}. Check that the app is installed "
                "and you may use it."
            ).format(error=error)
        raise AuthError(
            refusal,
            code=error if re.fullmatch(r"[A-Za-z_]{1,64}", error) else "AUTHORIZATION_ERROR",
        )
    code = params.get("code", "")
    if not code:
        raise InvalidInputError(
            _(
                "The redirected address carries no code. Copy the whole address from the browser "
                "after it was redirected."
            ),
            code="NO_CODE",
        )
    details = {
        key: params.get(key, "") for key in ("domain", "member_id", "scope", "server_domain")
    }
    return AuthorizationResponse(code=code, state=state, **details)


def parse_pasted(text: str, expected_state: str) -> AuthorizationResponse:
    """A pasted redirected URL (its state must match) or a bare authorization code."""
    pasted = text.strip()
    if not pasted:
        raise InvalidInputError(_("Paste the redirected address or the code."), code="NO_CODE")
    if "://" in pasted or pasted.startswith("?") or "code=" in pasted:
        query = urlsplit(pasted).query if "://" in pasted else pasted.lstrip("?")
        return response_from_query(query, expected_state)
    if not _BARE_CODE.match(pasted):
        raise InvalidInputError(
            _("That is neither the redirected address nor an authorization code."), code="NO_CODE"
        )
    return AuthorizationResponse(code=pasted)


DONE_PAGE = """<!doctype html><html lang="{language}"><meta charset="utf-8">
<title>{title} — B24 Connector Configurator</title>
<body style="font-family: sans-serif; margin: 3em">
<h1>{title}</h1><p>{text}</p></body></html>"""


def _page(title: str, text: str) -> bytes:
    """The page the browser shows, in the user's language (``title`` and ``text`` translated)."""
    return DONE_PAGE.format(
        language=current_language(), title=html.escape(title), text=html.escape(text)
    ).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    """Answers the browser's redirect; never logs (the request line holds the code)."""

    server: _CallbackServer
    timeout = 10  # an idle preconnected socket must not hold a thread for long

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        if parts.path != CALLBACK_PATH:
            self._answer(404, _page(_("Not found"), _("This address is not part of the login.")))
            return
        try:
            result = response_from_query(parts.query, self.server.expected_state)
        except AuthError as exc:
            if exc.code == "STATE_MISMATCH":
                # Not ours (an old tab, or someone else's request): ignore it and keep waiting.
                self._answer(400, _page(_("Not this login"), exc.message))
                return
            text = _("{reason} You can close this tab.").format(reason=exc.message)
            self._answer(200, _page(_("Login failed"), text))
            self.server.results.put(exc)
            return
        except InvalidInputError as exc:
            self._answer(400, _page(_("Login failed"), exc.message))
            self.server.results.put(exc)
            return
        self._answer(
            200,
            _page(
                _("Signed in"),
                _(
                    "The configurator received the authorization. You can close this tab and "
                    "return to the program."
                ),
            ),
        )
        self.server.results.put(result)

    def _answer(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        del format, args


class _CallbackServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, expected_state: str, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.expected_state = expected_state
        self.results: queue.Queue[AuthorizationResponse | Exception] = queue.Queue()


class LoopbackListener:
    """An HTTP listener on 127.0.0.1 that captures the redirect for one login.

    Use as a context manager; :attr:`redirect_uri` is the address to configure in the app (or
    send with the authorize URL). Results arrive on :attr:`results`.
    """

    def __init__(self, expected_state: str, port: int = 0) -> None:
        try:
            self._server = _CallbackServer(expected_state, port)
        except OSError as exc:
            raise InvalidInputError(
                _(
                    "Cannot listen on 127.0.0.1:{port} ({reason}). Choose another port, or paste "
                    "the redirected address instead."
                ).format(port=port, reason=exc.strerror or type(exc).__name__),
                code="LISTENER_UNAVAILABLE",
                field="port",
            ) from None
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="login-listener",
            daemon=True,
        )
        self._started = False

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def redirect_uri(self) -> str:
        return f"http://127.0.0.1:{self.port}{CALLBACK_PATH}"

    @property
    def results(self) -> queue.Queue[AuthorizationResponse | Exception]:
        return self._server.results

    def start(self) -> LoopbackListener:
        if not self._started:
            self._thread.start()
            self._started = True
        return self

    def close(self) -> None:
        if self._started:
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()

    def __enter__(self) -> LoopbackListener:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def start_paste_reader(
    lines: Iterable[str],
    expected_state: str,
    results: queue.Queue[AuthorizationResponse | Exception],
    on_bad_paste: Callable[[str], None] | None = None,
) -> threading.Thread:
    """Read pasted lines on a daemon thread; the first usable one is put on ``results``.

    A line that is neither a redirected URL nor a code is reported to ``on_bad_paste`` and
    reading goes on; a state mismatch likewise (it may be an old tab's address).
    """

    def read() -> None:
        for line in lines:
            if not line.strip():
                continue
            try:
                results.put(parse_pasted(line, expected_state))
                return
            except (AuthError, InvalidInputError) as exc:
                if on_bad_paste is not None:
                    on_bad_paste(exc.message)
                if isinstance(exc, AuthError) and exc.code != "STATE_MISMATCH":
                    results.put(exc)
                    return

    thread = threading.Thread(target=read, name="login-paste-reader", daemon=True)
    thread.start()
    return thread


def wait_for_authorization(
    results: queue.Queue[AuthorizationResponse | Exception],
    *,
    timeout: float = DEFAULT_WAIT_SECONDS,
    cancel: CancelToken | None = None,
    clock: Callable[[], float] | None = None,
) -> AuthorizationResponse:
    """The first answer from the listener or the paste reader, or a timeout / cancel error."""
    now = clock or time.monotonic
    deadline = now() + timeout
    while True:
        if cancel is not None and cancel.cancelled:
            raise OperationCancelled(_("Login cancelled."), code="CANCELLED")
        remaining = deadline - now()
        if remaining <= 0:
            raise AuthError(
                _(
                    "No authorization arrived within {seconds} s. Run login again; if the "
                    "browser cannot reach this computer, paste the redirected address instead."
                ).format(seconds=f"{timeout:g}"),
                code="LOGIN_TIMEOUT",
            )
        try:
            item = results.get(timeout=min(remaining, 0.2))
        except queue.Empty:
            continue
        if isinstance(item, Exception):
            raise item
        return item
