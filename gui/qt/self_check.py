"""The Qt half of ``self-test``: start a QApplication and paint an SVG with QtSvg."""

from __future__ import annotations


def paint_test_svg(svg: bytes) -> str:
    from PySide6.QtCore import QByteArray, qVersion
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["b24-connector-configurator"])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise RuntimeError("QtSvg could not parse the test SVG")
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    colour = image.pixelColor(4, 4)
    if colour.alpha() == 0:
        raise RuntimeError("QtSvg painted nothing")
    platform = QGuiApplication.platformName() if app else "?"
    return f"Qt {qVersion()} starts (platform {platform}) and QtSvg paints"
