"""HistoryStore's contract: what the fan-out wrote, read back newest (or oldest) first a page at a
time, and marked read once. Run on the fake (tests/unit/contracts) and on Firestore
(tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from customizations.domain.events import Effects
from customizations.domain.inbox import ANNOUNCEMENT, PERSONAL, Position
from customizations.domain.records import PageRequest

from .requests_cases import make, request
from .tiers import Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def notify(stores: Stores, recipient: str, *hours: int) -> None:
    notes = {
        f"{recipient}-n{h}": {"recipientId": recipient, "createdAt": T0 + timedelta(hours=h), "readAt": None}
        for h in hours
    }
    stores.fanout.commit_once("r0", f"{recipient}-{hours}", Effects(notifications=notes))


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [i["id"] for i in items]


def test_the_audit_trail_and_revisions_come_oldest_first_a_page_at_a_time(stores: Stores):
    for n in (3, 1, 2):
        effects = Effects(audit={"at": T0 + timedelta(hours=n), "n": n}, revision=(n, {"notes": f"v{n}"}))
        stores.fanout.commit_once("r1", f"r1-v{n}", effects)

    first = stores.history.audit_trail("r1", PageRequest(limit=2))
    assert [e["n"] for e in first.items] == [1, 2] and first.next_cursor is not None
    rest = stores.history.audit_trail("r1", PageRequest(2, first.next_cursor))
    assert [e["n"] for e in rest.items] == [3] and rest.next_cursor is None
    revisions = stores.history.revisions("r1", PageRequest(limit=5))
    assert [(r["number"], r["notes"]) for r in revisions.items] == [(1, "v1"), (2, "v2"), (3, "v3")]
    assert stores.history.audit_trail("r2", PageRequest()).items == []


def test_notifications_come_newest_first_from_just_after_a_position(stores: Stores):
    notify(stores, "u1", 1, 2, 3, 4)
    notify(stores, "u2", 5)

    newest = stores.history.notifications("u1", False, None, 2)
    assert ids(newest) == ["u1-n4", "u1-n3"]
    after = Position(newest[-1]["createdAt"], PERSONAL, newest[-1]["id"])
    assert ids(stores.history.notifications("u1", False, after, 5)) == ["u1-n2", "u1-n1"]
    assert stores.history.notification("u1-n2") == {
        "recipientId": "u1",
        "createdAt": T0 + timedelta(hours=2),
        "readAt": None,
        "id": "u1-n2",
    }
    assert stores.history.notification("nope") is None


def test_a_notification_is_marked_read_once_and_leaves_the_unread_ones(stores: Stores):
    notify(stores, "u1", 1, 2, 3, 4)

    stores.history.mark_read("u1-n4", T0)
    read = stores.history.notification("u1-n4")
    assert read is not None and read["readAt"] is not None
    stores.history.mark_read("u1-n4", T0 + timedelta(days=1))
    again = stores.history.notification("u1-n4")
    assert again is not None and again["readAt"] == read["readAt"]
    assert ids(stores.history.notifications("u1", True, None, 10)) == ["u1-n3", "u1-n2", "u1-n1"]
    assert stores.history.unread_ids("u1", 2) == ["u1-n3", "u1-n2"]
    assert stores.history.count_unread("u1", 10) == 3 and stores.history.count_unread("u1", 2) == 2
    stores.history.mark_many_read(["u1-n3", "u1-n1"], T0)
    assert stores.history.unread_ids("u1", 10) == ["u1-n2"]
    stores.history.mark_many_read([], T0)


def test_announcements_are_the_requests_made_since_newest_first(stores: Stores):
    for n in range(4):
        make(stores, f"r{n}", request(n * 60, customerName="Ann", productName="Mug"))

    newest = stores.history.announcements(None, T0 + timedelta(minutes=30), 2)
    assert ids(newest) == ["r3", "r2"]
    assert newest[0] == {
        "id": "r3",
        "createdAt": T0 + timedelta(hours=3),
        "customerName": "Ann",
        "productName": "Mug",
    }
    after = Position(newest[-1]["createdAt"], ANNOUNCEMENT, "r2")
    assert ids(stores.history.announcements(after, T0 + timedelta(minutes=30), 5)) == ["r1"]


def test_an_announcement_is_read_once_and_read_all_sets_a_time(stores: Stores):
    for n in range(3):
        make(stores, f"r{n}", request(n * 60))
    stores.history.mark_announcement_read("des-a", "r1-v1", T0 + timedelta(hours=1))
    first = stores.history.reads("des-a", ["r1-v1", "r2-v1"])
    stores.history.mark_announcement_read("des-a", "r1-v1", T0 + timedelta(hours=1))

    assert list(first) == ["r1-v1"] and stores.history.reads("des-a", ["r1-v1"]) == first
    assert stores.history.read_through("des-a") is None
    stores.history.set_read_through("des-a", T0 + timedelta(hours=2))
    assert stores.history.read_through("des-a") == T0 + timedelta(hours=2)
    assert stores.history.read_state("des-a", ["r1-v1", "r0-v1"]) == (T0 + timedelta(hours=2), first)
    assert stores.history.read_state("des-b", ["r1-v1"]) == (None, {})
    assert stores.history.count_reads("des-a", T0) == 1
    assert stores.history.count_reads("des-a", T0 + timedelta(hours=1)) == 0
