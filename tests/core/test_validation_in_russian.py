"""The profile's problems and help in Russian: the explanation is translated, while the codes,
the field names inside it, the user's own values and the JSON keys of ``validate --json`` stay
exactly as they are. English stays the default (tests/conftest.py pins it)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from gui.core.errors import InvalidInputError
from gui.core.i18n import set_language
from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import Connector, IconSpec, parse_profile_json
from gui.core.model.field_help import FIELD_HELP, help_for, tooltip_html
from gui.core.model.onboarding_plan import plan_problems
from gui.core.model.request_export import as_php
from gui.core.model.validation import Problem, validate_connector, validate_profile
from tests.conftest import russian_environ

ROOT = Path(__file__).resolve().parents[2]
GLYPH = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="9" fill="#fff"/></svg>'
)
GOOD = Connector(
    id="acme_chat",
    name="Acme Chat",
    icon=IconSpec(encode_data_image(GLYPH), "#69acc0", "90%", "center"),
    placement_handler="https://connector.acme-corp.com/settings",
)
CYRILLIC = set("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")


def is_russian(text: str) -> bool:
    return len(CYRILLIC & set(text.lower())) >= 5


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


@pytest.mark.usefixtures("russian")
def test_a_required_parameter_is_explained_in_russian_naming_its_field() -> None:
    problem = only(validate_connector(replace(GOOD, name="0"), check_render=False), "NAME_REQUIRED")
    assert problem.field == "NAME"
    assert problem.message == (
        "Поле NAME пустое (сервер считает «0» пустым значением). "
        "Укажите название канала, которое увидят пользователи."
    )


@pytest.mark.usefixtures("russian")
def test_russian_counts_take_their_plural_form_and_the_code_names_the_field() -> None:
    problem = only(
        validate_connector(replace(GOOD, id="a_" * 128), check_render=False), "ID_TOO_LONG"
    )
    assert problem.message.startswith("Длина поля ID — 256 символов; портал хранит не более 255.")
    long_url = "https://connector.acme-corp.com/" + "x" * 240
    url = only(
        validate_connector(replace(GOOD, placement_handler=long_url), check_render=False),
        "URL_LONG",
    )
    assert url.message.startswith("Длина поля PLACEMENT_HANDLER — 272 символа;")


@pytest.mark.usefixtures("russian")
def test_an_icon_problem_is_russian_with_its_parameter_path_and_the_users_value() -> None:
    icon = IconSpec(data_image="<svg/>", color="rgb(1,2)")
    problems = validate_connector(replace(GOOD, icon=icon), check_render=False)
    raw = only(problems, "DATA_IMAGE_RAW_SVG")
    assert raw.field == "ICON.DATA_IMAGE"
    assert raw.message.startswith("В поле ICON.DATA_IMAGE — SVG-разметка как есть.")
    color = only(problems, "CSS_INVALID")
    assert color.field == "ICON.COLOR"
    assert color.message.startswith(
        "Поле ICON.COLOR — недопустимое значение CSS (цвет): rgb() принимает три значения"
    )


def test_memoised_icon_findings_follow_a_language_switch() -> None:
    """The icon checks are memoised per value; a switch of language must not replay the old
    language's words (the window switches language while the same icon stays)."""
    icon = IconSpec(data_image="data:image/png;base64,AAAA")
    connector = replace(GOOD, icon=icon)
    english = only(validate_connector(connector, check_render=False), "DATA_IMAGE_NOT_SVG")
    set_language("ru")
    try:
        russian = only(validate_connector(connector, check_render=False), "DATA_IMAGE_NOT_SVG")
    finally:
        set_language("en")
    again = only(validate_connector(connector, check_render=False), "DATA_IMAGE_NOT_SVG")
    assert english.message.startswith('ICON.DATA_IMAGE is a "image/png" data URI')
    assert russian.message.startswith("Поле ICON.DATA_IMAGE — data URI типа «image/png»")
    assert again == english


@pytest.mark.usefixtures("russian")
def test_raw_json_types_are_named_in_russian() -> None:
    problems = validate_profile(
        {**GOOD.to_profile(), "CHAT_GROUP": "N", "COMMENT": 5}, check_render=False
    )
    flag = only(problems, "FLAG_NOT_BOOLEAN")
    assert flag.field == "CHAT_GROUP"
    assert flag.message.startswith("Поле CHAT_GROUP — текст «N», который Битрикс24 может прочитать")
    comment = only(problems, "NOT_TEXT")
    assert (
        comment.message
        == "Поле COMMENT должно быть текстом в двойных кавычках; сейчас это число 5."
    )
    twice = only(
        validate_profile({**GOOD.to_profile(), "name": "x"}, check_render=False), "DUPLICATE_KEY"
    )
    assert twice.message.startswith("NAME и name — один и тот же параметр (NAME);")


