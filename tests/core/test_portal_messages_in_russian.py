"""The portal, auth and onboarding messages in Russian: every explanation of the error catalogue,
counted retries with Russian's three plural forms, the address rules, the checklist. Codes,
fields and the portal's own words never change with the language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from gui.core import i18n
from gui.core.application.onboarding import checklist_of
from gui.core.errors import AuthError, InvalidInputError, PortalError
from gui.core.portal import error_catalogue
from gui.core.portal.address import PortalAddress
from gui.core.portal.error_catalogue import BUSINESS_ERRORS, OAUTH_ERRORS, SYSTEM_ERRORS
from tests.core.test_rest_client_unit import PORTAL, TOKEN, client, system

CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
EVERY_ENTRY = [
    *BUSINESS_ERRORS.items(),
    *SYSTEM_ERRORS.items(),
    *OAUTH_ERRORS.items(),
]


@pytest.fixture
def russian() -> Iterator[None]:
    """This test's messages in Russian; English again afterwards, for the rest of the suite."""
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


@pytest.mark.usefixtures("russian")
@pytest.mark.parametrize(("code", "info"), EVERY_ENTRY, ids=[code for code, _ in EVERY_ENTRY])
def test_every_explanation_of_the_catalogue_is_russian(
    code: str, info: error_catalogue.BusinessErrorInfo | error_catalogue.SystemErrorInfo
) -> None:
    assert CYRILLIC.search(info.explanation), info.explanation
    assert info.explanation != info.message  # the English source is kept apart
    for word in re.findall(r"\b(?:imopenlines|imconnector|BX24\.\w+)\b", info.message):
        assert word in info.explanation  # names the user types stay as they are


def test_the_explanation_follows_a_language_chosen_after_import() -> None:
    info = BUSINESS_ERRORS["NAME_REQUIRED"]
    assert info.explanation == "The connector name is empty. Enter a name."
    i18n.set_language("ru")
    try:
        assert info.explanation == "Название коннектора пустое. Введите название."
        assert error_catalogue.explain("NAME_REQUIRED") == info.explanation
    finally:
        i18n.set_language("en")
    assert info.explanation == "The connector name is empty. Enter a name."


@pytest.mark.usefixtures("russian")
def test_a_system_error_keeps_its_code_and_quotes_the_portal_as_it_sent_it() -> None:
    error = error_catalogue.system_error("insufficient_scope", "scope needed", http_status=401)

    assert type(error) is AuthError
    assert error.code == "insufficient_scope"
    assert error.message.startswith("У приложения нет права (scope) «imopenlines».")
    assert error.message.endswith("(Портал: scope needed)")


@pytest.mark.usefixtures("russian")
def test_an_unknown_code_is_named_in_the_russian_sentence() -> None:
    assert error_catalogue.explain("BRAND_NEW").startswith(
        "Портал отказал с кодом BRAND_NEW, который этой программе неизвестен."
    )


@pytest.mark.usefixtures("russian")
@pytest.mark.parametrize(
    ("attempts", "said"),
    [(2, "Сделано 2 попытки."), (4, "Сделано 4 попытки."), (5, "Сделано 5 попыток.")],
)
def test_retries_are_counted_with_russian_plural_forms(attempts: int, said: str) -> None:
    limit = system(503, "QUERY_LIMIT_EXCEEDED", "Too many requests")
    rest, _transport, _sleep = client(*[limit] * attempts, max_attempts=attempts)

    with pytest.raises(PortalError) as caught:
        rest.call(PORTAL, "m", {}, TOKEN)

    assert caught.value.code == "QUERY_LIMIT_EXCEEDED"
    assert caught.value.message.startswith("Сейчас к этому порталу слишком много запросов.")
    assert "(Портал: Too many requests)" in caught.value.message
    assert caught.value.message.endswith(said)


@pytest.mark.usefixtures("russian")
def test_the_address_rules_speak_russian_and_keep_code_and_field() -> None:
    with pytest.raises(InvalidInputError) as caught:
        PortalAddress.parse("http://portal.example")

    assert (caught.value.code, caught.value.field) == ("HTTPS_REQUIRED", "portal")
    assert caught.value.message.startswith("К порталу нужно обращаться по https://.")


@pytest.mark.usefixtures("russian")
def test_the_checklist_says_what_is_missing_in_russian() -> None:
    checklist = checklist_of(
        "acme_chat", "1", False, False, False, ["OnImConnectorMessageAdd"], True
    )

    assert [(p.error, p.field, p.description) for p in checklist.problems] == [
        (
            "CONNECTOR_NOT_REGISTERED",
            "ID",
            "acme_chat не зарегистрирован на портале: зарегистрируйте его.",
        ),
        ("NOT_ACTIVE", "ONBOARDING.LINE", "acme_chat не активен на линии 1: активируйте его."),
        (
            "EVENTS_NOT_BOUND",
            "ONBOARDING.EVENTS.HANDLER",
            "Не привязано событие "
            "OnImConnectorMessageAdd. Привяжите его к обработчику вашего коннектора.",
        ),
    ]
    assert checklist.to_json()["problems"][0]["error"] == "CONNECTOR_NOT_REGISTERED"
