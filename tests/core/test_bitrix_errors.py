"""The catalogue covers every code of BITRIX.md §1, §2 and §3 and classifies by code alone."""

from __future__ import annotations

import pytest

from gui.core.errors import AuthError, PortalError, TokenExpiredError
from gui.core.portal import error_catalogue as bitrix_errors
from gui.core.portal.error_catalogue import BUSINESS_ERRORS, SYSTEM_ERRORS, ErrorKind

REGISTER_BUSINESS_FIELDS = {
    "APPLICATION_REGISTRATION_ERROR_POINT": "ID",
    "CONNECTOR_ID_REQUIRED": "ID",
    "NAME_REQUIRED": "NAME",
    "ICON_REQUIRED": "ICON.DATA_IMAGE",
    "NO_APPLICATION_ID": None,
    "NO_PLACEMENT_HANDLER": "PLACEMENT_HANDLER",
    "APPLICATION_REGISTRATION_ERROR": None,
    "GENERAL_CONNECTOR_REGISTRATION_ERROR": None,
}
"""BITRIX.md §1: the eight business errors and the field each concerns."""

AUTH_CODES = [
    "WRONG_AUTH_TYPE",
    "NO_AUTH_FOUND",
    "invalid_token",
    "insufficient_scope",
    "user_access_error",
    "INVALID_CREDENTIALS",
    "APPLICATION_NOT_FOUND",
    "authorization_error",
]
PORTAL_CODES = [
    "ACCESS_DENIED",
    "INVALID_REQUEST",
    "ERROR_METHOD_NOT_FOUND",
    "ERROR_ARGUMENT",
    "QUERY_LIMIT_EXCEEDED",
    "OPERATION_TIME_LIMIT",
    "OVERLOAD_LIMIT",
    "INTERNAL_SERVER_ERROR",
    "ERROR_UNEXPECTED_ANSWER",
    "PORTAL_DELETED",
    "ERROR_BATCH_METHOD_NOT_ALLOWED",
    "ERROR_MANIFEST_IS_NOT_AVAILABLE",
]
"""BITRIX.md §2, every code (``expired_token`` is tested on its own)."""


@pytest.mark.parametrize(("code", "field"), REGISTER_BUSINESS_FIELDS.items())
def test_every_register_business_error_has_its_field_and_an_explanation(
    code: str, field: str | None
) -> None:
    info = bitrix_errors.business_error(code)
    assert info is not None
    assert info.field == field
    assert len(info.explanation) > 20
    assert bitrix_errors.explain(code) == info.explanation


def test_unregister_business_error_is_known() -> None:
    assert "APPLICATION_UNREGISTRATION_ERROR" in BUSINESS_ERRORS


def test_catalogue_has_every_system_code_of_the_reference() -> None:
    assert set(SYSTEM_ERRORS) == {*AUTH_CODES, *PORTAL_CODES, "expired_token"}


@pytest.mark.parametrize("code", AUTH_CODES)
@pytest.mark.parametrize("status", [401, 403, 400, 200])
def test_auth_codes_raise_auth_error_whatever_the_status(code: str, status: int) -> None:
    error = bitrix_errors.system_error(code, "server words", http_status=status)
    assert type(error) is AuthError
    assert error.code == code
    assert error.exit_code == 3


@pytest.mark.parametrize("status", [401, 403, 200])
def test_expired_token_raises_token_expired_whatever_the_status(status: int) -> None:
    error = bitrix_errors.system_error("expired_token", None, http_status=status)
    assert isinstance(error, TokenExpiredError)
    assert error.code == "expired_token"


@pytest.mark.parametrize("code", PORTAL_CODES)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 429, 500, 503])
def test_portal_codes_raise_portal_error_carrying_status_and_description(
    code: str, status: int
) -> None:
    error = bitrix_errors.system_error(code, "Описание", http_status=status, retry_after=3.0)
    assert type(error) is PortalError
    assert error.code == code
    assert error.http_status == status
    assert error.description == "Описание"
    assert error.retry_after == 3.0
    assert error.message.startswith(SYSTEM_ERRORS[code].explanation)
    assert "Описание" in error.message


def test_wrong_auth_type_explains_webhooks_cannot_register() -> None:
    text = bitrix_errors.explain("WRONG_AUTH_TYPE")
    assert "Webhooks cannot register connectors" in text
    assert "app" in text


def test_insufficient_scope_says_to_add_imopenlines() -> None:
    assert "imopenlines" in bitrix_errors.explain("insufficient_scope")


def test_rate_limit_kinds() -> None:
    assert SYSTEM_ERRORS["QUERY_LIMIT_EXCEEDED"].kind is ErrorKind.RATE_LIMIT
    assert SYSTEM_ERRORS["OVERLOAD_LIMIT"].kind is ErrorKind.RATE_LIMIT
    assert SYSTEM_ERRORS["OPERATION_TIME_LIMIT"].kind is ErrorKind.TIME_LIMIT


def test_explanations_are_distinct_per_code() -> None:
    texts = [info.explanation for info in SYSTEM_ERRORS.values()]
    assert len(set(texts)) == len(texts)


@pytest.mark.parametrize(
    "code", ["invalid_grant", "invalid_client", "invalid_scope", "PAYMENT_REQUIRED"]
)
def test_oauth_codes_are_explained(code: str) -> None:
    assert "does not know" not in bitrix_errors.explain(code)


def test_oauth_invalid_request_does_not_hide_the_rest_meaning() -> None:
    assert "HTTPS" in bitrix_errors.explain("INVALID_REQUEST")
    assert bitrix_errors.OAUTH_ERRORS["invalid_request"].explanation != bitrix_errors.explain(
        "INVALID_REQUEST"
    )


def test_lookup_falls_back_to_case_insensitive() -> None:
    error = bitrix_errors.system_error("EXPIRED_TOKEN", None, http_status=401)
    assert isinstance(error, TokenExpiredError)
    assert bitrix_errors.business_error("name_required") is BUSINESS_ERRORS["NAME_REQUIRED"]


@pytest.mark.parametrize("code", ["SOMETHING_NEW", ""])
def test_unknown_codes_become_portal_errors_with_an_honest_explanation(code: str) -> None:
    error = bitrix_errors.system_error(code, "text from the server", http_status=401)
    assert type(error) is PortalError
    assert error.code == (code or "UNKNOWN_ERROR")
    assert "does not know" in error.message
    assert "text from the server" in error.message
    assert bitrix_errors.business_error(code) is None
