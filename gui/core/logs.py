"""The program's log: a rotating file in the user's log folder, with secrets masked.

The folder is :func:`gui.core.paths.log_dir` unless the caller names one.

Every record passes :class:`SecretMaskingFilter` on its way to the handler: the message (after
``%`` formatting), the formatted traceback and stack are scrubbed of the secret values the
program registered (tokens it loaded or received) and of anything that looks like a secret
parameter (``"access_token": "…"``, ``refresh_token=…``, ``auth=…``, ``?code=…``). The filter
sits on the handler, so records from every logger (requests, urllib3, keyring) are covered.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gui.core.paths import log_dir
from gui.core.secrets import mask_secret, scrub_text

LOG_FILE_NAME = "b24-connector-configurator.log"
MAX_LOG_BYTES = 1_000_000
BACKUP_COUNT = 3
_HANDLER_MARK = "_b24_secret_masking_handler"

_NAMED = r"access_token|refresh_token|client_secret|auth"
_KEY_VALUE = re.compile(
    rf"(?P<key>[\"']?\b(?:{_NAMED})\b[\"']?\s*[:=]\s*)(?P<quote>[\"']?)(?P<value>[^\"'&\s,;}}\]]+)",
    re.IGNORECASE,
)
_CODE_PARAM = re.compile(
    r"(?P<key>[?&]code=|[\"']code[\"']\s*:\s*)(?P<quote>[\"']?)(?P<value>[^\"'&\s,;}\]]+)"
)


def mask_patterns(text: str) -> str:
    """``text`` with the values of secret-looking parameters masked."""

    def masked(match: re.Match[str]) -> str:
        return f"{match['key']}{match['quote']}{mask_secret(match['value'])}"

    return _CODE_PARAM.sub(masked, _KEY_VALUE.sub(masked, text))


class SecretMaskingFilter(logging.Filter):
    """Masks secrets in every record it sees (never drops one). Thread-safe.

    :meth:`add_secrets` registers values to mask wherever they appear (a token loaded from
    keyring, a pair just received); pattern masking catches the rest.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._secrets: set[str] = set()
        self.add_secrets(secrets)

    def add_secrets(self, secrets: Iterable[str]) -> None:
        """Mask these values from now on (values shorter than 4 characters are ignored)."""
        with self._lock:
            self._secrets.update(value for value in secrets if value and len(value) >= 4)

    def scrub(self, text: str) -> str:
        """``text`` with registered secrets and secret-looking parameters masked."""
        with self._lock:
            known = sorted(self._secrets, key=len, reverse=True)
        return mask_patterns(scrub_text(text, known))

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string must not lose the record
            message = f"{record.msg!r} (unformattable arguments)"
        record.msg = self.scrub(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = self.scrub(record.stack_info)
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file it opens, including after a rollover, is readable by the user only."""

    def _open(self) -> Any:
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)  # noqa: PTH123


@dataclass(frozen=True)
class LogSetup:
    """What :func:`configure_logging` set up: the file and the filter to register secrets with."""

    path: Path
    handler: logging.Handler
    filter: SecretMaskingFilter


def configure_logging(directory: Path | None = None, *, level: int = logging.INFO) -> LogSetup:
    """Send the program's log to a rotating file (created ``0600`` in a ``0700`` folder).

    Idempotent: a second call returns the handler the first one installed on the root logger.
    """
    root = logging.getLogger()
    for existing in root.handlers:
        found = getattr(existing, _HANDLER_MARK, None)
        if isinstance(found, LogSetup):
            return found
    folder = log_dir() if directory is None else directory
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_FILE_NAME
    path.touch(mode=0o600, exist_ok=True)
    handler = _PrivateRotatingFileHandler(
        path, maxBytes=MAX_LOG_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
    )
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s")
    )
    masking = SecretMaskingFilter()
    handler.addFilter(masking)
    setup = LogSetup(path=path, handler=handler, filter=masking)
    setattr(handler, _HANDLER_MARK, setup)
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > level:
        root.setLevel(level)
    return setup


def try_configure_logging(directory: Path | None = None) -> LogSetup | None:
    """:func:`configure_logging`, or None when the log folder cannot be written (the command
    still runs; it just keeps no log)."""
    try:
        return configure_logging(directory)
    except OSError:
        return None


def log_setup() -> LogSetup | None:
    """The set-up :func:`configure_logging` installed, if any (to register secrets with it)."""
    for existing in logging.getLogger().handlers:
        found = getattr(existing, _HANDLER_MARK, None)
        if isinstance(found, LogSetup):
            return found
    return None


def register_secrets(secrets: Iterable[str]) -> None:
    """Mask these values in the program's log from now on (no-op when logging is not set up)."""
    setup = log_setup()
    if setup is not None:
        setup.filter.add_secrets(secrets)
