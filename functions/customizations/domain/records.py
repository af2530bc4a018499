"""What stores hand back and take: a document with the update time a conditional write pins to,
a page of a list and its opaque cursor, the ids Firestore can store, and the store's "taken"."""

from __future__ import annotations

import base64
import binascii
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..errors import validation


@dataclass(frozen=True)
class Record:
    """A stored document with the update time that a conditional write can be pinned to."""

    id: str
    data: dict[str, Any]
    update_time: Any


@dataclass(frozen=True)
class Current:
    """A request as committed, read for a write: its last legal state (domain.integrity; None for a
    request older than those copies) and, if asked, its thread's state (who read how far), with
    the customer's contact details under `contact` if asked too; all in one round trip."""

    record: Record
    legal: Record | None
    thread: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Page:
    """One page of a list, with the cursor of the next one (None on the last page)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


@dataclass(frozen=True)
class PageRequest:
    """Which page a caller asks for: how many items, after which cursor."""

    limit: int = 20
    cursor: str | None = None


class _Removed:
    """The value of a field a write deletes (adapters write Firestore's DELETE_FIELD)."""

    _instance: _Removed | None = None

    def __new__(cls) -> _Removed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "REMOVED"


REMOVED: Any = _Removed()


def merged(doc: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """A document with a write's top-level fields applied: set, or deleted where REMOVED."""
    out = {**doc, **changes}
    return {k: v for k, v in out.items() if v is not REMOVED}


class AlreadyExists(Exception):
    """A store refused to create what is already there (say, an idempotency key taken by a retry)."""


class Conflict(Exception):
    """A store refused a write conditioned on something that changed since it was read (say, an
    upload another request took in the meantime)."""


MAX_CURSOR_TEXT = 1500  # a text a cursor may hold (a product's name, say): no longer than an id


def encode_cursor(order_value: datetime | int | str, doc_id: str) -> str:
    """An opaque cursor pointing just after (order_value, doc_id): a time, a number, or a text
    (held as {"s": text}, so that it is never read as a time)."""
    value: Any
    if isinstance(order_value, str):
        value = {"s": order_value}
    else:
        value = order_value if isinstance(order_value, int) else order_value.isoformat()
    raw = json.dumps([value, doc_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime | int | str, str]:
    """The position a cursor points after; a 400 for anything this API did not hand out, so that
    nothing a client forges reaches a query: the id is one Firestore takes, the time an aware one
    Firestore can store, the number a 64-bit integer, the text one it can store."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, doc_id = json.loads(raw)
        if not isinstance(doc_id, str) or not is_document_id(doc_id):
            raise ValueError("bad id")
        doc_id.encode("utf-8")  # a lone surrogate cannot be sent to Firestore
        if isinstance(value, int) and not isinstance(value, bool):
            if not -(2**63) <= value < 2**63:  # what Firestore stores as an integer
                raise ValueError("out of range")
            return value, doc_id
        if isinstance(value, dict):
            text = value.get("s") if list(value) == ["s"] else None
            if not isinstance(text, str) or len(text) > MAX_CURSOR_TEXT:
                raise ValueError("bad text")
            text.encode("utf-8")
            return text, doc_id
        at = datetime.fromisoformat(value)
        if at.tzinfo is None:
            raise ValueError("a cursor's time has its offset")
        return at.astimezone(UTC), doc_id
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeError) as exc:
        raise validation(
            "Invalid cursor", [{"field": "cursor", "message": "not a cursor from this API"}]
        ) from exc


MAX_ID_BYTES = 1500  # Firestore's limit on a document id
_RESERVED_ID = re.compile(r"__.*__", re.DOTALL)  # ids of the form __name__ are Firestore's own


def is_document_id(value: str) -> bool:
    """Whether Firestore takes value as a document id: 1 to 1,500 bytes, no "/", not "." or "..",
    not of the reserved form __name__."""
    size = len(value.encode("utf-8", "surrogatepass"))
    reserved = value in (".", "..") or _RESERVED_ID.fullmatch(value) is not None
    return 0 < size <= MAX_ID_BYTES and "/" not in value and not reserved
