"""Make docs/screenshot.png (after a registration on the sandbox) and
docs/screenshot-onboarding.png (after every onboarding step): the real window under X (Xvfb).

Not a test. Run it whenever the window changes, then look at the picture before committing::

    Xvfb :99 -screen 0 1400x1000x24 & XVFB=$!
    QT_QPA_PLATFORM=xcb DISPLAY=:99 .venv/bin/python -m tests.qt.screenshot docs/screenshot.png
    kill $XVFB

An optional second argument ``WIDTHxHEIGHT`` sizes the window (default 1280x920), e.g. ``1280x720``
for a small laptop or ``1920x1080`` to see where extra space goes.

It drives the window the way a newcomer would: "Try it with the local sandbox", the connector's
fields, an icon from the sample set tinted white, a colour, Register; then the Onboarding tab:
the portal's lines, the connector data, the handler, a test message, Run every step.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.qt import create_window
from tests.sample_icons import SAMPLE_ICONS_DIR

ICON = SAMPLE_ICONS_DIR / "lucide-static" / "cloud-fog.svg"


def main(target: Path, size: tuple[int, int] = (1280, 920)) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from gui.core.auth.tokens import TokenStore
    from gui.core.model.draft import DraftStore
    from gui.qt.settings import AppSettings
    from tests.fixtures_keyring import MemoryKeyring

    tmp = Path(tempfile.mkdtemp(prefix="b24-shot-"))
    store = TokenStore(backend=MemoryKeyring())
    window = create_window(
        AppSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)),
        DraftStore(tmp),
        open_token_store=lambda: store,
    )
    window.resize(*size)
    window.show()
    form = window.form

    def fill() -> None:
        window.window_actions.sandbox.trigger()
        form.connector_id.setText("acme_chat")
        form.connector_name.setText("Acme Chat")
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


if __name__ == "__main__":
    width, _, height = (sys.argv[2] if len(sys.argv) > 2 else "1280x920").partition("x")
    sys.exit(
        main(
            Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshot.png"),
            (int(width), int(height)),
        )
    )
