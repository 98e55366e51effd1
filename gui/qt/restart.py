"""Starting the program again with the arguments it was started with (a new language takes
effect that way: every text is made in the language chosen before any widget is built).

The form survives through the draft (:mod:`gui.core.model.draft`): the window saves it and does
not discard it when it closes for a restart; the new process restores it.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QProcess

log = logging.getLogger(__name__)


def restart_command() -> tuple[str, list[str]]:
    """The program and arguments that started this process.

    Frozen: the executable and its arguments. From Python: the interpreter with every option it
    was given (``-m gui``, ``-X …``), which ``sys.orig_argv`` keeps and ``sys.argv`` does not.
    """
    if getattr(sys, "frozen", False):
        return sys.executable, list(sys.argv[1:])
    return sys.executable, list(sys.orig_argv[1:])


def start_again() -> bool:
    """Start a new instance of the program, detached, in the current directory."""
    program, arguments = restart_command()
    started, _pid = QProcess.startDetached(program, arguments, str(Path.cwd()))
    if not started:
        log.error("could not restart: %s %s", program, arguments)
    return bool(started)
