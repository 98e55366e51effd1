"""The error catalogue: every Bitrix24 code we know, the field it concerns, and our explanation.

The portal's own ``error_description`` is localised to the portal's language and often terse,
so we always show the code plus an explanation in our words of what the user should do
(BITRIX.md §1, §2, §3). Codes are matched exactly first, then case-insensitively; an unknown
code still gets a sensible, honest explanation.

System errors (top-level ``{"error": ...}``) are classified by **code, never by HTTP status**
(the server often answers 401 where the docs say 403). :func:`system_error` turns one into the
right exception of :mod:`gui.core.errors`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TypeVar

from gui.core.errors import AuthError, B24Error, PortalError, TokenExpiredError
from gui.core.i18n import N_, _


@dataclass(frozen=True)
class BusinessErrorInfo:
    """A ``result.result = false`` code of an imconnector method (register, unregister).

    ``message`` is the English source (marked for the catalogue); :attr:`explanation` is it in
    the user's language, translated when read.
    """

    field: str | None
    message: str

    @property
    def explanation(self) -> str:
        """Our explanation in the current language."""
        return _(self.message)


class ErrorKind(enum.Enum):
    """What kind of problem a system error is, which decides the exception and any retry."""

    AUTH = "auth"
    """The token cannot do this: log in again or fix the app (AuthError, exit 3)."""
    TOKEN_EXPIRED = "token_expired"  # noqa: S105 - a kind name, not a password
    """The access token expired: refresh once, store, retry once (TokenExpiredError)."""
    RATE_LIMIT = "rate_limit"
    """Too many requests: retried automatically with back-off (PortalError if it persists)."""
    TIME_LIMIT = "time_limit"
    """Method's time budget used up: not retried automatically; retry after the reset time."""
    PORTAL = "portal"
    """The portal refused or failed (PortalError, exit 1)."""


@dataclass(frozen=True)
class SystemErrorInfo:
    """A top-level error code: its kind and what the user should do (``message`` in English,
    :attr:`explanation` in the user's language)."""

    kind: ErrorKind
    message: str

    @property
    def explanation(self) -> str:
        """Our explanation in the current language."""
        return _(self.message)


_Entry = TypeVar("_Entry")

BUSINESS_ERRORS: dict[str, BusinessErrorInfo] = {
    "APPLICATION_REGISTRATION_ERROR_POINT": BusinessErrorInfo(
        "ID",
        N_(
            "The connector ID contains a dot, which Bitrix24 rejects. Use only lower-case letters, "
            "digits and underscores, e.g. myvendor_chat."
        ),
    ),
    "CONNECTOR_ID_REQUIRED": BusinessErrorInfo(
        "ID",
        N_(
            "The connector ID is empty (Bitrix24 also treats “0” as empty). Enter an ID such as "
            "myvendor_chat."
        ),
    ),
    "NAME_REQUIRED": BusinessErrorInfo("NAME", N_("The connector name is empty. Enter a name.")),
    "ICON_REQUIRED": BusinessErrorInfo(
        "ICON.DATA_IMAGE", N_("The connector icon is missing. Choose an SVG icon for ICON.")
    ),
    "NO_APPLICATION_ID": BusinessErrorInfo(
        None,
        N_(
            "Bitrix24 found no app behind this token. Sign in with the OAuth app (client ID and "
            "secret) that is installed on this portal; a webhook or another app's token will not "
            "do."
        ),
    ),
    "NO_PLACEMENT_HANDLER": BusinessErrorInfo(
        "PLACEMENT_HANDLER",
        N_(
            "The placement handler is empty. Enter the public HTTPS URL of the connector's "
            "settings page."
        ),
    ),
    "APPLICATION_REGISTRATION_ERROR": BusinessErrorInfo(
        None,
        N_(
            "Bitrix24 accepted the parameters but could not save the connector. Try again later; "
            "if it keeps failing, contact the portal's administrator or Bitrix24 support."
        ),
    ),
    "GENERAL_CONNECTOR_REGISTRATION_ERROR": BusinessErrorInfo(
        None,
        N_(
            "Bitrix24 could not register the connector and did not say why. Check the parameters "
            "and try again; if it keeps failing, contact Bitrix24 support."
        ),
    ),
    "APPLICATION_UNREGISTRATION_ERROR": BusinessErrorInfo(
        "ID",
        N_(
            "Bitrix24 could not unregister the connector. Check that the ID is one this app "
            "registered."
        ),
    ),
}
"""Business errors: HTTP 200 with ``result.result = false`` (BITRIX.md §1, §5)."""

