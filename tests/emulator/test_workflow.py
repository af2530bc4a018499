"""The workflow on the local stack: due times on the API, timed steps through the real trigger, the
Cloud Tasks emulator and the `timers` function with the stack's clock moved (scripts/clock), tasks
delivered twice, late or retried, the approval window and stale claims taken by the system,
revision rounds, release and reassignment, capacity and auto-assignment raced for real.

The Tasks emulator dispatches every task at once, whatever its schedule, so on it a step due later
is not sent when its stage starts (adapters/tasks.py); run_timers() (what scripts/run-timers runs)
takes what is due by the moved clock, each step a task of its own through the emulator, and a step
that comes due as another is taken (the approval window's chain) is sent by the trigger itself."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.support.emulators import (
    Api,
    User,
    act,
    create_user,
    file_ref,
    firestore_client,
    granted,
    move_clock,
    ok,
    refused,
    wait_for_triggers,
)


@pytest.fixture(autouse=True)
def in_process(monkeypatch):
    """bootstrap in this process (run_timers, the routing race) built afresh, reading Firestore
    (no listeners), with the stack's designer capacity (functions/.env.local)."""
    from customizations import bootstrap

    monkeypatch.setenv("LIVE_READS", "off")
    monkeypatch.setenv("DESIGNER_CAPACITY", "10000")
    monkeypatch.setattr(bootstrap.graph, "_value", None)


def until(check: Callable[[], Any], seconds: float = 60.0) -> Any:
    """Poll check() until it returns something true (a task, then a trigger, run in the stack)."""
    deadline = time.monotonic() + seconds
    while not (found := check()):
        assert time.monotonic() < deadline, "the stack did not get there"
        time.sleep(0.2)
    return found


def run_timers() -> list[dict[str, Any]]:
    """Every timed step due by the stack's (moved) clock, sent to the Tasks emulator now."""
    from customizations import jobs

    return jobs.run_due_timers("test")


def outcomes(request_id: str, step: str) -> list[str]:
    """What the timers function said each delivery of this request's step came to, from the stack's
    log (.emulators/firebase.log, beside the clock file): done, stale, early or gone."""
    import json
    import os
    from pathlib import Path

    log = Path(os.environ["EMULATOR_CLOCK_FILE"]).with_name("firebase.log")
    found = []
    for line in log.read_text(errors="replace").splitlines():
        start = line.find("{")
        if start < 0 or "Timed step" not in line:
            continue
        try:
            entry = json.loads(line[start:])
        except ValueError:
            continue
        if entry.get("requestId") == request_id and entry.get("step") == step:
            found.append(str(entry["message"]).removeprefix("Timed step "))
    return found


def enqueue(payload: dict[str, Any], name: str) -> None:
    """A task for the timers function, as the trigger or a retry would send it."""
    from customizations.adapters.tasks import CloudTasksTimers
    from customizations.domain.workflow import Due

    CloudTasksTimers().run_now(Due.of(payload), name)


def notes(api: Api, user: User, kind: str) -> list[dict[str, Any]]:
    return [n for n in ok(api.get("/notifications?limit=100", user)) if n["type"] == kind]


def trail(api: Api, admin: User, rid: str) -> list[tuple[str, str]]:
    return [(e["event"], e["actorId"]) for e in ok(api.get(f"/customizations/{rid}/events", admin))]


def submit(api: Api, designer: User, rid: str) -> dict[str, Any]:
    return ok(act(api, designer, rid, "uploadFinal", designerFinalFile=file_ref(designer, "designer_final")))


@pytest.fixture
def staff(api, admin, designer, other_designer):
    """Designers known to the directory (as a role set through the API makes them)."""
    return granted(api, admin, designer, "designer"), granted(api, admin, other_designer, "designer")


# ---- due times on the API ----


