"""Make docs/screenshot.png (after a registration on the sandbox) and
docs/screenshot-onboarding.png (after every onboarding step): the real window under X (Xvfb),
in a language and a colour scheme (1280×720 is the smallest screen the window is made for).

Not a test. Run it whenever the window changes, then look at the pictures before committing::

    Xvfb :96 -screen 0 1280x720x24 & XVFB=$!
    export QT_QPA_PLATFORM=xcb DISPLAY=:96
    .venv/bin/python -m tests.qt.screenshot docs/screenshot.png 1280x720
    .venv/bin/python -m tests.qt.screenshot docs/screenshot-ru.png 1280x720 --language ru \
        --no-onboarding
    .venv/bin/python -m tests.qt.screenshot docs/screenshot-dark.png 1280x720 --scheme dark \
        --no-onboarding
    kill $XVFB

An optional second argument ``WIDTHxHEIGHT`` sizes the window (default 1280x920), e.g. ``1280x720``
for a small laptop or ``1920x1080`` to see where extra space goes. ``--language`` is the
View → Language setting (applied at start, as the program does); ``--scheme dark`` asks Qt for the
dark scheme and, where the platform under Xvfb has none to give, does what the window does when
the system turns dark (``gui.qt.colour_scheme``).

It drives the window the way a newcomer would: "Try it with the local sandbox", the connector's
fields, an icon from the sample set tinted white, a colour, Register; then the Onboarding tab:
the portal's lines, the connector data, the handler, a test message, Run every step.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.qt import create_window
from tests.sample_icons import SAMPLE_ICONS_DIR

ICON = SAMPLE_ICONS_DIR / "lucide-static" / "cloud-fog.svg"


def _dark(app: QApplication) -> None:
    """The system turns dark: ask Qt (≥ 6.8) for it; without a platform theme to honour that,
    the window's own follower does what it does on the platform's signal."""
    from gui.qt.colour_scheme import follow_system_colour_scheme
    from gui.qt.tones import is_dark

    app.styleHints().setColorScheme(Qt.ColorScheme.Dark)
    app.processEvents()
    if not is_dark(app.palette()):
        follow_system_colour_scheme(app, Qt.ColorScheme.Dark)


def main(
    target: Path,
    size: tuple[int, int] = (1280, 920),
    language: str = "en",
    scheme: str = "light",
    onboarding: bool = True,
) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from gui.core.auth.tokens import TokenStore
    from gui.core.model.draft import DraftStore
    from gui.qt.settings import LANGUAGE, AppSettings
    from tests.fixtures_keyring import MemoryKeyring

    if scheme == "dark":
        _dark(app)
    tmp = Path(tempfile.mkdtemp(prefix="b24-shot-"))
    store = TokenStore(backend=MemoryKeyring())
    settings = AppSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.set(LANGUAGE, language)
    window = create_window(settings, DraftStore(tmp), open_token_store=lambda: store)
    window.resize(*size)
    window.show()
    form = window.form

    def fill() -> None:
        window.window_actions.sandbox.trigger()
        form.connector_id.setText("acme_chat")
        form.connector_name.setText("Чат Acme" if language == "ru" else "Acme Chat")
        form.placement_handler.setText("https://connector.acme.example/settings")
        form.comment.setPlainText("Routes Acme Chat conversations to Open Lines")
        form.icon_editor.load_svg_file(ICON)
        QTimer.singleShot(800, style)

    def style() -> None:
        if form.icon_editor.tint.isVisible():
            form.icon_editor.tint.click()
        form.icon_editor.colour.setText("#2fc6f6")
        form.icon_editor.size.setCurrentText("60%")
        QTimer.singleShot(800, register)

    def register() -> None:
        QTest.mouseClick(window.register_button, Qt.MouseButton.LeftButton)
        QTimer.singleShot(2500, grab)

    def grab() -> None:
        window.grab().save(str(target))
        print(f"{target}: {window.status.text()}")
        if not onboarding:
            window.close()
            app.quit()
            return
        panel = window.widgets.onboarding
        window.widgets.tabs.setCurrentIndex(1)
        panel.refresh_lines.click()
        for key, value in {
            "ID": "acme-support",
            "URL": "https://acme.example/support",
            "URL_IM": "https://acme.example/chat",
            "NAME": "Acme support chat",
        }.items():
            panel.data[key].setText(value)
            panel.data[key].textEdited.emit(value)
        panel.handler.setText("https://connector.acme.example/b24/events")
        panel.handler.textEdited.emit(panel.handler.text())
        panel.test_message.setChecked(True)
        QTimer.singleShot(1500, onboard)

    def onboard() -> None:
        window.widgets.onboarding.line.setCurrentIndex(1)
        window.widgets.onboarding.run.click()
        QTimer.singleShot(3000, grab_onboarding)

    def grab_onboarding() -> None:
        second = target.with_name(f"{target.stem}-onboarding{target.suffix}")
        window.grab().save(str(second))
        print(f"{second}: {window.status.text()}")
        window.close()
        app.quit()

    QTimer.singleShot(500, fill)
    app.exec()
    return 0


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.qt.screenshot")
    parser.add_argument("target", nargs="?", type=Path, default=Path("docs/screenshot.png"))
    parser.add_argument("--language", default="en", help="en, ru… (View → Language)")
    parser.add_argument("--scheme", choices=("light", "dark"), default="light")
    parser.add_argument("size", nargs="?", default="1280x920", help="the window's WIDTHxHEIGHT")
    parser.add_argument(
        "--no-onboarding",
        dest="onboarding",
        action="store_false",
        help="only the first picture (not <target>-onboarding too)",
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    options = parse_arguments(sys.argv[1:])
    width, _, height = options.size.partition("x")
    sys.exit(
        main(
            options.target,
            (int(width), int(height)),
            options.language,
            options.scheme,
            options.onboarding,
        )
    )
