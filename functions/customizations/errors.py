"""The one error vocabulary: a code, its HTTP status, and the exception that carries it.

Every layer raises AppError with a code from this table; the API's error boundary turns it into the
error envelope with the code's status. Nothing else decides a status.
"""

from __future__ import annotations

import enum
from typing import Any


class ErrorCode(enum.StrEnum):
    """Every error code a client can see."""

    VALIDATION_ERROR = "VALIDATION_ERROR"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    FORBIDDEN = "FORBIDDEN"
    NOT_FOUND = "NOT_FOUND"
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    CONFLICT = "CONFLICT"
    CAPACITY_REACHED = "CAPACITY_REACHED"
    REVISION_LIMIT_REACHED = "REVISION_LIMIT_REACHED"
    PRECONDITION_FAILED = "PRECONDITION_FAILED"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    RATE_LIMITED = "RATE_LIMITED"
    INTERNAL = "INTERNAL"


HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.VALIDATION_ERROR: 400,
    ErrorCode.UNAUTHENTICATED: 401,
    ErrorCode.FORBIDDEN: 403,
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.METHOD_NOT_ALLOWED: 405,
    ErrorCode.INVALID_TRANSITION: 409,
    ErrorCode.CONFLICT: 409,
    ErrorCode.CAPACITY_REACHED: 409,
    ErrorCode.REVISION_LIMIT_REACHED: 409,
    ErrorCode.PRECONDITION_FAILED: 412,
    ErrorCode.PAYLOAD_TOO_LARGE: 413,
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: 415,
    ErrorCode.RATE_LIMITED: 429,
    ErrorCode.INTERNAL: 500,
}


class AppError(Exception):
    """An error meant for the client: its code picks the HTTP status, its message is safe to show."""

    def __init__(
        self, code: ErrorCode, message: str, details: Any = None, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details
        self.headers = headers or {}  # such as Retry-After on a 429

    @property
    def status(self) -> int:
        """The HTTP status for this error's code."""
        return HTTP_STATUS[self.code]

    def to_body(self) -> dict[str, Any]:
        """The JSON error envelope of the HTTP contract."""
        error: dict[str, Any] = {"code": self.code.value, "message": self.message}
        if self.details is not None:
            error["details"] = self.details
        return {"success": False, "error": error}


def unauthenticated(message: str = "A valid Firebase ID token is required") -> AppError:
    """The 401 for a missing, malformed, expired or forged token."""
    return AppError(ErrorCode.UNAUTHENTICATED, message)


def not_found(what: str = "Customization request") -> AppError:
    """The 404 answered both for what is missing and for what the caller may not see."""
    return AppError(ErrorCode.NOT_FOUND, f"{what} not found")


def forbidden(message: str) -> AppError:
    """A 403 for a caller whose role may not do this."""
    return AppError(ErrorCode.FORBIDDEN, message)


def validation(message: str, details: Any = None) -> AppError:
    """A 400 for input that does not fit the contract."""
    return AppError(ErrorCode.VALIDATION_ERROR, message, details)
