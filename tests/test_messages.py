"""The message catalogue: every message translated into every language, placeholders intact,
the language chosen the way gettext users expect, and the CLI speaking it."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from gui.core import i18n

ROOT = Path(__file__).resolve().parents[1]


def _messages_tool():
    spec = importlib.util.spec_from_file_location("messages_tool", ROOT / "scripts" / "messages.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messages_tool = _messages_tool()


@pytest.fixture
def russian():
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


def test_every_message_in_the_code_is_translated_in_every_language() -> None:
    template = messages_tool.extract()
    assert len(template) > 0
    catalogues = messages_tool.po_files()
    assert {path.parts[-3] for path in catalogues} >= set(i18n.LANGUAGES) - {"en"}
    problems = [
        problem
        for path in catalogues
        for problem in messages_tool.problems(template, messages_tool.read(path))
    ]
    advice = "… run: python scripts/messages.py update, then translate"
    assert problems == [], "\n".join([*problems[:40], advice])


def test_the_check_finds_a_lost_placeholder_an_empty_and_a_fuzzy_translation() -> None:
    template = Catalog()
    template.add("Hello {name}")
    template.add("Bye")
    template.add("Later")
    template.add(("{n} file", "{n} files"))
    catalog = Catalog(locale="ru")
    catalog.add("Hello {name}", "Привет {имя}")
    catalog.add("Bye", "")
    catalog.add("Later", "Позже", flags=["fuzzy"])
    catalog.add(("{n} file", "{n} files"), ("{n} файл", "{n} файла"))
    catalog.add("Gone", "Ушло")
    found = "\n".join(messages_tool.problems(template, catalog))
    assert "placeholders ['имя']" in found
    assert "'Bye': empty or fuzzy" in found
    assert "'Later': empty or fuzzy" in found
    assert "2 plural forms, 3 needed" in found
    assert "'Gone' is no longer in the code" in found


def test_every_language_is_compiled_for_the_program_to_read() -> None:
    for code in set(i18n.LANGUAGES) - {"en"}:
        mo = i18n.locale_dir() / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
        assert mo.is_file(), f"{mo} missing: python scripts/messages.py compile"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "ru:en", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),
        ({"LC_MESSAGES": "ru_RU", "LANG": "de_DE.UTF-8"}, "ru"),
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANGUAGE": "de:ru"}, "ru"),
        ({"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}, "en"),
    ],
)
def test_the_language_follows_the_system_variables_in_gettext_order(environ, expected) -> None:
    assert i18n.choose_language(None, environ) == expected


def test_the_chosen_language_wins_over_the_system() -> None:
    assert i18n.choose_language("en", {"LANG": "ru_RU.UTF-8"}) == "en"
    assert i18n.choose_language("ru", {"LANG": "en_US.UTF-8"}) == "ru"
    assert i18n.choose_language("xx", {"LANG": "ru_RU.UTF-8"}) == "ru"


@pytest.mark.usefixtures("russian")
def test_russian_plurals_take_all_three_forms() -> None:
    forms = [i18n.ngettext("{n} error", "{n} errors", n).format(n=n) for n in (1, 3, 5, 21, 11)]
    assert forms == ["1 ошибка", "3 ошибки", "5 ошибок", "21 ошибка", "11 ошибок"]


def test_the_cli_speaks_the_users_language_and_keeps_its_codes(tmp_path: Path) -> None:
    profile = tmp_path / "empty.json"
    profile.write_text("{}", encoding="utf-8")
    command = [sys.executable, "-m", "gui", "validate", str(profile), "--no-render"]
    russian = subprocess.run(
        command, capture_output=True, text=True, env={"LANG": "ru_RU.UTF-8", "PATH": "/usr/bin"},
        timeout=60, cwd=ROOT, check=False,
    )
    english = subprocess.run(
        command, capture_output=True, text=True, env={"LANG": "C.UTF-8", "PATH": "/usr/bin"},
        timeout=60, cwd=ROOT, check=False,
    )
    assert "ошибки" in russian.stderr
    assert "errors" in english.stderr
    assert "[NAME_REQUIRED]" in russian.stdout
    assert russian.returncode == english.returncode == 2
