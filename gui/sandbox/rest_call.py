"""What a REST method gets: :class:`CallContext` (who calls, with what) and the small helpers
every method uses (the server's key converter, business errors, required arguments).

A method takes the Open Lines state and a :class:`CallContext` and returns the ``result`` value,
or raises :class:`~gui.sandbox.system_errors.RestFailure` for a system error. Business errors are
ordinary results: ``{"result": false, "error": ..., "error_description": ...}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gui.sandbox.openlines import OpenLinesState
from gui.sandbox.system_errors import RestFailure
from gui.sandbox.tokens import SandboxApp


@dataclass(frozen=True)
class CallContext:
    """Who calls and with what.

    ``client_id`` is the calling app (None for a webhook); ``app`` is None when that app is no
    longer installed; ``install_finished`` is False while the rehearsal keeps its installation
    unfinished. ``params`` have their keys upper-cased like the server's converter does.
    ``expires_at`` is the access token's expiry (None for a webhook); ``base_url`` and
    ``member_id`` describe the portal; ``time`` is the portal's clock.
    """

    client_id: str | None
    user_id: int
    scope: tuple[str, ...]
    app: SandboxApp | None
    params: dict[str, Any]
    install_finished: bool = True
    expires_at: float | None = None
    base_url: str = ""
    member_id: str = ""
    time: float = 0.0

    @property
    def client(self) -> str:
        """The calling app's client_id (app-only methods never see a webhook)."""
        if self.client_id is None:
            raise RestFailure("WRONG_AUTH_TYPE")
        return self.client_id


RestHandler = Callable[[OpenLinesState, CallContext], Any]


@dataclass(frozen=True)
class RestMethod:
    """A method: its handler, the scope it needs (None: any token), and whether only an app may
    call it (a webhook gets 403 ``WRONG_AUTH_TYPE``)."""

    handler: RestHandler
    scope: str | None
    app_only: bool = True


def upper_keys(value: Any) -> Any:
    """Every object key upper-cased at every depth (the server's ``Converter``)."""
    if isinstance(value, dict):
        return {str(key).upper(): upper_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [upper_keys(item) for item in value]
    return value


def business_error(code: str, description: str) -> dict[str, Any]:
    return {"result": False, "error": code, "error_description": description}


def require(params: dict[str, Any], *names: str) -> None:
    """400 ``ERROR_ARGUMENT`` for the first argument that is missing, null or empty."""
    for name in names:
        if name not in params or params[name] is None or params[name] == "":
            raise RestFailure("ERROR_ARGUMENT", f"Argument '{name}' is null or empty")
