"""The window's language: chosen in View → Language (or the system's), applied before any widget
is built — the program's own catalogue (:mod:`gui.core.i18n`) and Qt's shipped translations for
Qt's own dialogs and buttons (``qtbase_<lang>.qm``: colour picker, file dialogs, message boxes).
"""

from __future__ import annotations

import gettext
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui.core import i18n

QT_CATALOGUES = ("qtbase",)
"""Qt's own translations the window's dialogs use (QtWidgets' texts live in qtbase)."""
_TRANSLATOR_NAME = "b24cc.qt_translation"


def qt_translations_dirs() -> list[str]:
    """Where Qt's ``.qm`` files are: Qt's own answer, then PySide6's folder (a frozen bundle
    keeps them in PySide6/Qt/translations, whatever Qt was told at build time)."""
    import PySide6

    return [
        QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
        str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations"),
    ]


def apply_language(choice: str) -> str:
    """Switch the program to ``choice`` (``""``: the system's language); returns the language in
    effect. Qt's translators for the previous language are removed, the new ones installed."""
    language = i18n.set_language(choice or None)
    QLocale.setDefault(QLocale(language))
    app = QCoreApplication.instance()
    if app is None:
        return language
    for old in app.findChildren(QTranslator, _TRANSLATOR_NAME):
        QCoreApplication.removeTranslator(old)
        old.deleteLater()
    if language == i18n.SOURCE_LANGUAGE:
        return language
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        translator.setObjectName(_TRANSLATOR_NAME)
        if any(
            translator.load(QLocale(language), catalogue, "_", folder)
            for folder in qt_translations_dirs()
        ):
            QCoreApplication.installTranslator(translator)
        else:
            translator.deleteLater()
    return language


def translation_for(choice: str) -> gettext.NullTranslations:
    """The catalogue of ``choice`` (``""``: the system's) without switching the program to it:
    the restart question is asked in the language the user just picked."""
    language = i18n.choose_language(choice or None)
    if language == i18n.SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(
        i18n.DOMAIN, str(i18n.locale_dir()), languages=[language], fallback=True
    )
