"""The token store against the real Secret Service (gnome-keyring on a private session bus), and
the missing and locked keyring cases (DESIGN.md "Token store", SETUP.md "Keyring headless")."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from gui.core.auth.secret_service import ClosingSecretService
from gui.core.auth.tokens import SERVICE, StoredToken, TokenStore
from gui.core.errors import KeyringUnavailableError

pytestmark = pytest.mark.keyring

ACCESS = "ss-access-SECRET-9191"


@dataclass(frozen=True)
class Portal:
    host_key: str


def make_token() -> StoredToken:
    return StoredToken.from_mapping(
        {
            "access_token": ACCESS,
            "refresh_token": "ss-refresh-SECRET-9292",
            "expires": 1_900_000_000,
            "client_id": "local.ss",
            "client_secret": "ss-client-SECRET-9393",
            "scope": "imopenlines,imconnector",
        }
    )


def test_round_trip_through_gnome_keyring(secret_service_keyring: Any) -> None:
    store = TokenStore(secret_service_keyring)
    portal = Portal("ss-roundtrip.bitrix24.com:8443")

    store.save(portal, make_token())

    assert store.load(portal) == make_token()
    raw = secret_service_keyring.get_password(SERVICE, "ss-roundtrip.bitrix24.com:8443")
    assert json.loads(raw)["access_token"] == ACCESS
    assert store.forget(portal) is True
    assert store.load(portal) is None
    assert store.forget(portal) is False


def test_another_process_reads_the_entry_by_the_public_contract(
    secret_service_keyring: Any,
) -> None:
    TokenStore(secret_service_keyring).save(Portal("ss-contract.bitrix24.com"), make_token())

    script = (
        "import json, keyring\n"
        f"raw = keyring.get_password({SERVICE!r}, 'ss-contract.bitrix24.com')\n"
        "print(sorted(json.loads(raw)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )

    assert result.stdout.strip() == str(
        sorted(["access_token", "refresh_token", "expires", "client_id", "client_secret", "scope"])
    )


def test_default_backend_is_the_secret_service(secret_service_keyring: Any) -> None:
    store = TokenStore()

    store.save(Portal("ss-default.bitrix24.com"), make_token())

    assert isinstance(store.backend, ClosingSecretService)  # keyring's Secret Service, closing
    assert secret_service_keyring.get_password(SERVICE, "ss-default.bitrix24.com") is not None


def test_locked_keyring_is_a_clear_error(locked_secret_service_keyring: Any) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        codes = _locked_attempts(TokenStore(locked_secret_service_keyring))
        gc.collect()  # a D-Bus connection left open would warn now, when it is collected

    assert codes == [("KEYRING_LOCKED", True), ("KEYRING_LOCKED", True)]
    assert [str(w.message) for w in caught if w.category is ResourceWarning] == []


def _locked_attempts(store: TokenStore) -> list[tuple[str, bool]]:
    portal = Portal("ss-locked.bitrix24.com")
    codes = []
    for attempt in (lambda: store.load(portal), lambda: store.save(portal, make_token())):
        try:
            attempt()
        except KeyringUnavailableError as exc:
            codes.append((exc.code, "Unlock your login keyring" in exc.message))
    return codes


def test_missing_keyring_is_a_clear_error() -> None:
    store = TokenStore(fail.Keyring())

    with pytest.raises(KeyringUnavailableError) as caught:
        store.save(Portal("ss-missing.bitrix24.com"), make_token())

    assert caught.value.code == "KEYRING_MISSING"
    assert "GNOME Keyring" in caught.value.message


def test_missing_keyring_in_a_fresh_process_is_exit_3_and_no_plaintext_file(
    tmp_path: Path,
) -> None:
    """keyring's own fail backend selected by configuration, as on a desktop without one."""
    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import sys\n"
        "from gui.core.auth.tokens import TokenStore, StoredToken\n"
        "from gui.core.errors import KeyringUnavailableError\n"
        "class Portal:\n"
        "    host_key = 'ss-fresh.bitrix24.com'\n"
        "try:\n"
        "    TokenStore().load(Portal())\n"
        "except KeyringUnavailableError as e:\n"
        "    print(e.code); sys.exit(e.exit_code)\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": str(_root()),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )

    assert (result.returncode, result.stdout.strip()) == (3, "KEYRING_MISSING"), result.stderr
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == []


def _root() -> Path:
    return Path(__file__).resolve().parents[2]


def _token_cli(tmp_path: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, XDG_STATE_HOME=str(tmp_path / "state"), PYTHONPATH=str(_root()))
    return subprocess.run(
        [sys.executable, "-m", "gui", "token", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
        env=env,
        cwd=tmp_path,
    )


def test_token_commands_set_show_forget(tmp_path: Path, secret_service_keyring: Any) -> None:
    portal = ["--portal", "https://SS-CLI.bitrix24.com/"]

    bad = _token_cli(tmp_path, "set", *portal, stdin='{"access_token": "x"}')
    stored = _token_cli(tmp_path, "set", *portal, stdin=make_token().to_json())
    shown = _token_cli(tmp_path, "show", *portal)
    forgotten = _token_cli(tmp_path, "forget", *portal)
    again = _token_cli(tmp_path, "show", *portal)

    assert bad.returncode == 2 and "client_id" in bad.stderr
    assert stored.returncode == 0, stored.stderr
    assert shown.returncode == 0, shown.stderr
    masked = json.loads(shown.stdout)
    assert (masked["client_id"], masked["expires"]) == ("local.ss", 1_900_000_000)
    assert masked["access_token"].startswith("••••")
    for secret in make_token().secrets():
        assert secret not in shown.stdout + shown.stderr + stored.stdout + stored.stderr
    assert forgotten.returncode == 0
    assert again.returncode == 3 and "No token is stored for ss-cli.bitrix24.com" in again.stderr
    assert secret_service_keyring.get_password(SERVICE, "ss-cli.bitrix24.com") is None


def test_a_read_racing_a_replace_or_forget_gets_a_token_or_none_never_an_error(
    secret_service_keyring: Any,
) -> None:
    """gnome-keyring gives a replaced item a new object path: a read that found the old one
    and then asked for its secret got ``ItemNotFoundException`` (KEYRING_ERROR in the window or
    the CLI while another process stored a refreshed pair; seen in CI). The read now looks
    again and answers with the new item, or with none after a forget."""
    import threading
    import time

    store = TokenStore(secret_service_keyring)
    portal = Portal("ss-race.bitrix24.com")
    store.save(portal, make_token())
    done = threading.Event()

    def churn() -> None:
        writer = TokenStore(ClosingSecretService())
        while not done.is_set():
            writer.save(portal, make_token())
            writer.forget(portal)
            done.wait(0.002)  # a breath for the daemon: unpaced, one CI run got KEYRING_INIT

    thread = threading.Thread(target=churn, daemon=True)
    thread.start()
    outcomes: dict[str, int] = {}
    try:
        deadline = time.monotonic() + 3.0
        while time.monotonic() < deadline:
            try:
                found = store.load(portal)
                key = "none" if found is None else "token"
            except KeyringUnavailableError as exc:
                key = exc.code
            outcomes[key] = outcomes.get(key, 0) + 1
    finally:
        done.set()
        thread.join(timeout=60)
    assert not thread.is_alive(), "the writer hung in a keyring call"
    assert set(outcomes) <= {"none", "token"}, outcomes
    assert outcomes.get("token", 0) > 0 and outcomes.get("none", 0) > 0, outcomes
