"""How to run this program again from a shell, as the user started it this time.

Hints printed by a command (the sandbox's "store the token with …") must be commands that work
when pasted: ``python -m gui`` works only inside the project with its venv's Python, and a bare
``b24-connector-configurator`` only when ``.venv/bin`` is on ``PATH``.
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

PROGRAM = "b24-connector-configurator"


def invocation(argv0: str | None = None) -> str:
    """The shell words that start this program: its name when ``PATH`` finds this very program,
    else its full path, else this Python with ``-m gui``."""
    if getattr(sys, "frozen", False):
        return shlex.quote(sys.executable)
    started = Path(sys.argv[0] if argv0 is None else argv0)
    if started.name == PROGRAM:
        found = shutil.which(PROGRAM)
        if found and os.path.realpath(found) == os.path.realpath(started):
            return PROGRAM
        return shlex.quote(str(started.resolve()))
    return f"{shlex.quote(sys.executable)} -m gui"
