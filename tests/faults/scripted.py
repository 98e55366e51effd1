"""Scripted faults for the sandbox: the next request(s) answer the way a broken network or proxy
would.

``portal.script_next(InvalidJson(), Delay(3))`` queues them (the sandbox's hook,
:mod:`gui.sandbox.scripted`); each incoming request of the matching kind takes the first one
queued for it. A fault turns the request into an :data:`~gui.sandbox.wire.Action` through
``fault.action(proceed)``, where ``proceed()`` is the normal answer (only :class:`Delay` ever calls
it: the others never reach the portal's logic, so they have no side effects). They live with the
tests, not in the program: only tests and benchmarks script faults.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from gui.sandbox.scripted import ProceedFn
from gui.sandbox.system_errors import RestFailure
from gui.sandbox.wire import JSON_TYPE, Action, Delayed, ResetConnection, Response

TEN_MEGABYTES = 10 * 1024 * 1024


class Fault:
    """Base of every fault; ``name`` is what the request record shows."""

    name: ClassVar[str] = "fault"

    def action(self, proceed: ProceedFn) -> Action:
        raise NotImplementedError


@dataclass(frozen=True)
class HtmlPage(Fault):
    """A proxy's HTML error page (default 502 Bad Gateway)."""

    name: ClassVar[str] = "html_page"
    status: int = 502

    def action(self, proceed: ProceedFn) -> Action:
        html = (
            f"<html><head><title>{self.status} Bad Gateway</title></head>"
            f"<body><center><h1>{self.status} Bad Gateway</h1></center>"
            "<hr><center>nginx</center></body></html>"
        )
        return Response(self.status, html.encode("ascii"), content_type="text/html")


@dataclass(frozen=True)
class HugeBody(Fault):
    """A 200 answer of ``size`` bytes (default 10 MB) that starts like JSON."""

    name: ClassVar[str] = "huge_body"
    size: int = TEN_MEGABYTES

    def action(self, proceed: ProceedFn) -> Action:
        head, tail = b'{"result": "', b'"}'
        filler = max(0, self.size - len(head) - len(tail))
        return Response(200, head + b"x" * filler + tail)


@dataclass(frozen=True)
class InvalidJson(Fault):
    """A 200 answer labelled JSON that is not JSON."""

    name: ClassVar[str] = "invalid_json"
    body: bytes = b"{result: true, <b>Fatal error</b>"

    def action(self, proceed: ProceedFn) -> Action:
        return Response(200, self.body)


@dataclass(frozen=True)
class TruncatedJson(Fault):
    """A 200 answer whose JSON stops half-way (the Content-Length matches what is sent)."""

    name: ClassVar[str] = "truncated_json"
    body: bytes = b'{"result": {"result": tr'

    def action(self, proceed: ProceedFn) -> Action:
        return Response(200, self.body)


@dataclass(frozen=True)
class ShortBody(Fault):
    """Content-Length promises more than is sent, then the connection closes."""

    name: ClassVar[str] = "short_body"
    body: bytes = b'{"result": {"result": tr'
    declared_length: int = 200

    def action(self, proceed: ProceedFn) -> Action:
        return Response(
            200, self.body, declared_length=max(self.declared_length, len(self.body) + 1)
        )


@dataclass(frozen=True)
class EmptyBody(Fault):
    """An answer with no body at all (default status 200, labelled JSON)."""

    name: ClassVar[str] = "empty_body"
    status: int = 200

    def action(self, proceed: ProceedFn) -> Action:
        return Response(self.status, b"", content_type=JSON_TYPE)


@dataclass(frozen=True)
class Delay(Fault):
    """Answer after ``seconds`` (real seconds, or until the server stops).

    ``then`` is answered after the wait instead of the normal answer, e.g.
    ``Delay(3, then=ConnectionReset())``.
    """

    name: ClassVar[str] = "delay"
    seconds: float = 3.0
    then: Fault | None = None

    def action(self, proceed: ProceedFn) -> Action:
        follow = self.then
        if follow is None:
            return Delayed(self.seconds, proceed)
        return Delayed(self.seconds, lambda: follow.action(proceed))


@dataclass(frozen=True)
class ConnectionReset(Fault):
    """The connection is reset (TCP RST) instead of an answer."""

    name: ClassVar[str] = "connection_reset"

    def action(self, proceed: ProceedFn) -> Action:
        return ResetConnection()


@dataclass(frozen=True)
class Redirect(Fault):
    """A redirect (default 302) to ``location``, as a portal whose address changed answers."""

    name: ClassVar[str] = "redirect"
    location: str = "https://moved.example.invalid/"
    status: int = 302

    def action(self, proceed: ProceedFn) -> Action:
        return Response(
            self.status, b"", content_type="text/html", headers=(("Location", self.location),)
        )


@dataclass(frozen=True)
class SystemErrorReply(Fault):
    """A top-level system error; the status defaults to the one in BITRIX.md §2.

    ``extra`` adds keys to the body (say ``{"time": {"operating_reset_at": ...}}`` for a 429);
    ``retry_after`` adds a ``Retry-After`` header (seconds).
    """

    name: ClassVar[str] = "system_error"
    code: str = "INTERNAL_SERVER_ERROR"
    status: int | None = None
    description: str | None = None
    extra: Mapping[str, Any] | None = None
    retry_after: int | None = None

    def action(self, proceed: ProceedFn) -> Action:
        headers = () if self.retry_after is None else (("Retry-After", str(self.retry_after)),)
        failure = RestFailure(
            self.code, self.description, self.status, extra=self.extra, headers=headers
        )
        return failure.response()


@dataclass(frozen=True)
class LateAnswer(Fault):
    """Does the work now (an OAuth refresh rotates the pair at once), answers ``seconds`` later:
    the window in which a client has lost its old refresh token but not yet got the new one.
    ``arrived`` (optional) is called when the request comes in."""

    name: ClassVar[str] = "late_answer"
    seconds: float = 0.3
    arrived: Callable[[], None] | None = None

    def action(self, proceed: ProceedFn) -> Action:
        if self.arrived is not None:
            self.arrived()
        answer = proceed()
        return Delayed(self.seconds, lambda: answer)
