"""PHP's view of request data, both ways: nested form keys, multipart fields, ``empty()``.

The portal is PHP: ``ICON[DATA_IMAGE]=…`` in a query string, a form body or a multipart body
becomes ``{"ICON": {"DATA_IMAGE": …}}`` (:func:`php_nested`), and what it posts to event handlers
is built the same way in reverse (:func:`php_build_query`, PHP's ``http_build_query``: ``true`` is
``1``, ``false`` is ``0``, ``null`` is left out). :func:`php_array` is how ``json_encode`` writes a
PHP array: a list when its keys are 0..n-1, ``[]`` when empty, an object otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl, urlencode

_PHP_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])+)$")
_PHP_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


def php_nested(pairs: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Key/value pairs as PHP stores them: ``A[B]=1`` becomes ``{"A": {"B": "1"}}``.

    ``A[]=x`` appends under the next integer key (as a string), like PHP's array push.
    """
    result: dict[str, Any] = {}
    for key, value in pairs:
        match = _PHP_KEY.match(key)
        if match is None:
            result[key] = value
            continue
        path = [match.group(1), *_PHP_SEGMENT.findall(match.group(2))]
        node = result
        for depth, segment in enumerate(path):
            name = str(len(node)) if segment == "" else segment
            if depth == len(path) - 1:
                node[name] = value
                break
            child = node.get(name)
            if not isinstance(child, dict):
                child = {}
                node[name] = child
            node = child
    return result


def parse_php_form(text: str) -> dict[str, Any]:
    """A query string or form body as PHP reads it (see :func:`php_nested`)."""
    return php_nested(parse_qsl(text, keep_blank_values=True))


def multipart_fields(body: bytes, content_type: str) -> list[tuple[str, str]]:
    """The text fields of a ``multipart/form-data`` body (files go to PHP's ``$_FILES``, not
    to the parameters, so they are left out); [] when the body cannot be parsed."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not message.is_multipart():
        return []
    fields: list[tuple[str, str]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and part.get_filename() is None and isinstance(payload, bytes):
            fields.append((name, payload.decode("utf-8", "replace")))
    return fields


def php_form_pairs(value: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """``http_build_query``'s pairs for a nested mapping (lists are indexed 0..n-1)."""
    pairs: list[tuple[str, str]] = []
    for key, item in value.items():
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(item, list | tuple):
            item = {str(index): element for index, element in enumerate(item)}
        if isinstance(item, Mapping):
            pairs.extend(php_form_pairs(item, name))
        elif item is not None:
            text = ("1" if item else "0") if isinstance(item, bool) else str(item)
            pairs.append((name, text))
    return pairs


def php_build_query(value: Mapping[str, Any]) -> str:
    """PHP's ``http_build_query``: the form body Bitrix24 posts to event handlers."""
    return urlencode(php_form_pairs(value))


def php_empty(value: object) -> bool:
    """PHP's ``empty()``: missing, None, False, 0, 0.0, "", "0" and empty arrays are empty."""
    if value is None or value is False:
        return True
    if isinstance(value, str):
        return value in ("", "0")
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, list | tuple | dict):
        return len(value) == 0
    return False


def php_intval(value: object) -> int:
    """PHP's ``(int)``: the leading integer of a string, 0 when there is none."""
    if isinstance(value, bool | int):
        return int(value)
    if isinstance(value, float):
        return int(value)
    match = re.match(r"\s*[+-]?\d+", value) if isinstance(value, str) else None
    return int(match.group()) if match else 0


def php_array(mapping: Mapping[str, Any]) -> list[Any] | dict[str, Any]:
    """How ``json_encode`` writes a PHP array with these keys."""
    if list(mapping) == [str(index) for index in range(len(mapping))]:
        return list(mapping.values())
    return dict(mapping)
