"""Responsiveness of the real window (offscreen unless QT_QPA_PLATFORM says otherwise).

1. The longest event-loop stall while Register runs against a TLS sandbox that answers after
   3 s: a 1 ms timer records the largest gap between its ticks from the click until the outcome
   is on screen. Target ≤ 50 ms.
2. Keystroke to updated preview on the vendored sample icons (tests/data/sample_icons, or
   the folder ``B24_SAMPLE_ICONS`` names), each loaded whole (the bench stops with an error when
   the field holds anything but the whole DATA_IMAGE): for each icon, keys typed into
   ``ICON.COLOR`` and ``ICON.SIZE`` (each completing a valid value), timed from the key event to
   the active preview's ``updated`` signal. p50/p95/max are printed, over all icons and on the
   largest. Targets p95 ≤ 30 ms over all, ≤ 100 ms on the largest.
3. The longest event-loop stall while typing those keys with a ~500 KB icon (generated: many
   paths, just under the 512 KB the codec accepts). Target ≤ 50 ms.

    .venv/bin/python benchmarks/bench_window_responsiveness.py [--icons DIR] [--max-icons N]
"""

from __future__ import annotations

import argparse
import os
import ssl
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget  # noqa: E402

from gui.qt import create_window  # noqa: E402  (applies the PySide6 refcount guard first)
from tests.sample_icons import SAMPLE_ICONS_DIR  # noqa: E402

DEFAULT_ICONS = SAMPLE_ICONS_DIR


