"""StatsStore on a World."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

from customizations.domain import statistics
from customizations.domain.records import Page, PageRequest

from tests.support.fakes.seats import FakeSeats
from tests.support.fakes.world import Doc, World, page_of


class FakeStats:
    """StatsStore on a World: recounts are sums over the requests, as the aggregations are; `at`
    is ignored (the world has no history)."""

    def __init__(self, world: World) -> None:
        self.world = world

    def tally(
        self, customer_id: str | None = None, designer_id: str | None = None, at: datetime | None = None
    ) -> dict[str, float]:
        chosen = [
            r
            for r in self.world.requests.values()
            if customer_id in (None, r["customerId"]) and designer_id in (None, r.get("designerId"))
        ]
        return statistics.tally(chosen)

    def designer_loads(self, uids: Sequence[str], at: datetime | None = None) -> dict[str, Doc]:
        return {uid: dict(self.world.loads[uid]) for uid in uids if uid in self.world.loads}

    def least_loaded(self, page: PageRequest) -> Page:
        items = [{"active": 0, **load, "id": uid} for uid, load in self.world.loads.items()]
        return page_of(items, "active", False, page)

    def active_designers(self) -> int:
        return sum(1 for load in self.world.loads.values() if load.get("active", 0) > 0)

    def ensure_designer(self, uid: str, name: str) -> None:
        self.world.loads.setdefault(uid, {"active": 0})["designerName"] = name

    def snapshot(self) -> tuple[Doc, datetime] | None:
        return self.world.snapshot

    def save_snapshot(self, figures: Doc, as_of: datetime) -> None:
        self.world.snapshot = (dict(figures), as_of)

    def touched_designers(self, since: date) -> Iterator[str]:
        yield from [uid for uid, day in self.world.touched.items() if day >= since]

    def busy(self, uid: str, after: datetime, at: datetime) -> bool:
        return any(
            r.get("designerId") == uid and r["updatedAt"] > after for r in self.world.requests.values()
        )

    def correct(self, uid: str, increments: dict[str, float]) -> None:
        statistics.add_into(self.world.loads.setdefault(uid, {"designerName": None}), increments)

    def seat_as_of(self, uid: str, at: datetime) -> Doc | None:
        found = self.world.seats.get(uid)
        return None if found is None else dict(found)

    def correct_seat(self, uid: str, delta: int) -> None:
        FakeSeats(self.world).move(uid, delta, {}, whole=False)

    def complete_seat(self, uid: str) -> bool:
        seats = FakeSeats(self.world)
        seat = seats.seat(uid)
        return bool(seat.missing) and seats.save_seat(seat, available=None, capacity=None)
