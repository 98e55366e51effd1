"""Window fixtures for the pytest-qt suite, and a guard against leaked worker threads.

Windows are built with test collaborators: settings in an INI file under ``tmp_path``, the draft
in ``tmp_path``, an in-memory keyring, the TLS sandbox's CA bundle, and dialogs that answer from a
script instead of blocking on a modal.
"""

from __future__ import annotations

import gettext
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from gui.core import i18n
from gui.core.auth.portal_index import PortalIndex
from gui.core.auth.tokens import StoredToken, TokenStore
from gui.core.model.draft import DraftStore
from gui.core.portal.address import PortalAddress
from gui.qt import create_window
from gui.qt.dialogs import RESTART_TEXT, Dialogs, UnsavedChoice
from gui.qt.language import apply_language
from gui.qt.main_window import MainWindow
from gui.qt.settings import CA_BUNDLE, LANGUAGE, OAUTH_SERVER, AppSettings
from tests.fixtures_keyring import MemoryKeyring
from tests.fixtures_sandbox import RunningSandbox

QT_INTERNAL_POOL = "Thread (pooled)"


def _native_threads() -> set[str]:
    try:
        tids = [entry.name for entry in Path("/proc/self/task").iterdir()]
    except OSError:  # not Linux: Python threads are still checked
        return set()
    return {tid for tid in tids if not _thread_name(tid).endswith(f":{QT_INTERNAL_POOL}")}


def _thread_name(tid: str) -> str:
    try:
        return f"{tid}:{Path(f'/proc/self/task/{tid}/comm').read_text().strip()}"
    except OSError:
        return tid


@pytest.fixture(autouse=True)
def no_leaked_threads(qtbot: QtBot) -> Iterator[None]:
    """Fail a test that leaves a worker thread (Python or native, e.g. a pool thread) running."""
    python_before = set(threading.enumerate())
    native_before = _native_threads()
    yield
    # Qt's own pools (image conversions) keep idle threads named "Thread (pooled)" for the life
    # of the process; they are not ours. Our runners name their pools ("network-pool"...).
    QThreadPool.globalInstance().waitForDone(2000)

    def settled() -> bool:
        # A _DummyThread is Python's record of a thread it did not start (a runner's pool thread
        # that logged something); it never ends. The native check below still sees every thread.
        extra_python = [
            t
            for t in threading.enumerate()
            if t not in python_before and t.is_alive() and not isinstance(t, threading._DummyThread)
        ]
        return not extra_python and not (_native_threads() - native_before)

    try:
        qtbot.waitUntil(settled, timeout=5000)
    except Exception:  # pytest-qt's TimeoutError
        extra = [t.name for t in threading.enumerate() if t not in python_before]
        native = sorted(_thread_name(tid) for tid in _native_threads() - native_before)
        pytest.fail(f"threads outlived the test: python {extra}, native {native}")


@dataclass
class ScriptedDialogs(Dialogs):
    """Dialogs that answer from lists instead of asking (and record what was asked)."""

    unsaved: list[UnsavedChoice] = field(default_factory=list)
    open_paths: list[str] = field(default_factory=list)
    save_paths: list[str] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    confirms: list[bool] = field(default_factory=list)
    restarts: list[bool] = field(default_factory=list)
    restart_texts: list[str] = field(default_factory=list)

    def ask_unsaved(self, parent: QWidget, name: str) -> UnsavedChoice:
        self.asked.append(f"unsaved:{name}")
        return self.unsaved.pop(0)

    def open_path(self, parent: QWidget, directory: str) -> str:
        self.asked.append("open")
        return self.open_paths.pop(0)

    def confirm(self, parent: QWidget, title: str, question: str) -> bool:
        self.asked.append(f"confirm:{title}")
        return self.confirms.pop(0)

    def save_path(self, parent: QWidget, suggested: str) -> str:
        self.asked.append("save")
        return self.save_paths.pop(0)

    def ask_restart(self, parent: QWidget, language: gettext.NullTranslations) -> bool:
        self.asked.append("restart")
        self.restart_texts.append(language.gettext(RESTART_TEXT))
        return self.restarts.pop(0)


@dataclass
class WindowKit:
    """What a test needs around a window: its settings file, keyring, draft folder, dialogs."""

    tmp: Path
    keyring: MemoryKeyring
    dialogs: ScriptedDialogs
    settings_path: Path

    def settings(self) -> AppSettings:
        return AppSettings(QSettings(str(self.settings_path), QSettings.Format.IniFormat))

    def token_store(self) -> TokenStore:
        return TokenStore(backend=self.keyring, index=PortalIndex(self.tmp / "portals.json"))

    def collaborators(self, **overrides: Any) -> dict[str, Any]:
        return {"open_token_store": self.token_store, **overrides}

    def draft_store(self) -> DraftStore:
        return DraftStore(self.tmp / "state")


@pytest.fixture(autouse=True)
def english_window() -> Iterator[None]:
    """The window tests read English texts: each starts and ends in English, whatever the
    machine's language (a test that switches language switches back here)."""
    apply_language("en")
    yield
    apply_language("en")
    assert i18n.current_language() == "en"


@pytest.fixture
def kit(tmp_path: Path, memory_keyring: MemoryKeyring) -> WindowKit:
    """Settings choose English (View → Language), so a window's texts do not depend on LANG."""
    made = WindowKit(tmp_path, memory_keyring, ScriptedDialogs(), tmp_path / "settings.ini")
    settings = made.settings()
    settings.set(LANGUAGE, "en")
    settings.sync()
    return made


@pytest.fixture
def open_window(qtbot: QtBot, kit: WindowKit) -> Iterator[Callable[..., MainWindow]]:
    """Build, show and start a window; it is closed (and its workers joined) at teardown."""
    windows: list[MainWindow] = []

    def make(**overrides: Any) -> MainWindow:
        window = create_window(
            kit.settings(), kit.draft_store(), kit.dialogs, **kit.collaborators(**overrides)
        )
        qtbot.addWidget(window)
        windows.append(window)
        window.show()
        window.activateWindow()
        # Keyboard shortcuts need the window to be the focus window (waitActive returns early).
        qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle())
        return window

    yield make
    for window in windows:
        window.close()


@pytest.fixture
def sandbox_window(
    open_window: Callable[..., MainWindow], kit: WindowKit, tls_sandbox: RunningSandbox
) -> MainWindow:
    """A started window aimed at the TLS sandbox, with a ready token in the keyring."""
    settings = kit.settings()
    settings.set(CA_BUNDLE, str(tls_sandbox.ca_bundle))
    settings.set(OAUTH_SERVER, tls_sandbox.oauth_server)
    settings.sync()
    store_token(kit, tls_sandbox)
    return open_window()


def store_token(kit: WindowKit, sandbox: RunningSandbox, **changes: Any) -> StoredToken:
    data = sandbox.ready_token()
    data.update(changes)
    token = StoredToken.from_mapping(data)
    kit.token_store().save(PortalAddress.parse(sandbox.url), token)
    return token
