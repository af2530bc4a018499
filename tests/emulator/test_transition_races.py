"""Two parties acting on one request at the same moment: the lifecycle table decides, once.

Each race sends both calls together (released by a barrier, one connection each, from callers whose
workers are warm) and shows that they were in flight at once; it runs several times, on a fresh
request each time. Whichever commit lands first, what must hold every time: the
loser is refused with the status and code the table gives and changes nothing, no step is lost or
applied twice, and the audit trail, the notifications and the counters record each successful step
exactly once.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import requests
from customizations.domain.lifecycle import Event

from tests.support.emulators import (
    Api,
    User,
    act,
    counters_equal_recount,
    file_ref,
    firestore_client,
    ok,
    wait_for_triggers,
)
from tests.support.oracle import notifications_written, owed_notifications

RUNS = 5


def at_once(*calls: Callable[[], requests.Response]) -> list[requests.Response]:
    """Run the calls concurrently, released together, and show that they were: every call was sent
    before any had its answer (each in flight at once), else the race proved nothing."""
    barrier = threading.Barrier(len(calls))
    spans: list[tuple[float, float]] = []

    def run(call: Callable[[], requests.Response]) -> requests.Response:
        barrier.wait()
        sent = time.perf_counter()
        response = call()
        spans.append((sent, time.perf_counter()))
        return response

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        responses = list(pool.map(run, calls))
    assert max(sent for sent, _ in spans) < min(answered for _, answered in spans), (
        f"the calls did not overlap: {spans}"
    )
    return responses


def warm(*users: User) -> None:
    """One call per racer at once before the races, so that the Functions emulator has a warm worker
    for each concurrent call and knows each caller: a first call is slower than a whole transition,
    and a race of a cold call against a warm one is no race (as in test_claim_race)."""
    at_once(*(partial(Api().get, "/customizations", user) for user in users))


def awaiting_approval(api: Api, customer: User, designer: User, new_request: Callable[..., Any]) -> str:
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    ok(act(api, designer, rid, "uploadFinal", designerFinalFile=file_ref(designer, "designer_final")))
    return str(rid)


def effects_once(api: Api, owner: User, rid: str, events: list[tuple[Event, str]], designer: str) -> None:
    """Once the trigger settled: the audit trail is exactly these events, and every notification
    they owe exists once."""
    wait_for_triggers()
    trail = ok(api.get(f"/customizations/{rid}/events", owner))
    assert [(e["event"], e["actorId"]) for e in trail] == [(e.value, uid) for e, uid in events]
    written = notifications_written(firestore_client(), rid)
    assert all(count == 1 for count in written.values()), written
    assert set(written) == owed_notifications(events, owner.uid, designer)


def test_an_approval_racing_a_cancellation_leaves_exactly_one_of_them(
    api, customer, designer, admin, new_request
):
    outcomes = set()
    warm(customer, admin)
    for _ in range(RUNS):
        rid = awaiting_approval(api, customer, designer, new_request)
        approve, cancel = at_once(
            partial(act, Api(), customer, rid, "approve"),
            partial(act, Api(), admin, rid, "cancel", reason="Out of stock"),
        )
        statuses = (approve.status_code, cancel.status_code)
        assert sorted(statuses) == [200, 409], (approve.text, cancel.text)
        winner, loser = (approve, cancel) if approve.status_code == 200 else (cancel, approve)
        assert loser.json()["error"]["code"] == "INVALID_TRANSITION"
        won = ok(winner)
        assert won["version"] == 4
        stored = ok(api.get(f"/customizations/{rid}", admin))
        assert (stored["status"], stored["version"]) == (won["status"], 4)
        last = (
            (Event.DESIGN_APPROVED, customer.uid)
            if winner is approve
            else (Event.REQUEST_CANCELLED, admin.uid)
        )
        history = [
            (Event.REQUEST_CREATED, customer.uid),
            (Event.DESIGNER_ASSIGNED, designer.uid),
            (Event.DESIGN_COMPLETED, designer.uid),
            last,
        ]
        effects_once(api, customer, rid, history, designer.uid)
        outcomes.add(won["status"])
    counters_equal_recount()
    print(f"\nraces: approve vs cancel, winners' statuses {sorted(outcomes)}")


def test_a_cancellation_racing_a_submission_on_the_same_version_leaves_exactly_one_of_them(
    api, customer, designer, new_request
):
    """Both callers act on the version they read (If-Match), as a client does: one wins, the other
    learns the request moved on (412)."""
    warm(customer, designer)
    for _ in range(RUNS):
        rid = new_request()["id"]
        version = ok(act(api, designer, rid, "assign"))["version"]
        final = file_ref(designer, "designer_final")
        match = {"If-Match": str(version)}
        path = f"/customizations/{rid}"
        cancel, submit = at_once(
            partial(Api().patch, path, customer, {"action": "cancel"}, headers=match),
            partial(
                Api().patch,
                path,
                designer,
                {"action": "uploadFinal", "designerFinalFile": final},
                headers=match,
            ),
        )
        assert sorted((cancel.status_code, submit.status_code)) == [200, 412], (cancel.text, submit.text)
        winner, loser = (cancel, submit) if cancel.status_code == 200 else (submit, cancel)
        assert loser.json()["error"]["code"] == "PRECONDITION_FAILED"
        stored = ok(api.get(f"/customizations/{rid}", customer))
        assert (stored["status"], stored["version"]) == (ok(winner)["status"], 3)
        last = (
            (Event.REQUEST_CANCELLED, customer.uid)
            if winner is cancel
            else (Event.DESIGN_COMPLETED, designer.uid)
        )
        history = [(Event.REQUEST_CREATED, customer.uid), (Event.DESIGNER_ASSIGNED, designer.uid), last]
        effects_once(api, customer, rid, history, designer.uid)
    counters_equal_recount()


def test_a_cancellation_racing_a_submission_is_never_lost_nor_applied_twice(
    api, customer, designer, new_request
):
    """Without If-Match, both orders are legal: a cancel first refuses the submission (409), a
    submission first is then cancelled too (awaiting approval can be cancelled). Either way each
    successful call is one version and one audit entry."""
    orders = set()
    warm(customer, designer)
    for _ in range(RUNS):
        rid = new_request()["id"]
        ok(act(api, designer, rid, "assign"))
        final = file_ref(designer, "designer_final")
        cancel, submit = at_once(
            partial(act, Api(), customer, rid, "cancel"),
            partial(act, Api(), designer, rid, "uploadFinal", designerFinalFile=final),
        )
        stored = ok(api.get(f"/customizations/{rid}", customer))
        history = [(Event.REQUEST_CREATED, customer.uid), (Event.DESIGNER_ASSIGNED, designer.uid)]
        if submit.status_code == 409:  # the cancel landed first
            assert submit.json()["error"]["code"] == "INVALID_TRANSITION"
            assert ok(cancel)["version"] == 3
            history.append((Event.REQUEST_CANCELLED, customer.uid))
            orders.add("cancel, then the submission refused")
        else:  # the submission landed first, then the cancel
            assert (ok(submit)["version"], ok(cancel)["version"]) == (3, 4)
            history += [(Event.DESIGN_COMPLETED, designer.uid), (Event.REQUEST_CANCELLED, customer.uid)]
            orders.add("submission, then cancel")
        assert (stored["status"], stored["version"]) == ("cancelled", len(history))
        effects_once(api, customer, rid, history, designer.uid)
    counters_equal_recount()
    print(f"\nraces: cancel vs uploadFinal, orders seen {sorted(orders)}")
