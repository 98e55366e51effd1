"""The portal address the user typed or pasted, turned into a safe base URL.

Users paste many shapes: ``myportal.bitrix24.ru``, ``https://x.bitrix24.com/``, a page from the
portal, the ``client_endpoint`` ``https://x/rest/``, or an incoming-webhook URL
``https://x/rest/1/abc/``. Only the origin matters. The rules (DESIGN.md "Network"):

* HTTPS only; plain HTTP is accepted for loopback addresses alone (the local sandbox);
* no user name or password inside the address (they would travel in clear to whoever reads it);
* a webhook URL is refused with an explanation: ``imconnector.register`` needs an app's OAuth
  token, and the webhook's secret must not be kept around.

``host_key`` is the token store's username (DESIGN.md "Token store"): the lower-case host, with
``:port`` when the port is not 443.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from gui.core.errors import InvalidInputError

FIELD = "portal"
"""The widget / error field every problem with the address belongs to."""

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_WEBHOOK_PATH = re.compile(r"^/rest/\d+/[^/]+", re.IGNORECASE)
_METHOD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*$")
_FORBIDDEN_CHARS = re.compile(r"[\s\\<>\"'`{}|^]")


def is_loopback_host(host: str) -> bool:
    """True for ``localhost`` and loopback IP literals (127.0.0.0/8, ::1); never resolves names."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def browser_ascii_host(host: str) -> str | None:
    """``host`` as browsers send it (IDNA 2008 with UTS 46 mapping, non-transitional), lower
    case; ``None`` when it cannot be a host name.

    Python's own ``"idna"`` codec is IDNA 2003, which maps ``ß`` to ``ss``: ``straße.example``
    would become ``strasse.example``, another host than the one the browser (and the user) sees,
    and the token would go there. UTS 46 keeps it: ``xn--strae-oqa.example``.
    """
    import idna  # requests' own dependency; imported on first use (start-up time)

    name = host.rstrip(".")
    try:
        if not name.isascii():
            return idna.encode(name, uts46=True, transitional=False).decode("ascii").lower()
        name = name.lower()
        for label in name.split("."):
            if label.startswith("xn--"):
                idna.decode(label)  # a browser refuses a label that is not valid punycode
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    return name


def _hostname_as_typed(netloc: str) -> str:
    """The host part of ``netloc`` in the case it was typed (``urlsplit().hostname`` lower-cases
    with Python's rules, which turn a final ``Σ`` into ``ς`` where UTS 46 gives ``σ``)."""
    host_port = netloc.rpartition("@")[2]
    if host_port.startswith("["):
        return host_port[1:].partition("]")[0]
    return host_port.partition(":")[0]


def _invalid(message: str, code: str) -> InvalidInputError:
    return InvalidInputError(message, code=code, field=FIELD)


def _normalise_host(raw_host: str) -> str:
    """The host in lower case, IDNA-encoded as browsers do (UTS 46), or an InvalidInputError."""
    host = raw_host.rstrip(".")
    if host.isascii():
        host = host.lower()
    if not host:
        raise _invalid("The address has no host name.", "PORTAL_INVALID")
    if host.startswith("["):  # urlsplit keeps brackets only for malformed input
        raise _invalid("The portal address is not valid.", "PORTAL_INVALID")
    try:
        literal = ipaddress.ip_address(host)
    except ValueError:
        pass
    else:
        return literal.compressed
    ascii_host = browser_ascii_host(host)
    if ascii_host is None:
        raise _invalid(f"“{raw_host}” is not a valid host name.", "PORTAL_INVALID")
    labels = ascii_host.split(".")
    if len(ascii_host) > 253 or not all(_LABEL.match(label) for label in labels):
        raise _invalid(f"“{raw_host}” is not a valid host name.", "PORTAL_INVALID")
    if labels[-1].isdigit():
        raise _invalid(f"“{raw_host}” is not a valid address.", "PORTAL_INVALID")
    return ascii_host


@dataclass(frozen=True)
class PortalAddress:
    """A validated portal origin: scheme (``https``, or ``http`` for loopback), host and port.

    ``host`` is lower case (international names as browsers encode them, ``xn--…``; IPv6
    without brackets). It is what every message shows and the token store's key.
    """

    scheme: str
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> PortalAddress:
        """Accept what users paste; else raise :class:`InvalidInputError` (field ``portal``)."""
        stripped = text.strip()
        if not stripped:
            raise _invalid("Enter the portal address, e.g. myportal.bitrix24.ru.", "PORTAL_EMPTY")
        if _FORBIDDEN_CHARS.search(stripped):
            raise _invalid(
                "The portal address contains spaces or characters an address cannot have.",
                "PORTAL_INVALID",
            )
        candidate = stripped if "://" in stripped else f"https://{stripped}"
        try:
            parts = urlsplit(candidate)
            port = parts.port
        except ValueError:
            raise _invalid("The portal address is not valid.", "PORTAL_INVALID") from None
        scheme = parts.scheme.lower()
        if scheme not in {"http", "https"}:
            raise _invalid(
                f"Use an https:// address for the portal, not “{parts.scheme}://”.",
                "PORTAL_INVALID",
            )
        if "@" in parts.netloc:
            raise _invalid(
                "Remove the user name and password from the portal address; "
                "sign-in happens through the app's OAuth token.",
                "PORTAL_USERINFO",
            )
        if _WEBHOOK_PATH.match(parts.path):
            raise _invalid(
                "This is an incoming-webhook URL. Webhooks cannot register connectors: "
                "Bitrix24 requires an app's OAuth token (a local app of type “server” or a "
                "Market app). Enter only the portal address, e.g. "
                f"https://{parts.hostname or 'myportal.bitrix24.ru'}, and sign in with the app.",
                "WEBHOOK_URL",
            )
        host = _normalise_host(_hostname_as_typed(parts.netloc))
        if port == 0:
            raise _invalid("The port in the portal address is not valid.", "PORTAL_INVALID")
        effective_port = port if port is not None else (443 if scheme == "https" else 80)
        if scheme == "http" and not is_loopback_host(host):
            raise _invalid(
                "The portal must be reached over https://. Plain http:// would send the "
                "access token unencrypted; it is allowed only for this computer "
                "(127.0.0.1, the local sandbox).",
                "HTTPS_REQUIRED",
            )
        return cls(scheme=scheme, host=host, port=effective_port)

    @property
    def is_loopback(self) -> bool:
        """True when the portal is on this computer (the local sandbox)."""
        return is_loopback_host(self.host)

    @property
    def _netloc_host(self) -> str:
        return f"[{self.host}]" if ":" in self.host else self.host

    @property
    def base_url(self) -> str:
        """``https://host[:port]``; the port only when it is not the scheme's default."""
        default = 443 if self.scheme == "https" else 80
        port = "" if self.port == default else f":{self.port}"
        return f"{self.scheme}://{self._netloc_host}{port}"

    @property
    def host_key(self) -> str:
        """The token store's username: lower-case host, ``host:port`` when the port is not 443."""
        return self.host if self.port == 443 else f"{self._netloc_host}:{self.port}"

    def rest_url(self, method: str) -> str:
        """``<base_url>/rest/<method>``; the method name is checked (letters, digits, ``_.``)."""
        if not _METHOD_NAME.match(method):
            raise InvalidInputError(f"“{method}” is not a REST method name.", code="BAD_METHOD")
        return f"{self.base_url}/rest/{method}"

    def __str__(self) -> str:
        return self.base_url
