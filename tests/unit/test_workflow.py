"""The workflow that runs itself, on the in-memory stores with a clock that moves only when told:
due times per stage, reminders and overdue marks, the approval window, stale claims, revision
rounds, release and reassignment, timed steps delivered late, twice or for a stage that ended."""

from datetime import UTC, datetime, timedelta

import pytest
from customizations.domain import workflow
from customizations.domain.actors import SYSTEM, Actor
from customizations.domain.commands import (
    AllowRevision,
    Approve,
    Assign,
    CreateRequest,
    Reassign,
    Reject,
    Release,
    RequestFilter,
    UploadFinal,
)
from customizations.domain.files import FileField
from customizations.domain.lifecycle import Role, Status
from customizations.domain.records import PageRequest
from customizations.domain.workflow import Due, Outcome, Sla, Step
from customizations.errors import AppError, ErrorCode
from customizations.services.bus import handle_write
from customizations.services.reports import reconcile_loads

from tests.support.fakes import Stack

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
OTHER_DESIGNER = Actor("d2", Role.DESIGNER, "Drew", "drew@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")
HOUR = timedelta(hours=1)


def stack(**options) -> Stack:
    s = Stack(CUSTOMER, DESIGNER, OTHER_DESIGNER, ADMIN, **options)
    s.product()
    return s


def create(s: Stack, notes: str = "Blue, please") -> str:
    request_id = s.services.requests.create(CUSTOMER, CreateRequest("mug", 1, notes), None)["id"]
    s.settle()
    return request_id


def act(s: Stack, actor: Actor, request_id: str, command) -> dict:
    done = s.services.requests.act(actor, request_id, command, None)
    s.settle()
    return done


def submit(s: Stack, request_id: str, designer: Actor = DESIGNER) -> dict:
    path = s.services.uploads.upload(designer, "designer_final", "f.png", None, _png())["path"]
    return act(s, designer, request_id, UploadFinal({FileField.DESIGNER_FINAL_FILE: path}, "v"))


def _png():
    import io

    from tests.support.emulators import SAMPLES

    return io.BytesIO(SAMPLES[".png"])


def doc(s: Stack, request_id: str) -> dict:
    return s.world.requests[request_id]


def told(s: Stack, event: str) -> list[tuple[str, str]]:
    """(recipient, title) of every notification of this event type, in the order written."""
    return [(n["recipientId"], n["title"]) for n in s.world.notifications.values() if n["type"] == event]


def trail(s: Stack, request_id: str) -> list[tuple[str, str]]:
    return [(e["event"], e["actorId"]) for e in s.world.audit[request_id].values()]


def refused(code: ErrorCode, call, *args) -> AppError:
    with pytest.raises(AppError) as caught:
        call(*args)
    assert caught.value.code is code, caught.value.message
    return caught.value


# ---- due times per stage ----


def test_each_stage_is_due_after_its_time_from_the_sla_table_and_a_rejection_starts_the_delivery_again():
    s = stack(sla=Sla(claim=2 * HOUR, deliver=5 * HOUR, decide=7 * HOUR))
    start = s.clock()
    rid = create(s)
    assert (doc(s, rid)["dueAt"], doc(s, rid)["claimBy"]) == (start + 2 * HOUR, start + 2 * HOUR)
    s.clock.advance(minutes=10)
    act(s, DESIGNER, rid, Assign())
    assert doc(s, rid)["dueAt"] == start + timedelta(minutes=10) + 5 * HOUR
    assert "claimBy" not in doc(s, rid)  # only a waiting request is in the queue by due time
    s.clock.advance(hours=1)
    submit(s, rid)
    assert doc(s, rid)["dueAt"] == s.clock() + 7 * HOUR
    s.clock.advance(hours=2)
    act(s, CUSTOMER, rid, Reject("Bigger"))
    assert doc(s, rid)["dueAt"] == s.clock() + 5 * HOUR  # the delivery's whole time again
    submit(s, rid)
    act(s, CUSTOMER, rid, Approve())
    assert {"dueAt", "claimBy", "overdue", "timer"}.isdisjoint(doc(s, rid))  # nothing owed now


