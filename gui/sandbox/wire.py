"""What the sandbox receives and what it answers, independent of the HTTP server.

:class:`Incoming` is one parsed HTTP request; an :data:`Action` is what the server must do with
it: send a :class:`Response`, reset the connection (:class:`ResetConnection`) or wait and then act
(:class:`Delayed`). Keeping these plain values lets the portal's logic be tested without sockets
and keeps the server a thin loop.

Parameters are read the way the real server reads them: the query string, then the body (JSON,
or a form or multipart body with PHP-style ``ICON[DATA_IMAGE]`` keys) on top. A body that is not
valid JSON gives no parameters, as PHP's ``json_decode`` would. An ``Authorization: Bearer``
header is kept aside (:attr:`Params.bearer`): it is one more place a token may travel.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from gui.sandbox.php_form import multipart_fields, parse_php_form, php_nested

JSON_TYPE = "application/json; charset=utf-8"


def header_of(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value in ``headers``, matched case-insensitively."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


@dataclass(frozen=True)
class Incoming:
    """One HTTP request as the server read it. ``base_url`` is the serving server's own URL;
    ``peer`` the client's address ("" when unknown)."""

    method: str
    target: str
    headers: Mapping[str, str]
    body: bytes
    base_url: str
    peer: str = ""

    @property
    def path(self) -> str:
        """The path without the query string."""
        return urlsplit(self.target).path

    @property
    def query(self) -> str:
        """The raw query string ('' when there is none)."""
        return urlsplit(self.target).query

    def header(self, name: str) -> str | None:
        """A header's value, matched case-insensitively."""
        return header_of(self.headers, name)


@dataclass(frozen=True)
class Response:
    """Send this answer. ``declared_length`` larger than the body makes a short (cut) body."""

    status: int
    body: bytes = b""
    content_type: str = JSON_TYPE
    headers: tuple[tuple[str, str], ...] = ()
    declared_length: int | None = None


@dataclass(frozen=True)
class ResetConnection:
    """Drop the connection with a TCP reset, without answering."""


@dataclass(frozen=True)
class Delayed:
    """Wait ``seconds`` (or until the server stops), then do what ``then()`` returns."""

    seconds: float
    then: Callable[[], Action] = field(repr=False)


Action = Response | ResetConnection | Delayed


def json_response(
    status: int, payload: object, headers: tuple[tuple[str, str], ...] = ()
) -> Response:
    """A JSON answer the way the portal writes it (UTF-8, non-ASCII left as is)."""
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return Response(status=status, body=body, headers=headers)


def parse_body(incoming: Incoming) -> dict[str, Any]:
    """The body's parameters: a JSON object, a form or multipart fields; anything else gives
    none."""
    if not incoming.body:
        return {}
    full_type = incoming.header("Content-Type") or ""
    content_type = full_type.split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        return php_nested(multipart_fields(incoming.body, full_type))
    if content_type == "application/json":
        try:
            value = json.loads(incoming.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return {}
        return value if isinstance(value, dict) else {}
    if content_type in ("application/x-www-form-urlencoded", ""):
        try:
            return parse_php_form(incoming.body.decode("utf-8"))
        except UnicodeDecodeError:
            return {}
    return {}


@dataclass(frozen=True)
class Params:
    """All parameters of a request, which part of it carried them, and a Bearer token."""

    merged: dict[str, Any]
    query: dict[str, Any]
    body: dict[str, Any]
    bearer: str | None = None


def read_params(incoming: Incoming) -> Params:
    """Query parameters with the body's on top (the server's ``$_REQUEST`` plus JSON input)."""
    query = parse_php_form(incoming.query)
    body = parse_body(incoming)
    scheme, _, credentials = (incoming.header("Authorization") or "").strip().partition(" ")
    bearer = credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None
    return Params(merged={**query, **body}, query=query, body=body, bearer=bearer)
