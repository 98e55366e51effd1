"""System errors: top-level ``{"error", "error_description"}`` with an HTTP status (BITRIX.md §2).

The statuses are the ones the cloud is seen to use (it often says 401 where the docs say 403).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gui.sandbox.wire import Response, json_response

SYSTEM_ERRORS: dict[str, tuple[int, str]] = {
    "WRONG_AUTH_TYPE": (
        403,
        "Current authorization type is denied for this method Application context required",
    ),
    "expired_token": (401, "The access token provided has expired."),
    "NO_AUTH_FOUND": (401, "Wrong authorization data"),
    "invalid_token": (401, "The access token provided is invalid."),
    "insufficient_scope": (
        403,
        "The request requires higher privileges than provided by the access token",
    ),
    "user_access_error": (403, "The application is not available to this user"),
    "ACCESS_DENIED": (403, "REST API is available only on commercial plans"),
    "INVALID_CREDENTIALS": (403, "Invalid request credentials"),
    "APPLICATION_NOT_FOUND": (401, "Application not found"),
    "authorization_error": (401, "Unable to authorize user"),
    "INVALID_REQUEST": (400, "Https required."),
    "ERROR_METHOD_NOT_FOUND": (404, "Method not found!"),
    "ERROR_ARGUMENT": (400, "Argument is missing"),
    "QUERY_LIMIT_EXCEEDED": (503, "Too many requests"),
    "OPERATION_TIME_LIMIT": (429, "Method is blocked due to operation time limit."),
    "OVERLOAD_LIMIT": (503, "REST API is blocked due to overload."),
    "INTERNAL_SERVER_ERROR": (500, "Internal server error"),
    "ERROR_UNEXPECTED_ANSWER": (500, "Server returned an unexpected response."),
    "PORTAL_DELETED": (403, "Portal was deleted"),
    "ERROR_BATCH_METHOD_NOT_ALLOWED": (405, "Method is not allowed for batch usage"),
    "ERROR_MANIFEST_IS_NOT_AVAILABLE": (404, "Manifest is not available"),
}
"""code → (HTTP status, the server's English description)."""


class RestFailure(Exception):
    """Raised inside the portal to answer with a system error."""

    def __init__(
        self,
        code: str,
        description: str | None = None,
        status: int | None = None,
        *,
        extra: Mapping[str, Any] | None = None,
        headers: tuple[tuple[str, str], ...] = (),
    ) -> None:
        known_status, known_description = SYSTEM_ERRORS.get(code, (400, code))
        self.code = code
        self.description = known_description if description is None else description
        self.status = known_status if status is None else status
        self.extra = dict(extra or {})
        self.headers = headers
        super().__init__(f"{self.code}: {self.description}")

    def response(self) -> Response:
        """The answer: ``error`` and ``error_description`` (plus ``extra``, e.g. a time block)."""
        body = {"error": self.code, "error_description": self.description, **self.extra}
        return json_response(self.status, body, self.headers)
