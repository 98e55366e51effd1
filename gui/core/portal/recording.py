"""A transport wrapper that reports each request and answer, secrets masked, for a request log.

It sits between the REST/OAuth clients and the real :class:`~.transport.Transport` and changes
nothing on the wire. Entries are plain dicts (JSON-ready) handed to a sink callable on the calling
(worker) thread; the window's sink is a Qt signal, which carries them to the GUI thread.
Masking uses the core's :func:`~gui.core.secrets.redact` for keys and
:func:`~gui.core.secrets.scrub_text` for any secret value that appears in free text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from gui.core.cancel import CancelToken
from gui.core.secrets import SECRET_KEYS, redact, scrub_text

if TYPE_CHECKING:  # the transport imports requests; recording does not need it at run time
    from gui.core.portal.transport import HttpAnswer, Transport

RequestSink = Callable[[dict[str, Any]], None]
MAX_TEXT = 4000


def _secret_values(data: Mapping[str, Any]) -> list[str]:
    return [str(v) for k, v in data.items() if str(k).lower() in SECRET_KEYS and v]


def _answer_entry(answer: HttpAnswer, secrets: list[str], elapsed: float) -> dict[str, Any]:
    text = answer.body.decode("utf-8", errors="replace")
    shown: Any
    try:
        shown = redact(json.loads(text))
    except ValueError:
        shown = scrub_text(text[:MAX_TEXT], secrets)
    return {
        "direction": "response",
        "status": answer.status,
        "url": answer.url,
        "elapsed_ms": round(elapsed * 1000),
        "body": shown,
    }


class RecordingTransport:
    """Delegates ``post_json`` / ``post_form`` to ``inner`` and reports both sides to ``sink``."""

    def __init__(self, inner: Transport, sink: RequestSink) -> None:
        self._inner = inner
        self._sink = sink

    def post_json(
        self, url: str, body: Mapping[str, Any], cancel: CancelToken | None = None
    ) -> HttpAnswer:
        return self._send("post_json", "application/json", url, body, cancel)

    def post_form(
        self, url: str, form: Mapping[str, str], cancel: CancelToken | None = None
    ) -> HttpAnswer:
        return self._send("post_form", "application/x-www-form-urlencoded", url, form, cancel)

    def _send(
        self,
        method: str,
        content_type: str,
        url: str,
        body: Mapping[str, Any],
        cancel: CancelToken | None,
    ) -> HttpAnswer:
        secrets = _secret_values(body)
        self._sink(
            {
                "direction": "request",
                "method": "POST",
                "url": scrub_text(url, secrets),
                "content_type": content_type,
                "body": redact(dict(body)),
            }
        )
        started = time.monotonic()
        try:
            answer: HttpAnswer = getattr(self._inner, method)(url, body, cancel)
        except Exception as exc:
            self._sink(
                {
                    "direction": "error",
                    "url": scrub_text(url, secrets),
                    "elapsed_ms": round((time.monotonic() - started) * 1000),
                    "error": type(exc).__name__,
                    "message": scrub_text(str(getattr(exc, "message", exc)), secrets),
                }
            )
            raise
        self._sink(_answer_entry(answer, secrets, time.monotonic() - started))
        return answer

    def close(self) -> None:
        self._inner.close()
