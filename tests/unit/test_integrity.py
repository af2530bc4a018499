"""The trigger enforces the lifecycle: a write around the API that the table does not allow is
recorded and put back to the request's last legal state, once, with no loop; one with a fresh
admin override marker is kept as the new legal state; an action waits until the request is back."""

from datetime import UTC, datetime

import pytest
from customizations.domain import integrity, workflow
from customizations.domain.actors import Actor
from customizations.domain.commands import Approve, Assign, Cancel, CreateRequest
from customizations.domain.events import derive
from customizations.domain.lifecycle import Role, Status
from customizations.errors import AppError, ErrorCode
from customizations.services.bus import handle_write

from tests.support.fakes import Stack

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")


@pytest.fixture
def s() -> Stack:
    stack = Stack(CUSTOMER, DESIGNER, ADMIN)
    stack.product()
    return stack


def claimed(s: Stack) -> str:
    rid = s.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Blue"), None)["id"]
    s.services.requests.act(DESIGNER, rid, Assign(), None)
    s.settle()
    return rid


def trail(s: Stack, rid: str) -> list[dict]:
    return list(s.world.audit[rid].values())


def test_an_illegal_write_around_the_api_is_put_back_once_and_the_audit_trail_keeps_what_it_wrote(s):
    rid = claimed(s)
    legal = dict(s.world.requests[rid])
    s.store.write_around(rid, {"status": "approved", "approvedAt": s.clock(), "version": 9})
    s.settle()  # the violation, its rollback, the restoration: and nothing after
    now = s.world.requests[rid]
    assert {k: v for k, v in now.items() if k != "restored"} == legal
    violation, restored = trail(s, rid)[-2:]
    assert (violation["event"], violation["rolledBack"]) == ("violation", True)
    assert violation["illegal"] == {"approvedAt": s.clock(), "status": "approved", "version": 9}
    assert (violation["fromStatus"], violation["toStatus"]) == ("in_progress", "approved")
    assert (restored["event"], restored["actorId"], restored["toStatus"]) == (
        "restored",
        "system",
        "in_progress",
    )
    assert now["restored"]["from"] in s.world.processed
    assert s.store.written == []  # no loop: the restoration's own event writes nothing to the request
    assert s.world.legal[rid] == now  # the restored state is the legal one
    assert s.seats.seat(DESIGNER.uid).active == 1 and s.world.loads[DESIGNER.uid]["active"] == 1


def test_a_violation_delivered_again_after_its_rollback_changes_nothing(s):
    rid = claimed(s)
    s.store.write_around(rid, {"status": "cancelled"})
    (violating,) = s.store.written
    s.settle()
    settled = (dict(s.world.requests[rid]), len(s.world.audit[rid]), set(s.world.processed))
    for _ in range(2):
        handle_write(s.bus, *violating[:3], datetime.fromtimestamp(violating[3], UTC))
    assert s.store.written == []  # no second rollback
    assert (dict(s.world.requests[rid]), len(s.world.audit[rid]), set(s.world.processed)) == settled


def test_two_illegal_writes_in_a_row_go_back_to_the_last_legal_state_with_one_restoration(s):
    rid = claimed(s)
    legal = dict(s.world.requests[rid])
    s.store.write_around(rid, {"status": "approved"})
    s.store.write_around(rid, {"designerId": "someone-else", "version": 7})
    s.settle()
    assert {k: v for k, v in s.world.requests[rid].items() if k != "restored"} == legal
    events = [e["event"] for e in trail(s, rid)]
    assert events[-3:] == ["violation", "violation", "restored"]


def test_an_action_waits_with_409_until_the_request_is_back_then_goes_through(s):
    rid = claimed(s)
    s.store.write_around(rid, {"status": "awaiting_customer_approval", "version": 3})  # not yet settled
    with pytest.raises(AppError) as refused:
        s.services.requests.act(CUSTOMER, rid, Approve(), None)
    assert refused.value.code is ErrorCode.CONFLICT
    s.settle()
    s.services.requests.act(CUSTOMER, rid, Cancel("changed my mind"), None)
    s.settle()
    assert s.world.requests[rid]["status"] == Status.CANCELLED and s.world.requests[rid]["version"] == 3


