"""The current ``imconnector.register`` request as curl, PHP or JavaScript, to copy and paste.

Each snippet has the shape the Bitrix24 docs use on the method's page (reference
``imconnector.register.txt``), so an integrator recognises it: curl with ``-X POST``, JSON headers
and the whole body in ``-d``, the token as ``"auth"`` inside the body; the PHP SDK's
``$b24Service->core->call``; the JavaScript ``BX24.callMethod`` (or the newer ``$b24.callMethod``).

A real token never appears: the body carries the docs' placeholder ``**put_access_token_here**``
and the PHP and JavaScript forms leave authorisation to the SDK. Every value is quoted for its
language by code, never by hand, so any text — an apostrophe in ``NAME``, a ``$`` or a line
break in ``COMMENT`` — yields a snippet that pastes and runs as it reads.
"""

from __future__ import annotations

import json
import math
import re
import shlex
from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple

from gui.core.errors import InvalidInputError
from gui.core.i18n import _
from gui.core.model.connector import Connector
from gui.core.model.validation.shared_rules import CONTROL_CHARACTERS, is_valid_text

METHOD = "imconnector.register"
TOKEN_PLACEHOLDER = "**put_access_token_here**"  # noqa: S105 - the docs' placeholder, not a secret
"""What the docs write where the access token goes; the user pastes theirs in its place."""
PORTAL_PLACEHOLDER_URL = f"https://**put_your_bitrix24_address**/rest/{METHOD}"
"""The docs' URL when no (valid) portal address is known."""

_INDENT = "    "
_JS_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
_JS_RESERVED = frozenset(
    {"break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete"}
    | {"do", "else", "export", "extends", "false", "finally", "for", "function", "if"}
    | {"import", "in", "instanceof", "new", "null", "return", "super", "switch", "this"}
    | {"throw", "true", "try", "typeof", "var", "void", "while", "with", "yield", "let"}
    | {"static", "enum", "await", "implements", "package", "protected", "interface"}
    | {"private", "public"}
)


def request_body(connector: Connector) -> dict[str, Any]:
    """The JSON body sent to the portal, with the token placeholder as ``auth``."""
    return {**connector.to_profile(), "auth": TOKEN_PLACEHOLDER}


def _rest_url(portal_url: str | None) -> str:
    if not portal_url or not portal_url.strip():
        return PORTAL_PLACEHOLDER_URL
    from gui.core.portal.address import PortalAddress

    try:
        return PortalAddress.parse(portal_url).rest_url(METHOD)
    except InvalidInputError:
        # The window shows the address's own problem beside its field; the export stays usable.
        return PORTAL_PLACEHOLDER_URL


