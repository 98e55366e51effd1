"""International portal names are encoded the way browsers encode them (IDNA 2008 / UTS 46), not
with Python's IDNA 2003 codec: ``straße.example`` is ``xn--strae-oqa.example``, never
``strasse.example`` (another host, which would receive the token)."""

from __future__ import annotations

import json

import pytest
import requests

from gui.core.auth.tokens import SERVICE, StoredToken, TokenStore
from gui.core.errors import InvalidInputError
from gui.core.model.validation.connector_check import check_placement_handler
from gui.core.portal.address import PortalAddress
from tests.fixtures_keyring import MemoryKeyring


@pytest.mark.parametrize(
    ("typed", "host"),
    [
        ("straße.example", "xn--strae-oqa.example"),
        ("https://Straße.Example/rest/", "xn--strae-oqa.example"),
        ("faß.de", "xn--fa-hia.de"),
        ("https://bücher.example", "xn--bcher-kva.example"),
        ("https://σίσυφος.example", "xn--kxa6ajbbmh.example"),  # final ς kept (2003: σ)
        ("https://ΣΊΣΥΦΟΣ.example", "xn--kxa6akbbkh.example"),  # UTS 46 maps Σ to σ, not ς
        ("https://портал.рф", "xn--80awhdgm.xn--p1ai"),
        ("ｅｘａｍｐｌｅ。com", "example.com"),  # full-width letters and dot, mapped by UTS 46
        ("XN--STRAE-OQA.example", "xn--strae-oqa.example"),
        ("my--portal.example", "my--portal.example"),  # browsers do not check hyphens
    ],
)
def test_hosts_are_encoded_as_browsers_do(typed: str, host: str) -> None:
    address = PortalAddress.parse(typed)
    assert address.host == host
    assert address.host_key == host
    assert address.base_url == f"https://{host}"
    assert address.rest_url("app.info") == f"https://{host}/rest/app.info"


@pytest.mark.parametrize("typed", ["xn--zz.example", "a..b.example", "😀.example", "-x.example"])
def test_what_a_browser_refuses_is_a_clear_error_on_the_portal_field(typed: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        PortalAddress.parse(typed)
    assert caught.value.field == "portal"
    assert typed in caught.value.message


def test_requests_sends_to_the_same_host_the_program_shows() -> None:
    """requests encodes a Unicode URL with UTS 46 too: what we show is where the bytes go."""
    shown = PortalAddress.parse("https://straße.example").host
    prepared = requests.Request("POST", "https://straße.example/rest/app.info").prepare()
    assert prepared.url == f"https://{shown}/rest/app.info"


def test_the_token_store_key_is_the_browsers_host_not_idna_2003s(
    memory_keyring: MemoryKeyring,
) -> None:
    token = StoredToken.from_mapping(
        {
            "access_token": "a" * 20,
            "refresh_token": "r" * 20,
            "expires": 1_900_000_000,
            "client_id": "local.x",
            "client_secret": "s" * 20,
        }
    )
    store = TokenStore(memory_keyring)
    store.save("https://straße.example", token)
    assert list(memory_keyring.entries) == [(SERVICE, "xn--strae-oqa.example")]
    assert json.loads(memory_keyring.entries[(SERVICE, "xn--strae-oqa.example")])
    assert store.load("xn--strae-oqa.example") == token
    assert store.load("strasse.example") is None  # IDNA 2003's answer is another portal


def test_placement_handler_checks_see_the_host_the_browser_will_ask_for() -> None:
    codes = {problem.code for problem in check_placement_handler("https://ｅｘａｍｐｌｅ.com/x")}
    assert "URL_PLACEHOLDER" in codes
