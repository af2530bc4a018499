"""Designers' load deltas: applying the delta of every write always equals a recount of their
requests, reassignments included; figures read back from counters."""

import random

from customizations.domain import statistics
from customizations.domain.lifecycle import TRANSITIONS, Status


def request(status, designer=None, **figures):
    return {"customerId": "c1", "designerId": designer, "status": status, **figures}


def test_a_request_no_designer_has_claimed_counts_in_no_load():
    assert statistics.designer_delta(None, request("pending_designer_review")) == {}


def test_claiming_starts_the_designers_load_with_the_request_active():
    before = request("pending_designer_review")
    after = request("in_progress", "d1", assignedCount=1, responseHours=2.0)
    assert statistics.designer_delta(before, after) == {
        "d1": {
            "total": 1,
            "byStatus.in_progress": 1,
            "active": 1,
            "assignedCount": 1,
            "responseHours": 2.0,
        }
    }


def test_approval_takes_the_request_out_of_the_designers_active_work():
    before = request("awaiting_customer_approval", "d1", assignedCount=1)
    after = request("approved", "d1", assignedCount=1, approvalCount=1)
    assert statistics.designer_delta(before, after) == {
        "d1": {
            "byStatus.awaiting_customer_approval": -1,
            "byStatus.approved": 1,
            "active": -1,
            "approvalCount": 1,
        }
    }


def test_a_reassignment_moves_the_request_from_one_load_to_the_other():
    before = request("in_progress", "d1", assignedCount=1)
    after = request("in_progress", "d2", assignedCount=1)
    moved = {"total": 1, "byStatus.in_progress": 1, "active": 1, "assignedCount": 1}
    assert statistics.designer_delta(before, after) == {"d1": {k: -v for k, v in moved.items()}, "d2": moved}


def test_summary_turns_counters_into_rates_and_averages():
    figures = statistics.summary(
        {
            "total": 4,
            "byStatus.approved": 1,
            "approvalCount": 1,
            "rejectionCount": 3,
            "decisionCount": 4,
            "completionHours": 10.0,
            "designsSubmitted": 5,
            "designedCount": 2,
        }
    )
    assert figures["total"] == 4 and figures["byStatus"]["approved"] == 1
    assert (figures["approvalRate"], figures["rejectionRate"]) == (0.25, 0.75)
    assert figures["averageCompletionHours"] == 10.0 and figures["revisionsPerRequest"] == 2.5
    assert figures["averageResponseHours"] is None


def test_random_histories_keep_designers_loads_equal_to_a_recount():
    rng = random.Random(7)
    requests = {}
    counters: dict[str, dict[str, float]] = {}

    def apply(before, after):
        for uid, changes in statistics.designer_delta(before, after).items():
            statistics.add_into(counters.setdefault(uid, {}), changes)

    for _ in range(400):
        rid = rng.randrange(30)
        before = requests.get(rid)
        if before is None:
            after = {
                "customerId": f"c{rng.randrange(4)}",
                "designerId": None,
                "status": Status.PENDING.value,
                "version": 1,
            }
        else:
            edges = [
                (a, t) for (s, a), t in TRANSITIONS.items() if s is not None and s.value == before["status"]
            ]
            if not edges:
                continue
            _, edge = rng.choice(edges)
            after = {**before, "status": edge.to.value, "version": before["version"] + 1}
            if edge.to is Status.IN_PROGRESS and (not before["designerId"] or rng.random() < 0.2):
                after["designerId"] = f"d{rng.randrange(3)}"  # a claim, or now and then a reassignment
                after["assignedCount"] = 1
            after["decisionCount"] = before.get("decisionCount", 0) + (edge.to is Status.APPROVED)
        requests[rid] = after
        apply(before, after)

    designers = {req["designerId"] for req in requests.values() if req.get("designerId")}
    recount = {
        uid: statistics.tally([r for r in requests.values() if r.get("designerId") == uid])
        for uid in designers
    }
    nonzero = {s: {k: v for k, v in c.items() if v} for s, c in counters.items()}
    assert {s: c for s, c in nonzero.items() if c} == recount
