"""FanoutStore's and LegalState's contract: an event's effects written once, the reads the handlers
make, and the trigger's own writes to a request (a rollback, an override made legal), each only
while the request is as the decision read it. Run on the fake (tests/unit/contracts) and on
Firestore (tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from customizations.domain.events import Effects
from customizations.domain.integrity import OVERRIDE_FIELD, RESTORED_FIELD
from customizations.domain.lifecycle import Status
from customizations.domain.records import PageRequest

from .requests_cases import make, request
from .tiers import Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 9, tzinfo=UTC)


def note(recipient: str) -> dict[str, Any]:
    return {"recipientId": recipient, "createdAt": T0, "readAt": None, "title": "Claimed"}


def test_an_events_effects_are_written_once(stores: Stores):
    make(stores, "r1", request(1))
    effects = Effects(
        audit={"at": T0, "event": "claimed"},
        revision=(1, {"files": ["a.png"]}),
        notifications={"r1-v2-cust-a": note("cust-a")},
        mail={"r1-v2-cust-a": {"to": "a@example.com"}},
        designer_loads={"des-a": {"active": 1.0}},
        designer_names={"des-a": "Dana"},
    )

    assert stores.fanout.commit_once("r1", "r1-v2", effects) == ["r1-v2-cust-a"]
    assert stores.fanout.commit_once("r1", "r1-v2", effects) is None
    assert stores.around.processed("r1-v2")
    assert [e["event"] for e in stores.history.audit_trail("r1", PageRequest()).items] == ["claimed"]
    assert [r["files"] for r in stores.history.revisions("r1", PageRequest()).items] == [["a.png"]]
    assert stores.history.count_unread("cust-a", 10) == 1
    assert stores.stats.designer_loads(["des-a"]) == {"des-a": {"active": 1, "designerName": "Dana"}}


def test_effects_keep_notifications_written_before_without_the_marker(stores: Stores):
    stores.fanout.commit_once("r0", "other-event", Effects(notifications={"n1": note("cust-a")}))

    written = stores.fanout.commit_once(
        "r1", "r1-v2", Effects(notifications={"n1": note("x"), "n2": note("y")})
    )
    assert written == ["n1", "n2"]
    first = stores.history.notification("n1")
    assert first is not None and first["recipientId"] == "cust-a"
    assert stores.history.notification("n2") is not None


def test_the_legal_copy_and_the_people_named_are_read_together(stores: Stores):
    make(stores, "r1", request(1))
    stores.profiles.update_profile("cust-a", {"name": "Ann"})

    copy, people = stores.legal.legal_and_people("r1", ["cust-a", "nobody"])
    assert copy is not None and copy.data["status"] == Status.PENDING.value
    assert people == {"cust-a": {"name": "Ann", "id": "cust-a"}, "nobody": None}
    assert stores.legal.legal_and_people("r9") == (None, {})


def test_admins_and_users_are_the_profiles_that_exist(stores: Stores):
    for uid, role in (("u3", "admin"), ("u1", "admin"), ("u2", "customer")):
        stores.profiles.update_profile(uid, {"role": role})

    assert sorted(p["id"] for p in stores.fanout.admins(10)) == ["u1", "u3"]
    assert len(stores.fanout.admins(1)) == 1
    assert sorted(p["id"] for p in stores.fanout.users(["u2", "u9", "u1"])) == ["u1", "u2"]


def test_dead_tokens_are_forgotten_and_the_other_devices_kept(stores: Stores):
    devices = {"d1": {"token": "t1"}, "d2": {"token": "t2"}, "d3": {"token": "t3"}}
    stores.profiles.update_profile("u1", {"name": "Ann", "devices": devices})

    stores.fanout.forget_tokens("u1", ["t1", "t3", "t9"])
    assert stores.profiles.profile("u1") == {"name": "Ann", "devices": {"d2": {"token": "t2"}}}


def test_a_write_around_the_api_is_put_back_once(stores: Stores):
    make(stores, "r1", request(1))
    stores.around.write_around("r1", {"status": Status.COMPLETED.value, "note": "forged"})
    record = stores.requests.get("r1", fresh=True)
    assert record is not None
    written_at = stores.around.trigger_time(record.update_time)

    assert stores.fanout.restore("r1", written_at, "r1-violation", LATER)
    back = stores.requests.get("r1", fresh=True)
    assert back is not None
    assert back.data["status"] == Status.PENDING.value and "note" not in back.data
    assert back.data[RESTORED_FIELD] == {"from": "r1-violation", "at": LATER}
    assert stores.around.legal_copy("r1") == {k: v for k, v in back.data.items() if k != "id"}
    assert not stores.fanout.restore("r1", written_at, "r1-violation", LATER)


def test_a_rollback_never_undoes_a_fresh_override(stores: Stores):
    make(stores, "r1", request(1))
    marker = {"reason": "customer called", "by": "admin"}
    stores.around.write_around("r1", {"status": Status.CANCELLED.value, OVERRIDE_FIELD: marker})
    record = stores.requests.get("r1", fresh=True)
    assert record is not None

    assert not stores.fanout.restore("r1", stores.around.trigger_time(record.update_time), "k", LATER)
    after = stores.requests.get("r1", fresh=True)
    assert after is not None and after.data["status"] == Status.CANCELLED.value


def test_a_request_created_around_the_api_is_deleted_only_if_still_as_written(stores: Stores):
    stores.around.write_around("r1", request(1))
    first = stores.requests.get("r1", fresh=True)
    assert first is not None
    written_at = stores.around.trigger_time(first.update_time)
    stores.around.write_around("r1", {"note": "again"})

    assert not stores.fanout.restore("r1", written_at, "k1", LATER)  # written since
    assert stores.requests.get("r1", fresh=True) is not None
    second = stores.requests.get("r1", fresh=True)
    assert second is not None
    assert stores.fanout.restore("r1", stores.around.trigger_time(second.update_time), "k2", LATER)
    assert stores.requests.get("r1", fresh=True) is None
    assert not stores.fanout.restore("r1", written_at, "k3", LATER)


def test_a_request_older_than_the_legal_copies_goes_back_to_its_image_before(stores: Stores):
    stores.around.write_around("r1", request(1, status=Status.COMPLETED))
    record = stores.requests.get("r1", fresh=True)
    assert record is not None
    before = {**request(1), "id": "r1"}

    assert stores.fanout.restore("r1", stores.around.trigger_time(record.update_time), "k", LATER, before)
    back = stores.requests.get("r1", fresh=True)
    assert back is not None and back.data["status"] == Status.PENDING.value
    assert stores.around.legal_copy("r1") == {**request(1), RESTORED_FIELD: {"from": "k", "at": LATER}}


def test_an_override_is_accepted_once_with_its_new_stage(stores: Stores):
    make(stores, "r1", request(1))
    marker = {"reason": "reassign", "by": "admin"}
    stores.around.write_around("r1", {"designerId": "des-b", OVERRIDE_FIELD: marker})

    assert stores.fanout.accept("r1", marker, lambda doc: {"version": doc["version"] + 1, "dueAt": LATER})
    record = stores.requests.get("r1", fresh=True)
    assert record is not None
    assert (record.data["version"], record.data["dueAt"], record.data["designerId"]) == (2, LATER, "des-b")
    assert stores.around.legal_copy("r1") == {k: v for k, v in record.data.items() if k != "id"}
    assert stores.around.processed("r1-v2")
    assert stores.fanout.accept("r1", marker, lambda doc: {"version": 99})  # accepted already
    again = stores.requests.get("r1", fresh=True)
    assert again is not None and again.data["version"] == 2


def test_an_override_is_not_accepted_over_a_later_one(stores: Stores):
    make(stores, "r1", request(1))
    first, second = {"reason": "one", "by": "a"}, {"reason": "two", "by": "a"}
    stores.around.write_around("r1", {OVERRIDE_FIELD: second})

    assert not stores.fanout.accept("r1", first, lambda doc: {})
    assert stores.around.legal_copy("r1") == request(1)
    assert stores.fanout.accept("r1", second, lambda doc: {})
    assert stores.around.legal_copy("r1") == {**request(1), OVERRIDE_FIELD: second}
    assert not stores.fanout.accept("r9", second, lambda doc: {})
