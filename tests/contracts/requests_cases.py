"""RequestStore's contract: what it stores, what it refuses, what a conditional write does when it
lost the race, how it orders and pages. Run on the fake (tests/unit/contracts) and on Firestore
(tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from customizations.domain.commands import RequestFilter
from customizations.domain.lifecycle import Status
from customizations.domain.records import REMOVED, AlreadyExists, Conflict, PageRequest, Record
from customizations.domain.routing import SeatChange
from customizations.domain.statistics import STAT_FIELDS

from .tiers import Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def request(
    n: int, customer: str = "cust-a", status: Status = Status.PENDING, **fields: Any
) -> dict[str, Any]:
    """A request document as the service writes one, made n minutes after T0."""
    at = T0 + timedelta(minutes=n)
    return {
        "customerId": customer,
        "status": status.value,
        "version": 1,
        "createdAt": at,
        "requestedAt": at,
        "updatedAt": at,
        # Every counter, as a new request has them: the emulator's sums of several fields answer 0
        # for all when one of them is missing from the documents.
        **dict.fromkeys(STAT_FIELDS, 0),
        **fields,
    }


def make(stores: Stores, request_id: str, doc: dict[str, Any], attach: dict[str, Any] | None = None) -> None:
    stores.requests.create(request_id, doc, {"email": f"{request_id}@example.com"}, None, attach or {})


def upload(stores: Stores, path: str) -> Any:
    """An upload no request uses yet; the update time of its record as read."""
    stores.uploads.create_record(
        path, {"uid": "cust-a", "kind": "reference", "attachedTo": None, "createdAt": T0}
    )
    return stores.uploads.records([path])[path].update_time


def test_a_created_request_is_read_back_with_its_contact_key_and_legal_copy(stores: Stores):
    stores.requests.create(
        "r1", request(1), {"email": "casey@example.com"}, ("key-1", {"requestId": "r1"}), {}
    )

    record = stores.requests.get("r1")
    assert record is not None and record.id == "r1"
    assert record.data["customerId"] == "cust-a" and record.data["id"] == "r1"
    assert stores.requests.idempotency_record("key-1") == {"requestId": "r1"}
    assert stores.requests.contacts(["r1", "r2"]) == {"r1": {"email": "casey@example.com"}}
    current = stores.requests.current("r1", contact=True)
    assert current is not None and current.legal is not None
    assert current.legal.data["status"] == Status.PENDING.value
    assert current.thread == {"contact": {"email": "casey@example.com"}}
    assert stores.requests.get("r2") is None and stores.requests.current("r2") is None


def test_a_taken_idempotency_key_or_id_is_refused_and_nothing_is_written(stores: Stores):
    stores.requests.create("r1", request(1), {}, ("key-1", {"requestId": "r1"}), {})

    with pytest.raises(AlreadyExists):
        stores.requests.create("r2", request(2), {}, ("key-1", {"requestId": "r2"}), {})
    with pytest.raises(AlreadyExists):
        stores.requests.create("r1", request(3), {}, None, {})
    assert stores.requests.get("r2") is None
    assert stores.requests.idempotency_record("key-1") == {"requestId": "r1"}
    record = stores.requests.get("r1")
    assert record is not None and record.data["createdAt"] == T0 + timedelta(minutes=1)


def test_a_create_takes_its_uploads_only_if_they_are_as_read(stores: Stores):
    read = upload(stores, "customizations/cust-a/reference/1_a.png")
    stale = upload(stores, "customizations/cust-a/reference/2_b.png")
    stores.uploads.update_record("customizations/cust-a/reference/2_b.png", {"size": 9})

    with pytest.raises(Conflict):
        make(stores, "r1", request(1), {"customizations/cust-a/reference/2_b.png": stale})
    assert stores.requests.get("r1") is None
    make(stores, "r2", request(2), {"customizations/cust-a/reference/1_a.png": read})
    assert [u["path"] for u in stores.uploads.attached_to("r2")] == [
        "customizations/cust-a/reference/1_a.png"
    ]


def test_a_conditional_update_writes_the_request_and_its_legal_copy(stores: Stores):
    make(stores, "r1", request(1, note="old"))
    current = stores.requests.current("r1")
    assert current is not None

    assert stores.requests.update_if_unchanged(
        current.record, {"status": Status.IN_PROGRESS.value, "note": REMOVED}, {}, legal=current.legal
    )
    after = stores.requests.current("r1")
    assert after is not None and after.legal is not None
    assert after.record.data["status"] == Status.IN_PROGRESS.value and "note" not in after.record.data
    assert after.legal.data["status"] == Status.IN_PROGRESS.value and "note" not in after.legal.data


def test_a_conditional_update_that_lost_the_race_writes_nothing(stores: Stores):
    make(stores, "r1", request(1))
    read = stores.requests.current("r1")
    assert read is not None
    assert stores.requests.update_if_unchanged(read.record, {"designerId": "des-a"}, {}, legal=read.legal)

    assert not stores.requests.update_if_unchanged(read.record, {"designerId": "des-b"}, {}, legal=read.legal)
    record = stores.requests.get("r1", fresh=True)
    assert record is not None and record.data["designerId"] == "des-a"
    assert stores.around.legal_copy("r1") == {k: v for k, v in record.data.items() if k != "id"}


def test_a_conditional_update_is_refused_when_the_legal_copy_changed_since_read(stores: Stores):
    make(stores, "r1", request(1))
    read = stores.requests.current("r1")
    assert read is not None
    stores.around.write_around("r1", {"note": "by a script"})  # the request moves, not its copy
    again = stores.requests.current("r1")
    assert again is not None

    assert not stores.requests.update_if_unchanged(again.record, {"designerId": "d"}, {}, legal=None)
    assert stores.requests.update_if_unchanged(again.record, {"designerId": "d"}, {}, legal=again.legal)


def test_a_conditional_update_takes_a_seat_only_if_it_is_as_read(stores: Stores):
    make(stores, "r1", request(1))
    stores.seats.ensure_seat("des-a", "Dana")
    seat = stores.seats.seat("des-a")
    stores.seats.ensure_seat("des-a", "Dana", available=False)  # the designer changed it since
    read = stores.requests.current("r1")
    assert read is not None

    moved = {"des-a": SeatChange(1, seat, {"lastAssignedAt": T0})}
    assert not stores.requests.update_if_unchanged(
        read.record, {"designerId": "des-a"}, {}, moved, read.legal
    )
    assert stores.seats.seat("des-a").active == 0
    fresh = {"des-a": SeatChange(1, stores.seats.seat("des-a"), {"lastAssignedAt": T0})}
    assert stores.requests.update_if_unchanged(read.record, {"designerId": "des-a"}, {}, fresh, read.legal)
    assert stores.seats.seat("des-a").active == 1


def test_a_conditional_update_on_a_request_gone_is_refused(stores: Stores):
    make(stores, "r1", request(1))
    read = stores.requests.current("r1")
    assert read is not None
    gone = Record("r9", {"id": "r9"}, read.record.update_time)

    assert not stores.requests.update_if_unchanged(gone, {"status": "x"}, {})
    assert stores.requests.get("r9") is None


def test_lists_are_newest_first_filtered_and_paged(stores: Stores):
    for n in range(5):
        make(stores, f"r{n}", request(n, customer="cust-a" if n % 2 == 0 else "cust-b"))

    first = stores.requests.list_requests(RequestFilter(customer_id="cust-a"), PageRequest(limit=2))
    assert [r["id"] for r in first.items] == ["r4", "r2"] and first.next_cursor is not None
    rest = stores.requests.list_requests(
        RequestFilter(customer_id="cust-a"), PageRequest(2, first.next_cursor)
    )
    assert [r["id"] for r in rest.items] == ["r0"] and rest.next_cursor is None
    everyone = stores.requests.list_requests(RequestFilter(status=Status.PENDING), PageRequest(limit=10))
    assert [r["id"] for r in everyone.items] == ["r4", "r3", "r2", "r1", "r0"]
    assert stores.requests.count_requests("cust-a", cap=2) == 2
    assert stores.requests.count_requests("cust-b", cap=10) == 2


def test_the_queue_is_oldest_first_or_soonest_due_first(stores: Stores):
    make(stores, "r1", request(3, claimBy=T0 + timedelta(hours=1)))
    make(stores, "r2", request(1, claimBy=T0 + timedelta(hours=3)))
    make(stores, "r3", request(2, claimBy=T0 + timedelta(hours=2)))
    make(stores, "r4", request(0, status=Status.CANCELLED))

    oldest = stores.requests.pending(PageRequest(limit=2))
    assert [r["id"] for r in oldest.items] == ["r2", "r3"]
    rest = stores.requests.pending(PageRequest(2, oldest.next_cursor))
    assert [r["id"] for r in rest.items] == ["r1"] and rest.next_cursor is None
    due = stores.requests.pending(PageRequest(limit=5), by_due=True)
    assert [r["id"] for r in due.items] == ["r1", "r3", "r2"]


def test_requests_in_a_status_come_by_id_after_the_last_one(stores: Stores):
    for request_id in ("rc", "ra", "rd", "rb"):
        make(stores, request_id, request(1))
    make(stores, "re", request(1, status=Status.CANCELLED))

    assert [r["id"] for r in stores.requests.in_status(Status.PENDING.value, None, 3)] == ["ra", "rb", "rc"]
    assert [r["id"] for r in stores.requests.in_status(Status.PENDING.value, "rc", 3)] == ["rd"]


def test_a_request_is_shown_with_its_thread_and_contact(stores: Stores):
    make(stores, "r1", request(1))
    stores.talk.post_message("r1", {"authorId": "cust-a", "text": "hi", "createdAt": T0}, {})

    record, state = stores.requests.shown("r1", contact=True)
    assert record is not None and record.id == "r1"
    assert state["count"] == 1 and state["reads"] == {"cust-a": 1}
    assert state["contact"] == {"email": "r1@example.com"}
    assert stores.requests.shown("r9") == (None, {})
    threads = stores.requests.threads(["r1", "r9"], with_contacts=False)
    assert threads["r1"]["count"] == 1 and threads["r9"] == {}