def _json_text(value: Any, *, indent: int | None = 4) -> str:
    """JSON that keeps non-ASCII text readable, unless a lone surrogate forces ``\\uXXXX``."""
    try:
        text = json.dumps(value, ensure_ascii=False, indent=indent, allow_nan=False)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(value, ensure_ascii=True, indent=indent, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        raise InvalidInputError(
            _(
                "The profile holds a value that cannot be written as JSON, so it cannot be "
                "exported."
            ),
            code="EXPORT_BAD_VALUE",
        ) from None
    return text


def as_curl(connector: Connector, portal_url: str | None) -> str:
    """A curl command that sends the request; ``portal_url`` fills in the address when valid.

    The body goes in single quotes as in the docs; an apostrophe inside a value is closed,
    escaped and reopened (``'\\''``) by :func:`shlex.quote`, so the shell hands curl the exact
    JSON for any value.
    """
    body = _json_text(request_body(connector))
    lines = [
        "curl -X POST \\",
        '-H "Content-Type: application/json" \\',
        '-H "Accept: application/json" \\',
        f"-d {shlex.quote(body)} \\",
        shlex.quote(_rest_url(portal_url)),
    ]
    return "\n".join(lines) + "\n"


# ----------------------------------------------------------- literals, PHP and JavaScript alike


def _number(value: int | float) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInputError(
            _("The profile holds a number that is not finite; it cannot be exported."),
            code="EXPORT_BAD_VALUE",
        )
    return json.dumps(value)


class _Syntax(NamedTuple):
    """How PHP or JavaScript writes a string, a map's key with its separator, a map's brackets."""

    string: Callable[[str], str]
    key: Callable[[str], str]
    map_brackets: tuple[str, str]


def _literal(value: Any, depth: int, syntax: _Syntax) -> str:
    """``value`` as a literal of ``syntax``'s language, one item a line, indented by ``depth``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _number(value)
    if isinstance(value, str):
        return syntax.string(value)
    inner = _INDENT * (depth + 1)
    if isinstance(value, Mapping):
        opening, closing = syntax.map_brackets
        items = [
            f"{inner}{syntax.key(str(key))}{_literal(item, depth + 1, syntax)},"
            for key, item in value.items()
        ]
    elif isinstance(value, list | tuple):
        opening, closing = "[", "]"
        items = [f"{inner}{_literal(item, depth + 1, syntax)}," for item in value]
    else:
        raise InvalidInputError(
            _("The profile holds a {type}, which cannot be exported.").format(
                type=type(value).__name__
            ),
            code="EXPORT_BAD_VALUE",
        )
    if not items:
        return opening + closing
    return opening + "\n" + "\n".join(items) + f"\n{_INDENT * depth}{closing}"


# ----------------------------------------------------------------------------- PHP


def _php_string(text: str) -> str:
    """A PHP string literal: single quotes when that is exact, else double quotes with escapes."""
    if not CONTROL_CHARACTERS.search(text) and is_valid_text(text):
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    out: list[str] = []
    for ch in text:
        code = ord(ch)
        if ch in '\\"$':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\u{" + f"{code:x}" + "}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def as_php(connector: Connector) -> str:
    """The PHP SDK call from the docs; the SDK service carries the app's OAuth token."""
    params = _literal(connector.to_profile(), 1, _PHP)
    return (
        "// $b24Service: a Bitrix24 PHP SDK service built with the app's OAuth token\n"
        f"// ({TOKEN_PLACEHOLDER}); a webhook cannot call {METHOD}.\n"
        "$result = $b24Service->core->call(\n"
        f"{_INDENT}{_php_string(METHOD)},\n"
        f"{_INDENT}{params}\n"
        ");\n"
    )


# ----------------------------------------------------------------------------- JavaScript


def _js_string(text: str) -> str:
    """A single-quoted JavaScript string literal, exact for any text.

    A JSON string is a JavaScript literal; it is re-quoted the way the docs write JavaScript
    (``\\"`` → ``"``, ``'`` → ``\\'``: in JSON text a backslash always starts a pair and ``'`` is
    never escaped, so neither replacement can meet an escape), and ``</`` becomes ``<\\/`` so
    that ``</script>`` in a value cannot end a pasted ``<script>`` block early.
    """
    quoted = _json_text(text, indent=None)[1:-1]
    return "'" + quoted.replace('\\"', '"').replace("'", "\\'").replace("</", "<\\/") + "'"


def _js_key(key: str) -> str:
    return key if _JS_IDENTIFIER.match(key) and key not in _JS_RESERVED else _js_string(key)


_PHP = _Syntax(_php_string, lambda key: f"{_php_string(key)} => ", ("[", "]"))
_JS = _Syntax(_js_string, lambda key: f"{_js_key(key)}: ", ("{", "}"))


def as_js(connector: Connector, *, sdk: Literal["bx24", "b24jssdk"] = "bx24") -> str:
    """The JavaScript call from the docs: ``BX24.callMethod`` in an app page (the default), or
    the newer ``$b24.callMethod`` (``sdk="b24jssdk"``). Both use the app's own token."""
    if sdk == "b24jssdk":
        payload = _literal(connector.to_profile(), 0, _JS)
        return (
            f"const payload = {payload};\n"
            f"const response = await $b24.callMethod({_js_string(METHOD)}, payload);\n"
            "console.log(response.getData());\n"
        )
    params = _literal(connector.to_profile(), 1, _JS)
    return (
        "BX24.callMethod(\n"
        f"{_INDENT}{_js_string(METHOD)},\n"
        f"{_INDENT}{params},\n"
        f"{_INDENT}function(result) {{\n"
        f"{_INDENT}{_INDENT}console.log(result.data());\n"
        f"{_INDENT}}}\n"
        ");\n"
    )


__all__ = [
    "METHOD",
    "PORTAL_PLACEHOLDER_URL",
    "TOKEN_PLACEHOLDER",
    "as_curl",
    "as_js",
    "as_php",
    "request_body",
]