SYSTEM_ERRORS: dict[str, SystemErrorInfo] = {
    "WRONG_AUTH_TYPE": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "This token is not an app token (an incoming webhook?). Webhooks cannot register "
            "connectors: Bitrix24 requires the OAuth token of an installed app (a local app of "
            "type “server” or a Market app). Sign in to the portal again with the app (Login)."
        ),
    ),
    "expired_token": SystemErrorInfo(
        ErrorKind.TOKEN_EXPIRED,
        N_(
            "The access token has expired. It is refreshed automatically; if this keeps "
            "happening, sign in again."
        ),
    ),
    "NO_AUTH_FOUND": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The portal does not recognise this token. Sign in to the portal again with the app "
            "(Login)."
        ),
    ),
    "invalid_token": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The portal does not accept this token. Sign in to the portal again with the app "
            "(Login)."
        ),
    ),
    "insufficient_scope": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The app lacks the permission (scope) “imopenlines”. In the app's settings on the "
            "portal add the scopes imopenlines and imconnector, save, then sign in again."
        ),
    ),
    "user_access_error": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The app is limited to certain users and the signed-in user is not one of them. Sign "
            "in as an allowed user, or widen the app's access in the portal."
        ),
    ),
    "INVALID_CREDENTIALS": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The user this token belongs to lacks the rights for this method. Sign in as a portal "
            "administrator."
        ),
    ),
    "APPLICATION_NOT_FOUND": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The app is not installed on this portal (or was removed). Install it, then sign in "
            "again."
        ),
    ),
    "authorization_error": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The portal refused the authorisation (the user may be deactivated). Sign in to the "
            "portal again with the app (Login)."
        ),
    ),
    "ACCESS_DENIED": SystemErrorInfo(
        ErrorKind.PORTAL,
        N_(
            "Access denied: REST is available only on commercial Bitrix24 plans, or the user has "
            "no permission. Check the portal's plan and the user's rights."
        ),
    ),
    "INVALID_REQUEST": SystemErrorInfo(
        ErrorKind.PORTAL,
        N_(
            "The portal rejected the request: it requires HTTPS. Use the portal's https:// address."
        ),
    ),
    "ERROR_METHOD_NOT_FOUND": SystemErrorInfo(
        ErrorKind.PORTAL,
        N_(
            "The portal does not know this method. On an on-premise portal, install or update the "
            "Open Channels (imopenlines / imconnector) modules."
        ),
    ),
    "ERROR_ARGUMENT": SystemErrorInfo(
        ErrorKind.PORTAL,
        N_("A required argument is missing or wrong. Check the values sent for this step."),
    ),
    "QUERY_LIMIT_EXCEEDED": SystemErrorInfo(
        ErrorKind.RATE_LIMIT,
        N_("Too many requests to this portal right now. Wait a little and try again."),
    ),
    "OVERLOAD_LIMIT": SystemErrorInfo(
        ErrorKind.RATE_LIMIT,
        N_(
            "REST access to this portal is blocked because of overload. Try again later; if it "
            "persists, contact Bitrix24 support."
        ),
    ),
    "OPERATION_TIME_LIMIT": SystemErrorInfo(
        ErrorKind.TIME_LIMIT,
        N_(
            "This method's time budget on the portal is used up for now. Wait until the reset time "
            "and try again."
        ),
    ),
    "INTERNAL_SERVER_ERROR": SystemErrorInfo(
        ErrorKind.PORTAL,
        N_("The portal had an internal error. Try again later; registering again is safe."),
    ),
    "ERROR_UNEXPECTED_ANSWER": SystemErrorInfo(
        ErrorKind.PORTAL,
        N_("The portal failed to produce an answer. Try again later; registering again is safe."),
    ),
    "PORTAL_DELETED": SystemErrorInfo(
        ErrorKind.PORTAL,
        N_("This portal has been deleted or its public part is closed. Check the portal address."),
    ),
    "ERROR_BATCH_METHOD_NOT_ALLOWED": SystemErrorInfo(
        ErrorKind.PORTAL, N_("This method cannot be called inside a batch.")
    ),
    "ERROR_MANIFEST_IS_NOT_AVAILABLE": SystemErrorInfo(
        ErrorKind.PORTAL, N_("The portal says the requested manifest is not available.")
    ),
}
"""Top-level errors every method may return (BITRIX.md §2)."""

