"""HTTP plumbing shared by the routes: JSON in and out, the error boundary, query and header parsing."""

from __future__ import annotations

import io
import json
import re
import traceback
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar

from firebase_functions import logger
from flask import Flask, Response, request
from pydantic import BaseModel, ValidationError
from werkzeug.exceptions import HTTPException

from ..errors import AppError, ErrorCode, validation

M = TypeVar("M", bound=BaseModel)

MAX_JSON_BYTES = 1 << 20
MAX_JSON_KEYS = 1000  # every body the API takes has fewer than 20
MAX_JSON_DEPTH = 16  # and nests 3 deep at most
MAX_JSON_NODES = 4000  # values and keys, empty containers included: room for MAX_JSON_KEYS keys and values
READ_BYTES = 64 << 10  # a chunked body is read this much at a time
MAX_DRAIN_BYTES = 32 << 20  # what is read of a body left unread, to be thrown away (the platform's cap)
MAX_VERSION_DIGITS = 12  # versions count transitions; a longer number is not one

# One JSON token after optional white space: a string, an opening or a closing bracket, a scalar, or a
# separator (no group). Possessive, so that a long string or run costs no memory to match.
_TOKEN = re.compile(
    rb'[ \t\r\n]*+(?:(?P<string>")(?:[^"\\]++|\\.)*+"|(?P<open>[\[{])|(?P<close>[\]}])'
    rb'|(?P<scalar>[^ \t\r\n\[\]{},:"]++)|[,:])',
    re.DOTALL,
)

_HTTP_CODES = {
    400: ErrorCode.VALIDATION_ERROR,
    404: ErrorCode.NOT_FOUND,
    405: ErrorCode.METHOD_NOT_ALLOWED,
    413: ErrorCode.PAYLOAD_TOO_LARGE,
    415: ErrorCode.UNSUPPORTED_MEDIA_TYPE,
}


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A JSON response; datetimes become RFC 3339 strings in UTC."""
    text = json.dumps(body, default=_default, separators=(",", ":"), ensure_ascii=False)
    return Response(text, status=status, headers=headers, content_type="application/json")


def ok(data: Any, status: int = 200, **extra: Any) -> Response:
    """The success envelope."""
    return json_response({"success": True, "data": data, **extra}, status)


def error_response(error: AppError) -> Response:
    """The error envelope, with the status the error table gives (and the error's headers)."""
    return json_response(error.to_body(), error.status, error.headers)


def install_error_boundary(app: Flask, answering: Callable[[AppError], AppError] = lambda e: e) -> None:
    """Every failure leaves as the error envelope; the unexpected ones are logged, never shown.
    Each error the client is told of is first given to `answering`, which may answer another
    (a refusal of input past the caller's quota becomes a 429)."""

    @app.errorhandler(AppError)
    def _app_error(error: AppError) -> Response:
        return error_response(answering(error))

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException) -> Response:
        status = error.code or 500
        code = _HTTP_CODES.get(status, ErrorCode.INTERNAL)
        message = "Not found" if code is ErrorCode.NOT_FOUND else (error.description or code.value)
        response = error_response(
            answering(AppError(code, message if code is not ErrorCode.INTERNAL else "Internal error"))
        )
        for name, value in error.get_headers():
            if name.lower() == "allow":  # a 405 names the methods the URL does take (RFC 9110)
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        logger.error(
            "Unhandled error",
            error=repr(error),
            traceback=traceback.format_exc(),
            path=request.path,
            method=request.method,
        )
        return error_response(AppError(ErrorCode.INTERNAL, "Internal error"))


class _TooManyKeys(ValueError):
    """Raised from inside the decoder, to stop a body with too many keys as soon as it is seen."""


def decode_object(raw: bytes) -> dict[str, Any]:
    """A JSON object from raw bytes, in time linear in their size and memory bounded by a constant:
    more than MAX_JSON_NODES values and keys (empty containers count), nesting deeper than
    MAX_JSON_DEPTH, more than MAX_JSON_KEYS keys or duplicate keys are refused (400); the first
    two before a single Python object is built. Only UTF-8 is read: the shape is counted on UTF-8
    bytes, and a body in another encoding (which json.loads would otherwise guess from its bytes,
    UTF-16 or UTF-32) could hide its structure from the count."""
    _check_shape(raw)
    try:
        text = raw.decode("utf-8")  # read as UTF-8, never guessed: UTF-16's NULs are then invalid JSON
    except UnicodeDecodeError as exc:
        raise validation("The body is not valid JSON: it must be UTF-8") from exc
    seen = 0

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal seen
        seen += len(items)
        if seen > MAX_JSON_KEYS:
            raise _TooManyKeys
        found = dict(items)
        if len(found) != len(items):
            counts = Counter(key for key, _ in items)
            duplicates = sorted(key for key, n in counts.items() if n > 1)
            raise validation(
                "Duplicate keys in JSON object",
                [{"field": key, "message": "duplicate key"} for key in duplicates],
            )
        return found

    try:
        parsed = json.loads(text, object_pairs_hook=pairs)
    except _TooManyKeys as exc:
        raise validation(f"JSON bodies are limited to {MAX_JSON_KEYS} keys") from exc
    except (ValueError, RecursionError) as exc:
        raise validation("The body is not valid JSON") from exc
    if not isinstance(parsed, dict):
        raise validation("The body must be a JSON object")
    return parsed