def test_a_write_with_a_fresh_admin_override_marker_and_a_reason_is_kept_and_counted(s):
    rid = claimed(s)
    marker = {"reason": "Customer asked by phone; approved by ops", "by": "ops@example.com"}
    s.store.write_around(rid, {"status": "approved", "adminOverride": marker})
    s.settle()
    assert s.world.requests[rid]["status"] == "approved" and "restored" not in s.world.requests[rid]
    (entry,) = [e for e in trail(s, rid) if e["event"] == "override"]
    assert (entry["reason"], entry["actorId"], entry["illegal"]["status"]) == (
        marker["reason"],
        "ops@example.com",
        "approved",
    )
    assert s.world.legal[rid]["status"] == "approved"  # the new legal state
    assert s.seats.seat(DESIGNER.uid).active == 0  # approved: no longer in their hands
    assert s.world.loads[DESIGNER.uid]["active"] == 0
    # The marker is spent: a later write keeping it is a violation again, and is put back.
    s.store.write_around(rid, {"status": "cancelled"})
    s.settle()
    assert s.world.requests[rid]["status"] == "approved"


@pytest.mark.parametrize(
    "marker",
    [{"reason": "   "}, {"by": "ops"}, "just because", {"reason": 7}],
    ids=["blank", "none", "text", "number"],
)
def test_an_override_marker_without_a_reason_is_no_override(s, marker):
    rid = claimed(s)
    s.store.write_around(rid, {"status": "approved", "adminOverride": marker})
    s.settle()
    assert s.world.requests[rid]["status"] == "in_progress"


def test_writes_around_the_api_that_leave_the_workflow_alone_are_kept_and_a_deletion_is_not_undone(s):
    rid = claimed(s)
    s.store.write_around(rid, {"customizationNotes": "Green, actually"})
    s.settle()
    assert s.world.requests[rid]["customizationNotes"] == "Green, actually"
    s.services.requests.act(ADMIN, rid, Cancel(), None)  # in step still: what it guards agrees
    s.settle()
    s.store.delete(rid)
    s.settle()
    assert rid not in s.world.requests and trail(s, rid)[-1]["event"] == "violation"


def test_a_request_created_around_the_api_in_a_state_the_table_does_not_start_from_is_removed(s):
    s.store.write_around("forged", {"customerId": "c1", "status": "approved", "version": 1})
    s.settle()
    assert "forged" not in s.world.requests
    # Its creation, then its removal (a deletion, recorded as every deletion is: never undone).
    assert [(e["event"], e["rolledBack"]) for e in trail(s, "forged")] == [
        ("violation", True),
        ("violation", False),
    ]


@pytest.mark.parametrize(
    ("field", "value"), [("dueAt", None), ("overdue", True), ("revisionLimit", 99), ("timer", {})]
)
def test_a_write_that_moves_what_only_the_workflow_writes_is_a_violation(s, field, value):
    rid = claimed(s)
    before = dict(s.world.requests[rid])
    occurrence = derive(rid, before, {**before, field: value}, s.clock())
    assert occurrence is not None and occurrence.name == "violation" and field in occurrence.reason


def test_a_restoration_is_recognised_by_its_fresh_marker_and_starts_nothing():
    legal = {"status": "in_progress", "version": 2}
    at = datetime(2026, 11, 2, tzinfo=UTC)
    restored = integrity.restoration(legal, "r1-w1", at)
    occurrence = derive("r1", {**legal, "status": "approved"}, restored, at)
    assert occurrence is not None and occurrence.name == "restored"


# ---- writes around the API that look like the workflow's, or come in between ----


def test_a_write_around_the_api_shaped_like_a_transition_is_put_back_and_the_next_action_goes_through(s):
    rid = claimed(s)
    legal = dict(s.world.requests[rid])
    forged = {"event": "customization.request.cancelled", "actorId": CUSTOMER.uid, "at": s.clock()}
    s.store.write_around(rid, {"status": "cancelled", "version": legal["version"] + 1, "lastEvent": forged})
    s.settle()
    now = s.world.requests[rid]
    assert {k: v for k, v in now.items() if k != "restored"} == legal
    assert [e["event"] for e in trail(s, rid)][-2:] == ["violation", "restored"]
    assert not [n for n in s.world.notifications.values() if n["type"] == forged["event"]]
    assert s.seats.seat(DESIGNER.uid).active == 1 and s.world.loads[DESIGNER.uid]["active"] == 1
    s.services.requests.act(ADMIN, rid, Cancel("duplicate"), None)  # not stuck: no 409
    s.settle()
    assert s.world.requests[rid]["status"] == Status.CANCELLED


def test_a_forged_timed_step_around_the_api_is_put_back(s):
    rid = claimed(s)
    legal = dict(s.world.requests[rid])
    timer = {**legal["timer"], "done": "overdue", "doneAt": s.clock()}
    s.store.write_around(rid, {"timer": timer, "overdue": True})
    s.settle()
    assert {k: v for k, v in s.world.requests[rid].items() if k != "restored"} == legal
    assert not [n for n in s.world.notifications.values() if n["type"] == "customization.request.overdue"]
    s.services.requests.act(ADMIN, rid, Cancel(), None)


