"""One problem as one terminal line: ``severity: FIELD: message [CODE]``, the field said once.

The core's messages name their field so they read well alone (in the window's status line);
after the ``FIELD:`` prefix that name would be said twice, so it is dropped from the message.
"""

from __future__ import annotations

from gui.core.model.validation import Problem


def without_subject(message: str, subject: str) -> str:
    """``message`` without a leading ``subject`` (and the space or colon after it)."""
    for joint in (": ", " "):
        if subject and message.startswith(subject + joint):
            return message[len(subject) + len(joint) :]
    return message


def problem_line(problem: Problem) -> str:
    """The problem on one line, whatever its message holds."""
    message = without_subject(" ".join(problem.message.split()), problem.field)
    return f"{problem.severity.value}: {problem.field}: {message} [{problem.code}]"
