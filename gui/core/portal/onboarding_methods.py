"""Typed wrappers for the REST methods after ``imconnector.register`` (BITRIX.md §5).

Each wrapper sends exactly the documented parameters and judges the answer strictly:
``imconnector.activate`` sends ``ACTIVE`` as ``1`` / ``0`` (never ``"N"``, which would activate),
``imconnector.status`` always passes ``LINE``, ``connector.data.set`` sends the whole ``DATA``
object, the line list is read page by page, and a flat ``true`` is required where the method
returns one. An answer that does not confirm the step raises :class:`PortalError`
(``NOT_CONFIRMED``) rather than passing as success.

The wrappers take a ``call(method, params)`` function, so the same code runs over a plain
:class:`~gui.core.portal.rest.RestClient` (:meth:`Onboarding.direct`) or over the authorised
session that refreshes an expired token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gui.core.cancel import CancelToken
from gui.core.errors import PortalError
from gui.core.i18n import _
from gui.core.portal.address import PortalAddress

if TYPE_CHECKING:  # the REST client imports requests; the window loads this before any call
    from gui.core.portal.rest import RegisterOutcome, RestClient

MESSAGE_ADD_EVENT = "OnImConnectorMessageAdd"
"""Without a handler for this event, no operator reply ever reaches the external channel."""
LINE_PAGE_SIZE = 50
"""Lines per ``imopenlines.config.list.get`` page (the server's default; at most 200)."""

Call = Callable[[str, Mapping[str, Any]], Any]
"""``call(method, params) -> result``: one REST call with the portal and token already bound."""


@dataclass(frozen=True)
class OpenLine:
    """An Open Line: its ``ID`` is the ``LINE`` of the connector methods."""

    id: str
    name: str
    active: bool
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_json(self) -> dict[str, Any]:
        """The ``lines`` command's shape."""
        return {"ID": self.id, "LINE_NAME": self.name, "ACTIVE": self.active}


@dataclass(frozen=True)
class ConnectorData:
    """The ``DATA`` object of ``imconnector.connector.data.set`` (sent whole)."""

    id: str
    url: str
    url_im: str
    name: str

    def to_params(self) -> dict[str, str]:
        return {"ID": self.id, "URL": self.url, "URL_IM": self.url_im, "NAME": self.name}


@dataclass(frozen=True)
class ConnectorStatus:
    """``imconnector.status`` of a connector on a line; ``ready`` only when STATUS is true."""

    line: str
    connector: str
    error: bool
    configured: bool
    status: bool

    @property
    def ready(self) -> bool:
        return self.status and not self.error


@dataclass(frozen=True)
class BoundEvent:
    """One of the app's event handlers, as ``event.get`` lists it (event names upper-case)."""

    event: str
    handler: str

    def is_for(self, event: str) -> bool:
        return self.event.upper() == event.upper()


def flag(value: object) -> bool:
    """Bitrix24 booleans: JSON true, "Y", 1, "1". Anything else (false, "N", "", None) is false."""
    return value is True or value in ("Y", "1") or (type(value) is int and value == 1)


def _not_confirmed(method: str, result: object) -> PortalError:
    shown = repr(result)[:80]
    return PortalError(
        _(
            "The portal did not confirm {method} (it answered {answer}); it is not treated as done."
        ).format(method=method, answer=shown),
        code="NOT_CONFIRMED",
    )


def already_bound(error: PortalError) -> bool:
    """``event.bind``'s "Handler already binded" (ERROR_CORE): the binding exists, so it is done."""
    text = f"{error.description or ''} {error.message}".lower()
    return error.code == "ERROR_CORE" and "already bind" in text


class Onboarding:
    """The onboarding methods over one ``call`` function (portal and token bound in it)."""

    def __init__(self, call: Call) -> None:
        self._call = call

    @classmethod
    def direct(
        cls,
        rest: RestClient,
        portal: PortalAddress,
        access_token: str,
        cancel: CancelToken | None = None,
    ) -> Onboarding:
        """Onboarding over a plain REST client (no automatic token refresh)."""
        return cls(lambda method, params: rest.call(portal, method, params, access_token, cancel))

    def _true(self, method: str, params: Mapping[str, Any]) -> None:
        result = self._call(method, params)
        if result is not True:
            raise _not_confirmed(method, result)

    # ------------------------------------------------------------------ the app
    def app_info(self) -> Mapping[str, Any]:
        """``app.info``: the app's record; ``INSTALLED`` says whether installation finished."""
        result = self._call("app.info", {})
        if not isinstance(result, Mapping):
            raise _not_confirmed("app.info", result)
        return result

    def scopes(self) -> tuple[str, ...]:
        """``scope``: the scopes the token's app was granted."""
        result = self._call("scope", {})
        if not isinstance(result, list):
            raise _not_confirmed("scope", result)
        return tuple(str(item) for item in result)

    # ------------------------------------------------------------------ Open Lines
    def list_lines(self, page_size: int = LINE_PAGE_SIZE) -> list[OpenLine]:
        """``imopenlines.config.list.get``: every line, page by page (``PARAMS.limit/offset``)."""
        method = "imopenlines.config.list.get"
        lines: dict[str, OpenLine] = {}
        offset = 0
        while True:
            params = {
                "select": ["ID", "LINE_NAME", "ACTIVE"],
                "order": {"ID": "ASC"},
                "limit": page_size,
                "offset": offset,
            }
            page = self._call(method, {"PARAMS": params})
            if not isinstance(page, list):
                raise _not_confirmed(method, page)
            new = [
                OpenLine(
                    str(item.get("ID", "")),
                    str(item.get("LINE_NAME") or ""),
                    flag(item.get("ACTIVE")),
                    item,
                )
                for item in page
                if isinstance(item, Mapping) and str(item.get("ID", "")) not in lines
            ]
            lines.update((line.id, line) for line in new)
            if len(page) < page_size or not new:  # the last page (or a server ignoring offset)
                return list(lines.values())
            offset += page_size

    def add_line(self, name: str) -> str:
        """``imopenlines.config.add``: a new active line named ``name``; returns its ID."""
        method = "imopenlines.config.add"
        result = self._call(method, {"PARAMS": {"LINE_NAME": name, "ACTIVE": "Y"}})
        if (
            isinstance(result, bool)
            or not isinstance(result, int | str)
            or not str(result).isdigit()
        ):
            raise _not_confirmed(method, result)
        return str(result)

    # ------------------------------------------------------------------ the connector
    def list_connectors(self) -> dict[str, str]:
        """``imconnector.list``: ``{connector_id: name}``, built-in connectors included."""
        result = self._call("imconnector.list", {})
        if isinstance(result, list) and not result:
            return {}  # PHP serialises an empty array as []
        if not isinstance(result, Mapping):
            raise _not_confirmed("imconnector.list", result)
        return {str(key): str(value) for key, value in result.items()}

    def activate(self, connector_id: str, line: str, active: bool = True) -> None:
        """``imconnector.activate`` with ``ACTIVE`` 1 or 0; flat ``true`` required."""
        params = {"CONNECTOR": connector_id, "LINE": line, "ACTIVE": 1 if active else 0}
        self._true("imconnector.activate", params)

    def set_data(self, connector_id: str, line: str, data: ConnectorData) -> None:
        """``imconnector.connector.data.set`` with the whole ``DATA`` object."""
        params = {"CONNECTOR": connector_id, "LINE": line, "DATA": data.to_params()}
        self._true("imconnector.connector.data.set", params)

    def status(self, connector_id: str, line: str) -> ConnectorStatus:
        """``imconnector.status`` (always with ``LINE``)."""
        method = "imconnector.status"
        result = self._call(method, {"CONNECTOR": connector_id, "LINE": line})
        if not isinstance(result, Mapping):
            raise _not_confirmed(method, result)
        return ConnectorStatus(
            line=str(result.get("LINE", line)),
            connector=str(result.get("CONNECTOR", connector_id)),
            error=flag(result.get("ERROR")),
            configured=flag(result.get("CONFIGURED")),
            status=flag(result.get("STATUS")),
        )

    def unregister(self, connector_id: str) -> RegisterOutcome:
        """``imconnector.unregister``: nested result like register; business errors returned."""
        from gui.core.portal.rest import nested_outcome

        result = self._call("imconnector.unregister", {"ID": connector_id})
        return nested_outcome(result, None, action="unregistration")

    def send_messages(
        self, connector_id: str, line: str, messages: Sequence[Mapping[str, Any]]
    ) -> list[Mapping[str, Any]]:
        """``imconnector.send.messages``: visitor messages into the line; one outcome each."""
        method = "imconnector.send.messages"
        params = {"CONNECTOR": connector_id, "LINE": line, "MESSAGES": list(messages)}
        result = self._call(method, params)
        if not isinstance(result, Mapping):
            raise _not_confirmed(method, result)
        if not flag(result.get("SUCCESS")):
            errors = result.get("ERRORS") or []
            text = "; ".join(
                str(e.get("message", e) if isinstance(e, Mapping) else e) for e in errors
            )
            if text:
                refusal = _("The portal did not take the message: {reason}.").format(reason=text)
            else:
                refusal = _("The portal did not take the message and gave no reason.")
            raise PortalError(refusal, code="MESSAGE_NOT_SENT")
        data = result.get("DATA")
        outcomes = data.get("RESULT") if isinstance(data, Mapping) else None
        return [item for item in outcomes or [] if isinstance(item, Mapping)]

    # ------------------------------------------------------------------ events
    def events(self) -> list[BoundEvent]:
        """``event.get``: the app's bound handlers."""
        result = self._call("event.get", {})
        if isinstance(result, Mapping) and not result:
            return []
        if not isinstance(result, list):
            raise _not_confirmed("event.get", result)
        return [
            BoundEvent(str(item.get("event", "")), str(item.get("handler", "")))
            for item in result
            if isinstance(item, Mapping)
        ]

    def bind_event(self, handler: str, event: str = MESSAGE_ADD_EVENT) -> bool:
        """``event.bind``; False when the handler was already bound ("already binded")."""
        try:
            self._true("event.bind", {"event": event, "handler": handler})
        except PortalError as error:
            if already_bound(error):
                return False
            raise
        return True

    def unbind_event(self, event: str, handler: str) -> int:
        """``event.unbind``: how many handlers were removed."""
        result = self._call("event.unbind", {"event": event, "handler": handler})
        count = result.get("count") if isinstance(result, Mapping) else None
        if isinstance(count, bool) or not isinstance(count, int):
            raise _not_confirmed("event.unbind", result)
        return count
