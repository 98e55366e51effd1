"""The Help menu: the keyboard shortcuts (read from the window's own actions, so the list cannot
go stale) and About (version, licence, where the README explains what).

Both open as non-modal message boxes named ``help.shortcuts`` and ``help.about``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox

from gui import __version__
from gui.core.i18n import N_, _
from gui.qt.window_actions import add_action

LICENCE = "MIT"
"""As ``pyproject.toml`` declares it."""

# Translators: rich text; keep the tags, {version} and {licence}, and the README's section names
# in English (the README is English), each in its own quotation marks.
ABOUT = N_("""\
<p><b>B24 Connector Configurator</b> {version}</p>
<p>Registers a custom Bitrix24 Open Channels connector carefully: every parameter checked, the
icon shown as Bitrix24 paints it, tokens kept in the OS keyring.</p>
<p>Licence: {licence}.</p>
<p>In the README (README.md, beside the program's source):<br>
“First minute: the sandbox” — rehearse without a Bitrix24 account<br>
“On a real portal” — the app, the log-in, Register<br>
“When there is no keyring” — the steps for Linux, macOS and Windows<br>
“Command line” and “Exit codes” — the same operations from a terminal<br>
“Where things are” — tokens, settings, the draft and the log</p>
""")

EXTRA_KEYS = (
    ("Tab / Shift+Tab", N_("move between fields")),
    (N_("Alt+underlined letter"), N_("open a menu")),
)
"""Keys that belong to no action but a newcomer needs."""


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")


def shortcuts_text(window: QMainWindow) -> str:
    """Every window action that has a shortcut, as an HTML table, then :data:`EXTRA_KEYS`."""
    native = QKeySequence.SequenceFormat.NativeText
    rows = []
    for action in window.actions():
        keys = ", ".join(key.toString(native) for key in action.shortcuts() if not key.isEmpty())
        if keys:
            rows.append((keys, _plain(action.text())))
    rows.extend((_(keys), _(what)) for keys, what in EXTRA_KEYS)
    cells = "".join(
        f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in rows
    )
    return f"<table>{cells}</table>"


def build_help_menu(window: QMainWindow) -> None:
    """Add Help ▸ Keyboard shortcuts (F1) and Help ▸ About to ``window``'s menu bar."""
    menu = window.menuBar().addMenu(_("&Help"))
    menu.setObjectName("menu.help")
    shortcuts = add_action(window, _("&Keyboard shortcuts"), "help_shortcuts", "F1")
    about = add_action(window, _("&About B24 Connector Configurator"), "about")
    menu.addActions([shortcuts, about])
    shortcuts.triggered.connect(
        lambda: _show(window, "help.shortcuts", _("Keyboard shortcuts"), shortcuts_text(window))
    )
    about.triggered.connect(
        lambda: _show(
            window,
            "help.about",
            _("About"),
            _(ABOUT).format(version=__version__, licence=LICENCE),
        )
    )


def _show(window: QMainWindow, name: str, title: str, html: str) -> None:
    """A non-modal box (the window stays usable), deleted when closed."""
    box = QMessageBox(
        QMessageBox.Icon.NoIcon, title, html, QMessageBox.StandardButton.Close, window
    )
    box.setObjectName(name)
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
