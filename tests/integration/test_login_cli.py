"""``python -m gui login`` end to end: the sandbox's authorize endpoint redirects (302) to the
command's loopback listener, or the user pastes the redirected address; the code is exchanged
and the pair lands in the real Secret Service. No browser is opened (``--no-browser``)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from gui.core.auth.tokens import TokenStore
from gui.core.portal.address import PortalAddress
from gui.sandbox import SandboxApp
from tests.fixtures_sandbox import RunningSandbox

pytestmark = pytest.mark.keyring

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def login_process(
    tmp_path: Path, sandbox: RunningSandbox, app: SandboxApp, *options: str
) -> Iterator[subprocess.Popen[str]]:
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(ROOT))
    argv = [
        sys.executable,
        "-m",
        "gui",
        "login",
        "--portal",
        sandbox.url,
        "--client-id",
        app.client_id,
        "--oauth-server",
        sandbox.oauth_server,
        "--ca-bundle",
        str(sandbox.ca_bundle),
        "--no-browser",
        "--timeout",
        "60",
        *options,
    ]
    process = subprocess.Popen(
        argv,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for stream in (process.stdin, process.stdout, process.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def send_secret(process: subprocess.Popen[str], secret: str) -> None:
    """The client_secret as the first line of stdin: never on the command line."""
    stdin: IO[str] | None = process.stdin
    assert stdin is not None
    stdin.write(secret + "\n")
    stdin.flush()


def read_authorize_url(process: subprocess.Popen[str]) -> tuple[str, list[str]]:
    assert process.stdout is not None
    seen: list[str] = []
    for line in process.stdout:
        seen.append(line)
        if line.startswith("https://"):
            return line.strip(), seen
    raise AssertionError(f"no authorize URL printed: {seen}")


def follow_authorize(sandbox: RunningSandbox, url: str) -> str:
    """What the browser does: open the authorize URL, get the 302, return its Location."""
    answer = requests.get(url, verify=str(sandbox.ca_bundle), allow_redirects=False, timeout=30)
    assert answer.status_code == 302
    return answer.headers["Location"]


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=90)  # closes stdin: the paste reader sees EOF
    return process.returncode, out, err


def stored_token(sandbox: RunningSandbox, backend: Any) -> Any:
    return TokenStore(backend).load(PortalAddress.parse(sandbox.url))


def test_loopback_login_stores_the_pair_and_reports_scopes(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    app = tls_sandbox.app
    with login_process(tmp_path, tls_sandbox, app) as process:
        send_secret(process, app.client_secret)
        url, before = read_authorize_url(process)
        query = parse_qs(urlsplit(url).query)
        redirect = follow_authorize(tls_sandbox, url)
        assert redirect.startswith(query["redirect_uri"][0] + "?")
        assert urlsplit(redirect).hostname == "127.0.0.1"
        page = requests.get(redirect, timeout=30)
        code, out, err = finish(process)

    assert code == 0, err
    assert "You can close this tab" in page.text
    assert urlsplit(url).path == "/oauth/authorize/"
    assert query["client_id"] == [app.client_id]
    assert len(query["state"][0]) >= 32
    assert "Granted scopes: imopenlines, imconnector" in out
    assert "warning" not in err
    token = stored_token(tls_sandbox, secret_service_keyring)
    assert token is not None
    assert (token.client_id, token.client_secret) == (app.client_id, app.client_secret)
    assert tls_sandbox.portal.refresh_token_alive(token.refresh_token)
    exchange = [item for item in tls_sandbox.portal.received if item.kind == "oauth_token"]
    assert len(exchange) == 1
    assert exchange[0].method == "POST" and exchange[0].query == ""
    assert exchange[0].params["grant_type"] == "authorization_code"
    everything_printed = "".join(before) + out + err
    assert app.client_secret not in everything_printed
    assert token.access_token not in everything_printed


def test_pasted_redirect_login_without_listener(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    app = tls_sandbox.app
    with login_process(tmp_path, tls_sandbox, app, "--no-listener") as process:
        send_secret(process, app.client_secret)
        url, _ = read_authorize_url(process)
        assert "redirect_uri" not in parse_qs(urlsplit(url).query)
        redirect = follow_authorize(tls_sandbox, url)  # the app's configured redirect URI
        assert process.stdin is not None
        process.stdin.write(redirect + "\n")
        process.stdin.flush()
        code, _out, err = finish(process)

    assert code == 0, err
    assert stored_token(tls_sandbox, secret_service_keyring) is not None


def test_missing_imopenlines_scope_is_warned(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    app = tls_sandbox.portal.create_app(scope="crm,user")
    with login_process(tmp_path, tls_sandbox, app) as process:
        send_secret(process, app.client_secret)
        url, _ = read_authorize_url(process)
        requests.get(follow_authorize(tls_sandbox, url), timeout=30)
        code, out, err = finish(process)

    assert code == 0, err
    assert "Granted scopes: crm, user" in out
    assert "warning: the app was not granted the 'imopenlines' scope" in err


def test_wrong_client_secret_is_exit_3_and_nothing_stored(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    app = tls_sandbox.app
    with login_process(tmp_path, tls_sandbox, app) as process:
        send_secret(process, "not-the-secret-0000")
        url, _ = read_authorize_url(process)
        requests.get(follow_authorize(tls_sandbox, url), timeout=30)
        code, _out, err = finish(process)

    assert code == 3
    assert "client_id / client_secret" in err
    assert "not-the-secret-0000" not in err
    assert stored_token(tls_sandbox, secret_service_keyring) is None


@pytest.fixture
def own_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The in-process command logs under tmp_path; its handler is removed afterwards."""
    import logging

    from gui.core.logs import log_setup

    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    level = logging.getLogger().level
    yield
    logging.getLogger().setLevel(level)
    setup = log_setup()
    if setup is not None:
        logging.getLogger().removeHandler(setup.handler)
        setup.handler.close()


