"""SeatStore on a World."""

from __future__ import annotations

from datetime import UTC, datetime

from customizations.domain import routing
from customizations.domain.routing import Seat

from tests.support.fakes.world import Doc, World


class FakeSeats:
    """SeatStore on a World: each seat with the stamp of its last write, for conditional writes."""

    def __init__(self, world: World, default_capacity: int = 10) -> None:
        self.world = world
        self.default_capacity = default_capacity

    def seat(self, uid: str) -> Seat:
        found = self.world.seats.get(uid)
        if found is None:
            return routing.vacant(uid, self.default_capacity)
        return routing.from_document(uid, found, self.default_capacity, self.world.seat_times[uid])

    def unchanged(self, read: Seat) -> bool:
        return self.world.seat_times.get(read.uid) == read.update_time

    def move(self, uid: str, delta: int, fields: Doc, whole: bool = True, read: Seat | None = None) -> None:
        """A seat's move; on a seat with no document, a whole new one, or (a blind write: whole
        False) one holding only the count, as seat_write makes them; from the count read, if read."""
        new = {"designerId": uid, "available": True, "active": 0, "lastAssignedAt": None}
        seat = self.world.seats.setdefault(uid, new if whole else {"designerId": uid})
        base = read.active if read is not None and read.update_time is not None else seat.get("active")
        seat["active"] = int(base or 0) + delta
        seat.update(fields)
        self.world.seat_times[uid] = next(self.world.stamps)

    def candidates(self, after: Seat | None, limit: int) -> list[Seat]:
        def order(seat: Seat) -> tuple[int, int, datetime, str]:
            last = seat.last_assigned_at
            return (seat.active, last is not None, last or datetime.min.replace(tzinfo=UTC), seat.uid)

        found = sorted(
            (self.seat(uid) for uid, doc in self.world.seats.items() if doc.get("available") is True),
            key=order,
        )
        if after is not None:
            found = [s for s in found if order(s) > order(after)]
        return found[:limit]

    def ensure_seat(self, uid: str, name: str, available: bool | None = None) -> None:
        if uid not in self.world.seats:
            self.world.seats[uid] = {
                "designerId": uid,
                "designerName": name,
                "available": True if available is None else available,
                "active": 0,
                "lastAssignedAt": None,
            }
        elif available is not None:
            self.world.seats[uid].update(available=available, designerName=name)
        else:
            return
        self.world.seat_times[uid] = next(self.world.stamps)

    def save_seat(self, read: Seat, available: bool | None, capacity: int | None) -> bool:
        if self.world.seat_times.get(read.uid) != read.update_time:
            return False
        fields: Doc = routing.completion(read)
        if available is not None:
            fields["available"] = available
        if capacity is not None:
            fields["capacity"] = capacity
        self.move(read.uid, 0, fields)
        return True
