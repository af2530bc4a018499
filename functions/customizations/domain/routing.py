"""Designers' seats: whether a designer takes routed work, how many active requests they take
(their capacity) and how many they hold, counted in the same atomic write as every claim, release,
reassignment and decision that changes it; so a capacity is never passed, however many claims and
routings race (domain.statistics.ACTIVE says what is active).

Auto-assignment gives a waiting request to the available designer with the least active work who
has room, the longest idle first among equals (never assigned before counts as longest).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

MAX_CAPACITY = 100  # active requests one designer may take on
# What routing's query of candidates needs on a seat, as a new seat has it: available, never
# assigned (a seat made by a blind write lacks them: missing_fields, completion).
ROUTED_FIELDS: dict[str, Any] = {"available": True, "lastAssignedAt": None}


@dataclass(frozen=True)
class Seat:
    """One designer's seat as stored (update_time None: no document yet)."""

    uid: str
    name: str | None
    available: bool
    capacity: int
    active: int
    last_assigned_at: datetime | None = None
    update_time: Any = None
    # What its document lacks that routing's query needs (a seat made by a blind write): the next
    # write that reads the seat adds it (completion).
    missing: frozenset[str] = frozenset()

    @property
    def has_room(self) -> bool:
        """Whether one more active request stays within the capacity."""
        return self.active < self.capacity

    def shown(self) -> dict[str, Any]:
        """As the designer's profile shows it."""
        return {"available": self.available, "capacity": self.capacity, "active": self.active}


def vacant(uid: str, capacity: int, name: str | None = None) -> Seat:
    """The seat of a designer who has none yet: available, the default capacity, nothing held."""
    return Seat(uid, name, True, capacity, 0)


def from_document(uid: str, doc: dict[str, Any], default_capacity: int, update_time: Any) -> Seat:
    """A seat read back (a capacity never set is the deployment's default; a count below zero,
    left by a blind write on a seat made after its work, is none until the recount)."""
    capacity = doc.get("capacity")
    last = doc.get("lastAssignedAt")
    return Seat(
        uid,
        doc.get("designerName"),
        bool(doc.get("available", True)),
        int(capacity) if isinstance(capacity, int) else default_capacity,
        max(0, int(doc.get("active") or 0)),
        last if isinstance(last, datetime) else None,
        update_time,
        frozenset(missing_fields(doc)),
    )


def completion(seat: Seat) -> dict[str, Any]:
    """What a write to this seat as read adds so that routing's query finds it: the fields its
    document lacks, as a new seat has them (which is what the seat reads as meanwhile)."""
    return {name: value for name, value in ROUTED_FIELDS.items() if name in seat.missing}


@dataclass(frozen=True)
class SeatChange:
    """What a write does to one designer's seat: one more active request (only with room, checked
    against the seat as read: `read`), or one less (written blind), and fields set beside it."""

    delta: int
    read: Seat | None = None
    fields: dict[str, Any] = field(default_factory=dict)


def taking(seat: Seat, now: datetime, name: str | None) -> SeatChange:
    """A designer takes one more active request now (a seat made by a blind write made whole)."""
    fields: dict[str, Any] = {**completion(seat), "lastAssignedAt": now}
    if name:
        fields["designerName"] = name
    return SeatChange(1, seat, fields)


def leaving(unavailable: bool = False) -> SeatChange:
    """A designer has one active request less (and, taken back by the system for want of a
    delivery, takes no routed work until they say they are available again): written blind, the
    seat not read on the way. A designer with no seat document (work held from before seats) gets
    one holding only this count, which routing cannot see until a write that reads it (their next
    claim, their availability: completion) or the nightly recount (services.reports.reconcile_loads)
    makes it whole; meanwhile it reads as holding nothing (from_document)."""
    return SeatChange(-1, None, {"available": False} if unavailable else {})


def missing_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """What a seat document lacks that routing's query of candidates needs (a seat made by a blind
    write), as a new seat has it."""
    return {name: value for name, value in ROUTED_FIELDS.items() if name not in doc}


def pick(candidates: Iterable[Seat], passed_by: Iterable[str]) -> Seat | None:
    """The seat a waiting request goes to: the first of the candidates (read least active first,
    then longest idle) that is available, has room and did not give this request up before."""
    skip = set(passed_by)
    for seat in candidates:
        if seat.available and seat.has_room and seat.uid not in skip:
            return seat
    return None


def with_settings(seat: Seat, available: bool | None, capacity: int | None) -> Seat:
    """The seat with what its designer changed."""
    return replace(
        seat,
        available=seat.available if available is None else available,
        capacity=seat.capacity if capacity is None else capacity,
    )