@pytest.mark.parametrize("trigger_order", ["in order", "the harmless write's first"])
def test_a_harmless_write_between_a_violation_and_its_rollback_does_not_keep_the_violation(s, trigger_order):
    rid = claimed(s)
    legal = dict(s.world.requests[rid])
    s.store.write_around(rid, {"status": "approved"})
    s.store.write_around(rid, {"designerNotes": "touched by a script"})  # nothing the workflow guards
    if trigger_order != "in order":
        s.store.written.reverse()
    s.settle()
    now = s.world.requests[rid]
    assert {k: v for k, v in now.items() if k != "restored"} == legal
    assert integrity.in_step(now, s.world.legal[rid])
    assert [e["event"] for e in trail(s, rid)].count("restored") == 1  # put back once
    s.services.requests.act(ADMIN, rid, Cancel(), None)


def test_a_violation_whose_trigger_never_comes_is_put_back_by_the_next_write_around_the_api(s):
    rid = claimed(s)
    legal = dict(s.world.requests[rid])
    s.store.write_around(rid, {"status": "approved"})
    s.store.written.clear()  # its trigger dropped (older than its retries may run)
    s.store.write_around(rid, {"designerNotes": "touched by a script"})
    s.settle()
    assert {k: v for k, v in s.world.requests[rid].items() if k != "restored"} == legal


def test_two_overrides_whose_triggers_come_in_reverse_keep_the_later_as_the_legal_state(s):
    rid = claimed(s)
    first = {"reason": "Approved by phone", "by": "ops@example.com"}
    second = {"reason": "No: the customer wants to see it again", "by": "ops@example.com"}
    s.store.write_around(rid, {"status": "approved", "adminOverride": first})
    s.store.write_around(rid, {"status": "awaiting_customer_approval", "adminOverride": second})
    s.store.written.reverse()
    s.settle()
    now = s.world.requests[rid]
    assert now["status"] == "awaiting_customer_approval" and "restored" not in now
    assert s.world.legal[rid] == now and integrity.in_step(now, s.world.legal[rid])
    assert [e["event"] for e in trail(s, rid)].count("override") == 2
    assert {due.stage for due in s.timers.armed.values()} == {now["timer"]["stage"]}  # its stage alone
    s.services.requests.act(ADMIN, rid, Cancel("ops"), None)  # not stuck: no 409


@pytest.mark.parametrize("trigger_order", ["in order", "reversed"])
def test_the_apis_writes_whose_triggers_come_late_or_out_of_order_are_still_their_events(s, trigger_order):
    rid = s.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "Blue"), None)["id"]
    s.services.requests.act(DESIGNER, rid, Assign(), None)
    s.services.requests.act(ADMIN, rid, Cancel("duplicate"), None)
    if trigger_order == "reversed":
        s.store.written.reverse()
    s.settle()  # every trigger after the last write: the legal copy has moved past the first two
    events = sorted(e["event"] for e in trail(s, rid))
    assert events == [
        "customization.designer.assigned",
        "customization.request.cancelled",
        "customization.request.created",
    ]
    assert s.world.requests[rid]["status"] == Status.CANCELLED and "restored" not in s.world.requests[rid]


def test_an_override_keeps_the_stage_fields_it_wrote_itself_and_one_that_moved_nothing_starts_no_stage():
    at = datetime(2026, 11, 2, tzinfo=UTC)
    before = {"status": "in_progress", "designerId": "d1", "version": 4, "dueAt": at, "timer": {"stage": 4}}
    mine = datetime(2026, 12, 24, tzinfo=UTC)
    after = {**before, "status": "awaiting_customer_approval", "dueAt": mine}
    changes = workflow.restage(before, after, at, workflow.DEFAULT_SLA)
    assert "dueAt" not in changes and changes["timer"] == {"stage": 5, "startedAt": at}
    assert changes["version"] == 5
    assert workflow.restage(before, {**before, "revisionLimit": 9}, at, workflow.DEFAULT_SLA) == {}
    assert workflow.restage(None, after, at, workflow.DEFAULT_SLA) == {}


def test_a_request_seeded_around_the_api_with_its_legal_copy_and_an_override_is_kept_as_written(s):
    marker = {"reason": "Seeded for a test", "by": "ops"}
    seeded = {"customerId": CUSTOMER.uid, "status": "in_progress", "designerId": DESIGNER.uid, "version": 1}
    s.store.write_around("seeded", {**seeded, "adminOverride": marker})
    s.world.legal["seeded"] = dict(s.world.requests["seeded"])  # its copy, written just after it
    s.world.legal_times["seeded"] = next(s.world.stamps)
    s.settle()
    assert s.world.requests["seeded"] == {**seeded, "adminOverride": marker}
    assert [e["event"] for e in trail(s, "seeded")] == ["override"]
