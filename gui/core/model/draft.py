"""The autosaved draft: the form as it was a moment ago, restored after a crash or a kill.

The draft is the profile JSON (which never holds ``auth``), the file it belongs to and the portal
address — no secret ever. It is written atomically (temporary file, fsync, rename) so a kill in
the middle of a write leaves the previous draft, and it is deleted when the window closes cleanly.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gui.core.bounded_read import read_regular_file
from gui.core.errors import InvalidInputError
from gui.core.model.atomic_write import write_text_atomically
from gui.core.model.connector import MAX_PROFILE_BYTES, parse_profile_json

log = logging.getLogger(__name__)

DRAFT_NAME = "draft.json"
MAX_DRAFT_BYTES = 2 * MAX_PROFILE_BYTES
"""A draft is a profile plus two short texts; its profile was read under the profile's cap."""


@dataclass(frozen=True)
class Draft:
    """What the window needs to come back to where it was."""

    profile: dict[str, Any]
    file_path: str = ""
    portal: str = ""
    modified: bool = True


class DraftStore:
    """Reads and writes the one draft file in ``directory``."""

    def __init__(self, directory: Path) -> None:
        self._path = directory / DRAFT_NAME

    @property
    def path(self) -> Path:
        return self._path

    def save(self, draft: Draft) -> None:
        """Write the draft atomically. Failures are logged, never raised: a draft is best effort."""
        text = json.dumps(asdict(draft), ensure_ascii=False, indent=1)
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self._path, text)
        except OSError as exc:
            log.warning("could not write the draft %s: %s", self._path, exc)

    def load(self) -> Draft | None:
        """The saved draft, or None when there is none (or it cannot be read)."""
        if not self._path.exists():
            return None
        try:
            raw = read_regular_file(
                self._path, max_bytes=MAX_DRAFT_BYTES, what="a draft", code_prefix="DRAFT"
            )
            data = parse_profile_json(raw.decode("utf-8"))
        except (InvalidInputError, ValueError) as exc:
            log.warning("ignoring an unreadable draft %s: %s", self._path, exc)
            return None
        if not isinstance(data, dict) or not isinstance(data.get("profile"), dict):
            return None
        return Draft(
            profile=data["profile"],
            file_path=str(data.get("file_path") or ""),
            portal=str(data.get("portal") or ""),
            modified=bool(data.get("modified", True)),
        )

    def discard(self) -> None:
        """Delete the draft (the window closed cleanly)."""
        try:
            self._path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("could not delete the draft %s: %s", self._path, exc)
