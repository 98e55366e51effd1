"""What the message catalogue costs the per-keystroke validation: Russian against English.

The window runs :func:`validate_connector` (without the render check) on every keystroke. A
connector with a dozen problems builds a dozen messages, each now looked up in the catalogue; in
English the lookup is gettext's pass-through, in Russian a real catalogue. Both are timed in the
same run, interleaved round by round (the language switched between rounds, the first language
alternating), and the ratio of the medians is printed; so is the absolute time per call, which
must stay well under the module's "a millisecond or two". A connector without problems shows the
floor (no message is built).

Run: ``.venv/bin/python -m benchmarks.bench_validation_language [--rounds N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import replace

from gui.core.i18n import set_language
from gui.core.icon.codec import encode_data_image
from gui.core.model.connector import Connector, IconSpec
from gui.core.model.validation import validate_connector

GLYPH = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
    b'<circle cx="12" cy="12" r="9" fill="#fff"/></svg>'
)
GOOD = Connector(
    id="acme_chat",
    name="Acme Chat",
    icon=IconSpec(encode_data_image(GLYPH), "#69acc0", "90%", "center"),
    placement_handler="https://connector.acme-corp.com/settings",
    icon_disabled=IconSpec(encode_data_image(GLYPH), "#99adb3"),
)
BAD = replace(
    GOOD,
    id="Acme.Chat",
    name="0",
    icon=IconSpec("<svg/>", "rgb(1,2)", "big", "left right"),
    icon_disabled=IconSpec(),
    placement_handler="http://localhost/settings",
    comment="x" * 300,
    extra={"PLACEMENT_HANDLR": "x"},
)
CALLS_PER_ROUND = 200


def per_call_us(connector: Connector) -> float:
    start = time.perf_counter()
    for _ in range(CALLS_PER_ROUND):
        validate_connector(connector, check_render=False)
    return (time.perf_counter() - start) / CALLS_PER_ROUND * 1e6


def measure(connector: Connector, rounds: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"en": [], "ru": []}
    for language in ("en", "ru"):  # warm the memoised icon findings in both languages
        set_language(language)
        per_call_us(connector)
    for index in range(rounds):
        order = ("en", "ru") if index % 2 == 0 else ("ru", "en")
        for language in order:
            set_language(language)
            times[language].append(per_call_us(connector))
    set_language("en")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    assert not validate_connector(GOOD, check_render=False)
    problems = len(validate_connector(BAD, check_render=False))
    for name, connector in (("no problems", GOOD), (f"{problems} problems", BAD)):
        times = measure(connector, args.rounds)
        english, russian = statistics.median(times["en"]), statistics.median(times["ru"])
        print(
            f"{name:>12}: en {english:7.1f} µs/call, ru {russian:7.1f} µs/call, "
            f"ru/en {russian / english:.2f} (median of {args.rounds} interleaved rounds "
            f"of {CALLS_PER_ROUND} calls)"
        )


if __name__ == "__main__":
    main()
