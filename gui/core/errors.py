"""The one family of errors the core raises on purpose.

Every user-facing error carries a plain message (our words, never a traceback), a machine code
(a Bitrix24 error code when the portal gave one, else one of ours) and, when known, the profile
field it belongs to (``ID``, ``ICON.DATA_IMAGE``, ``portal``...), so the window can show it beside
that field and the command line can print it as JSON. ``exit_code`` is the command line's exit
status for that kind of failure (DESIGN.md "Command line").
"""

from __future__ import annotations

from typing import ClassVar


class B24Error(Exception):
    """Base of every deliberate core error. Never carries a secret in its message."""

    exit_code: ClassVar[int] = 5

    def __init__(self, message: str, *, code: str = "", field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or type(self).__name__
        self.field = field

    def __repr__(self) -> str:
        name = type(self).__name__
        return f"{name}(code={self.code!r}, field={self.field!r}, message={self.message!r})"


class InvalidInputError(B24Error):
    """The user's input cannot be used; nothing was sent (exit 2)."""

    exit_code = 2


class PortalError(B24Error):
    """The portal refused: a business error inside HTTP 200 or a system error (exit 1).

    ``http_status`` is the HTTP status when there was one; ``retry_after`` is the number of
    seconds after which the same call may succeed (rate limits), when the portal said so.
    """

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        field: str | None = None,
        description: str | None = None,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, code=code, field=field)
        self.description = description
        self.http_status = http_status
        self.retry_after = retry_after


class AuthError(B24Error):
    """No usable authorisation: no token, refresh failed, invalid_grant, WRONG_AUTH_TYPE."""

    exit_code = 3


class TokenExpiredError(AuthError):
    """The portal answered ``expired_token``: refresh once, store, retry once."""


class KeyringUnavailableError(AuthError):
    """The OS keyring is missing or locked. Never fall back to a plaintext file."""


class NetworkError(B24Error):
    """Network, TLS, timeout or an answer that is not Bitrix24's JSON (exit 4)."""

    exit_code = 4


class PortalMovedError(NetworkError):
    """The portal answered a redirect. Not followed: the body carries the token."""

    def __init__(self, message: str, *, location: str, code: str = "PORTAL_MOVED") -> None:
        super().__init__(message, code=code, field="portal")
        self.location = location


class OperationCancelled(B24Error):
    """The user cancelled; whatever was in flight was abandoned (exit 5)."""


class InternalError(B24Error):
    """Something that should not happen; the details are in the log (exit 5)."""