def test_the_designer_queue_reads_by_due_time_and_lists_filter_the_overdue_ones():
    s = stack()
    first, second = create(s, "first"), create(s, "second")
    s.clock.advance(hours=1)
    third = create(s, "third")
    s.clock.advance(minutes=1)
    act(s, DESIGNER, first, Assign())
    act(s, DESIGNER, first, Release("Not my style"))  # waiting again: due a whole claim time from now
    queue = s.services.requests.pending(DESIGNER, PageRequest(), by_due=True).items
    assert [r["id"] for r in queue] == [second, third, first]
    s.pass_time(hours=23)  # second is overdue, third and first not yet
    overdue = s.services.requests.list_requests(ADMIN, RequestFilter(overdue=True), PageRequest()).items
    assert [r["id"] for r in overdue] == [second]


# ---- reminders, overdue, who is told ----


def test_whoever_owes_the_next_step_is_reminded_and_at_the_due_time_it_is_overdue_and_admins_are_told():
    s = stack()
    rid = create(s)
    act(s, DESIGNER, rid, Assign())
    claimed = s.clock()
    assert s.pass_time(hours=53) == []  # 75% of the 72 delivery hours is 54
    assert s.pass_time(hours=2) == ["done"]
    assert told(s, "customization.request.reminder") == [(DESIGNER.uid, "Design due soon")]
    assert "overdue" not in doc(s, rid)
    assert s.pass_time(hours=17) == ["done"]
    assert doc(s, rid)["overdue"] is True
    assert sorted(told(s, "customization.request.overdue")) == [
        (ADMIN.uid, "Overdue: design"),
        (DESIGNER.uid, "Overdue: design"),
    ]
    assert trail(s, rid)[-2:] == [
        ("customization.request.reminder", "system"),
        ("customization.request.overdue", "system"),
    ]
    assert [at for _, at in workflow.timeline(doc(s, rid), s.sla)][:2] == [
        claimed + 54 * HOUR,
        claimed + 72 * HOUR,
    ]
    # The counters follow: the designer's load and the figures count it, until the stage ends.
    assert s.stats.designer_loads([DESIGNER.uid])[DESIGNER.uid]["overdue"] == 1
    assert s.services.reports.stats(ADMIN)["overdue"] == 1
    submit(s, rid)
    assert "overdue" not in doc(s, rid)
    assert s.stats.designer_loads([DESIGNER.uid])[DESIGNER.uid]["overdue"] == 0


def test_a_waiting_request_reminds_every_designer_by_their_topic_and_its_overdue_mark_tells_admins():
    s = stack()
    rid = create(s)
    s.push.topics.clear()
    s.pass_time(hours=25)
    assert s.push.topics == [("designers", "A request is waiting"), ("designers", "Overdue: no designer yet")]
    assert told(s, "customization.request.overdue") == [(ADMIN.uid, "Overdue: no designer yet")]
    assert doc(s, rid)["overdue"] is True


def test_a_stage_that_ends_calls_off_its_timed_step_and_a_task_for_it_that_comes_anyway_does_nothing():
    s = stack()
    rid = create(s)
    (pending_step,) = s.timers.armed.values()
    assert (pending_step.stage, pending_step.step) == (1, Step.REMIND)
    act(s, DESIGNER, rid, Assign())
    assert pending_step.task_id in s.timers.disarmed
    (claim_step,) = s.timers.armed.values()
    assert (claim_step.stage, claim_step.step) == (2, Step.REMIND)
    s.clock.advance(hours=30)
    assert s.timer_service.run(pending_step.payload()) == "stale"  # delivered anyway: its stage ended
    assert told(s, "customization.request.reminder") == []