def _check_shape(raw: bytes) -> None:
    """Count the nodes and the depth of a JSON text as its tokens are scanned, and stop at either
    budget, so that no body makes the decoder build more than MAX_JSON_NODES objects. The scan is
    looser than JSON (the decoder judges the text): it stops where its tokens end."""
    nodes = level = pos = 0
    match = _TOKEN.match
    while (found := match(raw, pos)) is not None:
        pos = found.end()
        kind = found.lastgroup
        if kind is None:  # a separator
            continue
        if kind == "close":
            level -= 1
            continue
        nodes += 1
        if nodes > MAX_JSON_NODES:
            raise validation(f"JSON bodies are limited to {MAX_JSON_NODES} values and keys")
        if kind == "open":
            level += 1
            if level > MAX_JSON_DEPTH:
                raise validation(f"JSON bodies are limited to {MAX_JSON_DEPTH} levels of nesting")


def json_body() -> tuple[dict[str, Any], bytes]:
    """The request's JSON object and its raw bytes; 415 for another content type, 413 over the size
    limit (before reading when the length is declared; a chunked body is read no further than the
    limit), 400 for anything but a plain JSON object."""
    if request.mimetype != "application/json":
        raise AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json")
    if (request.content_length or 0) > MAX_JSON_BYTES:
        raise AppError(ErrorCode.PAYLOAD_TOO_LARGE, f"JSON bodies are limited to {MAX_JSON_BYTES} bytes")
    raw = read_capped(MAX_JSON_BYTES, "JSON bodies")
    return decode_object(raw), raw


def read_capped(limit: int, what: str) -> bytes:
    """The request body, read a piece at a time and refused (413) as soon as it passes limit bytes:
    a chunked body declares no length, and would otherwise be read whole (up to MAX_CONTENT_LENGTH)."""
    stream, pieces, size = request.stream, [], 0
    while piece := stream.read(min(READ_BYTES, limit + 1 - size)):
        pieces.append(piece)
        size += len(piece)
        if size > limit:
            raise AppError(ErrorCode.PAYLOAD_TOO_LARGE, f"{what} are limited to {limit} bytes")
    return b"".join(pieces)


def forget_unread_body() -> None:
    """Leave the rest of the request body to be read and thrown away: the functions framework reads
    whatever the app left unread once it answers (so that a client still sending is not cut off),
    and it keeps it, in memory: for a refused body, all of it, up to the platform's 32 MiB."""
    environ = request.environ
    environ["wsgi.input"] = _Drain(environ["wsgi.input"])
    environ["CONTENT_LENGTH"] = "0"  # a server that does not end the input itself: read nothing more


class _Drain(io.RawIOBase):
    """A request body's rest, which reads as empty once it has been read to its end and dropped."""

    def __init__(self, stream: Any) -> None:
        super().__init__()
        self._stream, self._left = stream, MAX_DRAIN_BYTES

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Read the rest (to MAX_DRAIN_BYTES at most) and drop it; nothing is ever returned."""
        try:
            while self._left > 0 and (piece := self._stream.read(min(READ_BYTES, self._left))):
                self._left -= len(piece)
        except (OSError, HTTPException):  # the client has gone: nothing more to read
            pass
        self._left = 0
        return 0


def validation_details(error: ValidationError) -> list[dict[str, Any]]:
    """Pydantic errors as field paths and messages."""
    return [
        {
            "field": ".".join(str(part) for part in item["loc"]) or "body",
            "message": item["msg"],
            "type": item["type"],
        }
        for item in error.errors(include_url=False, include_input=False, include_context=False)
    ]


def parse_body[M: BaseModel](model: type[M], raw: bytes) -> M:
    """The body validated against model, strictly (no coercion), or a 400 naming the fields."""
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise validation("Invalid request body", validation_details(exc)) from exc


def parse_query[M: BaseModel](model: type[M]) -> M:
    """The query string validated against model; a parameter given twice is refused."""
    args: dict[str, str] = {}
    for key, values in request.args.lists():
        if len(values) > 1:
            raise validation("Repeated query parameter", [{"field": key, "message": "given more than once"}])
        args[key] = values[0]
    try:
        return model.model_validate(args)
    except ValidationError as exc:
        raise validation("Invalid query parameters", validation_details(exc)) from exc


def if_match_version() -> int | None:
    """The version named by an If-Match header (`3`, `"3"` or `W/"3"`), or None."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    text = header.strip().removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_VERSION_DIGITS:  # not "²" or "٣"
        raise validation(
            "If-Match must be a request version", [{"field": "If-Match", "message": "not a version"}]
        )
    return int(text)