class StallMeter:
    """Largest gap between ticks of a 1 ms timer: how long the event loop was not serving."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(1)
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.clock = QElapsedTimer()
        self.longest_ms = 0.0
        self._last = 0.0

    def start(self) -> None:
        self.clock.start()
        self._last = 0.0
        self.longest_ms = 0.0
        self.timer.start()

    def stop(self) -> None:
        self._on_timer_timeout()
        self.timer.stop()

    def _on_timer_timeout(self) -> None:
        now = self.clock.nsecsElapsed() / 1e6
        self.longest_ms = max(self.longest_ms, now - self._last)
        self._last = now


def wait_until(predicate: object, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)


def named(window: QWidget, path: str) -> QWidget:
    found = window.findChild(QWidget, path)
    assert found is not None, path
    return found


def build_window(tmp: Path, sandbox: object, ca_path: Path) -> object:
    from gui.core.auth.tokens import StoredToken, TokenStore
    from gui.core.model.draft import DraftStore
    from gui.core.portal.address import PortalAddress
    from gui.qt.settings import CA_BUNDLE, OAUTH_SERVER, AppSettings
    from tests.fixtures_keyring import MemoryKeyring

    settings = AppSettings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.set(CA_BUNDLE, str(ca_path))
    settings.set(OAUTH_SERVER, sandbox.url)  # type: ignore[attr-defined]
    store = TokenStore(backend=MemoryKeyring())
    portal = sandbox.portal  # type: ignore[attr-defined]
    token = portal.mint_token(portal.create_app(), base_url=sandbox.url)  # type: ignore[attr-defined]
    store.save(PortalAddress.parse(sandbox.url), StoredToken.from_mapping(token))  # type: ignore[attr-defined]
    window = create_window(settings, DraftStore(tmp), open_token_store=lambda: store)
    window.show()
    return window


def settle(window: object) -> None:
    """Wait until no render or request is queued (and the warm-up imports are done)."""
    wait_until(lambda: not window.render_runner.busy and not window.network_runner.busy)  # type: ignore[attr-defined]


def measure_register_stall(window: object, sandbox: object) -> float:
    from tests.faults import Delay

    fields = {
        "ID": "bench_chat",
        "NAME": "Bench",
        "PLACEMENT_HANDLER": "https://connector.example.com/settings",
        "portal": sandbox.url,  # type: ignore[attr-defined]
    }
    for path, value in fields.items():
        widget = named(window, path)  # type: ignore[arg-type]
        assert isinstance(widget, QLineEdit)
        widget.setText(value)
    # As run_window does after the first paint: the network modules are imported by then.
    window.network_runner.submit(lambda _c: __import__("gui.core.portal.rest"))  # type: ignore[attr-defined]
    settle(window)
    QTest.qWait(300)  # the portal panel's debounce and the first keyring call
    sandbox.portal.script_next(Delay(3.0), target="rest")  # type: ignore[attr-defined]
    status = named(window, "status")
    meter = StallMeter()
    meter.start()
    QTest.mouseClick(named(window, "register"), Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    wait_until(lambda: "Registered" in status.text() or "✗" in status.text(), 30)  # type: ignore[attr-defined]
    QTest.qWait(50)
    meter.stop()
    assert "Registered" in status.text(), status.text()  # type: ignore[attr-defined]
    return meter.longest_ms


class IconNotWhole(RuntimeError):
    """The icon field did not hold the whole DATA_IMAGE: the measurement would flatter us."""


def large_icon(target_bytes: int = 500_000) -> bytes:
    """A ~500 KB SVG of many short paths (deterministic), within the codec's 512 KB limit."""
    parts = [b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1000">']
    size, n = len(parts[0]), 0
    while size < target_bytes:
        x, y = (n * 37) % 990, (n * 91) % 990
        d = f"M{x} {y}" + "".join(f" l{(k * 7) % 13 - 6} {(k * 5) % 11 - 5}" for k in range(60))
        part = f'<path d="{d}z" fill="#{(n * 2654435761) % 0xFFFFFF:06x}"/>'.encode()
        parts.append(part)
        size += len(part)
        n += 1
    parts.append(b"</svg>")
    return b"".join(parts)


def measure_keystrokes(
    window: object, icons: list[tuple[str, str]], meter: StallMeter | None = None
) -> dict[str, list[float]]:
    """Keystroke → preview times per icon name (``icons``: name and DATA_IMAGE)."""
    preview = window.preview_active  # type: ignore[attr-defined]
    data_image = named(window, "ICON.DATA_IMAGE")  # type: ignore[arg-type]
    colour = named(window, "ICON.COLOR")  # type: ignore[arg-type]
    size = named(window, "ICON.SIZE")  # type: ignore[arg-type]
    assert isinstance(data_image, QLineEdit) and isinstance(colour, QLineEdit)
    assert isinstance(size, QComboBox)
    samples: dict[str, list[float]] = {}

    def timed_key(name: str, target: QWidget, key: str) -> None:
        before = preview.generation
        loop = QEventLoop()
        stamp: list[float] = []

        def on_updated() -> None:
            stamp.append(time.perf_counter())
            loop.quit()

        preview.updated.connect(on_updated)
        if meter is not None:
            meter.start()
        started = time.perf_counter()
        QTest.keyClicks(target, key)
        if preview.generation == before:
            QTimer.singleShot(15000, loop.quit)
            loop.exec()
        preview.updated.disconnect(on_updated)
        if stamp:
            samples.setdefault(name, []).append((stamp[0] - started) * 1000)
        settle(window)
        if meter is not None:
            meter.stop()
            samples.setdefault("stall", []).append(meter.longest_ms)

    for name, value in icons:
        data_image.setText(value)
        if data_image.text() != value:
            raise IconNotWhole(
                f"{name}: the icon field holds {len(data_image.text())} of {len(value)} characters"
            )
        settle(window)
        for digit in "13579":
            colour.setText("#1e88e")
            settle(window)
            timed_key(name, colour, digit)
        for number in ("50", "60", "70", "80", "90"):
            size.setCurrentText(number)
            settle(window)
            timed_key(name, size.lineEdit(), "%")
    return samples


def sample_data_images(paths: list[Path]) -> list[tuple[str, str]]:
    """Each sample icon as the window would load it; one the codec refuses stops the bench."""
    from gui.core.icon.codec import encode_data_image, import_svg

    return [(path.name, encode_data_image(import_svg(path.read_bytes()).svg)) for path in paths]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--icons", type=Path, default=DEFAULT_ICONS)
    parser.add_argument("--max-icons", type=int, default=0, help="0: every icon")
    args = parser.parse_args()
    import trustme

    from gui.sandbox import SandboxPortal, SandboxServer

    app = QApplication.instance() or QApplication(sys.argv[:1])
    paths = sorted(args.icons.rglob("*.svg"))[: args.max_icons or None]
    icons = sample_data_images(paths)
    largest = max(icons, key=lambda icon: len(icon[1]))
    from gui.core.icon.codec import encode_data_image

    huge = encode_data_image(large_icon())
    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ca_path = tmp / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_path))
        with SandboxServer(SandboxPortal(), ssl_context=context) as sandbox:
            window = build_window(tmp, sandbox, ca_path)
            wait_until(lambda: window.preview_active.generation > 0)  # type: ignore[attr-defined]
            settle(window)
            stall = measure_register_stall(window, sandbox)
            samples = measure_keystrokes(window, icons)
            huge_samples = measure_keystrokes(window, [("500 KB icon", huge)], meter=StallMeter())
            window.close()  # type: ignore[attr-defined]
    del app
    every = [ms for name, values in samples.items() for ms in values]
    on_largest = samples[largest[0]]
    typing_stall = max(huge_samples["stall"])
    print(f"platform: {QApplication.platformName() or os.environ['QT_QPA_PLATFORM']}")
    print(f"longest event-loop stall during a 3 s register: {stall:6.1f} ms  (target ≤ 50)")
    print(
        f"keystroke → preview over {len(every)} keys on {len(icons)} icons loaded whole: "
        f"p50 {statistics.median(every):5.1f} ms, p95 {percentile(every, 0.95):5.1f} ms, "
        f"max {max(every):5.1f} ms  (target p95 ≤ 30)"
    )
    print(
        f"on the largest ({largest[0]}, {len(largest[1]) / 1024:.0f} KB encoded): "
        f"p95 {percentile(on_largest, 0.95):5.1f} ms, max {max(on_largest):5.1f} ms  "
        "(target ≤ 100)"
    )
    huge_keys = huge_samples["500 KB icon"]
    print(
        f"with a {len(huge) / 1024:.0f} KB icon: keystroke → preview p50 "
        f"{statistics.median(huge_keys):6.1f} ms, max {max(huge_keys):6.1f} ms; longest "
        f"event-loop stall while typing {typing_stall:5.1f} ms  (target ≤ 50)"
    )
    met = (
        stall <= 50
        and percentile(every, 0.95) <= 30
        and percentile(on_largest, 0.95) <= 100
        and typing_stall <= 50
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