def test_a_timed_step_delivered_twice_or_early_is_taken_once_and_only_when_due():
    s = stack()
    rid = create(s)
    (step,) = s.timers.armed.values()
    assert s.timer_service.run(step.payload()) == "early"  # the local Tasks emulator does this
    s.clock.advance(hours=18)
    del s.timers.armed[step.task_id]  # delivered (twice)
    assert [s.timer_service.run(step.payload()) for _ in range(2)] == ["done", "stale"]
    (written,) = s.store.written
    s.settle()
    handle_write(s.bus, *written[:3], datetime.fromtimestamp(written[3], UTC))  # the trigger, twice
    assert [e for e, _ in trail(s, rid)].count("customization.request.reminder") == 1
    assert told(s, "customization.request.reminder") == []  # to every designer: by topic
    assert s.push.topics.count(("designers", "A request is waiting")) == 1
    assert [d.step for d in s.timers.armed.values()] == [Step.OVERDUE]  # one task: one name


def test_a_retried_step_after_its_write_failed_is_taken_once():
    s = stack()
    rid = create(s)
    (step,) = s.timers.armed.values()
    s.clock.advance(hours=19)
    calls = []
    real = s.store.update_if_unchanged

    def fails_first(record, changes, attach, seats=None, legal=None):
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("Firestore unavailable")
        return real(record, changes, attach, seats, legal)

    s.store.update_if_unchanged = fails_first
    with pytest.raises(RuntimeError):
        s.timer_service.run(step.payload())
    assert "done" not in (doc(s, rid).get("timer") or {})
    assert s.timer_service.run(step.payload()) == "done"  # Cloud Tasks' retry
    s.settle()
    assert [e for e, _ in trail(s, rid)].count("customization.request.reminder") == 1


def test_a_malformed_task_is_refused_as_input_not_retried_as_a_failure():
    s = stack()
    refused(ErrorCode.VALIDATION_ERROR, s.timer_service.run, {"requestId": "r1", "step": "nap"})


# ---- the approval window ----


def test_an_accepted_override_starts_its_new_stage_with_its_own_due_time_and_timed_steps():
    s = stack()
    rid = create(s)
    act(s, DESIGNER, rid, Assign())
    s.pass_time(hours=60)  # the delivery would be due in 12 hours
    marker = {"reason": "Design sent by mail, ticket 12", "by": "ops@example.com"}
    s.store.write_around(rid, {"status": Status.AWAITING_APPROVAL.value, "adminOverride": marker})
    s.settle()
    overridden, now = s.clock(), doc(s, rid)
    assert now["dueAt"] == overridden + 72 * HOUR  # the customer's whole time to decide
    assert now["timer"] == {"stage": now["version"], "startedAt": overridden}
    assert s.world.legal[rid] == now  # the new stage is the legal state
    assert f"{rid}-v{now['version']}" in s.world.processed  # the new stage's version is handled
    assert [(d.stage, d.step) for d in s.timers.armed.values()] == [(now["version"], Step.REMIND)]
    s.pass_time(hours=72 + 47)  # on the delivery's clock it would have been decided 60 hours in
    assert doc(s, rid)["status"] == Status.AWAITING_APPROVAL
    s.pass_time(hours=2)
    assert doc(s, rid)["status"] == Status.APPROVED


def awaiting(s: Stack) -> str:
    rid = create(s)
    act(s, DESIGNER, rid, Assign())
    submit(s, rid)
    return rid


@pytest.mark.parametrize(
    ("outcome", "status", "event"),
    [
        (Outcome.APPROVE, Status.APPROVED, "customization.design.approved"),
        (Outcome.CANCEL, Status.CANCELLED, "customization.request.cancelled"),
    ],
)
def test_an_undecided_design_is_decided_by_the_system_after_the_window_with_warnings_first(
    outcome, status, event
):
    s = stack(sla=Sla(approval_default=outcome))
    rid = awaiting(s)
    submitted = s.clock()
    s.pass_time(hours=72 + 47)
    assert doc(s, rid)["status"] == Status.AWAITING_APPROVAL
    warned = [title for uid, title in told(s, "customization.request.reminder") if uid == CUSTOMER.uid]
    assert warned == ["Your review is due soon", "Last call for your review"]
    assert (CUSTOMER.uid, "Overdue: review") in told(s, "customization.request.overdue")
    body = next(
        n["body"] for n in s.world.notifications.values() if n["title"] == "Last call for your review"
    )
    assert workflow.when(submitted + 120 * HOUR) in body
    s.pass_time(hours=2)
    assert doc(s, rid)["status"] == status
    assert doc(s, rid)["lastEvent"]["actorId"] == SYSTEM.uid
    assert trail(s, rid)[-1] == (event, "system")
    assert {uid for uid, _ in told(s, event)} >= {CUSTOMER.uid}  # told in its own words
    assert s.seats.seat(DESIGNER.uid).active == 0  # the designer's seat freed


