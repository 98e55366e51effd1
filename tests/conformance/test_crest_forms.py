"""CRest-style calls: PHP's ``http_build_query`` form with ``auth`` in the query string.

CRest (the official PHP helper) posts ``http_build_query($params)`` to
``<client_endpoint><method>.json``; nested arrays become ``ICON[DATA_IMAGE]=…`` and booleans
``1`` / ``0``. The encoder here is the test's own, written from PHP's documented behaviour, so
the sandbox's parser is not checked against itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

import requests

from tests.conformance.conftest import DOCS_EXAMPLE
from tests.fixtures_sandbox import RunningSandbox


def http_build_query(params: dict[str, Any], prefix: str = "") -> str:
    """PHP's ``http_build_query``: nested keys, ``true`` → ``1``, ``false`` → ``0``."""
    parts = []
    for key, value in params.items():
        name = f"{prefix}[{key}]" if prefix else key
        if isinstance(value, dict):
            parts.append(http_build_query(value, name))
        else:
            text = str(int(value)) if isinstance(value, bool) else str(value)
            parts.append(f"{quote_plus(name)}={quote_plus(text)}")
    return "&".join(parts)


def php_view(params: dict[str, Any]) -> dict[str, Any]:
    """What PHP holds after reading that form back: every scalar a string."""
    return {
        key: php_view(value)
        if isinstance(value, dict)
        else str(int(value))
        if isinstance(value, bool)
        else str(value)
        for key, value in params.items()
    }


def test_crest_registers_exactly_the_docs_example(tls_sandbox: RunningSandbox) -> None:
    token = tls_sandbox.ready_token()["access_token"]
    answer = requests.post(
        f"{tls_sandbox.rest_url('imconnector.register')}.json?auth={token}",
        data=http_build_query(DOCS_EXAMPLE),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        verify=str(tls_sandbox.ca_bundle),
        timeout=(5, 10),
    )
    assert (answer.status_code, answer.json()["result"]) == (200, {"result": True})
    (sent,) = tls_sandbox.portal.received.rest_calls("imconnector.register")
    assert sent.auth_in_url is True and sent.auth == token
    assert b"ICON%5BDATA_IMAGE%5D=" in sent.body and b"CHAT_GROUP=0" in sent.body
    assert tls_sandbox.portal.connectors == {"myconnector": php_view(DOCS_EXAMPLE)}


def test_the_docs_json_example_registers_with_its_types(tls_sandbox: RunningSandbox) -> None:
    token = tls_sandbox.ready_token()["access_token"]
    answer = requests.post(
        tls_sandbox.rest_url("imconnector.register"),
        json={**DOCS_EXAMPLE, "auth": token},
        verify=str(tls_sandbox.ca_bundle),
        timeout=(5, 10),
    )
    assert answer.json()["result"] == {"result": True}
    assert tls_sandbox.portal.connectors == {"myconnector": DOCS_EXAMPLE}
