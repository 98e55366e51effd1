"""No secret reaches logs, captured output, settings or any file the program wrote.

The command line is driven through a login, ``token set/show``, a register that refreshes, and
several failures, as subprocesses in a throwaway HOME with every XDG folder inside it. Then every
secret that existed (client secret, authorization code, every access and refresh token the
sandbox saw or issued) is searched for in each command's stdout and stderr and in every file
under that HOME, including the program's log, which must exist and show the run.
"""

from __future__ import annotations

import json
import logging
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from gui.core.auth.tokens import TokenStore
from gui.core.icon.codec import encode_data_image
from gui.core.logs import LOG_FILE_NAME, SecretMaskingFilter, configure_logging, mask_patterns
from gui.core.paths import default_icon_path
from gui.core.portal.address import PortalAddress
from tests.faults import HtmlPage
from tests.fixtures_sandbox import RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
HOUR = 3600.0


class Cli:
    """Runs ``python -m gui`` in one throwaway HOME and keeps everything it printed."""

    def __init__(self, home: Path, sandbox: RunningSandbox) -> None:
        self.home = home
        self.sandbox = sandbox
        self.printed: list[str] = []
        xdg = {
            name: str(home / folder)
            for name, folder in (
                ("XDG_STATE_HOME", ".local/state"),
                ("XDG_CONFIG_HOME", ".config"),
                ("XDG_CACHE_HOME", ".cache"),
                ("XDG_DATA_HOME", ".local/share"),
            )
        }
        self.env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"}
        }
        self.env.update(xdg, HOME=str(home), PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")

    def run(self, *args: str, stdin: str = "") -> int:
        done = subprocess.run(
            [sys.executable, "-m", "gui", *args],
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env=self.env,
            cwd=self.home,
        )
        self.printed += [done.stdout, done.stderr]
        return done.returncode

    def login(self, client_id: str, client_secret: str) -> int:
        argv = [
            sys.executable,
            "-m",
            "gui",
            "login",
            "--portal",
            self.sandbox.url,
            "--client-id",
            client_id,
            "--oauth-server",
            self.sandbox.oauth_server,
            "--ca-bundle",
            str(self.sandbox.ca_bundle),
            "--no-browser",
            "--timeout",
            "60",
        ]
        with subprocess.Popen(
            argv,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
            cwd=self.home,
        ) as process:
            assert process.stdin is not None and process.stdout is not None
            process.stdin.write(client_secret + "\n")
            process.stdin.flush()
            first = []
            for line in process.stdout:
                first.append(line)
                if line.startswith("https://"):
                    break
            answer = requests.get(
                first[-1].strip(),
                verify=str(self.sandbox.ca_bundle),
                allow_redirects=False,
                timeout=30,
            )
            self.codes = parse_qs(urlsplit(answer.headers["Location"]).query)["code"]
            requests.get(answer.headers["Location"], timeout=30)
            out, err = process.communicate(timeout=90)
        self.printed += ["".join(first), out, err]
        return process.returncode


def written_files(home: Path) -> list[Path]:
    return [path for path in home.rglob("*") if path.is_file()]


@pytest.mark.keyring
def test_no_secret_in_output_logs_or_files(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    cli = Cli(home, tls_sandbox)
    portal = PortalAddress.parse(tls_sandbox.url)
    app = tls_sandbox.app
    profile = home / "profile.json"
    profile.write_text(
        json.dumps(
            {
                "ID": "acme_chat",
                "NAME": "Acme",
                "ICON": {"DATA_IMAGE": encode_data_image(default_icon_path().read_bytes())},
                "PLACEMENT_HANDLER": "https://acme.example/settings",
            }
        ),
        encoding="utf-8",
    )
    register = ["register", str(profile), "--portal", tls_sandbox.url]
    register += ["--ca-bundle", str(tls_sandbox.ca_bundle)]

    assert cli.login(app.client_id, app.client_secret) == 0
    from_login = TokenStore(secret_service_keyring).load(portal)
    assert from_login is not None
    hand_made = tls_sandbox.ready_token()
    assert cli.run("token", "set", "--portal", tls_sandbox.url, stdin=json.dumps(hand_made)) == 0
    assert cli.run("token", "show", "--portal", tls_sandbox.url) == 0
    assert cli.run(*register) == 0
    tls_sandbox.clock.advance(HOUR + 1)
    assert cli.run(*register) == 0  # refresh, store, retry
    tls_sandbox.portal.script_next(HtmlPage(), target="rest")
    assert cli.run(*register) == 4
    tls_sandbox.portal.uninstall_app(app.client_id)
    assert cli.run(*register) == 1
    stored = TokenStore(secret_service_keyring).load(portal)
    assert stored is not None
    tls_sandbox.portal.revoke(stored.refresh_token)
    tls_sandbox.clock.advance(HOUR + 1)
    assert cli.run(*register) == 3  # invalid_grant
    assert cli.run("token", "forget", "--portal", tls_sandbox.url) == 0

    secrets = {app.client_secret, *cli.codes, stored.access_token, stored.refresh_token}
    secrets |= {from_login.access_token, from_login.refresh_token}
    secrets |= {hand_made["access_token"], hand_made["refresh_token"]}
    for item in tls_sandbox.portal.received:
        for key in ("auth", "refresh_token", "code", "client_secret"):
            value = item.params.get(key)
            if isinstance(value, str) and value:
                secrets.add(value)
    collected = len(secrets)  # (never let an assertion print the secrets themselves)
    assert collected >= 8

    log_files = [path for path in written_files(home) if path.name.startswith(LOG_FILE_NAME)]
    assert log_files, "the program wrote no log to scan"
    log_text = "\n".join(path.read_text(encoding="utf-8") for path in log_files)
    assert "expired_token" in log_text or "refreshing" in log_text
    assert stat.S_IMODE(log_files[0].stat().st_mode) == 0o600
    leaks = [
        f"output #{index}"
        for index, text in enumerate(cli.printed)
        if any(secret in text for secret in secrets)
    ]
    for path in written_files(home):
        data = path.read_bytes()
        if any(secret.encode() in data for secret in secrets):
            leaks.append(str(path.relative_to(home)))
    # Only names, never the secret itself, in the failure message.
    assert leaks == [], f"secrets found in: {leaks}"


SECRET = "tok-SECRET-abcdef123456"


@pytest.fixture
def log_setup(tmp_path: Path) -> Any:
    level = logging.getLogger().level
    setup = configure_logging(tmp_path / "logs")
    yield setup
    logging.getLogger().setLevel(level)
    logging.getLogger().removeHandler(setup.handler)
    setup.handler.close()


def test_log_file_masks_registered_and_secret_looking_values(log_setup: Any) -> None:
    log_setup.filter.add_secrets([SECRET])
    log = logging.getLogger("leak-test")
    log.warning("token is %s", SECRET)
    log.warning('answer {"access_token": "%s", "expires": 1}', "raw-access-777777")
    log.warning("form refresh_token=raw-refresh-888888&client_id=x")
    log.warning("redirect http://127.0.0.1:5/cb?code=raw-code-999999&state=s")
    log.warning("repr {'client_secret': 'raw-secret-000000'}")
    try:
        raise RuntimeError(f"failed with {SECRET}")
    except RuntimeError:
        log.exception("boom")
    log_setup.handler.flush()

    text = log_setup.path.read_text(encoding="utf-8")
    for raw in (SECRET, "raw-access-777777", "raw-refresh-888888", "raw-code-999999"):
        assert raw not in text
    assert "raw-secret-000000" not in text
    assert "client_id=x" in text and "state=s" in text and '"expires": 1' in text
    assert "RuntimeError" in text and "••••" in text
    assert stat.S_IMODE(log_setup.path.stat().st_mode) == 0o600


def test_log_files_stay_private_after_a_rollover(log_setup: Any) -> None:
    logging.getLogger("rollover-test").warning("before")
    log_setup.handler.doRollover()
    logging.getLogger("rollover-test").warning("after")

    files = sorted(log_setup.path.parent.glob(LOG_FILE_NAME + "*"))
    assert len(files) == 2
    assert {stat.S_IMODE(path.stat().st_mode) for path in files} == {0o600}
    assert stat.S_IMODE(log_setup.path.parent.stat().st_mode) == 0o700


def test_configure_logging_is_idempotent(log_setup: Any) -> None:
    assert configure_logging() is log_setup


def test_error_codes_are_not_mistaken_for_secrets() -> None:
    text = "B24Error(code='NAME_REQUIRED', field='NAME') error code: X"

    assert mask_patterns(text) == text


def test_filter_never_drops_a_record_with_bad_arguments() -> None:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "%d items %s", ("many",), None)

    assert SecretMaskingFilter([SECRET]).filter(record)
    assert "unformattable" in record.getMessage()
