"""Every message the model and icon modules show a user goes through the catalogue.

``tests/test_messages.py`` checks that every *marked* message is translated; this finds messages
that were never marked: a plain English literal (or f-string) handed to an error, a validation
problem or a note in ``gui/core/model``, ``gui/core/icon`` and the bounded reader they use.
Codes, parameter names and log lines are not messages and are not flagged; nor is a programming
error no user can cause, when its line says so (``# i18n: not a message``).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("gui/core/model", "gui/core/icon")
MODULES = ("gui/core/bounded_read.py",)
"""Also checked: helpers whose messages are these packages' (reading a profile or an icon)."""
MARKERS = frozenset({"_", "N_", "ngettext", "pgettext", "npgettext"})
MESSAGE_CALLS = frozenset({"error", "warning", "Problem", "append"})
"""Calls whose text argument a user reads (besides exceptions): problems, findings, notes."""
WORD = re.compile(r"\b[A-Za-z]{2,}\b")
TAG = re.compile(r"<[^>]*>")
MESSAGE_NAMES = frozenset({"message", "note", "advice", "hint", "detail", "why"})


LOGGERS = frozenset({"log", "logger", "logging"})


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute) and getattr(func.value, "id", "") in LOGGERS:
        return ""  # log lines stay English
    return (
        func.id
        if isinstance(func, ast.Name)
        else func.attr
        if isinstance(func, ast.Attribute)
        else ""
    )


def _has_words(text: str) -> bool:
    """Two or more words outside markup: prose, not a code, a tag or a parameter path."""
    return len(WORD.findall(TAG.sub(" ", text))) >= 2


def _is_words(node: ast.AST) -> bool:
    """An unmarked English text: a literal or f-string with words in it."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        parts = (part.value for part in node.values if isinstance(part, ast.Constant))
        return _has_words("".join(parts))
    if isinstance(node, ast.BinOp):
        return _is_words(node.left) or _is_words(node.right)
    return False


NOT_A_MESSAGE = "# i18n: not a message"


def _unmarked(source: str, where: str) -> list[str]:
    found: list[str] = []
    lines = source.splitlines()
    for node in ast.walk(ast.parse(source)):
        if NOT_A_MESSAGE in lines[getattr(node, "lineno", 1) - 1]:
            continue
        if isinstance(node, ast.Call):
            name = _called_name(node)
            if name in MARKERS:
                continue
            is_error = name.endswith("Error") or name in MESSAGE_CALLS
            arguments = [*node.args, *(k.value for k in node.keywords if k.arg == "message")]
            if is_error and any(_is_words(argument) for argument in arguments):
                found.append(f"{where}:{node.lineno}: {name}(…) gets unmarked text")
        elif isinstance(node, ast.Assign):
            targets = {t.id for t in node.targets if isinstance(t, ast.Name)}
            if targets & MESSAGE_NAMES and _is_words(node.value):
                found.append(f"{where}:{node.lineno}: {', '.join(targets)} = unmarked text")
    return found


def test_every_message_in_the_model_and_icon_modules_is_marked() -> None:
    files = sorted(path for package in PACKAGES for path in (ROOT / package).rglob("*.py"))
    files += [ROOT / module for module in MODULES]
    assert len(files) > 15
    problems = [
        problem
        for path in files
        for problem in _unmarked(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert problems == [], "wrap these in _() (gui/core/i18n.py says how):\n" + "\n".join(problems)


@pytest.mark.parametrize(
    "source",
    [
        'raise InvalidInputError(f"{path} is not a file.", code="X")',
        'problems.append(warning(field, "CODE", "The value is odd."))',
        'message = "The value " + str(value) + " is odd."',
        'notes.append("Added the missing attribute.")',
    ],
)
def test_the_check_finds_an_unmarked_message(source: str) -> None:
    assert _unmarked(source, "probe.py")


def test_the_check_lets_marked_text_codes_and_logs_pass() -> None:
    source = "\n".join(
        [
            'raise InvalidInputError(_("{path} is not a file.").format(path=p), code="NOT_A_FILE")',
            'problems.append(warning(field, "CODE", message))',
            'log.warning("could not write the draft %s", path)',
            'message = _("The value is odd.")',
            'raise ValueError(f"zoom must be positive, not {zoom!r}")  # i18n: not a message',
        ]
    )
    assert _unmarked(source, "probe.py") == []
