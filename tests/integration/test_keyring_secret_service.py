"""The token store against the real Secret Service (gnome-keyring on a private session bus), and
the missing and locked keyring cases (DESIGN.md "Token store", SETUP.md "Keyring headless")."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail

from gui.core.errors import KeyringUnavailableError
from gui.core.token_store import SERVICE, StoredToken, TokenStore

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

    assert type(store.backend).__module__ == "keyring.backends.SecretService"
    assert secret_service_keyring.get_password(SERVICE, "ss-default.bitrix24.com") is not None


def test_locked_keyring_is_a_clear_error(locked_secret_service_keyring: Any) -> None:
    codes = _locked_attempts(TokenStore(locked_secret_service_keyring))

    assert codes == [("KEYRING_LOCKED", True), ("KEYRING_LOCKED", True)]
    # keyring 25.7 leaves the D-Bus connection open when it raises KeyringLocked; collect it
    # here so its ResourceWarning does not surface (as an error) in a later test.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


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
        "from gui.core.token_store import TokenStore, StoredToken\n"
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
