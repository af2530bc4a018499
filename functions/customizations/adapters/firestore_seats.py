"""Designers' seats in Firestore (`designerSeats/{uid}`, the services' SeatStore): availability,
capacity and the active requests each designer holds, moved in the same batch as the request
writes that change them (seat_write)."""

from __future__ import annotations

from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain import routing
from ..domain.routing import Seat, SeatChange
from .queries import SEAT_CANDIDATES, SEATS


def _new(uid: str, name: str | None, available: bool, active: int) -> dict[str, Any]:
    # Every field the candidates' query orders by, so that a new seat is found by it
    # (`lastAssignedAt` null: never assigned, which sorts first).
    fields: dict[str, Any] = {
        "designerId": uid,
        "available": available,
        "active": active,
        "lastAssignedAt": None,
    }
    if name:
        fields["designerName"] = name
    return fields


def seat_write(db: firestore.Client, batch: Any, uid: str, move: SeatChange) -> None:
    """Add one seat's move to a batch: one more active request only if the seat is still as read,
    written as the count read and one (a count left below zero by a blind write reads as none:
    routing.from_document), or created, if it had no document, only if it still has none; one
    less, or a move not read first (an accepted override's), written blind (on a seat with no
    document, that makes one routing cannot see until a write that reads it or the nightly
    recount completes it: routing.completion, complete_seat)."""
    ref = db.collection(SEATS).document(uid)
    if move.delta > 0 and move.read is not None:
        if move.read.update_time is None:
            batch.create(ref, {**_new(uid, move.read.name, move.read.available, move.delta), **move.fields})
        else:
            option = db.write_option(last_update_time=move.read.update_time)
            batch.update(ref, {"active": move.read.active + move.delta, **move.fields}, option=option)
        return
    batch.set(ref, {"designerId": uid, "active": firestore.Increment(move.delta), **move.fields}, merge=True)


class FirestoreSeats:
    """Seats, read and set; moved by the request writes (seat_write)."""

    def __init__(self, db: firestore.Client, default_capacity: int) -> None:
        self._db = db
        self._default_capacity = default_capacity

    def _ref(self, uid: str) -> Any:
        return self._db.collection(SEATS).document(uid)

    def _seat(self, snapshot: Any) -> Seat:
        return routing.from_document(
            snapshot.id, snapshot.to_dict() or {}, self._default_capacity, snapshot.update_time
        )

    def seat(self, uid: str) -> Seat:
        """A designer's seat (a vacant one, with no update time, if they have none yet)."""
        snapshot = self._ref(uid).get()
        return self._seat(snapshot) if snapshot.exists else routing.vacant(uid, self._default_capacity)

    def candidates(self, after: Seat | None, limit: int) -> list[Seat]:
        """Available designers' seats, least active first, then longest idle, then by uid."""
        shape = SEAT_CANDIDATES
        query: Any = self._db.collection(SEATS).where(filter=FieldFilter(shape.equalities[0], "==", True))
        query = query.order_by(str(shape.order_by)).order_by(str(shape.then_by)).order_by("__name__")
        if after is not None:
            query = query.start_after(
                {
                    str(shape.order_by): after.active,
                    str(shape.then_by): after.last_assigned_at,
                    "__name__": self._ref(after.uid),
                }
            )
        return [self._seat(s) for s in query.limit(limit).stream()]

    def ensure_seat(self, uid: str, name: str, available: bool | None = None) -> None:
        """A seat for a designer who has none (available, holding nothing); the availability set
        when given, the count untouched."""
        try:
            self._ref(uid).create(_new(uid, name, True if available is None else available, 0))
        except gexc.AlreadyExists:
            if available is not None:
                self._ref(uid).set({"available": available, "designerName": name}, merge=True)

    def save_seat(self, read: Seat, available: bool | None, capacity: int | None) -> bool:
        """Set availability and capacity, only if the seat is still as read; False if it changed."""
        fields: dict[str, Any] = routing.completion(read)
        if available is not None:
            fields["available"] = available
        if capacity is not None:
            fields["capacity"] = capacity
        try:
            if read.update_time is None:
                self._ref(read.uid).create({**_new(read.uid, read.name, read.available, 0), **fields})
            elif fields:
                option = self._db.write_option(last_update_time=read.update_time)
                self._ref(read.uid).update(fields, option=option)
        except (gexc.AlreadyExists, gexc.FailedPrecondition, gexc.NotFound):
            return False
        return True
