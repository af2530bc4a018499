"""SeatStore's contract: what it stores, what a conditional write does when it lost the race, how
candidates are ordered and paged. Run on the fake (tests/unit/contracts) and on Firestore
(tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from customizations.domain.routing import SeatChange

from .requests_cases import make, request
from .tiers import CAPACITY, Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_a_designer_without_a_seat_has_a_vacant_one_until_it_is_made(stores: Stores):
    vacant = stores.seats.seat("des-a")
    assert (vacant.active, vacant.capacity, vacant.update_time) == (0, CAPACITY, None)

    stores.seats.ensure_seat("des-a", "Dana")
    seat = stores.seats.seat("des-a")
    assert (seat.name, seat.available, seat.active, seat.capacity) == ("Dana", True, 0, CAPACITY)
    assert seat.update_time is not None and seat.missing == frozenset()


def test_ensuring_a_seat_again_keeps_its_count_and_sets_what_is_given(stores: Stores):
    stores.seats.ensure_seat("des-a", "Dana")
    make(stores, "r1", request(1))
    read = stores.requests.current("r1")
    assert read is not None
    taking = {"des-a": SeatChange(1, stores.seats.seat("des-a"), {"lastAssignedAt": T0})}
    assert stores.requests.update_if_unchanged(read.record, {"designerId": "des-a"}, {}, taking, read.legal)

    stores.seats.ensure_seat("des-a", "Dana")
    assert stores.seats.seat("des-a").active == 1
    stores.seats.ensure_seat("des-a", "Dana Designer", available=False)
    seat = stores.seats.seat("des-a")
    assert (seat.name, seat.available, seat.active) == ("Dana Designer", False, 1)


def test_saving_a_seat_is_refused_when_it_changed_since_read(stores: Stores):
    stores.seats.ensure_seat("des-a", "Dana")
    read = stores.seats.seat("des-a")
    assert stores.seats.save_seat(read, available=False, capacity=5)

    assert not stores.seats.save_seat(read, available=True, capacity=1)
    seat = stores.seats.seat("des-a")
    assert (seat.available, seat.capacity) == (False, 5)


def test_saving_a_seat_never_made_creates_it_once(stores: Stores):
    vacant = stores.seats.seat("des-a")
    assert stores.seats.save_seat(vacant, available=False, capacity=2)

    assert not stores.seats.save_seat(vacant, available=True, capacity=9)
    seat = stores.seats.seat("des-a")
    assert (seat.available, seat.capacity, seat.active) == (False, 2, 0)


def test_candidates_are_available_least_active_then_longest_idle_a_page_at_a_time(stores: Stores):
    for uid in ("des-a", "des-b", "des-c", "des-d", "des-e"):
        stores.seats.ensure_seat(uid, uid.upper())
    stores.seats.ensure_seat("des-e", "DES-E", available=False)
    for n, uid in enumerate(("des-b", "des-a", "des-c", "des-b")):  # des-b twice: two active
        make(stores, f"r{n}", request(n))
        read = stores.requests.current(f"r{n}")
        assert read is not None
        seat = stores.seats.seat(uid)
        move = {uid: SeatChange(1, seat, {"lastAssignedAt": T0 + timedelta(minutes=n)})}
        assert stores.requests.update_if_unchanged(read.record, {"designerId": uid}, {}, move, read.legal)

    first = stores.seats.candidates(None, 2)
    assert [s.uid for s in first] == ["des-d", "des-a"]
    rest = stores.seats.candidates(first[-1], 5)
    assert [s.uid for s in rest] == ["des-c", "des-b"]
    assert [s.active for s in rest] == [1, 2]
