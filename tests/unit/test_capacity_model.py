"""The capacity model (`make capacity`, bench/capacity.py) and the recording Firestore client it
drives the real adapters with (bench/firestore_recorder.py): the client keeps Firestore's write
semantics, counts the index entries a write implies, and the model ends with its ceiling line."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from google.api_core import exceptions as gexc
from google.cloud import firestore

from bench import capacity
from bench.firestore_recorder import IndexModel, RangeKey, RecordingClient

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)

COMPOSITE = {
    "collectionGroup": "customizationRequests",
    "queryScope": "COLLECTION",
    "fields": [
        {"fieldPath": "customerId", "order": "ASCENDING"},
        {"fieldPath": "createdAt", "order": "DESCENDING"},
    ],
}


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def client(indexes: dict | None = None) -> tuple[RecordingClient, Clock]:
    clock = Clock()
    return RecordingClient(IndexModel(indexes or {"indexes": [COMPOSITE]}), clock), clock


def test_a_create_refuses_a_document_that_exists_and_writes_nothing():
    db, _ = client()
    ref = db.collection("products").document("mug")
    ref.create({"name": "Mug"})
    with pytest.raises(gexc.AlreadyExists):
        ref.create({"name": "Other"})
    assert ref.get().to_dict() == {"name": "Mug"}
    assert [w.op for w in db.writes] == ["create"]


def test_an_update_with_a_stale_precondition_fails_the_whole_batch():
    db, clock = client()
    request = db.collection("customizationRequests").document("r1")
    request.create({"status": "pending", "version": 1})
    read = request.get()
    clock.now += timedelta(seconds=5)
    request.update({"version": 2})  # someone else's write: the read is now stale
    batch = db.batch()
    batch.create(db.collection("processedEvents").document("r1-v2"), {"at": firestore.SERVER_TIMESTAMP})
    batch.update(
        request, {"status": "in_progress"}, option=db.write_option(last_update_time=read.update_time)
    )
    with pytest.raises(gexc.FailedPrecondition):
        batch.commit()
    assert not db.collection("processedEvents").document("r1-v2").get().exists
    assert request.get().to_dict() == {"status": "pending", "version": 2}
    fresh = request.get()
    request.update({"status": "in_progress"}, option=db.write_option(last_update_time=fresh.update_time))
    assert request.get().get("status") == "in_progress"


def test_transforms_merges_and_server_timestamps_are_applied_at_commit():
    db, clock = client()
    shard = db.collection("statistics").document("global").collection("shards").document("0")
    shard.set({"scope": "global", "byStatus": {"pending": firestore.Increment(1)}}, merge=True)
    clock.now += timedelta(seconds=1)
    shard.set({"byStatus": {"done": firestore.Increment(2)}, "at": firestore.SERVER_TIMESTAMP}, merge=True)
    data = shard.get().to_dict()
    assert data == {"scope": "global", "byStatus": {"pending": 1, "done": 2}, "at": clock.now}
    # A parent that only has a subcollection is still listed, as list_documents shows it.
    assert [ref.id for ref in db.collection("statistics").list_documents()] == ["global"]


def test_queries_filter_order_and_page_like_firestore():
    db, clock = client()
    notes = db.collection("notifications")
    for n in range(5):
        clock.now += timedelta(minutes=1)
        notes.document(f"n{n}").create(
            {"recipientId": "d1" if n % 2 else "d2", "readAt": None, "createdAt": clock.now}
        )
    notes.document("n1").update({"readAt": clock.now})
    unread = notes.where(filter=firestore.FieldFilter("recipientId", "==", "d1")).where(
        filter=firestore.FieldFilter("readAt", "==", None)
    )
    newest_first = unread.order_by("createdAt", direction=firestore.Query.DESCENDING)
    assert [s.id for s in newest_first.stream()] == ["n3"]
    everyone = notes.order_by("createdAt", direction=firestore.Query.DESCENDING).order_by(
        "__name__", direction=firestore.Query.DESCENDING
    )
    first = list(everyone.limit(2).stream())
    after = first[-1]
    page = everyone.start_after({"createdAt": after.get("createdAt"), "__name__": after.id}).limit(2)
    assert [s.id for s in first] == ["n4", "n3"]
    assert [s.id for s in page.stream()] == ["n2", "n1"]
    assert notes.where(filter=firestore.FieldFilter("recipientId", "==", "d2")).count().get()[0][0].value == 3


def test_a_composite_index_entry_is_counted_for_a_document_that_has_its_fields():
    db, clock = client()
    requests = db.collection("customizationRequests")
    requests.document("r1").create({"customerId": "c1", "createdAt": clock.now})
    requests.document("r2").create({"customerId": "c1"})  # no createdAt: not in the index
    composite = RangeKey(IndexModel.composite_name(COMPOSITE), "", ("c1",))
    first, second = db.writes
    assert (composite, True) in first.added  # ordered by the clock's time: sequential
    assert all(key != composite for key, _ in second.added)
    single = RangeKey("customizationRequests.customerId ASC", "")
    assert (single, False) in first.added and (single, False) in second.added


def test_a_field_exempted_in_field_overrides_adds_no_single_field_entry():
    exempt = {
        "indexes": [],
        "fieldOverrides": [
            {"collectionGroup": "notifications", "fieldPath": "createdAt", "indexes": []},
            {
                "collectionGroup": "notifications",
                "fieldPath": "body",
                "ttl": False,
                "indexes": [{"order": "ASCENDING", "queryScope": "COLLECTION"}],
            },
        ],
    }
    db, clock = client(exempt)
    db.collection("notifications").document("n1").create(
        {"recipientId": "d1", "createdAt": clock.now, "body": "Hi"}
    )
    (write,) = db.writes
    indexes = {key.index for key, _ in write.added}
    assert not any(name.startswith("notifications.createdAt") for name in indexes)
    assert "notifications.body ASC" in indexes and "notifications.body DESC" not in indexes
    assert {"notifications.recipientId ASC", "notifications.recipientId DESC"} <= indexes
    assert db.indexes.exempted("notifications", "createdAt")


def test_the_model_runs_lifecycles_through_the_real_code_and_ends_with_its_ceiling(tmp_path, capsys):
    out, page = tmp_path / "capacity.json", tmp_path / "capacity.md"
    code = capacity.main(
        ["--lifecycles", "12", "--designers", "1000", "--fanout", "40", "80", "--json", str(out)]
        + ["--page", str(page)]
    )
    assert code == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(r"ceiling: [\d.,]+ new requests/s \(first limit: .+ on .+\)", printed[-1])
    result = json.loads(out.read_text())
    assert result["ceiling"]["ceiling"] > 0
    assert result["report"][-1] == printed[-1]
    assert result["report"][-1] in page.read_text()  # the page is rendered from the same result
    # The trigger ran on every request write: each event left its processed marker.
    assert any(row["template"].startswith("processedEvents/") for row in result["documents"])
    # The fan-out to every designer grows with them (today's design), and was measured.
    assert [f["designers"] for f in result["fanouts"]] == [40, 80]
