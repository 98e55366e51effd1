"""``python -m gui sandbox`` for a Russian-speaking user: the instructions it prints are Russian,
the commands to copy, the token line on stdout and the sandbox's answers stay as they are."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from gui.cli import main as cli_main
from gui.core import i18n
from gui.sandbox import TOKEN_STORE_KEYS

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def russian() -> Iterator[None]:
    """This test's own messages in Russian; English again afterwards, for the rest of the suite."""
    i18n.set_language("ru")
    yield
    i18n.set_language("en")


def russian_environment() -> dict[str, str]:
    """``LANG=ru_RU.UTF-8`` alone says the language (a pinned ``LANGUAGE``/``LC_ALL`` would win)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    }
    return {**env, "LANG": "ru_RU.UTF-8", "PYTHONPATH": str(ROOT)}


def test_the_sandbox_prints_its_instructions_in_russian() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "gui", "sandbox", "--port", "0", "--tls"],
        cwd=ROOT,
        env=russian_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        watchdog = threading.Timer(30, process.kill)  # a hung child must not hang the suite
        watchdog.start()
        printed: list[str] = []
        try:
            token = json.loads(process.stdout.readline())
            # Ctrl+C only once everything is printed: the last instruction says how to stop.
            while not printed or "Ctrl+C" not in printed[-1]:
                line = process.stderr.readline()
                if not line:
                    break
                printed.append(line)
        finally:
            watchdog.cancel()
            process.send_signal(signal.SIGINT)
            _, rest = process.communicate(timeout=30)
        stderr = "".join(printed) + rest

    assert process.returncode == 0, stderr
    assert tuple(token) == TOKEN_STORE_KEYS  # the ready token: the same JSON in every language
    base = str(token["client_endpoint"]).removesuffix("/rest/")
    lines = stderr.splitlines()
    assert (
        lines[0] == f"Портал-песочница работает по адресу {base}  (HTTPS на локальном интерфейсе)"
    )
    assert lines[1].startswith("Файл ЦС: ") and lines[1].endswith(".pem")
    assert lines[2].startswith(
        "Чтобы клиенты ему доверяли, задайте REQUESTS_CA_BUNDLE (или SSL_CERT_FILE)"
    )
    assert f"Сервер OAuth: {base}  (адрес выдачи токенов {base}/oauth/token/)" in lines
    assert (
        "Сохраните токен (это строка JSON выше; можно и передать вывод этой команды по "
        "конвейеру):" in lines
    )
    program = f"{sys.executable} -m gui"  # the commands are typed as they are, in any language
    assert f"  {program} token set --portal {base}" in lines
    assert f"  {program} register PROFILE.json --portal {base} --oauth-server {base}" in lines
    assert (
        "Или авторизуйтесь так, как это сделал бы пользователь (секрет приложения будет "
        "запрошен или прочитан из stdin при --client-secret -):" in lines
    )
    assert any(
        line.startswith(
            "События, отправляемые вашим обработчикам, содержат auth[application_token] = "
        )
        for line in lines
    )
    assert "Для остановки нажмите Ctrl+C." in lines
    assert lines[-1] == "Песочница остановлена."
    assert str(token["access_token"]) not in stderr


@pytest.mark.usefixtures("russian")
def test_a_bad_option_is_refused_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["sandbox", "--port", "70000"]) == 2
    assert capsys.readouterr().err == "ошибка: --port должен быть от 0 до 65535, а не 70000.\n"
