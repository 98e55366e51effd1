"""Suite-wide set-up. Qt's platform is chosen here, before any QApplication can exist.

The suite speaks English whatever the developer's locale: tests assert English messages, and the
language is pinned before anything imports :mod:`gui.core.i18n`, for this process and for every
child process that inherits its environment. A test that wants Russian asks for it: the
``russian`` fixture below, or a child started with ``russian_environ()``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Real widgets, no screen (SETUP.md "pytest-qt"). setdefault: a developer may choose xcb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# English for the suite and its children (LANGUAGE wins over LC_ALL, LC_MESSAGES and LANG).
os.environ["LANGUAGE"] = "en"
os.environ["LC_ALL"] = "C.UTF-8"
os.environ.pop("LC_MESSAGES", None)

from gui.core import i18n  # after the language is pinned, so it starts in English

i18n.set_language("en")

pytest_plugins = ["tests.fixtures_sandbox", "tests.fixtures_keyring"]


def russian_environ(base: dict[str, str] | None = None) -> dict[str, str]:
    """A child process's environment as a Russian user's shell has it: ``LANG=ru_RU.UTF-8`` and
    none of the suite's English pins."""
    env = dict(os.environ if base is None else base)
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        env.pop(name, None)
    env["LANG"] = "ru_RU.UTF-8"
    return env


@pytest.fixture
def russian(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The test runs in Russian: ``_()`` answers in Russian, and so do children it starts."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert i18n.set_language("ru") == "ru", "no compiled catalogue: scripts/messages.py compile"
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that switched the language (and failed before switching back) leaves English."""
    yield
    if i18n.current_language() != "en":
        i18n.set_language("en")