def test_with_no_default_outcome_an_undecided_design_stays_overdue_and_nothing_is_decided():
    s = stack(sla=Sla(approval_default=Outcome.NONE))
    rid = awaiting(s)
    s.pass_time(days=30)
    assert (doc(s, rid)["status"], doc(s, rid)["overdue"]) == (Status.AWAITING_APPROVAL, True)
    assert s.timers.armed == {}


# ---- stale claims ----


def test_a_claim_undelivered_long_past_due_goes_back_to_the_queue_and_its_designer_gets_no_routed_work():
    s = stack()
    rid = create(s)
    act(s, DESIGNER, rid, Assign())
    s.pass_time(hours=72 + 47)
    assert doc(s, rid)["status"] == Status.IN_PROGRESS
    s.pass_time(hours=2)
    after = doc(s, rid)
    assert (after["status"], after["lastEvent"]["actorId"]) == (Status.PENDING, SYSTEM.uid)
    assert "designerId" not in after and after["customerEmail"] is None  # no contact while anyone may read
    assert after["releasedBy"] == [DESIGNER.uid] and "48 hours" in after["releaseReason"]
    assert after["dueAt"] == s.clock() - HOUR + 24 * HOUR  # waiting again, due a claim time later
    assert (DESIGNER.uid, "Claim taken back") in told(s, "customization.designer.released")
    seat = s.seats.seat(DESIGNER.uid)
    assert (seat.active, seat.available) == (0, False)


# ---- revision rounds ----


def test_rejections_past_the_rounds_included_answer_409_until_an_admin_allows_more():
    s = stack(sla=Sla(revision_rounds=2))
    rid = awaiting(s)
    for _ in range(2):
        act(s, CUSTOMER, rid, Reject("Again"))
        submit(s, rid)
    error = refused(ErrorCode.REVISION_LIMIT_REACHED, act, s, CUSTOMER, rid, Reject("Once more"))
    assert error.details == {"rejections": 2, "revisionLimit": 2}
    assert doc(s, rid)["status"] == Status.AWAITING_APPROVAL
    refused(ErrorCode.FORBIDDEN, act, s, CUSTOMER, rid, AllowRevision(1))
    refused(ErrorCode.FORBIDDEN, act, s, DESIGNER, rid, AllowRevision(1))
    act(s, ADMIN, rid, AllowRevision(1))
    assert doc(s, rid)["revisionLimit"] == 3
    assert told(s, "customization.revision.allowed") == [
        (CUSTOMER.uid, "More changes allowed"),
        (DESIGNER.uid, "More changes allowed"),
    ]
    act(s, CUSTOMER, rid, Reject("Once more"))
    assert doc(s, rid)["status"] == Status.IN_PROGRESS


def test_allowing_more_revisions_keeps_the_stage_its_due_time_and_its_overdue_mark():
    s = stack()
    rid = awaiting(s)
    s.pass_time(hours=73)
    due, timer = doc(s, rid)["dueAt"], doc(s, rid)["timer"]
    act(s, ADMIN, rid, AllowRevision(2))
    assert (doc(s, rid)["dueAt"], doc(s, rid)["timer"], doc(s, rid)["overdue"]) == (due, timer, True)


def test_a_resubmission_shows_this_rounds_completion_and_no_earlier_rejection():
    s = stack()
    rid = awaiting(s)
    first = doc(s, rid)["completedAt"]
    s.clock.advance(hours=3)
    act(s, CUSTOMER, rid, Reject("Make the logo bigger"))
    assert "completedAt" not in doc(s, rid)  # the new round has no design yet
    assert doc(s, rid)["rejectionReason"] == "Make the logo bigger"  # the designer sees why
    s.clock.advance(hours=5)
    submit(s, rid)
    assert doc(s, rid)["completedAt"] == s.clock() != first
    assert "rejectionReason" not in doc(s, rid)
    assert s.world.revisions[rid][1]["rejectionReason"] == "Make the logo bigger"  # the history keeps it