@pytest.mark.usefixtures("own_log")
def test_the_browser_opener_is_injected_and_given_the_authorize_url(
    tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    """In process: a fake browser follows the authorize URL and its redirect, as a user's would."""
    import argparse
    import io

    from gui.commands import login

    opened: list[str] = []

    def fake_browser(url: str) -> bool:
        opened.append(url)
        requests.get(follow_authorize(tls_sandbox, url), timeout=30)
        return True

    parser = argparse.ArgumentParser()
    login.add_arguments(parser)
    args = parser.parse_args(
        [
            "--portal",
            tls_sandbox.url,
            "--client-id",
            tls_sandbox.app.client_id,
            # one argument: a random secret may start with "-", which argparse takes for an option
            f"--client-secret={tls_sandbox.app.client_secret}",
            "--oauth-server",
            tls_sandbox.oauth_server,
            "--ca-bundle",
            str(tls_sandbox.ca_bundle),
            "--timeout",
            "30",
        ]
    )
    out, err = io.StringIO(), io.StringIO()

    code = login.login(args, open_browser=fake_browser, stdin=io.StringIO(""), out=out, err=err)

    assert code == 0, err.getvalue()
    assert len(opened) == 1 and urlsplit(opened[0]).path == "/oauth/authorize/"
    assert "Opened the browser" in out.getvalue()
    assert opened[0] not in out.getvalue()
    assert stored_token(tls_sandbox, secret_service_keyring) is not None


def read_line(stream: IO[str] | None, timeout: float) -> str:
    """One line from ``stream`` within ``timeout`` seconds (else fail: the command is silent)."""
    import selectors

    assert stream is not None
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        if not selector.select(timeout):
            raise AssertionError(f"nothing said within {timeout} s")
    return stream.readline()


@pytest.mark.parametrize("garbage", ["]]] not a code [[[", "https://example.com/nothing-here"])
def test_pasted_garbage_is_answered_at_once_and_asked_again(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any, garbage: str
) -> None:
    app = tls_sandbox.app
    with login_process(
        tmp_path, tls_sandbox, app, "--no-listener", "--client-secret", "-"
    ) as process:
        send_secret(process, app.client_secret)
        url, _ = read_authorize_url(process)
        assert process.stdin is not None
        process.stdin.write(garbage + "\n")
        process.stdin.flush()
        said = read_line(process.stderr, 10)
        assert said.startswith("Not usable:"), said
        assert "again" in said
        redirect = follow_authorize(tls_sandbox, url)
        process.stdin.write(redirect + "\n")
        process.stdin.flush()
        code, _out, err = finish(process)

    assert code == 0, err
    assert stored_token(tls_sandbox, secret_service_keyring) is not None


def test_a_literal_secret_in_argv_is_warned_about(
    tmp_path: Path, tls_sandbox: RunningSandbox, secret_service_keyring: Any
) -> None:
    app = tls_sandbox.app
    with login_process(
        tmp_path, tls_sandbox, app, "--no-listener", f"--client-secret={app.client_secret}"
    ) as process:
        url, _ = read_authorize_url(process)
        assert process.stdin is not None
        process.stdin.write(follow_authorize(tls_sandbox, url) + "\n")
        process.stdin.flush()
        code, _out, err = finish(process)

    assert code == 0, err
    assert "--client-secret -" in err
    assert app.client_secret not in err


def test_login_help_shows_the_stdin_form_only() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "gui", "login", "--help"],
        capture_output=True,
        text=True,
        check=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
    )
    assert "--client-secret -" in done.stdout
    assert "SECRET" not in done.stdout
