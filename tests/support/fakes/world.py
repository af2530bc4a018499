"""The in-memory database every fake is a view on, the clock the tests move, and the paging
the Firestore stores do."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from customizations.domain.inbox import Position
from customizations.domain.records import Page, PageRequest, decode_cursor, encode_cursor

Doc = dict[str, Any]


class Clock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime = datetime(2026, 11, 2, 9, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward (hours=..., minutes=...) and return the new time."""
        self.now += timedelta(**delta)
        return self.now


@dataclass
class World:
    """Every collection, in memory."""

    requests: dict[str, Doc] = field(default_factory=dict)
    update_times: dict[str, int] = field(default_factory=dict)  # request id -> its last write's stamp
    products: dict[str, Doc] = field(default_factory=dict)
    idempotency: dict[str, Doc] = field(default_factory=dict)
    contacts: dict[str, Doc] = field(default_factory=dict)  # request id -> the customer's email
    users: dict[str, Doc] = field(default_factory=dict)  # profiles
    uploads: dict[str, Doc] = field(default_factory=dict)  # upload id -> record
    upload_times: dict[str, int] = field(default_factory=dict)  # upload id -> its last write's stamp
    audit: dict[str, dict[str, Doc]] = field(default_factory=dict)  # request id -> key -> entry
    revisions: dict[str, dict[int, Doc]] = field(default_factory=dict)
    notifications: dict[str, Doc] = field(default_factory=dict)
    mail: dict[str, Doc] = field(default_factory=dict)
    processed: set[str] = field(default_factory=set)
    loads: dict[str, dict[str, Any]] = field(default_factory=dict)  # designer uid -> counters and name
    touched: dict[str, date] = field(default_factory=dict)  # designer uid -> the day an event moved its load
    snapshot: tuple[dict[str, Any], datetime] | None = None
    role_changes: list[Doc] = field(default_factory=list)
    reads: dict[tuple[str, str], datetime] = field(default_factory=dict)  # (uid, announcement) -> when
    threads: dict[str, Doc] = field(default_factory=dict)  # request id -> {count, reads, comments}
    device_owners: dict[str, str] = field(default_factory=dict)  # device id -> uid
    messages: dict[str, dict[str, Doc]] = field(default_factory=dict)  # request id -> id -> message
    comments: dict[str, dict[str, Doc]] = field(default_factory=dict)  # request id -> id -> comment
    legal: dict[str, Doc] = field(default_factory=dict)  # request id -> its last legal state
    legal_times: dict[str, int] = field(default_factory=dict)  # request id -> its legal copy's stamp
    seats: dict[str, Doc] = field(default_factory=dict)  # designer uid -> their seat
    seat_times: dict[str, int] = field(default_factory=dict)  # designer uid -> their seat's stamp
    usage: dict[str, Doc] = field(default_factory=dict)  # counter id -> {count, expireAt}
    stamps: Iterator[int] = field(default_factory=lambda: itertools.count(1))


def firestore_order(value: Any) -> tuple[int, Any]:
    """Firestore orders values of different types by type first: numbers, timestamps, then strings."""
    return (1 if isinstance(value, int | float) else 3 if isinstance(value, str) else 2, value)


def page_of(items: list[Doc], order_by: str, descending: bool, page: PageRequest) -> Page:
    """Sort by (order_by, id), start after the cursor, cut one page: what the Firestore stores do."""

    def position(value: Any, doc_id: str) -> tuple[tuple[int, Any], str]:
        return firestore_order(value), doc_id

    ordered = sorted(items, key=lambda d: position(d[order_by], d["id"]), reverse=descending)
    if page.cursor is not None:
        after = position(*decode_cursor(page.cursor))
        if descending:
            ordered = [d for d in ordered if position(d[order_by], d["id"]) < after]
        else:
            ordered = [d for d in ordered if position(d[order_by], d["id"]) > after]
    items = ordered[: page.limit]
    more = len(ordered) > page.limit
    return Page(items, encode_cursor(items[-1][order_by], items[-1]["id"]) if more else None)


def merge_into(into: Doc, fields: Doc) -> None:
    """A set with merge: maps merged into maps, anything else replaced."""
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            merge_into(into[key], value)
        else:
            into[key] = value


def newest_after(items: Iterable[Doc], rank: int, after: Position | None, limit: int) -> list[Doc]:
    """An inbox source's items newest first from just after a position: what newest_after does."""
    ordered = sorted(items, key=lambda d: Position(d["createdAt"], rank, d["id"]), reverse=True)
    if after is not None:
        ordered = [d for d in ordered if Position(d["createdAt"], rank, d["id"]) < after]
    return ordered[:limit]
