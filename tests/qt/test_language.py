"""View → Language: the languages offered, the choice kept in the settings and applied at the next
start before any widget exists, the restart that keeps the form, and Qt's own dialogs in the
same language."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from gui.core import i18n
from gui.qt.language import apply_language
from gui.qt.main_window import MainWindow
from gui.qt.settings import LANGUAGE, RESTARTING
from tests.qt.conftest import WindowKit
from tests.qt.driving import type_into


def _relaunches() -> tuple[list[str], Callable[[], bool]]:
    calls: list[str] = []

    def relaunch() -> bool:
        calls.append("relaunch")
        return True

    return calls, relaunch


def test_the_menu_offers_the_system_default_and_each_language_named_in_itself(
    open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    window = open_window()
    texts = [action.text() for action in window.language_menu.group.actions()]
    assert texts == ["System default", *i18n.LANGUAGES.values()]
    assert "Русский" in texts and "English" in texts
    assert window.language_menu.action("en").isChecked()  # the kit's settings say English
    assert window.language_menu.menu.title() == "&Language"


def test_choosing_russian_asks_in_russian_and_restart_now_keeps_the_form(
    qtbot: QtBot, open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    calls, relaunch = _relaunches()
    window = open_window(relaunch=relaunch)
    type_into(qtbot, window, "ID", "acme_chat")
    window.portal_panel.set_text("https://acme.bitrix24.com")
    kit.dialogs.restarts.append(True)

    window.language_menu.action("ru").trigger()

    assert kit.settings().get(LANGUAGE) == "ru"
    assert kit.dialogs.asked == ["restart"]
    assert kit.dialogs.restart_texts[0].startswith("Новый язык начнёт действовать")
    assert calls == ["relaunch"]
    assert not window.isVisible()
    draft = kit.draft_store().load()
    assert draft is not None and draft.profile["ID"] == "acme_chat"
    assert draft.portal == "https://acme.bitrix24.com"
    assert kit.settings().get(RESTARTING) is True

    # The new process: the language is applied before the widgets are made, the form restored.
    again = open_window()
    assert i18n.current_language() == "ru"
    assert again.register_button.text() == "Зарегистрировать"
    assert again.widgets.tabs.tabText(1) == "Подключение"
    assert again.form.connector_id.text() == "acme_chat"
    assert again.portal_panel.text() == "https://acme.bitrix24.com"
    assert again.status.text().startswith("Программа перезапущена; форма осталась такой")
    assert again.language_menu.action("ru").isChecked()
    assert kit.settings().get(RESTARTING) is False


def test_later_keeps_the_window_and_the_choice_applies_at_the_next_start(
    open_window: Callable[..., MainWindow], kit: WindowKit
) -> None:
    calls, relaunch = _relaunches()
    window = open_window(relaunch=relaunch)
    kit.dialogs.restarts.append(False)
    window.language_menu.action("ru").trigger()
    assert calls == [] and window.isVisible()
    assert window.register_button.text() == "Register"  # this window keeps its language
    assert kit.settings().get(LANGUAGE) == "ru"
    window.language_menu.action("ru").trigger()  # the same choice again: nothing to ask
    assert kit.dialogs.asked == ["restart"]


def test_the_system_default_asks_nothing_when_it_is_the_language_in_use(
    open_window: Callable[..., MainWindow], kit: WindowKit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "en_GB")
    window = open_window()
    window.language_menu.action("").trigger()
    assert kit.dialogs.asked == []
    assert kit.settings().get(LANGUAGE) == ""
    monkeypatch.setenv("LANGUAGE", "ru_RU")
    kit.dialogs.restarts.append(False)
    window.language_menu.action("en").trigger()
    window.language_menu.action("").trigger()  # the system now says Russian: a new language
    assert kit.dialogs.asked == ["restart"]


def test_qt_s_own_buttons_and_dialogs_speak_the_chosen_language() -> None:
    assert apply_language("ru") == "ru"
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save
    )
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Отмена"
    assert buttons.button(QDialogButtonBox.StandardButton.Save).text() == "Сохранить"
    apply_language("en")
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert english.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_the_restart_runs_the_same_command_line() -> None:
    code = "from gui.qt.restart import restart_command; print(restart_command())"
    out = subprocess.run(
        [sys.executable, "-X", "utf8", "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == repr((sys.executable, ["-X", "utf8", "-c", code]))


def test_the_address_shows_a_russian_error_s_first_sentence_too() -> None:
    from gui.qt.portal_panel import first_sentence

    assert first_sentence("Адрес не похож на портал. Укажите «https://…».") == (
        "Адрес не похож на портал."
    )
    assert first_sentence("Not a portal. Use https://x.bitrix24.com.") == "Not a portal."
