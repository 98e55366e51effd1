"""A guard against a reference-count bug of PySide6 6.12 on Python 3.11.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call of a ``void`` Qt method
returns ``None`` without taking a reference to it, and ``SignalInstance.emit()`` does the same
with ``True``. The bindings appear to assume Python 3.12's *immortal* ``None``/``True``/``False``.
On 3.11 each call silently decrements the singleton's count; ``None`` starts at ~3,000, so after a
few thousand calls — a minute of typing — the interpreter aborts with ``Fatal Python error:
none_dealloc``.

:func:`apply` detects the bug with a probe (a void call must leave ``None``'s count unchanged)
and, only when it is present, gives ``None``, ``True`` and ``False`` a huge reference count —
which is exactly what Python 3.12 does for them. Nothing happens on a fixed PySide6 or on 3.12+.
"""

from __future__ import annotations

import ctypes
import logging
import sys

log = logging.getLogger(__name__)

_PROBE_CALLS = 16
_HEADROOM = 1 << 40


def _lost_references() -> int:
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(_PROBE_CALLS):
        probe.setObjectName("refcount-probe")
    return before - sys.getrefcount(None)


def apply() -> bool:
    """Make ``None``/``True``/``False`` effectively immortal if the bindings need it."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if _lost_references() < _PROBE_CALLS:
        return False
    for singleton in (None, True, False):
        # CPython: id() is the object's address and ob_refcnt is its first field.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _HEADROOM
    log.debug("PySide6 loses references to None/True/False: singletons pinned")
    return True
