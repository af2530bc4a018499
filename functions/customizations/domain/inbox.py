"""A user's notifications, newest first: their own (one document each) and, for designers, the
announcement of every new request, which is the request itself rather than a copy per designer (so
a new request costs the same whatever the number of designers). Two sources, one order, one cursor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..errors import validation
from .lifecycle import Event
from .notices import MESSAGES, render
from .records import decode_cursor, encode_cursor, is_document_id

PERSONAL, ANNOUNCEMENT = 1, 0  # at the same time, a user's own notifications come first
# How long a new request stays announced: a designer's inbox shows the requests of this period.
ANNOUNCED_FOR = timedelta(days=30)
_SEP = "."


@dataclass(frozen=True, order=True)
class Position:
    """Where an item stands in an inbox, compared newest first: by time, then kind, then id."""

    at: datetime
    rank: int
    doc_id: str


def encode(position: Position) -> str:
    """The opaque cursor after this position."""
    return encode_cursor(position.at, f"{position.rank}{_SEP}{position.doc_id}")


def decode(cursor: str) -> Position:
    """The position a cursor points after (a 400 for anything this API did not hand out)."""
    at, tagged = decode_cursor(cursor)
    rank, _, doc_id = tagged.partition(_SEP)
    if not isinstance(at, datetime) or rank not in (str(PERSONAL), str(ANNOUNCEMENT)) or not doc_id:
        raise validation("Invalid cursor", [{"field": "cursor", "message": "not a cursor from this API"}])
    return Position(at, int(rank), doc_id)


def announcement_id(request_id: str) -> str:
    """The id of a request's announcement: the key of its creation event."""
    return f"{request_id}-v1"


def announced_request(notification_id: str) -> str | None:
    """The request an announcement id names, or None if it is not an announcement's (or names no
    request there could be)."""
    request_id, suffix = notification_id[:-3], notification_id[-3:]
    return request_id if suffix == "-v1" and is_document_id(request_id) else None


def announcement(request: dict[str, Any], recipient_id: str, read_at: datetime | None) -> dict[str, Any]:
    """A new request as a designer's notification."""
    title, body = MESSAGES[Event.REQUEST_CREATED]
    return {
        "id": announcement_id(request["id"]),
        "recipientId": recipient_id,
        "type": Event.REQUEST_CREATED.value,
        "requestId": request["id"],
        "title": render(title, request),
        "body": render(body, request),
        "createdAt": request["createdAt"],
        "readAt": read_at,
        "_position": Position(request["createdAt"], ANNOUNCEMENT, request["id"]),
    }


def personal(notification: dict[str, Any]) -> dict[str, Any]:
    """A user's own notification, placed in the inbox order."""
    return {**notification, "_position": Position(notification["createdAt"], PERSONAL, notification["id"])}


def merge(
    items: list[dict[str, Any]], limit: int, scanned_to: Position | None = None
) -> tuple[list[dict[str, Any]], str | None]:
    """The first `limit` items newest first, and the cursor after them if there are more. A source
    that stopped reading at `scanned_to` before its end bounds the page: nothing older is known
    complete, so the page ends there (short, maybe empty) and its cursor goes on from there."""
    ordered = sorted(items, key=lambda item: item["_position"], reverse=True)
    if scanned_to is not None:
        ordered = [item for item in ordered if item["_position"] >= scanned_to]
    page = ordered[:limit]
    if len(ordered) > limit:
        cursor: str | None = encode(page[-1]["_position"])
    else:
        cursor = encode(scanned_to) if scanned_to is not None else None
    return [without_position(item) for item in page], cursor


def without_position(item: dict[str, Any]) -> dict[str, Any]:
    """The item as the API shows it."""
    return {k: v for k, v in item.items() if k != "_position"}
