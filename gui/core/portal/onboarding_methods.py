"""Typed wrappers for the onboarding steps after ``imconnector.register`` (BITRIX.md §5).

Each wrapper sends exactly the documented parameters and judges the answer strictly:
``imconnector.activate`` sends ``ACTIVE`` as ``1`` / ``0`` (never ``"N"``, which would activate),
``imconnector.status`` always passes ``LINE``, ``connector.data.set`` sends the whole ``DATA``
object, and a flat ``true`` is required where the method returns one. An answer that does not
confirm the step raises :class:`PortalError` (``NOT_CONFIRMED``) rather than passing as success.

The wrappers take a ``call(method, params)`` function, so the same code runs over a plain
:class:`~gui.core.portal.rest.RestClient` (:meth:`Onboarding.direct`) or over the authorised
client that refreshes an expired token.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from gui.core.cancel import CancelToken
from gui.core.errors import PortalError
from gui.core.portal.address import PortalAddress
from gui.core.portal.rest import RegisterOutcome, RestClient, nested_outcome

MESSAGE_ADD_EVENT = "OnImConnectorMessageAdd"
"""Without a handler for this event, no operator reply ever reaches the external channel."""

Call = Callable[[str, Mapping[str, Any]], Any]
"""``call(method, params) -> result``: one REST call with the portal and token already bound."""


@dataclass(frozen=True)
class OpenLine:
    """An Open Line: its ``ID`` is the ``LINE`` of the connector methods."""

    id: str
    name: str
    active: bool
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)


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


def _flag(value: object) -> bool:
    """Bitrix24 booleans: JSON true, "Y", 1. Anything else (false, "N", "", None) is false."""
    return value is True or value == "Y" or (type(value) is int and value == 1)


def _not_confirmed(method: str, result: object) -> PortalError:
    shown = repr(result)[:80]
    return PortalError(
        f"The portal did not confirm {method} (it answered {shown}); it is not treated as done.",
        code="NOT_CONFIRMED",
    )


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

    def list_lines(self) -> list[OpenLine]:
        """``imopenlines.config.list.get``: the Open Lines."""
        result = self._call("imopenlines.config.list.get", {})
        if not isinstance(result, list):
            raise _not_confirmed("imopenlines.config.list.get", result)
        return [
            OpenLine(
                id=str(item.get("ID", "")),
                name=str(item.get("LINE_NAME") or item.get("NAME") or ""),
                active=_flag(item.get("ACTIVE")),
                raw=item,
            )
            for item in result
            if isinstance(item, Mapping)
        ]

    def _confirmed(self, method: str, params: Mapping[str, Any]) -> None:
        """Call a method that answers a flat ``true``; anything else is not confirmation."""
        result = self._call(method, params)
        if result is not True:
            raise _not_confirmed(method, result)

    def activate(self, connector_id: str, line: str, active: bool = True) -> None:
        """``imconnector.activate`` with ``ACTIVE`` 1 or 0; flat ``true`` required."""
        params = {"CONNECTOR": connector_id, "LINE": line, "ACTIVE": 1 if active else 0}
        self._confirmed("imconnector.activate", params)

    def set_data(self, connector_id: str, line: str, data: ConnectorData) -> None:
        """``imconnector.connector.data.set`` with the whole ``DATA`` object."""
        params = {"CONNECTOR": connector_id, "LINE": line, "DATA": data.to_params()}
        self._confirmed("imconnector.connector.data.set", params)

    def status(self, connector_id: str, line: str) -> ConnectorStatus:
        """``imconnector.status`` (always with ``LINE``)."""
        method = "imconnector.status"
        result = self._call(method, {"CONNECTOR": connector_id, "LINE": line})
        if not isinstance(result, Mapping):
            raise _not_confirmed(method, result)
        return ConnectorStatus(
            line=str(result.get("LINE", line)),
            connector=str(result.get("CONNECTOR", connector_id)),
            error=_flag(result.get("ERROR")),
            configured=_flag(result.get("CONFIGURED")),
            status=_flag(result.get("STATUS")),
        )

    def list_connectors(self) -> dict[str, str]:
        """``imconnector.list``: ``{connector_id: name}`` of the portal's active connectors."""
        result = self._call("imconnector.list", {})
        if isinstance(result, list) and not result:
            return {}  # PHP serialises an empty array as []
        if not isinstance(result, Mapping):
            raise _not_confirmed("imconnector.list", result)
        return {str(key): str(value) for key, value in result.items()}

    def unregister(self, connector_id: str) -> RegisterOutcome:
        """``imconnector.unregister``: nested result like register; business errors returned."""
        result = self._call("imconnector.unregister", {"ID": connector_id})
        return nested_outcome(result, None, action="unregistration")

    def bind_event(self, handler: str, event: str = MESSAGE_ADD_EVENT) -> None:
        """``event.bind`` (default ``OnImConnectorMessageAdd``); ``true`` required."""
        self._confirmed("event.bind", {"event": event, "handler": handler})
