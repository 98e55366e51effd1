"""``imopenlines.config.list.get`` and ``imopenlines.config.add`` (BITRIX.md §5, step 2).

Neither is app-only: a webhook may call them. ``config.list.get`` reads ``PARAMS`` the way the
server's ORM does: ``select`` (field names, ``*`` for all), ``order`` (``{FIELD: ASC|DESC}``),
``filter`` (``{FIELD: value}``, ``!FIELD`` for "not"), ``limit`` (default 50, at most 200) and
``offset``; anything of the wrong shape is 400 ``INVALID_FORMAT``.
"""

from __future__ import annotations

from typing import Any

from gui.sandbox.openlines import OpenLinesState
from gui.sandbox.php_form import php_intval
from gui.sandbox.rest_call import CallContext
from gui.sandbox.system_errors import RestFailure

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


def _bad(what: str) -> RestFailure:
    return RestFailure("INVALID_FORMAT", f"{what} has an invalid format", 400)


def _object(params: dict[str, Any], name: str) -> dict[str, Any]:
    value = params.get(name, {})
    if not isinstance(value, dict):
        raise _bad(name)
    return value


def _count(params: dict[str, Any], name: str, default: int) -> int:
    value = params.get(name, default)
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise _bad(name)
    return php_intval(value)


def _sort_key(value: Any) -> tuple[int, Any]:
    text = str(value)
    return (0, int(text)) if text.isdigit() else (1, text)


def config_list(state: OpenLinesState, call: CallContext) -> Any:
    """``imopenlines.config.list.get``: the Open Lines (their ID is the connector's LINE)."""
    params = call.params.get("PARAMS") or {}
    if not isinstance(params, dict):
        raise _bad("PARAMS")
    lines = [dict(line) for line in state.lines]
    for key, wanted in _object(params, "FILTER").items():
        negate, field = key.startswith("!"), key.lstrip("!=").upper()
        lines = [line for line in lines if (str(line.get(field)) == str(wanted)) != negate]
    for field, direction in reversed(list(_object(params, "ORDER").items())):
        if str(direction).upper() not in ("ASC", "DESC"):
            raise _bad("order")
        descending = str(direction).upper() == "DESC"
        lines.sort(key=lambda line: _sort_key(line.get(field.upper())), reverse=descending)
    offset = _count(params, "OFFSET", 0)
    lines = lines[offset : offset + min(_count(params, "LIMIT", DEFAULT_LIMIT), MAX_LIMIT)]
    select = params.get("SELECT", ["*"])
    if isinstance(select, dict):  # a form body's select[]=…
        select = list(select.values())
    if not isinstance(select, list) or not all(isinstance(name, str) for name in select):
        raise _bad("select")
    if "*" in select:
        return lines
    fields = [name.upper() for name in select]
    return [{name: line[name] for name in fields if name in line} for line in lines]


def config_add(state: OpenLinesState, call: CallContext) -> Any:
    """``imopenlines.config.add``: the new line's integer ID."""
    params = call.params.get("PARAMS") or {}
    if not isinstance(params, dict):
        raise _bad("PARAMS")
    return state.add_line(params)
