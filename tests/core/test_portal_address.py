"""What users paste as a portal address becomes a safe origin, or a clear error on ``portal``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gui.core.errors import InvalidInputError
from gui.core.portal.address import PortalAddress, is_loopback_host


@pytest.mark.parametrize(
    ("text", "base_url", "host_key"),
    [
        ("myportal.bitrix24.ru", "https://myportal.bitrix24.ru", "myportal.bitrix24.ru"),
        ("  MyPortal.Bitrix24.RU  ", "https://myportal.bitrix24.ru", "myportal.bitrix24.ru"),
        ("https://x.bitrix24.com/", "https://x.bitrix24.com", "x.bitrix24.com"),
        ("HTTPS://X.bitrix24.com", "https://x.bitrix24.com", "x.bitrix24.com"),
        ("https://x.bitrix24.com:443/", "https://x.bitrix24.com", "x.bitrix24.com"),
        ("https://x.bitrix24.de/rest/", "https://x.bitrix24.de", "x.bitrix24.de"),
        ("https://x.bitrix24.de/rest", "https://x.bitrix24.de", "x.bitrix24.de"),
        (
            "https://crm.example.com:8443/online/",
            "https://crm.example.com:8443",
            "crm.example.com:8443",
        ),
        ("portal.example.com.", "https://portal.example.com", "portal.example.com"),
        ("http://127.0.0.1:8080", "http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("http://127.0.0.1:8080/rest/", "http://127.0.0.1:8080", "127.0.0.1:8080"),
        ("http://localhost:5000", "http://localhost:5000", "localhost:5000"),
        ("http://[::1]:9000/", "http://[::1]:9000", "[::1]:9000"),
        ("https://127.0.0.1:8443", "https://127.0.0.1:8443", "127.0.0.1:8443"),
        ("http://127.0.0.1", "http://127.0.0.1", "127.0.0.1:80"),
        ("https://портал.рф", "https://xn--80awhdgm.xn--p1ai", "xn--80awhdgm.xn--p1ai"),
    ],
)
def test_accepts_what_users_paste(text: str, base_url: str, host_key: str) -> None:
    address = PortalAddress.parse(text)
    assert address.base_url == base_url
    assert address.host_key == host_key
    assert str(address) == base_url


def test_rest_url_appends_the_method() -> None:
    address = PortalAddress.parse("https://x.bitrix24.com/rest/")
    assert address.rest_url("imconnector.register") == (
        "https://x.bitrix24.com/rest/imconnector.register"
    )


@pytest.mark.parametrize("method", ["", "../oauth", "a b", "x?auth=1", "/imconnector.list"])
def test_rest_url_refuses_what_is_not_a_method_name(method: str) -> None:
    with pytest.raises(InvalidInputError):
        PortalAddress.parse("x.bitrix24.com").rest_url(method)


@pytest.mark.parametrize(
    ("text", "loopback"),
    [
        ("http://127.0.0.1:1", True),
        ("http://127.1.2.3:1", True),
        ("http://localhost:1", True),
        ("http://[::1]:1", True),
        ("https://x.bitrix24.com", False),
        ("https://10.0.0.1", False),
    ],
)
def test_is_loopback(text: str, loopback: bool) -> None:
    assert PortalAddress.parse(text).is_loopback is loopback


@pytest.mark.parametrize(
    "text",
    [
        "https://x.bitrix24.ru/rest/1/abcdef123456/",
        "https://x.bitrix24.ru/rest/1/abcdef123456/imconnector.register.json",
        "x.bitrix24.ru/rest/17/abcdef123456",
    ],
)
def test_webhook_url_is_refused_with_an_explanation_and_without_its_secret(text: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        PortalAddress.parse(text)
    error = caught.value
    assert error.field == "portal"
    assert error.code == "WEBHOOK_URL"
    assert "Webhooks cannot register connectors" in error.message
    assert "OAuth" in error.message
    assert "abcdef123456" not in error.message
    assert "abcdef123456" not in repr(error)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "PORTAL_EMPTY"),
        ("   ", "PORTAL_EMPTY"),
        ("http://x.bitrix24.ru", "HTTPS_REQUIRED"),
        ("http://10.0.0.1:8080", "HTTPS_REQUIRED"),
        ("http://localhost.evil.com", "HTTPS_REQUIRED"),
        ("http://127.0.0.1.nip.io", "HTTPS_REQUIRED"),
        ("https://user:pass@x.bitrix24.ru", "PORTAL_USERINFO"),
        ("https://user@x.bitrix24.ru", "PORTAL_USERINFO"),
        ("ftp://x.bitrix24.ru", "PORTAL_INVALID"),
        ("javascript:alert(1)", "PORTAL_INVALID"),
        ("x bitrix24.ru", "PORTAL_INVALID"),
        ("https://", "PORTAL_INVALID"),
        ("https://x.bitrix24.ru:99999", "PORTAL_INVALID"),
        ("https://x.bitrix24.ru:abc", "PORTAL_INVALID"),
        ("https://x.bitrix24.ru:0", "PORTAL_INVALID"),
        ("https://-bad-.example.com", "PORTAL_INVALID"),
        ("https://a..b", "PORTAL_INVALID"),
        ("https://x_y.example.com", "PORTAL_INVALID"),
        ("https://1.2.3", "PORTAL_INVALID"),
        ("<script>", "PORTAL_INVALID"),
    ],
)
def test_refuses_junk_and_unsafe_addresses(text: str, code: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        PortalAddress.parse(text)
    assert caught.value.code == code
    assert caught.value.field == "portal"
    assert caught.value.message


def test_userinfo_error_does_not_echo_the_password() -> None:
    with pytest.raises(InvalidInputError) as caught:
        PortalAddress.parse("https://admin:hunter2secret@x.bitrix24.ru")
    assert "hunter2secret" not in caught.value.message


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("LOCALHOST", True),
        ("[::1]", True),
        ("::1", True),
        ("127.0.0.1.example.com", False),
        ("0.0.0.0", False),
        ("192.168.1.1", False),
        ("example.com", False),
        ("", False),
    ],
)
def test_is_loopback_host_never_resolves_names(host: str, loopback: bool) -> None:
    assert is_loopback_host(host) is loopback


@given(st.text(max_size=60))
def test_anything_accepted_is_https_or_loopback_and_round_trips(text: str) -> None:
    try:
        address = PortalAddress.parse(text)
    except InvalidInputError as error:
        assert error.field == "portal"
        return
    assert address.scheme == "https" or address.is_loopback
    assert "@" not in address.base_url
    assert PortalAddress.parse(address.base_url) == address
    assert address.host == address.host.lower()