# ---- release and reassignment ----


def test_a_designer_releases_a_claim_back_to_the_queue_and_the_customer_and_every_designer_hear_of_it():
    s = stack()
    rid = create(s)
    act(s, DESIGNER, rid, Assign())
    refused(ErrorCode.FORBIDDEN, act, s, CUSTOMER, rid, Release("no"))
    refused(ErrorCode.NOT_FOUND, act, s, OTHER_DESIGNER, rid, Release("not mine"))
    s.push.topics.clear()
    act(s, DESIGNER, rid, Release("Out sick this week"))
    after = doc(s, rid)
    assert (after["status"], after["releaseReason"], after["releasedBy"]) == (
        Status.PENDING,
        "Out sick this week",
        [DESIGNER.uid],
    )
    assert told(s, "customization.designer.released") == [(CUSTOMER.uid, "Back in the queue")]
    assert s.push.topics == [("designers", "Back in the queue")]
    assert s.seats.seat(DESIGNER.uid).active == 0
    assert s.stats.designer_loads([DESIGNER.uid])[DESIGNER.uid]["active"] == 0
    act(s, OTHER_DESIGNER, rid, Assign())  # anyone may claim it again
    assert doc(s, rid)["designerId"] == OTHER_DESIGNER.uid


def test_an_admin_reassigns_work_in_progress_and_seats_loads_and_all_three_people_follow():
    s = stack()
    rid = create(s)
    act(s, DESIGNER, rid, Assign())
    s.clock.advance(hours=10)
    refused(ErrorCode.INVALID_TRANSITION, act, s, ADMIN, rid, Reassign(DESIGNER.uid))
    refused(ErrorCode.VALIDATION_ERROR, act, s, ADMIN, rid, Reassign(CUSTOMER.uid))
    refused(ErrorCode.FORBIDDEN, act, s, DESIGNER, rid, Reassign(OTHER_DESIGNER.uid))
    act(s, ADMIN, rid, Reassign(OTHER_DESIGNER.uid))
    after = doc(s, rid)
    assert (after["designerId"], after["designerName"]) == (OTHER_DESIGNER.uid, "Drew")
    assert after["dueAt"] == s.clock() + 72 * HOUR  # the new designer has the whole time
    assert (s.seats.seat(DESIGNER.uid).active, s.seats.seat(OTHER_DESIGNER.uid).active) == (0, 1)
    loads = s.stats.designer_loads([DESIGNER.uid, OTHER_DESIGNER.uid])
    assert (loads[DESIGNER.uid]["active"], loads[OTHER_DESIGNER.uid]["active"]) == (0, 1)
    assert sorted(uid for uid, _ in told(s, "customization.designer.reassigned")) == ["c1", "d1", "d2"]


# ---- capacity ----


def test_claims_respect_a_designers_capacity_with_a_clear_409_and_a_decision_frees_a_seat():
    s = stack()
    s.services.users.update_me(DESIGNER, _capacity(1))
    first, second = create(s), create(s)
    act(s, DESIGNER, first, Assign())
    error = refused(ErrorCode.CAPACITY_REACHED, act, s, DESIGNER, second, Assign())
    assert error.details == {"active": 1, "capacity": 1}
    refused(ErrorCode.CAPACITY_REACHED, act, s, ADMIN, second, Assign(DESIGNER.uid))
    submit(s, first)  # awaiting approval is still their work
    refused(ErrorCode.CAPACITY_REACHED, act, s, DESIGNER, second, Assign())
    act(s, CUSTOMER, first, Approve())
    act(s, DESIGNER, second, Assign())
    assert s.seats.seat(DESIGNER.uid).active == 1


