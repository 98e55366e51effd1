"""Child processes (the OAuth browser) get the user's environment back, not the bundle's."""

from __future__ import annotations

import json
import os
import stat
import sys
import time
from pathlib import Path

import pytest

from gui.core.child_env import (
    ORIGINAL_ENV_VARIABLE,
    browser_commands,
    child_process_env,
    frozen_bundle_dir,
    open_in_browser,
    remember_original_environment,
)
from gui.core.errors import InvalidInputError

BUNDLE = "/opt/app/_internal"
URL = "https://portal.example.com/oauth/authorize/?client_id=app.1&state=xyz"


def frozen_environ(user_path: str = "/usr/bin:/bin", **extra: str) -> dict[str, str]:
    """What a frozen process's environment looks like after the bootloader and Qt's hook."""
    user = {"PATH": user_path, "QT_PLUGIN_PATH": "/usr/lib/qt6/plugins", "HOME": "/home/u"}
    env = dict(user)
    remember_original_environment(env)  # our runtime hook runs first...
    env.update(  # ...then the bootloader's and PyInstaller's changes are visible
        LD_LIBRARY_PATH=f"{BUNDLE}:/usr/local/lib",
        LD_LIBRARY_PATH_ORIG="/usr/local/lib",
        QT_PLUGIN_PATH=f"{BUNDLE}/PySide6/Qt/plugins",
        QML2_IMPORT_PATH=f"{BUNDLE}/PySide6/Qt/qml",
        _PYI_APPLICATION_HOME_DIR=BUNDLE,
        _PYI_PARENT_PROCESS_LEVEL="1",
        _MEIPASS2=BUNDLE,
    )
    env.update(extra)
    return env


def test_from_source_the_environment_is_an_unchanged_copy() -> None:
    env = {"LD_LIBRARY_PATH": "/x", "LD_LIBRARY_PATH_ORIG": "/y", "_PYI_X": "1"}
    child = child_process_env(env, bundle_dir=None)
    assert child == env
    child["NEW"] = "1"
    assert "NEW" not in env


def test_the_test_process_is_not_frozen_so_the_default_changes_nothing() -> None:
    assert frozen_bundle_dir() is None
    assert child_process_env() == dict(os.environ)


def test_frozen_restores_ld_library_path_from_the_bootloaders_copy() -> None:
    child = child_process_env(frozen_environ(), bundle_dir=BUNDLE)
    assert child["LD_LIBRARY_PATH"] == "/usr/local/lib"
    assert "LD_LIBRARY_PATH_ORIG" not in child


def test_frozen_drops_ld_library_path_the_user_did_not_have() -> None:
    env = frozen_environ(LD_LIBRARY_PATH=BUNDLE)
    del env["LD_LIBRARY_PATH_ORIG"]
    assert "LD_LIBRARY_PATH" not in child_process_env(env, bundle_dir=BUNDLE)


def test_frozen_restores_what_the_qt_hook_overwrote_and_drops_what_it_added() -> None:
    child = child_process_env(frozen_environ(), bundle_dir=BUNDLE)
    assert child["QT_PLUGIN_PATH"] == "/usr/lib/qt6/plugins"
    assert "QML2_IMPORT_PATH" not in child
    assert child["PATH"] == "/usr/bin:/bin"
    assert ORIGINAL_ENV_VARIABLE not in child


def test_frozen_removes_the_bootloaders_private_variables_and_keeps_the_users() -> None:
    child = child_process_env(frozen_environ(LANG="de_DE.UTF-8"), bundle_dir=BUNDLE)
    assert not [name for name in child if name.startswith(("_PYI_", "_MEIPASS"))]
    assert child["HOME"] == "/home/u"
    assert child["LANG"] == "de_DE.UTF-8"


@pytest.mark.parametrize("record", [None, "not json", "[1, 2]"])
def test_without_a_usable_record_the_hook_variables_are_left_alone(record: str | None) -> None:
    env = frozen_environ()
    del env[ORIGINAL_ENV_VARIABLE]
    if record is not None:
        env[ORIGINAL_ENV_VARIABLE] = record
    child = child_process_env(env, bundle_dir=BUNDLE)
    assert child["QT_PLUGIN_PATH"] == f"{BUNDLE}/PySide6/Qt/plugins"
    assert child["LD_LIBRARY_PATH"] == "/usr/local/lib"  # the bootloader's copy still counts
    assert ORIGINAL_ENV_VARIABLE not in child


