"""Which portals the program holds a token for: their host names, and nothing else.

The OS keyring cannot list its entries on every platform, so the token store keeps this index
beside it: a JSON list of host keys (``host`` or ``host:port``) in the user's data folder. It
never holds a secret. Writes are atomic and made under a file lock, so two processes (the window
and a script) never drop each other's entries.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

from gui.core.model.connector import write_text_atomically

log = logging.getLogger(__name__)

INDEX_NAME = "portals.json"
LOCK_TIMEOUT_S = 5.0


class PortalIndex:
    """The host keys of the portals with a stored token, in the file ``path``."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @classmethod
    def default(cls) -> PortalIndex:
        """The index in the user's data folder."""
        from gui.core.paths import data_dir

        return cls(data_dir() / INDEX_NAME)

    def hosts(self) -> list[str]:
        """The host keys, sorted (an unreadable index is empty: it only helps the user)."""
        try:
            data = json.loads(self._path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return []
        except (OSError, ValueError, RecursionError) as exc:
            log.warning(
                "ignoring an unreadable portal index %s: %s", self._path, type(exc).__name__
            )
            return []
        if not isinstance(data, list):
            return []
        return sorted({item for item in data if isinstance(item, str)})

    def add(self, host: str) -> None:
        self._change(lambda hosts: hosts | {host})

    def remove(self, host: str) -> None:
        self._change(lambda hosts: hosts - {host})

    def _change(self, edit: Callable[[set[str]], set[str]]) -> None:
        from filelock import FileLock, Timeout  # only when a token is stored or forgotten

        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with FileLock(f"{self._path}.lock", timeout=LOCK_TIMEOUT_S):
                before = set(self.hosts())
                after = edit(before)
                if after != before:
                    write_text_atomically(self._path, json.dumps(sorted(after), indent=1) + "\n")
        except (OSError, Timeout) as exc:  # the token itself is stored; the index only helps
            log.warning("could not update the portal index %s: %s", self._path, exc)
