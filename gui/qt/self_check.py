"""The Qt half of ``self-test``: start a QApplication and paint an SVG with QtSvg."""

from __future__ import annotations

from gui.core.i18n import _


def paint_test_svg(svg: bytes) -> str:
    import PySide6
    from PySide6.QtCore import QByteArray, qVersion
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(["b24-connector-configurator"])
    renderer = QSvgRenderer(QByteArray(svg))
    if not renderer.isValid():
        raise RuntimeError(_("QtSvg could not parse the test SVG"))
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    image.fill(QColor(0, 0, 0, 0))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    colour = image.pixelColor(4, 4)
    if colour.alpha() == 0:
        raise RuntimeError(_("QtSvg painted nothing"))
    lost = lost_none_references()
    if lost:
        raise RuntimeError(
            _(
                "PySide6 {version} loses a reference to None on {lost} of 16 Qt calls and would "
                "crash the program after a few thousand; install another PySide6 release"
            ).format(version=PySide6.__version__, lost=lost)
        )
    platform = QGuiApplication.platformName() if app else "?"
    return _("Qt {version} starts (platform {platform}) and QtSvg paints").format(
        version=qVersion(), platform=platform
    )


def lost_none_references(calls: int = 16) -> int:
    """How many references to ``None`` ``calls`` void Qt calls lose (0 on a sound binding).

    PySide6 6.12.0 on CPython 3.11 loses one per call, so the interpreter aborts with
    ``none_dealloc`` once ``None``'s count (a few thousand) runs out.
    """
    import sys

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _call in range(calls):
        probe.setObjectName("refcount-probe")
    return max(0, before - sys.getrefcount(None))