def test_remember_replaces_a_record_inherited_from_a_parent() -> None:
    env = {ORIGINAL_ENV_VARIABLE: json.dumps({"PATH": "/stale"}), "PATH": "/now"}
    remember_original_environment(env)
    assert json.loads(env[ORIGINAL_ENV_VARIABLE])["PATH"] == "/now"


def test_only_web_addresses_are_opened() -> None:
    launched: list[list[str]] = []
    for url in ("file:///etc/passwd", "javascript:alert(1)", "--help", ""):
        with pytest.raises(InvalidInputError):
            open_in_browser(url, launch=lambda argv, env: launched.append(list(argv)))
    assert launched == []


def _executable(folder: Path, name: str, body: str = "exit 0\n") -> Path:
    path = folder / name
    path.write_text(f"#!/bin/sh\n{body}", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts stand in for browsers")
def test_browser_order_browser_variable_then_opener_then_known_browsers(tmp_path: Path) -> None:
    for name in ("mybrowser", "xdg-open", "open", "firefox"):
        _executable(tmp_path, name)
    env = {"PATH": str(tmp_path), "BROWSER": f"missing-one{os.pathsep}mybrowser --new-tab %s"}
    commands = browser_commands(URL, env)
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    assert commands == [
        [str(tmp_path / "mybrowser"), "--new-tab", URL],
        [str(tmp_path / opener), URL],
        [str(tmp_path / "firefox"), URL],
    ]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts stand in for browsers")
def test_a_browser_that_fails_to_start_is_skipped_and_none_found_is_false(tmp_path: Path) -> None:
    _executable(tmp_path, "xdg-open")
    _executable(tmp_path, "firefox")
    tried: list[str] = []

    def launch(argv: object, env: dict[str, str]) -> None:
        assert isinstance(argv, list)
        tried.append(Path(argv[0]).name)
        if tried == ["xdg-open"]:
            raise OSError("exec format error")

    env = {"PATH": str(tmp_path)}
    assert open_in_browser(URL, environ=env, bundle_dir=None, launch=launch) is True
    assert tried == ["xdg-open", "firefox"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert open_in_browser(URL, environ={"PATH": str(empty)}, bundle_dir=None) is False


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts stand in for browsers")
def test_the_real_browser_process_gets_the_users_environment(tmp_path: Path) -> None:
    seen = tmp_path / "seen.json"
    body = (
        f'printf \'{{"url": "%s", "ld": "%s", "qt": "%s", "pyi": "%s"}}\' '
        f'"$1" "${{LD_LIBRARY_PATH-unset}}" "${{QT_PLUGIN_PATH-unset}}" '
        f'"${{_PYI_APPLICATION_HOME_DIR-unset}}" > {seen}.part && /bin/mv {seen}.part {seen}\n'
    )
    _executable(tmp_path, "fake-browser", body)
    # Only our fake on PATH, as the user had it: a real xdg-open must never start here.
    env = frozen_environ(user_path=str(tmp_path), BROWSER="fake-browser")
    assert open_in_browser(URL, environ=env, bundle_dir=BUNDLE) is True
    deadline = time.monotonic() + 20
    while not seen.exists():  # the browser is detached: nothing to wait on but its output
        assert time.monotonic() < deadline, "the browser was not started"
        time.sleep(0.02)
    got = json.loads(seen.read_text(encoding="utf-8"))
    assert got == {
        "url": URL,
        "ld": "/usr/local/lib",
        "qt": "/usr/lib/qt6/plugins",
        "pyi": "unset",
    }


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts stand in for browsers")
def test_an_opener_that_fails_at_once_falls_through_to_the_next_browser(tmp_path: Path) -> None:
    seen = tmp_path / "firefox-saw"
    _executable(tmp_path, "xdg-open", "exit 3\n")  # "no method available", as over ssh
    _executable(
        tmp_path, "firefox", f'printf %s "$1" > {seen}.part && /bin/mv {seen}.part {seen}\n'
    )
    env = {"PATH": str(tmp_path)}
    assert open_in_browser(URL, environ=env, bundle_dir=None) is True
    deadline = time.monotonic() + 20
    while not seen.exists():
        assert time.monotonic() < deadline, "firefox was not started"
        time.sleep(0.02)
    assert seen.read_text(encoding="utf-8") == URL


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell scripts stand in for browsers")
def test_when_every_browser_fails_at_once_the_caller_is_told(tmp_path: Path) -> None:
    _executable(tmp_path, "xdg-open", "exit 3\n")
    _executable(tmp_path, "x-www-browser", "exit 1\n")
    assert open_in_browser(URL, environ={"PATH": str(tmp_path)}, bundle_dir=None) is False