@pytest.mark.usefixtures("russian")
def test_onboarding_problems_are_russian_and_keep_event_names() -> None:
    problems = plan_problems({"LINE": "x", "EVENTS": {"OnImConnectorMessageAdd": "ftp://x"}})
    assert problems == [
        ("ONBOARDING.LINE", "LINE_NOT_AN_ID", "Поле LINE — ID открытой линии, целое число."),
        (
            "ONBOARDING.EVENTS.HANDLER",
            "HANDLER_URL_INVALID",
            "OnImConnectorMessageAdd: Обработчик должен быть URL-адресом http:// или https:// "
            "(ERROR_UNSUPPORTED_PROTOCOL).",
        ),
    ]


def test_field_help_is_in_the_language_of_the_moment_not_of_the_import() -> None:
    english = FIELD_HELP["CHAT_GROUP"].tooltip
    set_language("ru")
    try:
        russian = FIELD_HELP["CHAT_GROUP"]
        every_entry = list(FIELD_HELP.values())
        html = tooltip_html("PLACEMENT_HANDLER")
        unknown = help_for("FUTURE").tooltip
    finally:
        set_language("en")
    assert "external chat id" in english
    assert FIELD_HELP["CHAT_GROUP"].tooltip == english  # back in English after the switch
    assert russian.label == "Групповые чаты"
    assert russian.tooltip.endswith("По умолчанию: выключено.")
    assert russian.default == "false"  # a JSON literal, never translated
    assert [entry.path for entry in every_entry] == list(FIELD_HELP)  # the same paths
    assert all(is_russian(entry.tooltip + entry.details) for entry in every_entry)
    assert "<b>URL страницы настроек</b> (PLACEMENT_HANDLER)" in html
    assert unknown.startswith("FUTURE — не параметр imconnector.register.")


@pytest.mark.usefixtures("russian")
def test_profile_file_errors_are_russian_and_the_exported_code_is_not() -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_profile_json("{")
    assert caught.value.code == "PROFILE_NOT_JSON"
    assert caught.value.message.startswith("Профиль — некорректный JSON (строка 1, столбец 2:")
    with pytest.raises(InvalidInputError) as export:
        as_php(replace(GOOD, extra={"X": math.inf}))
    assert export.value.message.startswith("В профиле есть бесконечное или нечисловое значение")
    assert "// $b24Service: a Bitrix24 PHP SDK service" in as_php(GOOD)  # code stays code


def run_validate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "bad.json"
    profile.write_text(
        json.dumps(
            {
                "ID": "Acme.Chat",
                "NAME": "0",
                "ICON": {"DATA_IMAGE": "<svg/>"},
                "PLACEMENT_HANDLER": "http://localhost/settings",
                "CHAT_GROUP": "N",
            }
        ),
        encoding="utf-8",
    )
    return subprocess.run(
        [sys.executable, "-m", "gui", "validate", str(profile), "--no-render", *args],
        capture_output=True,
        text=True,
        env=russian_environ(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_validate_in_a_russian_shell_explains_in_russian_with_codes_and_fields_as_is(
    tmp_path: Path,
) -> None:
    done = run_validate(tmp_path)
    lines = done.stdout.splitlines()
    assert done.returncode == 2
    fields = [line.split(": ", 2)[1] for line in lines]
    assert fields == [
        "ID",
        "ID",
        "NAME",
        "ICON.DATA_IMAGE",
        "PLACEMENT_HANDLER",
        "ICON_DISABLED.DATA_IMAGE",
        "CHAT_GROUP",
    ]
    assert lines[0].endswith(
        ": ID: Поле ID содержит точку, которую портал не принимает "
        "(APPLICATION_REGISTRATION_ERROR_POINT). Используйте вместо неё подчёркивание. "
        "[ID_HAS_DOT]"
    )
    assert all(is_russian(line.split(": ", 2)[2]) for line in lines)
    assert "«acme.chat»" in lines[1]  # the ID as it will be sent, the user's own text


def test_validate_json_in_a_russian_shell_keeps_its_keys_and_codes(tmp_path: Path) -> None:
    done = run_validate(tmp_path, "--json")
    problems = json.loads(done.stdout)
    assert done.returncode == 2
    assert {tuple(sorted(problem)) for problem in problems} == {
        ("code", "field", "message", "severity")
    }
    assert [p["code"] for p in problems] == [
        "ID_HAS_DOT",
        "ID_UPPER_CASE",
        "NAME_REQUIRED",
        "DATA_IMAGE_RAW_SVG",
        "URL_NOT_HTTPS",
        "ICON_DISABLED_FALLBACK",
        "FLAG_NOT_BOOLEAN",
    ]
    assert {p["severity"] for p in problems} == {"error", "warning"}
    assert all(is_russian(p["message"]) for p in problems)
