"""Our CSS parsers accept exactly what Chromium accepts, and read colours as Chromium does.

Chromium is asked with ``CSS.supports(property, value)`` and ``getComputedStyle`` in one page
(``--dump-dom``), for every value below. The only disagreements allowed are the refusals the
parser documents on purpose (values whose result depends on the Bitrix24 page: ``calc()``,
``var()``, CSS-wide keywords, system colours, relative units; and ``color()``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable

import pytest

from gui.core.icon.css_values import parse_background_position, parse_background_size, parse_color
from tests.browser import dump_dom

pytestmark = pytest.mark.chromium

COLORS = (
    "red", "RebeccaPurple", "transparent", "currentColor", "grene", "canvas", "#90be00", "#9B0",
    "#9b08", "#90be0080", "#12345", "#ggg", "90be00", "rgb(144, 190, 0)", "rgba(144,190,0,.5)",
    "rgba(144, 190, 0)", "rgb(100%, 0%, 50%)", "rgb(144 190 0)", "rgb(144 190 0 / 25%)",
    "rgb(255 50% 0)", "rgb(255, 50%, 0)", "rgb(none 190 0)", "rgb(none, 190, 0)",
    "rgb(300 -5 0 / 2)", "rgb(1 2)", "rgb(1 2 3 4)", "rgb(1, 2 3)", "rgb(1,2,3,)",
    "hsl(120, 100%, 25%)", "hsl(120, 50, 50)", "hsla(120, 100%, 25%, 0.3)",
    "hsl(120deg 100% 25% / 30%)", "hsl(0.5turn 100 50)", "hsl(200grad 100% 50%)",
    "hsl(1rad 50% 50%)", "hsl(120 50% 50%, .5)", "hwb(120 10% 10%)", "hwb(120, 10%, 10%)",
    "hwb(0 60% 60%)", "lab(50 0 0)", "lab(50 20 -30 / 0.5)", "oklch(62.8% 0.2577 29.23)",
    "oklab(0.5 0.1 -0.1)", "lch(60 40 120)", "red blue", "red;", "red !important",
    "/* brand */ #90BE00", "rgb(1e2 0 0)", "inherit", "var(--brand)", "color(srgb 1 0 0)",
    "rgb(calc(1) 2 3)", "", "  ", "hsl(120DEG 100% 50%)", "rgb(1 2 3 / none)",
    "rgb(none 50% 0%)", "hsl(120 50 50%)", "hsl(0 150% 50%)", "hwb(0 -10% 0%)", "lab(150 0 0)",
    "lch(none 40 120)", "hsla(none, 100%, 50%)", "hsl(50% 100% 50%)", "rgb(1 2 3 / 1px)",
)  # fmt: skip
SIZES = (
    "auto", "auto auto", "COVER", "contain", "90%", "100% auto", "auto 60%", "30px", "26px 34px",
    "0", "1in 72pt", "2.54cm 6pc", "25.4mm", "10Q", "40%, cover", "-10px", "50% -1%", "10",
    "10 px", "cover auto", "auto contain", "1px 2px 3px", "big", "2em", "10vw", "10furlongs",
    "50%,", "initial", "calc(50% + 2px)", "50%; color: red", "0.5px", "1e1px",
)  # fmt: skip
POSITIONS = (
    "center", "left", "right", "top", "bottom", "10px", "25%", "left top", "top left",
    "center left", "bottom center", "center center", "left 10px", "10px top", "30% 70%",
    "-5px -3.5px", "right 10% bottom", "left 5px top", "center top 10px", "top 10px center",
    "center right 10%", "right 3px top 4px", "bottom 20px right 10px", "right -10px bottom -10px",
    "right, left", "top 10px", "10px left", "left right", "top bottom", "left 10px right",
    "center 10px top", "left top 10px 20px", "1px 2px 3px", "left top center",
    "left top right bottom left", "middle", "10em", "10", "inherit", "left;", "left top 10px",
    "right 10px top", "bottom right 5%", "center center 5px", "top 5% left 5%",
    "left 1in bottom 2mm",
)  # fmt: skip

REFUSED_ON_PURPOSE = re.compile(
    r"calc\(|var\(|color\(|^\s*(inherit|initial|unset|revert|canvas)\s*$|\d(em|vw)\b",
    re.IGNORECASE,
)

_PAGE = """<!DOCTYPE html><html><body><pre id="out"></pre><script>
const asked = %s;
const answers = {};
for (const [property, values] of Object.entries(asked)) {
  answers[property] = values.map((value) => {
    const probe = document.createElement("div");
    probe.style.setProperty(property, value);
    document.body.appendChild(probe);
    const computed = getComputedStyle(probe).getPropertyValue(property);
    probe.remove();
    return [CSS.supports(property, value), computed];
  });
}
document.getElementById("out").textContent = JSON.stringify(answers);
</script></body></html>"""


@pytest.fixture(scope="module")
def chromium_answers() -> dict[str, list[tuple[bool, str]]]:
    asked = {
        "background-color": list(COLORS),
        "background-size": list(SIZES),
        "background-position": list(POSITIONS),
    }
    dom = dump_dom(_PAGE % json.dumps(asked))
    match = re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)
    assert match, "Chromium's page did not report its answers"
    answers: dict[str, list[tuple[bool, str]]] = json.loads(html.unescape(match.group(1)))
    return answers


def _accepts(parse: Callable[[str], object], value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(
    ("css_property", "values", "parse"),
    [
        ("background-color", COLORS, parse_color),
        ("background-size", SIZES, parse_background_size),
        ("background-position", POSITIONS, parse_background_position),
    ],
)
def test_accepts_what_chromium_accepts(
    chromium_answers: dict[str, list[tuple[bool, str]]],
    css_property: str,
    values: tuple[str, ...],
    parse: Callable[[str], object],
) -> None:
    disagreements = []
    for value, (chromium_accepts, _computed) in zip(
        values, chromium_answers[css_property], strict=True
    ):
        ours = _accepts(parse, value)
        if ours == chromium_accepts:
            continue
        if chromium_accepts and not ours and REFUSED_ON_PURPOSE.search(value):
            continue
        disagreements.append(f"{value!r}: Chromium {chromium_accepts}, ours {ours}")
    assert not disagreements, f"{css_property}:\n" + "\n".join(disagreements)


_RGB = re.compile(r"rgba?\((\d+), (\d+), (\d+)(?:, ([\d.]+))?\)")


def test_colours_read_as_chromium_reads_them(
    chromium_answers: dict[str, list[tuple[bool, str]]],
) -> None:
    compared = 0
    differences = []
    for value, (accepted, computed) in zip(
        COLORS, chromium_answers["background-color"], strict=True
    ):
        match = _RGB.fullmatch(computed)
        if not accepted or not match or not _accepts(parse_color, value):
            continue
        compared += 1
        expected = [int(match.group(i)) for i in (1, 2, 3)]
        alpha = float(match.group(4) or 1.0)
        red, green, blue, ours_alpha = parse_color(value)
        ours = [round(channel * 255) for channel in (red, green, blue)]
        if any(abs(a - b) > 1 for a, b in zip(ours, expected, strict=True)) or (
            abs(ours_alpha - alpha) > 0.005
        ):
            differences.append(f"{value!r}: Chromium {computed}, ours {ours} alpha {ours_alpha}")
    assert compared >= 25
    assert not differences, "\n".join(differences)
