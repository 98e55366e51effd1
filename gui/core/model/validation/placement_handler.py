"""Rules for ``PLACEMENT_HANDLER``: an https:// address the portal's users can reach.

Bitrix24 opens this page in a slider from an HTTPS page (BITRIX.md §1), so anything but a public
absolute https:// address leaves the connector's settings unusable.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

from gui.core.model.validation.problems import Problem, error, warning
from gui.core.model.validation.shared_rules import php_empty

LONG_URL_LENGTH = 255
"""Above this ``PLACEMENT_HANDLER`` may not fit the placement's table (a warning)."""

_URL_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`\x00-\x1f\x7f]")
_NON_PUBLIC_SUFFIXES = (
    ".localhost",
    ".local",
    ".internal",
    ".lan",
    ".home",
    ".corp",
    ".home.arpa",
    ".test",
    ".invalid",
    ".example",
)
_PLACEHOLDER_HOSTS = ("example.com", "example.net", "example.org")


def _is_non_public_host(host: str) -> bool:
    name = host.strip("[]").rstrip(".").lower()
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        pass
    else:
        return not address.is_global
    if name == "localhost" or "." not in name:
        return True
    return name.endswith(_NON_PUBLIC_SUFFIXES)


def check_placement_handler(value: str) -> list[Problem]:
    field = "PLACEMENT_HANDLER"
    if php_empty(value):
        return [
            error(
                field,
                "NO_PLACEMENT_HANDLER",
                "PLACEMENT_HANDLER is empty. Enter the https:// address of your connector's "
                "settings page; Bitrix24 opens it in a slider.",
            )
        ]
    if _URL_FORBIDDEN.search(value):
        return [
            error(
                field,
                "URL_INVALID_CHARACTERS",
                "PLACEMENT_HANDLER contains spaces, quotes or other characters an address "
                "cannot have. Remove them or percent-encode them (a space is %20).",
            )
        ]
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - urlsplit checks the port only when asked
    except ValueError:
        return [
            error(
                field,
                "URL_INVALID",
                "PLACEMENT_HANDLER is not a valid address (check the host and port). "
                "Write it like https://connector.example.org/settings.",
            )
        ]
    scheme = parts.scheme.lower()
    if not scheme or not parts.netloc:
        return [
            error(
                field,
                "URL_NOT_ABSOLUTE",
                "PLACEMENT_HANDLER must be a full address starting with https://, "
                "e.g. https://connector.example.org/settings.",
            )
        ]
    if scheme != "https":
        return [
            error(
                field,
                "URL_NOT_HTTPS",
                f"PLACEMENT_HANDLER uses {scheme}://; Bitrix24 pages are served over HTTPS and "
                "open the settings page only from an https:// address. Serve it over HTTPS.",
            )
        ]
    host = parts.hostname or ""
    if not host:
        return [
            error(
                field,
                "URL_NO_HOST",
                "PLACEMENT_HANDLER has no host name. Write it like "
                "https://connector.example.org/settings.",
            )
        ]
    problems: list[Problem] = []
    if "@" in parts.netloc:
        problems.append(
            warning(
                field,
                "URL_HAS_CREDENTIALS",
                "PLACEMENT_HANDLER contains a user name or password, which every portal "
                "administrator can read. Remove it and protect the page another way.",
            )
        )
    if host.rstrip(".").lower() in _PLACEHOLDER_HOSTS or host.lower().endswith(
        tuple("." + placeholder for placeholder in _PLACEHOLDER_HOSTS)
    ):
        problems.append(
            warning(
                field,
                "URL_PLACEHOLDER",
                f"PLACEMENT_HANDLER points to {host}, the placeholder from the docs. "
                "Enter the address of your own settings page.",
            )
        )
    elif _is_non_public_host(host):
        problems.append(
            warning(
                field,
                "URL_NOT_PUBLIC",
                f"PLACEMENT_HANDLER points to {host}, which is not reachable from the "
                "internet; the settings slider will stay empty for portal users. Use a public "
                "address (fine for a local rehearsal).",
            )
        )
    if len(value) > LONG_URL_LENGTH:
        problems.append(
            warning(
                field,
                "URL_LONG",
                f"PLACEMENT_HANDLER is {len(value)} characters long; addresses over "
                f"{LONG_URL_LENGTH} may not be stored whole. Use a shorter address.",
            )
        )
    return problems
