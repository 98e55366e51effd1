"""The command line in Russian, as a user with ``LANG=ru_RU.UTF-8`` runs it: subprocesses, the TLS
sandbox, the real Secret Service. Every message is Russian; codes, JSON keys, step names and the
portal's own words stay exactly as they are (scripts parse them)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from gui.core.portal.address import PortalAddress
from tests.faults import SystemErrorReply
from tests.fixtures_sandbox import RunningSandbox
from tests.integration.test_onboard_cli import store_token, write_profile

pytestmark = pytest.mark.keyring

ROOT = Path(__file__).resolve().parents[2]
LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def environment(tmp_path: Path, lang: str) -> dict[str, str]:
    """The test's environment with only ``LANG`` saying the language (a pinned ``LANGUAGE`` or
    ``LC_ALL`` of the suite would win over it, as gettext orders them)."""
    unwanted = {*LANGUAGE_VARIABLES, "REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(
        LANG=lang,
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        PYTHONPATH=str(ROOT),
    )
    return env


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def values(self) -> list[Any]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.startswith("{")]


def cli(tmp_path: Path, *argv: str, stdin: str = "", lang: str = "ru_RU.UTF-8") -> Run:
    done = subprocess.run(
        [sys.executable, "-m", "gui", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=environment(tmp_path, lang),
        cwd=tmp_path,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def portal_options(sandbox: RunningSandbox) -> tuple[str, ...]:
    return ("--portal", sandbox.url, "--ca-bundle", str(sandbox.ca_bundle))


# ---------------------------------------------------------------------- register
def test_register_explains_a_business_error_in_russian_and_keeps_the_portals_code(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.portal.uninstall_app(tls_sandbox.app.client_id)
    profile = str(write_profile(tmp_path))

    russian = cli(tmp_path, "register", profile, *portal_options(tls_sandbox))
    english = cli(tmp_path, "register", profile, *portal_options(tls_sandbox), lang="C.UTF-8")

    assert russian.code == english.code == 1
    (answer,) = russian.values
    assert set(answer) == set(english.values[0]) >= {"ok", "error", "description", "field"}
    assert answer["error"] == "NO_APPLICATION_ID"
    # The portal's own error_description is wire content: the same in both languages.
    assert answer["description"] == english.values[0]["description"]
    assert "Битрикс24 не нашёл приложения, которому принадлежит этот токен" in russian.stderr
    assert "Bitrix24 found no app behind this token" in english.stderr


def test_register_describes_a_system_error_in_russian(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.portal.script_next(SystemErrorReply("WRONG_AUTH_TYPE"), target="rest")

    run = cli(tmp_path, "register", str(write_profile(tmp_path)), *portal_options(tls_sandbox))

    assert run.code == 3
    (answer,) = run.values
    assert (answer["ok"], answer["error"], answer["field"]) == (False, "WRONG_AUTH_TYPE", None)
    assert answer["description"].startswith("Это не токен приложения (входящий вебхук?).")
    assert "(Портал: " in answer["description"]


def test_register_without_a_token_says_so_in_russian(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    run = cli(tmp_path, "register", str(write_profile(tmp_path)), *portal_options(tls_sandbox))

    assert run.code == 3
    (answer,) = run.values
    host = PortalAddress.parse(tls_sandbox.url).host_key
    assert answer["error"] == "NO_TOKEN"
    assert answer["description"].startswith(f"Для {host} токен не сохранён. Сначала авторизуйтесь")
    assert f"`login --portal {tls_sandbox.url} --client-id …`" in answer["description"]


def test_a_usage_mistake_is_russian_around_argparses_own_words(tmp_path: Path) -> None:
    run = cli(tmp_path, "register", "profile.json")

    assert run.code == 2
    (answer,) = run.values
    assert answer["error"] == "USAGE"
    assert answer["description"] == "the following arguments are required: --portal (см. --help)"
    assert run.stderr.startswith("usage:")


def test_help_is_russian_and_the_options_stay(tmp_path: Path) -> None:
    run = cli(tmp_path, "register", "--help")

    assert run.code == 0
    assert "зарегистрировать коннектор из профиля на портале" in run.stdout
    assert "--oauth-server URL" in run.stdout
    assert "сервер OAuth для всех запросов токена" in run.stdout


# ---------------------------------------------------------------------- token
def test_token_set_show_and_forget_speak_russian(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    portal = ("--portal", tls_sandbox.url)
    host = PortalAddress.parse(tls_sandbox.url).host_key
    token = tls_sandbox.ready_token()

    stored = cli(tmp_path, "token", "set", *portal, stdin=json.dumps(token))
    shown = cli(tmp_path, "token", "show", *portal)
    forgotten = cli(tmp_path, "token", "forget", *portal)
    again = cli(tmp_path, "token", "forget", *portal)
    missing = cli(tmp_path, "token", "show", *portal)
    empty = cli(tmp_path, "token", "set", *portal, stdin="")

    assert stored.stdout == f"Токен для {host} сохранён в хранилище паролей ОС.\n"
    assert set(json.loads(shown.stdout)) == set(token)  # the keys are the contract
    assert token["access_token"] not in shown.stdout
    assert forgotten.stdout == f"Токен для {host} удалён.\n"
    assert again.stdout == f"Для {host} токен не был сохранён.\n"
    assert (missing.code, missing.stderr) == (3, f"ошибка: Для {host} токен не сохранён.\n")
    assert (empty.code, empty.stderr) == (2, "ошибка: В stdin не поступил JSON токена.\n")


# ---------------------------------------------------------------------- login
def test_login_talks_russian_in_the_terminal_and_in_the_browser(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    app = tls_sandbox.app
    argv = [sys.executable, "-m", "gui", "login", *portal_options(tls_sandbox)]
    argv += ["--client-id", app.client_id, "--oauth-server", tls_sandbox.oauth_server]
    argv += ["--no-browser", "--timeout", "60"]
    with subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment(tmp_path, "ru_RU.UTF-8"),
        cwd=tmp_path,
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(app.client_secret + "\n")
            process.stdin.flush()
            invitation = process.stdout.readline()
            url = process.stdout.readline().strip()
            waiting = process.stdout.readline()
            redirect = requests.get(
                url, verify=str(tls_sandbox.ca_bundle), allow_redirects=False, timeout=30
            ).headers["Location"]
            page = requests.get(redirect, timeout=30)
            out, err = process.communicate(timeout=90)
        finally:
            if process.poll() is None:
                process.kill()

    host = PortalAddress.parse(tls_sandbox.url).host_key
    redirect_uri = parse_qs(urlsplit(url).query)["redirect_uri"][0]
    assert process.returncode == 0, err
    assert invitation == "Откройте этот адрес в браузере, чтобы авторизовать приложение:\n"
    assert waiting.startswith(f"Ожидаю перенаправления на {redirect_uri} (redirect URI приложения)")
    assert '<html lang="ru">' in page.text
    assert "Конфигуратор получил авторизацию. Можно закрыть эту вкладку" in page.text
    assert out.splitlines() == [
        f"Вход на {host} выполнен; токен сохранён в хранилище паролей ОС.",
        "Выданные права (scope): imopenlines, imconnector",
    ]
    assert err == ""


def test_a_pasted_line_that_is_no_answer_is_refused_in_russian(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    app = tls_sandbox.app
    run = cli(
        tmp_path,
        "login",
        *portal_options(tls_sandbox),
        "--client-id",
        app.client_id,
        "--no-browser",
        "--no-listener",
        "--timeout",
        "1",
        stdin=f"{app.client_secret}\nnot a code\n",
    )

    assert run.code == 3
    assert "Вставьте сюда адрес, на который вас перенаправил браузер, или код" in run.stdout
    assert "Не подходит: Это не адрес после перенаправления и не код авторизации." in run.stderr
    assert "ошибка: Авторизация не пришла за 1 с." in run.stderr


# ---------------------------------------------------------------------- onboard
def test_onboard_describes_every_step_in_russian_and_keeps_the_step_names(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)

    run = cli(tmp_path, "onboard", str(write_profile(tmp_path)), *portal_options(tls_sandbox))

    assert run.code == 0, run.stderr
    (report,) = run.values
    assert set(report) == {"portal", "ok", "steps", "error", "field"}
    described = {step["step"]: step["description"] for step in report["steps"]}
    assert described == {
        "preflight": "Права (scope) и установка приложения в порядке.",
        "register": "acme_chat зарегистрирован.",
        "line": "Линия 1 (Sandbox open channel).",  # the line's name is the portal's own
        "activate": "Активирован на линии 1.",
        "data": "В профиле нет DATA: задавать нечего.",
        "events": "Обработчики событий привязаны.",
        "status": "Готово: сообщения проходят в обе стороны.",
    }


def test_onboard_names_a_missing_line_in_russian_with_its_code_and_field(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    profile = write_profile(tmp_path, LINE="99")

    run = cli(tmp_path, "onboard", str(profile), *portal_options(tls_sandbox))

    assert run.code == 2
    (report,) = run.values
    failure = report["steps"][-1]
    assert (failure["step"], failure["error"]) == ("line", "LINE_NOT_FOUND")
    assert report["field"] == "ONBOARDING.LINE"
    assert failure["description"].startswith("На портале нет открытой линии '99' (всего линий: ")


def test_onboard_explains_an_unfinished_installation_in_russian(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)
    tls_sandbox.portal.set_installed(tls_sandbox.app, False)

    run = cli(tmp_path, "onboard", str(write_profile(tmp_path)), *portal_options(tls_sandbox))

    (report,) = run.values
    preflight = report["steps"][0]
    assert (preflight["step"], preflight["error"]) == ("preflight", "APP_NOT_INSTALLED")
    assert preflight["description"].startswith("Установка приложения не завершена")
    assert "BX24.installFinish()" in preflight["description"]


# ---------------------------------------------------------------------- files
def test_a_device_as_the_ca_bundle_is_refused_in_russian(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    store_token(tls_sandbox, secret_service_keyring)

    run = cli(tmp_path, "lines", "--portal", tls_sandbox.url, "--ca-bundle", "/dev/zero")

    assert run.code == 2
    (answer,) = run.values
    assert (answer["error"], answer["field"]) == ("CA_BUNDLE_UNREADABLE", "ca_bundle")
    assert answer["description"] == (
        "/dev/zero — устройство, а не набор сертификатов ЦС; выберите обычный файл."
    )
    assert list(tls_sandbox.portal.received) == []