OAUTH_ERRORS: dict[str, SystemErrorInfo] = {
    "invalid_grant": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The authorization is no longer valid (the code or refresh token was already used, "
            "expired or was revoked). Log in again."
        ),
    ),
    "invalid_client": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The OAuth server does not accept this client_id / client_secret. Check the app's "
            "credentials in the portal (or partner area) and that the app is installed."
        ),
    ),
    "invalid_request": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The OAuth server rejected the request as malformed. Sign in to the portal again with "
            "the app (Login)."
        ),
    ),
    "invalid_scope": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The OAuth server rejected the requested scope. Check the app's scopes (imopenlines, "
            "imconnector)."
        ),
    ),
    "PAYMENT_REQUIRED": SystemErrorInfo(
        ErrorKind.AUTH,
        N_(
            "The OAuth server requires payment for this app (the app's subscription or the "
            "portal's plan)."
        ),
    ),
}
"""Errors of the OAuth server (BITRIX.md §3), explained by :class:`gui.core.auth.oauth.OAuthClient`;
kept apart: ``invalid_request`` clashes."""


def _lookup(table: dict[str, _Entry], code: str) -> _Entry | None:
    if code in table:
        return table[code]
    return next((v for k, v in table.items() if k.casefold() == code.casefold()), None)


def business_error(code: str) -> BusinessErrorInfo | None:
    """The catalogue entry for a business error code, or None when unknown."""
    return _lookup(BUSINESS_ERRORS, code)


def system_error_info(code: str) -> SystemErrorInfo | None:
    """The catalogue entry for a system error code, or None when unknown."""
    return _lookup(SYSTEM_ERRORS, code)


def explain(code: str) -> str:
    """Our explanation of any code (business, system, OAuth); a plain fallback when unknown."""
    info = business_error(code) or system_error_info(code) or OAUTH_ERRORS.get(code)
    if info is not None:
        return info.explanation
    if not code:
        return _(
            "The portal refused without an error code, so this program does not know why. The "
            "portal's own description, if any, is shown alongside."
        )
    return _(
        "The portal refused with the code {code}, which this program does not know. "
        "The portal's own description, if any, is shown alongside."
    ).format(code=code)


def system_error(
    code: str,
    description: str | None,
    *,
    http_status: int | None,
    retry_after: float | None = None,
    note: str = "",
) -> B24Error:
    """The exception for a top-level error: AuthError / TokenExpiredError / PortalError.

    Classified by code only. ``description`` (the portal's text, which must already be free of
    secrets) is appended to the message so the user sees both, then ``note`` (when to retry).
    """
    info = system_error_info(code)
    message = info.explanation if info is not None else explain(code)
    if description:
        # Translators: the portal's own error_description, quoted as it sent it.
        message = _("{explanation} (Portal: {description})").format(
            explanation=message, description=description
        )
    message += note
    kind = info.kind if info is not None else ErrorKind.PORTAL
    if kind is ErrorKind.TOKEN_EXPIRED:
        return TokenExpiredError(message, code=code)
    if kind is ErrorKind.AUTH:
        return AuthError(message, code=code)
    return PortalError(
        message,
        code=code or "UNKNOWN_ERROR",
        description=description,
        http_status=http_status,
        retry_after=retry_after,
    )
