"""UploadRecords' contract: what it stores and refuses, what a conditional delete does when it lost
the race, and the housekeeping queries. Run on the fake (tests/unit/contracts) and on Firestore
(tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from customizations.domain.files import upload_id
from customizations.domain.lifecycle import Status

from .requests_cases import make, request
from .tiers import Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
A, B, C = (f"customizations/cust-a/reference/{n}_x.png" for n in (1, 2, 3))


def record(n: int = 0, **fields: object) -> dict:
    return {
        "uid": "cust-a",
        "kind": "reference",
        "attachedTo": None,
        "createdAt": T0 + timedelta(n),
        **fields,
    }


def test_a_record_is_created_once_and_read_by_path_or_id(stores: Stores):
    assert stores.uploads.create_record(A, record(size=5))

    assert not stores.uploads.create_record(A, record(size=9))
    found = stores.uploads.record(A)
    assert found is not None and found["size"] == 5 and found["path"] == A
    assert stores.uploads.record(B) is None
    assert stores.uploads.path_of(upload_id(A)) == A and stores.uploads.path_of(upload_id(B)) is None
    records = stores.uploads.records([A, B])
    assert list(records) == [A] and records[A].data["size"] == 5 and records[A].id == upload_id(A)


def test_an_update_moves_the_update_time(stores: Stores):
    stores.uploads.create_record(A, record())
    before = stores.uploads.records([A])[A].update_time

    stores.uploads.update_record(A, {"size": 7})
    after = stores.uploads.records([A])[A]
    assert after.data["size"] == 7 and after.update_time != before


def test_a_conditional_delete_that_lost_the_race_keeps_the_record(stores: Stores):
    stores.uploads.create_record(A, record())
    read = stores.uploads.records([A])[A].update_time
    stores.uploads.update_record(A, {"attachedTo": "r1"})

    assert not stores.uploads.delete_record(A, unchanged_since=read)
    assert stores.uploads.record(A) is not None
    assert stores.uploads.delete_record(A, unchanged_since=stores.uploads.records([A])[A].update_time)
    assert stores.uploads.record(A) is None


def test_deleting_a_record_already_gone_says_it_is_gone(stores: Stores):
    stores.uploads.create_record(A, record())
    read = stores.uploads.records([A])[A].update_time
    assert stores.uploads.delete_record(A)

    assert stores.uploads.delete_record(A)
    assert not stores.uploads.delete_record(A, unchanged_since=read)


def test_unattached_uploads_made_before_a_cutoff_are_found(stores: Stores):
    stores.uploads.create_record(A, record(0))
    stores.uploads.create_record(B, record(1))
    stores.uploads.create_record(C, record(2))
    stores.uploads.update_record(B, {"attachedTo": "r1"})

    found = stores.uploads.unattached_before(T0 + timedelta(days=3), 10)
    assert sorted(r.data["path"] for r in found) == [A, C]
    assert [r.data["path"] for r in stores.uploads.unattached_before(T0 + timedelta(days=1), 10)] == [A]
    assert [u["path"] for u in stores.uploads.attached_to("r1")] == [B]


def test_cancelled_requests_with_files_kept_are_found_until_marked_purged(stores: Stores):
    for n in range(3):
        make(
            stores,
            f"r{n}",
            request(n, status=Status.CANCELLED, cancelledAt=T0 + timedelta(n), filesPurged=False),
        )

    assert stores.uploads.cancelled_before(T0 + timedelta(days=2), 10) == ["r0", "r1"]
    assert stores.uploads.cancelled_before(T0 + timedelta(days=5), 1) == ["r0"]
    read = stores.requests.current("r0")
    assert read is not None
    stores.uploads.mark_files_purged("r0", T0 + timedelta(days=9))
    assert stores.uploads.cancelled_before(T0 + timedelta(days=5), 10) == ["r1", "r2"]
    legal = stores.around.legal_copy("r0")
    assert legal is not None and legal["filesPurged"] is True
    assert not stores.requests.update_if_unchanged(read.record, {"note": "x"}, {}, legal=read.legal)
