"""The message catalogue: every user-facing text of the program goes through this module.

gettext catalogues (``gui/locale/<lang>/LC_MESSAGES/b24cc.po``, compiled to ``.mo`` by
``scripts/messages.py compile``), English as the source language. Qt-free, so the core, the CLI,
the sandbox and the window share one mechanism.

How to write a message:

- ``_("Text")`` translates now. Use it where the text is shown, not at import time.
- ``N_("Text")`` only marks a module-level constant for extraction; translate it with ``_()``
  where it is shown (the language can be chosen after the module was imported).
- ``ngettext("{n} problem", "{n} problems", n).format(n=n)``: plural forms (Russian has three).
- ``pgettext("context", "Text")``: one English word with two meanings.
- Placeholders are named, ``{name}``, filled with ``str.format`` after translating: translators
  move them, never rename them (a test checks every translation keeps its placeholders).
- Codes (``NAME_REQUIRED``), parameter names (``PLACEMENT_HANDLER``) and JSON keys stay outside the
  translated text.
"""

from __future__ import annotations

import gettext
import os
import sys
from pathlib import Path

DOMAIN = "b24cc"
"""The catalogue's name: ``gui/locale/<lang>/LC_MESSAGES/b24cc.mo``."""

SOURCE_LANGUAGE = "en"

LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
"""The languages offered, each named in itself (the View → Language menu shows these names)."""

_LANGUAGE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def locale_dir() -> Path:
    """``gui/locale``: beside this package in a checkout, inside the bundle when frozen."""
    return Path(__file__).resolve().parents[1] / "locale"


def _(message: str) -> str:
    """The message in the current language (the English text when it has no translation)."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it (translate with ``_()``)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a counted message for ``n`` in the current language."""
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` as meant in ``context`` (for an English word with two meanings)."""
    return _translation.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context."""
    return _translation.npgettext(context, singular, plural, n)


def _language_code(value: str) -> str:
    """``ru_RU.UTF-8`` → ``ru``; ``C`` / ``POSIX`` → English."""
    code = value.split(".", 1)[0].split("@", 1)[0].replace("-", "_").split("_", 1)[0].lower()
    return SOURCE_LANGUAGE if code in {"", "c", "posix"} else code


def system_languages(environ: dict[str, str] | None = None) -> list[str]:
    """The user's languages, most preferred first, as gettext looks for them.

    ``LANGUAGE`` (a colon-separated list), then ``LC_ALL``, ``LC_MESSAGES``, ``LANG``; with none
    of them set (Windows, a macOS app), the operating system's own setting.
    """
    env = os.environ if environ is None else environ
    for variable in _LANGUAGE_VARIABLES:
        value = env.get(variable, "")
        if value:
            return [_language_code(part) for part in value.split(":") if part]
    return [_language_code(code) for code in _os_languages()]


def _os_languages() -> list[str]:
    """The OS language where no environment variable says it (Windows, macOS)."""
    if sys.platform == "win32":
        import ctypes
        import locale

        lcid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
        name = locale.windows_locale.get(lcid)
        return [name] if name else []
    if sys.platform == "darwin":
        import subprocess

        try:
            out = subprocess.run(
                ["defaults", "read", "-g", "AppleLanguages"],
                capture_output=True, text=True, timeout=2, check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return []
        return [part.strip(' \n\t",()') for part in out.split(",") if part.strip(' \n\t",()')]
    return []


def choose_language(preferred: str | None = None, environ: dict[str, str] | None = None) -> str:
    """The language to use: ``preferred`` (the window's setting) if offered, else the system's
    first offered language, else English."""
    candidates = ([_language_code(preferred)] if preferred else []) + system_languages(environ)
    for code in candidates:
        if code in LANGUAGES:
            return code
    return SOURCE_LANGUAGE


def set_language(code: str | None = None) -> str:
    """Switches every later ``_()`` to ``code`` (None: follow the system); returns the language
    now in effect. A language whose catalogue is missing falls back to English."""
    global _translation, _language
    language = choose_language(code)
    if language == SOURCE_LANGUAGE:
        _translation, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return _language
    try:
        _translation = gettext.translation(DOMAIN, str(locale_dir()), languages=[language])
    except OSError:  # not compiled: scripts/messages.py compile
        _translation, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return _language
    _language = language
    return _language


def current_language() -> str:
    """The language ``_()`` translates into now (``"en"``, ``"ru"``)."""
    return _language


set_language()
