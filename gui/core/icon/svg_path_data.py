"""Path data spelled so that cairosvg draws it in linear time, with the very same numbers.

cairosvg reads the arguments of one path command by slicing the rest of the string after each
pair, so a long run of implicit repetitions (``M0 0 1 1 2 2 …`` or ``h1 1 1 …``) costs time
quadratic in its length: a 1 MB path took 25 s per tile. It treats an implicit repetition exactly
like the command letter written out (``M`` repeats as ``L``, ``m`` as ``l``), so
:func:`explicit_path_data` writes the letter before every repetition, keeping every number's text
as it was: the drawing is the same, byte for byte, and each command's string stays short.

Only what is certain is rewritten: a command whose arguments are not a whole number of its
segments, and arcs (whose flags may be written without separators), are left as they are.
"""

from __future__ import annotations

import re

_SEGMENT_ARGS = {"m": 2, "l": 2, "t": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4}
"""How many numbers one segment of each command takes (``z`` none; arcs are left alone)."""

_LETTERS = "achlmqstvzACHLMQSTVZ"
_COMMAND = re.compile(f"([{_LETTERS}])([^{_LETTERS}]*)")
_SEPARATORS = re.compile(r"[ \n\r\t,]+")
_MINUS = re.compile(r"(?<![eE])-")
_DOT_RUN = re.compile(r"(\.[0-9-]+)(?=\.)")


SHORT_PATH_CHARS = 2048
"""Path data shorter than this is drawn quickly as it is and left alone (spelling it out would
cost more than it saves)."""


def explicit_path_data(d: str) -> str:
    """``d`` with every implicit command repetition written out, in cairosvg's own tokens
    (unchanged when shorter than :data:`SHORT_PATH_CHARS`)."""
    if len(d) < SHORT_PATH_CHARS:
        return d
    # The same splitting of numbers cairosvg does (helpers.normalize), so each token is the text
    # cairosvg would have read.
    text = _DOT_RUN.sub(r"\1 ", _SEPARATORS.sub(" ", _MINUS.sub(" -", d.replace("E", "e"))))
    parts: list[str] = []
    for letter, arguments in _COMMAND.findall(text):
        count = _SEGMENT_ARGS.get(letter.lower())
        tokens = arguments.split()
        if count is None or len(tokens) <= count or len(tokens) % count:
            parts.append(f"{letter} {arguments.strip()}")
            continue
        repeat = {"m": "l", "M": "L"}.get(letter, letter)
        for start in range(0, len(tokens), count):
            command = letter if start == 0 else repeat
            parts.append(" ".join((command, *tokens[start : start + count])))
    return " ".join(parts)