def test_a_designer_sets_availability_and_capacity_on_their_profile_and_nobody_else_has_one():
    s = stack()
    assert s.services.users.me(DESIGNER)["availability"] == {"available": True, "capacity": 10, "active": 0}
    s.services.users.update_me(DESIGNER, _capacity(3, available=False))
    assert s.services.users.me(DESIGNER)["availability"] == {"available": False, "capacity": 3, "active": 0}
    assert s.services.users.me(CUSTOMER)["availability"] is None
    refused(ErrorCode.FORBIDDEN, s.services.users.update_me, CUSTOMER, _capacity(3))


def _capacity(capacity: int | None, available: bool | None = None):
    from customizations.domain.commands import UpdateProfile

    return UpdateProfile(available=available, capacity=capacity)


# ---- auto-assignment ----


def test_auto_assignment_is_off_unless_its_param_turns_it_on():
    s = stack()
    rid = create(s)
    assert doc(s, rid)["status"] == Status.PENDING


def test_a_new_request_goes_to_the_available_designer_with_least_work_and_room_ties_to_the_longest_idle():
    s = stack(auto_assign=True)
    first = create(s)
    assert doc(s, first)["designerId"] == DESIGNER.uid  # never assigned: d1 before d2 by uid
    assert doc(s, first)["lastEvent"]["actorId"] == SYSTEM.uid
    second = create(s)
    assert doc(s, second)["designerId"] == OTHER_DESIGNER.uid  # the least active
    s.clock.advance(minutes=5)
    act(s, CUSTOMER, first, _cancel())  # d1 frees up, idle since before d2's assignment
    third = create(s)
    assert doc(s, third)["designerId"] == DESIGNER.uid


def test_auto_assignment_passes_by_the_unavailable_and_the_full_and_a_request_waits_until_someone_frees_up():
    s = stack(auto_assign=True)
    s.services.users.update_me(DESIGNER, _capacity(1))
    s.services.users.update_me(OTHER_DESIGNER, _capacity(None, available=False))
    first, second = create(s), create(s)
    assert doc(s, first)["designerId"] == DESIGNER.uid
    assert doc(s, second)["status"] == Status.PENDING  # nobody has room
    act(s, CUSTOMER, first, _cancel())  # a seat frees up: the queue drains
    assert doc(s, second)["designerId"] == DESIGNER.uid
    third = create(s)
    assert doc(s, third)["status"] == Status.PENDING
    s.services.users.update_me(OTHER_DESIGNER, _capacity(None, available=True))  # back: drains
    assert doc(s, third)["designerId"] == OTHER_DESIGNER.uid


def test_a_request_waiting_for_want_of_room_goes_to_a_new_designer_as_they_get_the_role():
    s = stack(auto_assign=True)
    for designer in (DESIGNER, OTHER_DESIGNER):
        s.services.users.update_me(designer, _capacity(None, available=False))
    rid = create(s)
    assert doc(s, rid)["status"] == Status.PENDING
    newcomer = Actor("d3", Role.CUSTOMER, "Noor", "noor@example.com")
    s.directory.users[newcomer.uid] = newcomer
    s.services.users.set_role(ADMIN, newcomer.uid, Role.DESIGNER)
    assert doc(s, rid)["designerId"] == newcomer.uid


def test_a_released_request_is_routed_to_someone_else_than_who_gave_it_up():
    s = stack(auto_assign=True)
    rid = create(s)
    assert doc(s, rid)["designerId"] == DESIGNER.uid
    act(s, DESIGNER, rid, Release("Not for me"))
    assert doc(s, rid)["designerId"] == OTHER_DESIGNER.uid
    act(s, OTHER_DESIGNER, rid, Release("Nor me"))
    assert doc(s, rid)["status"] == Status.PENDING  # both gave it up: it waits for a claim


def test_routing_that_loses_a_race_for_a_seat_picks_again_and_never_passes_a_capacity():
    s = stack(auto_assign=True)
    s.services.users.update_me(DESIGNER, _capacity(1))
    s.services.users.update_me(OTHER_DESIGNER, _capacity(1))
    rid = s.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "x"), None)["id"]
    other = s.services.requests.create(CUSTOMER, CreateRequest("mug", 1, "y"), None)["id"]
    raced = []

    def slip_a_claim_in(request_id):  # between the routing's read and its write, d1 claims `other`
        if request_id == rid and not raced:
            raced.append(1)
            s.services.requests.act(DESIGNER, other, Assign(), None)

    s.store.on_update = slip_a_claim_in
    assert s.router.route(rid) == OTHER_DESIGNER.uid
    s.store.on_update = None
    assert (s.seats.seat(DESIGNER.uid).active, s.seats.seat(OTHER_DESIGNER.uid).active) == (1, 1)


