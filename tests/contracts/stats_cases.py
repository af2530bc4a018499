"""StatsStore's contract: the figures recounted from the requests, designers' loads and their
repair, the cached snapshot. Run on the fake (tests/unit/contracts) and on Firestore
(tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from customizations.domain.events import Effects
from customizations.domain.lifecycle import Status
from customizations.domain.records import PageRequest
from customizations.domain.routing import SeatChange

from .requests_cases import make, request
from .tiers import Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_a_tally_counts_the_requests_of_a_customer_a_designer_or_all(stores: Stores):
    make(stores, "r1", request(1, customer="c1"))
    make(stores, "r2", request(2, customer="c1", status=Status.IN_PROGRESS, designerId="d1", assignedCount=1))
    make(stores, "r3", request(3, customer="c2", status=Status.APPROVED, designerId="d1", assignedCount=1))

    assert stores.stats.tally(customer_id="c1") == {
        f"byStatus.{Status.PENDING.value}": 1,
        f"byStatus.{Status.IN_PROGRESS.value}": 1,
        "assignedCount": 1,
        "total": 2,
        "active": 1,
    }
    by_designer = stores.stats.tally(designer_id="d1")
    assert (by_designer["total"], by_designer["assignedCount"], by_designer["active"]) == (2, 2, 1)
    assert stores.stats.tally()["total"] == 3
    assert stores.stats.tally(customer_id="nobody") == {}


def test_a_designer_ensured_is_listed_idle_and_corrections_add_up(stores: Stores):
    stores.stats.ensure_designer("d2", "Dee")
    stores.stats.ensure_designer("d1", "Dan")
    stores.stats.correct("d2", {"active": 2, "assignedCount": 1})
    stores.stats.ensure_designer("d2", "Dee Two")  # the counters untouched

    loads = stores.stats.designer_loads(["d1", "d2", "d9"])
    assert loads == {
        "d1": {"active": 0, "designerName": "Dan"},
        "d2": {"active": 2, "assignedCount": 1, "designerName": "Dee Two"},
    }
    first = stores.stats.least_loaded(PageRequest(limit=1))
    assert [d["id"] for d in first.items] == ["d1"] and first.next_cursor is not None
    rest = stores.stats.least_loaded(PageRequest(1, first.next_cursor))
    assert [d["id"] for d in rest.items] == ["d2"] and rest.items[0]["designerName"] == "Dee Two"
    assert stores.stats.active_designers() == 1


def test_the_snapshot_is_what_was_saved_last(stores: Stores):
    assert stores.stats.snapshot() is None
    stores.stats.save_snapshot({"total": 3}, T0)
    stores.stats.save_snapshot({"total": 4}, T0 + timedelta(hours=1))

    assert stores.stats.snapshot() == ({"total": 4}, T0 + timedelta(hours=1))


def test_loads_touched_since_a_day_are_the_ones_an_event_changed(stores: Stores, clock):
    stores.stats.ensure_designer("d0", "Idle")
    stores.fanout.commit_once("r1", "r1-v2", Effects(designer_loads={"d1": {"active": 1}}))

    today = clock().date()
    assert list(stores.stats.touched_designers(today)) == ["d1"]
    assert list(stores.stats.touched_designers(today + timedelta(days=1))) == []


def test_a_designer_is_busy_while_a_request_of_theirs_was_written_after_a_time(stores: Stores):
    make(stores, "r1", request(60, designerId="d1"))
    now = datetime.now(UTC)

    assert stores.stats.busy("d1", T0, now)
    assert not stores.stats.busy("d1", T0 + timedelta(hours=2), now)
    assert not stores.stats.busy("d2", T0, now)


def test_seat_corrections_add_up_and_a_seat_made_blind_is_completed_once(stores: Stores):
    make(stores, "r1", request(1))
    read = stores.requests.current("r1")
    assert read is not None
    stores.requests.update_if_unchanged(
        read.record, {"designerId": "d1"}, {}, {"d1": SeatChange(-1)}, read.legal
    )
    stores.stats.correct_seat("d1", 2)

    seat = stores.stats.seat_as_of("d1", datetime.now(UTC))
    assert seat is not None and seat["active"] == 1
    assert stores.seats.seat("d1").missing
    assert stores.stats.complete_seat("d1")
    assert not stores.stats.complete_seat("d1")
    completed = stores.seats.seat("d1")
    assert completed.missing == frozenset() and completed.active == 1
    assert stores.stats.seat_as_of("d9", datetime.now(UTC)) is None
