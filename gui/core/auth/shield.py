"""Ctrl+C and SIGTERM wait while a rotated token pair is on its way to the keyring.

Once the OAuth server has answered a refresh, the old refresh token is dead: a process stopped
before the new pair is stored leaves the user with nothing but "log in again" (BITRIX.md §3). The
command line installs :func:`install_interrupt_handlers`; then SIGINT and SIGTERM raise
:class:`Interrupted` (a ``KeyboardInterrupt``, so commands print their JSON outcome and exit
128 + the signal number), except inside :func:`storing_pair`, where the signal is held until the
pair is stored and raised at the section's end. The wait is bounded: the section's own network
deadline and keyring call end it, and a signal that arrives more than :data:`HOLD_SECONDS` after
the first held one is no longer held. SIGKILL cannot be caught; the section keeps the time
between the answer and the keyring write to a parse and one keyring call.

Signals reach Python only on the main thread (the command line's refresh runs there); in the
window nothing is installed and :func:`storing_pair` costs a lock.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

HOLD_SECONDS = 30.0
"""How long a held signal may wait for the keyring write before a further one interrupts."""

_lock = threading.Lock()
_depth = 0
_held: list[tuple[int, float]] = []
_note: Callable[[str], None] | None = None
_start_up = False


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM, raised where it is safe; ``exit_code`` is 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def _handler(signum: int, frame: FrameType | None) -> None:
    del frame
    with _lock:
        holding = _depth > 0 and (not _held or time.monotonic() - _held[0][1] < HOLD_SECONDS)
        if holding:
            first = not _held
            _held.append((signum, time.monotonic()))
    if not holding:
        raise Interrupted(signum)
    if first and _note is not None:
        _note("Finishing what cannot be cut (storing a new token pair); stopping right after.")


def install_interrupt_handlers(
    note: Callable[[str], None] | None = None, *, hold_start_up: bool = False
) -> None:
    """SIGINT and SIGTERM raise :class:`Interrupted` (held inside :func:`storing_pair`).

    ``hold_start_up``: hold them also until :func:`release_start_up` (the command line installs
    the handlers first thing, and releases them where a command can still print its outcome).
    Only on the main thread (elsewhere Python cannot install handlers; nothing changes)."""
    global _note, _depth, _start_up
    if threading.current_thread() is not threading.main_thread():
        return
    _note = note
    with _lock:
        if hold_start_up and not _start_up:
            _start_up = True
            _depth += 1
    signal.signal(signal.SIGINT, _handler)
    signal.signal(signal.SIGTERM, _handler)


def release_start_up() -> None:
    """End the start-up hold; a signal held during start-up is raised now."""
    global _start_up
    with _lock:
        if not _start_up:
            return
        _start_up = False
    _leave()


def ignore_interrupts() -> None:
    """The outcome is decided (and being printed): further SIGINT/SIGTERM are ignored."""
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is _handler
    ):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _leave() -> None:
    global _depth
    with _lock:
        _depth -= 1
        held = _held[0][0] if _depth == 0 and _held else None
        if _depth == 0:
            _held.clear()
    if held is not None:
        raise Interrupted(held)


@contextmanager
def holding_signals() -> Iterator[None]:
    """Hold SIGINT/SIGTERM until the block ends (a refresh and the keyring write of its pair,
    a line of output and the note that it was printed); a held signal is raised as
    :class:`Interrupted` when it does."""
    global _depth
    with _lock:
        _depth += 1
    try:
        yield
    finally:
        _leave()


storing_pair = holding_signals
"""What the refresh holds signals for: the rotated pair on its way to the keyring."""
