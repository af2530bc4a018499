"""TalkStore's contract: messages numbered in turn, comments pinned to revisions, what is refused
and in which order they come. Run on the fake (tests/unit/contracts) and on Firestore
(tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from customizations.domain.records import Conflict, PageRequest

from .requests_cases import make, request, upload
from .tiers import Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def say(stores: Stores, who: str, n: int) -> dict:
    return stores.talk.post_message(
        "r1", {"authorId": who, "text": f"m{n}", "createdAt": T0 + timedelta(n)}, {}
    )


def test_messages_are_numbered_in_turn_and_paged_oldest_first(stores: Stores):
    make(stores, "r1", request(1))
    posted = [say(stores, "cust-a" if n % 2 else "des-a", n) for n in range(3)]

    assert [(m["seq"], m["text"]) for m in posted] == [(1, "m0"), (2, "m1"), (3, "m2")]
    first = stores.talk.messages("r1", PageRequest(limit=2))
    assert [m["text"] for m in first.items] == ["m0", "m1"] and first.next_cursor is not None
    rest = stores.talk.messages("r1", PageRequest(2, first.next_cursor))
    assert [m["text"] for m in rest.items] == ["m2"] and rest.next_cursor is None
    assert stores.talk.message("r1", posted[1]["id"]) == {**posted[1]}
    assert stores.talk.message("r1", "nope") is None
    thread = stores.requests.threads(["r1"], with_contacts=False)["r1"]
    assert thread["count"] == 3 and thread["reads"] == {"des-a": 3, "cust-a": 2}


def test_a_message_whose_upload_changed_since_read_is_refused_and_not_posted(stores: Stores):
    make(stores, "r1", request(1))
    path = "customizations/cust-a/reference/1_a.png"
    stale = upload(stores, path)
    stores.uploads.update_record(path, {"size": 3})

    with pytest.raises(Conflict):
        stores.talk.post_message("r1", {"authorId": "cust-a", "text": "see", "createdAt": T0}, {path: stale})
    assert stores.talk.messages("r1", PageRequest(limit=5)).items == []
    assert stores.uploads.attached_to("r1") == []
    fresh = stores.uploads.records([path])[path].update_time
    stores.talk.post_message("r1", {"authorId": "cust-a", "text": "see", "createdAt": T0}, {path: fresh})
    assert [u["path"] for u in stores.uploads.attached_to("r1")] == [path]


def test_reading_the_thread_marks_it_read_as_far_as_it_goes(stores: Stores):
    make(stores, "r1", request(1))
    stores.talk.mark_thread_read("r1", "des-a")  # nothing to read yet
    assert stores.requests.threads(["r1"], with_contacts=False)["r1"].get("reads", {}) == {}
    say(stores, "cust-a", 0)
    say(stores, "cust-a", 1)

    stores.talk.mark_thread_read("r1", "des-a")
    assert stores.requests.threads(["r1"], with_contacts=False)["r1"]["reads"] == {"cust-a": 2, "des-a": 2}


def test_comments_are_numbered_within_their_revision_up_to_a_most(stores: Stores):
    make(stores, "r1", request(1))
    added = [
        stores.talk.add_comment("r1", {"revision": revision, "authorId": "cust-a", "text": text}, most=2)
        for revision, text in ((2, "a"), (1, "b"), (2, "c"), (2, "d"), (10, "e"))
    ]

    assert [c["id"] if c else None for c in added] == [
        "0002-0001",
        "0001-0001",
        "0002-0002",
        None,
        "0010-0001",
    ]
    assert stores.talk.comment("r1", "0002-0002") == {
        "revision": 2,
        "authorId": "cust-a",
        "text": "c",
        "id": "0002-0002",
    }
    assert stores.talk.comment("r1", "0002-0003") is None
    assert [c["text"] for c in stores.talk.comments("r1", [2, 10])] == ["a", "c", "e"]
    assert [c["text"] for c in stores.talk.comments("r1", [1])] == ["b"]
    assert stores.talk.comments("r1", []) == []


def test_a_comment_is_resolved_once(stores: Stores):
    make(stores, "r1", request(1))
    stores.talk.add_comment("r1", {"revision": 1, "authorId": "cust-a", "text": "a"}, most=5)

    first = stores.talk.resolve_comment("r1", "0001-0001", "des-a", T0)
    again = stores.talk.resolve_comment("r1", "0001-0001", "des-b", T0 + timedelta(1))
    assert (first["resolvedBy"], first["resolvedAt"], first["resolved"]) == ("des-a", T0, True)
    assert again == first
    assert stores.talk.comment("r1", "0001-0001") == first
