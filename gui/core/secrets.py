"""Masking of secrets wherever a value might be shown, logged or exported.

The names are the ones Bitrix24 uses on the wire and in the token JSON. ``redact`` is the single
place that decides what a masked value looks like, so the request log, ``token show``, the
"copy as curl" export and error messages all agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

SECRET_KEYS = frozenset({"auth", "access_token", "refresh_token", "client_secret", "code"})
"""Keys whose values are secrets (``code`` is an OAuth authorization code, usable for 30 s)."""


def mask_secret(value: object) -> str:
    """A masked form that shows only that a value exists and its length, never its characters."""
    text = "" if value is None else str(value)
    if not text:
        return ""
    return f"••••({len(text)} chars)"


def redact(value: Any) -> Any:
    """A deep copy of ``value`` with every secret key's value masked (dicts, lists, tuples)."""
    if isinstance(value, Mapping):
        return {
            key: mask_secret(item) if str(key).lower() in SECRET_KEYS else redact(item)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [redact(item) for item in value]
    return value


def scrub_text(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every occurrence of the given secret values masked (for log lines)."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, mask_secret(secret))
    return text