def test_a_seat_whose_designer_is_gone_is_closed_and_routing_goes_on_to_someone_with_room():
    s = stack(auto_assign=True)
    first, second = create(s), create(s)
    assert (doc(s, first)["designerId"], doc(s, second)["designerId"]) == (DESIGNER.uid, OTHER_DESIGNER.uid)
    act(s, CUSTOMER, first, _cancel())  # d1 holds nothing now: the least loaded, first in line
    del s.directory.users[DESIGNER.uid]  # deleted outside the API, their seat still open
    rid = create(s)
    assert doc(s, rid)["designerId"] == OTHER_DESIGNER.uid
    assert s.seats.seat(DESIGNER.uid).available is False  # no longer first for every request
    assert s.seats.seat(OTHER_DESIGNER.uid).active == 2


def test_work_handed_back_without_a_seat_is_written_blind_and_the_recount_makes_the_seat_whole():
    s = stack(auto_assign=True)
    rid = create(s)
    assert doc(s, rid)["designerId"] == DESIGNER.uid
    s.world.seats.pop(DESIGNER.uid)  # work held from before seats existed
    s.world.seat_times.pop(DESIGNER.uid)
    read = []
    seat_of = s.seats.seat
    s.seats.seat = lambda uid: read.append(uid) or seat_of(uid)
    s.services.requests.act(DESIGNER, rid, Release("Not for me"), None)
    assert read == []  # the hand-back reads no seat: it writes one blind
    s.seats.seat = seat_of
    s.settle()
    assert s.world.seats[DESIGNER.uid] == {"designerId": DESIGNER.uid, "active": -1}
    assert DESIGNER.uid not in [c.uid for c in s.seats.candidates(None, 10)]
    assert s.seats.seat(DESIGNER.uid).active == 0  # holding nothing, as far as capacity goes

    corrections = reconcile_loads(s.stats, s.clock() + timedelta(minutes=5), timedelta(minutes=1))

    assert corrections[DESIGNER.uid] == {"seat.active": 1, "seat.completed": 1}
    seat = s.world.seats[DESIGNER.uid]
    assert (seat["active"], seat["available"], seat["lastAssignedAt"]) == (0, True, None)
    assert DESIGNER.uid in [c.uid for c in s.seats.candidates(None, 10)]
    assert reconcile_loads(s.stats, s.clock() + timedelta(minutes=5), timedelta(minutes=1)) == {}


@pytest.mark.parametrize("then", ["claims", "sets availability"])
def test_a_seat_written_blind_is_made_whole_by_the_next_write_that_reads_it(then):
    s = stack()
    rid, other = create(s), create(s)
    act(s, DESIGNER, rid, Assign())
    s.world.seats.pop(DESIGNER.uid)  # work held from before seats existed
    s.world.seat_times.pop(DESIGNER.uid)
    act(s, DESIGNER, rid, Release("Not for me"))
    assert "available" not in s.world.seats[DESIGNER.uid]
    if then == "claims":
        s.world.seats[DESIGNER.uid]["capacity"] = 1
        act(s, DESIGNER, other, Assign())
        with pytest.raises(AppError) as refused:  # the capacity holds: a count below zero is none
            act(s, DESIGNER, rid, Assign())
        assert refused.value.code is ErrorCode.CAPACITY_REACHED
    else:
        s.services.users.update_me(DESIGNER, _capacity(None, available=True))
    seat = s.world.seats[DESIGNER.uid]
    assert (seat["available"], "lastAssignedAt" in seat) == (True, True)


def _cancel():
    from customizations.domain.commands import Cancel

    return Cancel("Changed my mind")


# ---- the pure timeline ----