def test_requests_carry_their_stages_due_time_and_the_queue_reads_by_it(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    first = new_request()
    assert first["dueAt"] is not None and first["overdue"] is False
    created = datetime.fromisoformat(first["createdAt"])
    assert (datetime.fromisoformat(first["dueAt"]) - created).total_seconds() == 24 * 3600
    second = new_request()
    ok(act(api, designer, first["id"], "assign"))
    ok(act(api, designer, first["id"], "release", reason="Not my style"))  # due a claim time from now
    queue = ok(api.get("/customizations/pending?sort=dueAt", designer))
    assert [r["id"] for r in queue] == [second["id"], first["id"]]
    assert [r["id"] for r in ok(api.get("/customizations/pending", designer))] == [first["id"], second["id"]]
    refused(api.get("/customizations?overdue=false", admin), 400, "VALIDATION_ERROR")
    assert ok(api.get("/customizations?overdue=true", admin)) == []


# ---- timed steps through the task queue, with the clock moved ----


def test_a_reminder_then_the_overdue_mark_come_through_the_task_queue_as_the_moved_clock_says(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    assert run_timers() == []  # nothing due yet: the claim's reminder is 54 hours on
    move_clock(hours=55)
    (step,) = run_timers()
    assert (step["requestId"], step["step"]) == (rid, "remind")
    until(lambda: notes(api, designer, "customization.request.reminder"))
    assert ok(api.get("/customizations?overdue=true", admin)) == []
    move_clock(hours=18)
    (step,) = run_timers()
    assert step["step"] == "overdue"
    (told,) = until(lambda: notes(api, admin, "customization.request.overdue"))
    assert told["title"] == "Overdue: design"
    wait_for_triggers()
    assert [r["id"] for r in ok(api.get("/customizations?overdue=true", admin))] == [rid]
    assert [r["id"] for r in ok(api.get("/customizations?overdue=true", designer))] == [rid]
    assert ok(api.get(f"/customizations/{rid}", customer))["overdue"] is True
    assert ok(api.get("/customizations/workload", designer))["overdue"] == 1
    assert ok(api.get("/customizations/stats", admin))["overdue"] == 1
    assert trail(api, admin, rid)[-2:] == [
        ("customization.request.reminder", "system"),
        ("customization.request.overdue", "system"),
    ]
    submit(api, designer, rid)  # a new stage: no longer overdue
    wait_for_triggers()
    assert ok(api.get(f"/customizations/{rid}", customer))["overdue"] is False
    assert ok(api.get("/customizations/workload", designer))["overdue"] == 0


def test_a_task_delivered_twice_takes_its_step_once_and_one_for_an_ended_stage_does_nothing(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    rid = new_request()["id"]
    wait_for_triggers()
    move_clock(hours=19)
    (step,) = run_timers()  # the waiting stage's reminder, due now
    enqueue(step, "again")  # the same step delivered twice more
    enqueue(step, "and-again")
    # Three deliveries: run_timers', and the two more (the trigger sent none when the stage began:
    # the step was due 18 hours later); exactly one took the step, the others found it taken.
    seen = until(lambda: [found for found in [outcomes(rid, "remind")] if len(found) == 3])[0]
    assert sorted(seen) == ["done", "stale", "stale"], seen
    wait_for_triggers()
    assert [e for e, _ in trail(api, admin, rid)].count("customization.request.reminder") == 1
    ok(act(api, designer, rid, "assign"))  # the waiting stage ends
    wait_for_triggers()
    move_clock(hours=10)  # the waiting stage's overdue mark would be due by now
    enqueue({**step, "step": "overdue", "at": datetime.now(UTC).isoformat()}, "late")
    until(lambda: "stale" in outcomes(rid, "overdue"))
    wait_for_triggers()
    assert ok(api.get(f"/customizations/{rid}", customer))["overdue"] is False
    assert "customization.request.overdue" not in [e for e, _ in trail(api, admin, rid)]


def test_the_deployed_timers_function_retried_after_a_failure_takes_its_step_once(
    api, admin, staff, new_request, monkeypatch
):
    import flask
    import main
    from customizations.adapters.firestore_requests import FirestoreRequests

    rid = new_request()["id"]
    wait_for_triggers()
    move_clock(hours=19)
    from customizations import bootstrap
    from customizations.adapters import clock

    (step,) = [d.payload() for d in bootstrap.graph.get().services.timers.due(clock.utc_now())]
    real, failures = FirestoreRequests.update_if_unchanged, [RuntimeError("Firestore unavailable")]

    def fails_once(self, *args):
        if failures:
            raise failures.pop()
        return real(self, *args)

    monkeypatch.setattr(FirestoreRequests, "update_if_unchanged", fails_once)

    def deliver() -> flask.Response:  # as Cloud Tasks does: a POST of {"data": ...}
        app = flask.Flask("functions-framework")
        with app.test_request_context(method="POST", json={"data": step}):
            return main.timers(flask.request)

    assert deliver().status_code == 500  # Cloud Tasks retries a step that failed
    assert [deliver().get_json()["result"] for _ in range(2)] == ["done", "stale"]  # a retry, a duplicate
    until(lambda: "customization.request.reminder" in [e for e, _ in trail(api, admin, rid)])
    wait_for_triggers()
    assert [e for e, _ in trail(api, admin, rid)].count("customization.request.reminder") == 1


def test_the_approval_window_decides_an_undecided_design_as_the_system_after_warning_the_customer(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    submit(api, designer, rid)
    wait_for_triggers()
    move_clock(hours=72 + 48 + 1)  # past the decision's due time and the grace
    run_timers()  # the first step; each one's trigger schedules the next, all due now
    until(lambda: ok(api.get(f"/customizations/{rid}", customer))["status"] == "approved")
    wait_for_triggers()
    told = [n["title"] for n in reversed(ok(api.get("/notifications?limit=100", customer)))]
    assert told[-4:] == [
        "Your review is due soon",
        "Overdue: review",
        "Last call for your review",
        "Design approved automatically",
    ]
    assert trail(api, admin, rid)[-1] == ("customization.design.approved", "system")
    assert ok(api.get("/me", designer))["availability"]["active"] == 0


def test_a_claim_with_no_delivery_long_past_due_goes_back_to_the_queue_on_its_own(
    api, customer, admin, staff, new_request
):
    designer, other = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    move_clock(hours=72 + 48 + 1)
    run_timers()
    until(lambda: ok(api.get(f"/customizations/{rid}", customer))["status"] == "pending_designer_review")
    wait_for_triggers()
    seen = ok(api.get(f"/customizations/{rid}", other))  # any designer sees it again...
    assert (seen["designerId"], seen["customerEmail"]) == (None, None)  # ...without the contact
    assert "past its due time" in seen["releaseReason"] or "was due" in seen["releaseReason"]
    assert ok(api.get("/me", designer))["availability"] == {
        "available": False,
        "capacity": 10000,
        "active": 0,
    }
    assert [n["title"] for n in notes(api, designer, "customization.designer.released")] == [
        "Claim taken back"
    ]


# ---- revision rounds, release and reassignment ----


def test_rejections_past_the_rounds_included_answer_409_until_an_admin_allows_more(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    for _ in range(3):
        submit(api, designer, rid)
        ok(act(api, customer, rid, "reject", reason="Closer, but no"))
    done = submit(api, designer, rid)
    assert (done["rejectionReason"], done["rejectionCount"], done["revisionLimit"]) == (None, 3, 3)
    error = refused(act(api, customer, rid, "reject", reason="Once more"), 409, "REVISION_LIMIT_REACHED")
    assert error["details"] == {"rejections": 3, "revisionLimit": 3}
    refused(act(api, customer, rid, "allowRevision"), 403, "FORBIDDEN")
    assert ok(act(api, admin, rid, "allowRevision", rounds=2))["revisionLimit"] == 5
    rejected = ok(act(api, customer, rid, "reject", reason="Once more"))
    assert (rejected["status"], rejected["completedAt"]) == ("in_progress", None)  # no design yet
    wait_for_triggers()
    assert [n["title"] for n in notes(api, customer, "customization.revision.allowed")] == [
        "More changes allowed"
    ]


def test_a_designer_releases_a_claim_and_an_admin_reassigns_work_and_seats_follow(
    api, customer, admin, staff, new_request
):
    designer, other = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    refused(act(api, designer, rid, "release", reason="  "), 400, "VALIDATION_ERROR")
    refused(act(api, other, rid, "release", reason="Not mine"), 404, "NOT_FOUND")
    released = ok(act(api, designer, rid, "release", reason="Out sick this week"))
    assert (released["status"], released["designerId"], released["releaseReason"]) == (
        "pending_designer_review",
        None,
        "Out sick this week",
    )
    ok(act(api, designer, rid, "assign"))
    refused(act(api, admin, rid, "reassign", designerId=designer.uid), 409, "INVALID_TRANSITION")
    refused(act(api, admin, rid, "reassign", designerId=customer.uid), 400, "VALIDATION_ERROR")
    moved = ok(act(api, admin, rid, "reassign", designerId=other.uid))
    assert (moved["designerId"], moved["status"]) == (other.uid, "in_progress")
    wait_for_triggers()
    assert ok(api.get("/me", designer))["availability"]["active"] == 0
    assert ok(api.get("/me", other))["availability"]["active"] == 1
    assert [n["title"] for n in notes(api, designer, "customization.designer.reassigned")] == [
        "A new designer"
    ]
    refused(api.get(f"/customizations/{rid}", designer), 404, "NOT_FOUND")  # no longer theirs


# ---- capacity and auto-assignment, raced ----


def test_concurrent_claims_by_one_designer_never_pass_their_capacity(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    ok(api.patch("/me", designer, {"availability": {"capacity": 2}}))
    for attempt in range(3):
        rids = [new_request()["id"] for _ in range(5)]
        gate, answers = threading.Barrier(len(rids)), {}

        def claim(rid: str, gate: threading.Barrier = gate, answers: dict = answers) -> None:
            client = Api()
            gate.wait()
            answers[rid] = client.patch(f"/customizations/{rid}", designer, {"action": "assign"})

        threads = [threading.Thread(target=claim, args=(rid,)) for rid in rids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        statuses = sorted(r.status_code for r in answers.values())
        assert statuses == [200, 200, 409, 409, 409], (attempt, [r.text for r in answers.values()])
        codes = {r.json()["error"]["code"] for r in answers.values() if r.status_code == 409}
        assert codes == {"CAPACITY_REACHED"}
        assert ok(api.get("/me", designer))["availability"]["active"] == 2
        for rid, answer in answers.items():  # free the seats for the next round
            if answer.status_code == 200:
                ok(act(api, admin, rid, "cancel"))
    wait_for_triggers()
    assert ok(api.get("/me", designer))["availability"]["active"] == 0


def test_concurrent_routing_gives_each_designer_work_up_to_their_capacity_and_no_more(
    api, customer, admin, new_request
):
    from customizations import bootstrap

    designers = [granted(api, admin, create_user("designer"), "designer") for _ in range(3)]
    for someone in designers:
        ok(api.patch("/me", someone, {"availability": {"capacity": 2}}))
    rids = [new_request()["id"] for _ in range(8)]
    wait_for_triggers()
    router = bootstrap.graph.get().services.router
    router.enabled = True  # AUTO_ASSIGN, in this process only (the stack's functions keep it off)
    try:
        gate = threading.Barrier(len(rids))

        def route(rid: str) -> None:
            gate.wait()
            router.route(rid)

        threads = [threading.Thread(target=route, args=(rid,)) for rid in rids]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        router.enabled = False
    wait_for_triggers()
    db = firestore_client()
    held = {d.uid: 0 for d in designers}
    waiting = 0
    for rid in rids:
        stored = db.collection("customizationRequests").document(rid).get().to_dict()
        if stored["status"] == "in_progress":
            held[stored["designerId"]] += 1
            assert stored["lastEvent"]["actorId"] == "system"
        else:
            waiting += 1
    assert sorted(held.values()) == [2, 2, 2] and waiting == 2  # the least loaded first: evenly
    for someone in designers:
        assert ok(api.get("/me", someone))["availability"]["active"] == 2


def test_a_designer_sets_availability_and_capacity_and_nobody_else_may(api, customer, staff):
    designer, _ = staff
    mine = ok(api.patch("/me", designer, {"availability": {"available": False, "capacity": 3}}))
    assert mine["availability"] == {"available": False, "capacity": 3, "active": 0}
    assert ok(api.get("/me", customer))["availability"] is None
    refused(api.patch("/me", customer, {"availability": {"capacity": 3}}), 403, "FORBIDDEN")
    refused(api.patch("/me", designer, {"availability": {"capacity": 101}}), 400, "VALIDATION_ERROR")


# ---- writes around the API (Admin SDK) ----


def test_two_illegal_writes_in_a_row_end_at_the_last_legal_state_and_an_override_is_kept(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    doc = firestore_client().collection("customizationRequests").document(rid)
    doc.update({"status": "approved"})
    doc.update({"designerId": "somebody-else", "version": 7})
    wait_for_triggers()
    back = ok(api.get(f"/customizations/{rid}", admin))
    assert (back["status"], back["designerId"], back["version"]) == ("in_progress", designer.uid, 2)
    events = [e for e, _ in trail(api, admin, rid)]
    assert events.count("violation") == 2 and 1 <= events.count("restored") <= 2
    assert ok(api.get("/me", designer))["availability"]["active"] == 1  # the seat never moved
    doc.update(
        {
            "status": "approved",
            "adminOverride": {"reason": "Approved by phone, ticket 4711", "by": "ops@example.com"},
        }
    )
    wait_for_triggers()
    kept = ok(api.get(f"/customizations/{rid}", admin))
    assert kept["status"] == "approved"
    last = ok(api.get(f"/customizations/{rid}/events", admin))[-1]
    assert (last["event"], last["actorId"], last["reason"]) == (
        "override",
        "ops@example.com",
        "Approved by phone, ticket 4711",
    )
    assert ok(api.get("/me", designer))["availability"]["active"] == 0
    ok(act(api, admin, rid, "complete", orderId="order-4711"))  # goes on from the kept state


def test_a_write_around_the_api_dressed_as_a_transition_is_put_back_though_a_harmless_write_follows(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    doc = firestore_client().collection("customizationRequests").document(rid)
    forged = {"event": "customization.request.cancelled", "actorId": customer.uid, "at": datetime.now(UTC)}
    doc.update({"status": "cancelled", "version": 3, "lastEvent": forged})  # looks like a cancel
    doc.update({"designerNotes": "touched by a script"})  # moves nothing the workflow guards
    wait_for_triggers()
    back = ok(api.get(f"/customizations/{rid}", admin))
    assert (back["status"], back["designerId"], back["version"]) == ("in_progress", designer.uid, 2)

    def restored() -> list[str]:  # its audit entry comes with its own trigger, after the request is back
        events = [e for e, _ in trail(api, admin, rid)]
        return events if "restored" in events else []

    events = until(restored)
    assert events.count("violation") == 1 and events.count("restored") == 1
    assert "customization.request.cancelled" not in events
    assert ok(api.get("/me", designer))["availability"]["active"] == 1  # the seat never moved
    assert ok(act(api, admin, rid, "cancel"))["status"] == "cancelled"  # not stuck: no 409


def test_overrides_that_move_a_request_end_at_the_later_one_in_a_new_stage_of_its_own(
    api, customer, admin, staff, new_request
):
    designer, _ = staff
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    doc = firestore_client().collection("customizationRequests").document(rid)
    delivery_due = doc.get().get("dueAt")
    doc.update({"status": "approved", "adminOverride": {"reason": "Approved by phone", "by": "ops"}})
    doc.update(
        {
            "status": "awaiting_customer_approval",
            "adminOverride": {"reason": "No: the customer wants to see it again", "by": "ops"},
        }
    )
    wait_for_triggers()  # settled: in step with its legal copy
    stored = doc.get().to_dict()
    assert stored["status"] == "awaiting_customer_approval" and "restored" not in stored
    assert stored["timer"]["stage"] == stored["version"] == 3
    assert stored["dueAt"] == stored["timer"]["startedAt"] + timedelta(hours=72) != delivery_due
    assert ok(api.get("/me", designer))["availability"]["active"] == 1
    assert ok(act(api, customer, rid, "approve"))["status"] == "approved"