def test_a_timeline_has_the_steps_of_its_stage_in_time_order():
    sla = Sla(claim=10 * HOUR, deliver=20 * HOUR, decide=30 * HOUR, approval_grace=4 * HOUR)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    for status, steps in (
        (Status.PENDING, [(Step.REMIND, 7.5), (Step.OVERDUE, 10)]),
        (Status.IN_PROGRESS, [(Step.REMIND, 15), (Step.OVERDUE, 20), (Step.RELEASE, 68)]),
        (
            Status.AWAITING_APPROVAL,
            [(Step.REMIND, 22.5), (Step.OVERDUE, 30), (Step.WARN, 32), (Step.DECIDE, 34)],
        ),
    ):
        request = {"status": status.value, **workflow.stage_fields(status, 3, t0, sla)}
        assert [(step, (at - t0) / HOUR) for step, at in workflow.timeline(request, sla)] == steps
        first = workflow.next_due("r1", request, sla)
        assert first == Due("r1", 3, Step.REMIND, t0 + steps[0][1] * HOUR)
        taken = {**request, **workflow.notice(request, Step.REMIND, t0)}
        assert workflow.next_due("r1", taken, sla).step is Step.OVERDUE
    assert workflow.timeline({"status": "approved"}, sla) == []


def test_a_steps_task_name_is_the_same_for_the_same_step_and_tells_stages_and_steps_apart():
    at = datetime(2026, 1, 1, tzinfo=UTC)
    names = {Due("r1", stage, step, at).task_id for stage in (1, 2) for step in Step}
    assert len(names) == 2 * len(Step)
    assert Due("r1", 1, Step.REMIND, at).task_id == Due("r1", 1, Step.REMIND, at + HOUR).task_id
    assert Due.of(Due("r1", 1, Step.WARN, at).payload()) == Due("r1", 1, Step.WARN, at)
    assert all(len(n) <= 500 and n.replace("-", "").replace("_", "").isalnum() for n in names)


# ---- on demand, and the daily catch-up ----


def test_the_steps_due_by_a_moved_clock_are_found_and_sent_to_be_taken_now():
    s = stack()
    waiting = create(s)
    claimed = create(s)
    act(s, DESIGNER, claimed, Assign())
    s.clock.advance(hours=20)  # only the waiting request's reminder (18 h) is due
    due = s.timer_service.run_due("ondemand")
    assert [(d.request_id, d.step) for d in due] == [(waiting, Step.REMIND)]
    assert [(d.request_id, tag) for d, tag in s.timers.ran] == [(waiting, "ondemand")]
    assert s.timer_service.run_due("catchup", late_by=timedelta(hours=3)) == []  # 2 h late only


def test_the_catch_up_sends_a_page_at_a_time_and_stops_at_its_time_leaving_the_rest_to_the_next_run():
    s = stack()
    waiting = [create(s) for _ in range(3)]
    s.clock.advance(hours=30)  # every waiting request is overdue
    from customizations.services import timers

    timers_page, timers._SCAN_PAGE = timers._SCAN_PAGE, 1
    try:
        sent = s.timer_service.run_due("catchup", late_by=timedelta(hours=1), until=s.clock())  # no time
        assert len(sent) == 1  # one page, then its time was up
        rest = s.timer_service.run_due("catchup", late_by=timedelta(hours=1))
    finally:
        timers._SCAN_PAGE = timers_page
    assert [d.request_id for d in sent] == waiting[:1]
    assert sorted(d.request_id for d in rest) == sorted(waiting)  # the next run reads them all again


def test_the_sla_is_held_to_what_cloud_tasks_can_schedule(monkeypatch):
    from customizations import settings

    for name in ("SLA_CLAIM_HOURS", "SLA_DELIVER_HOURS", "SLA_DECIDE_HOURS", "APPROVAL_GRACE_HOURS"):
        monkeypatch.setenv(name, "100000")
    monkeypatch.setenv("STALE_CLAIM_RELEASE_HOURS", "100000")
    sla = settings.sla()
    farthest = max(sla.claim, sla.deliver, sla.decide) + max(sla.approval_grace, sla.release_after)
    assert farthest < timedelta(days=30)
