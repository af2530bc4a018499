"""Counter deltas: applying the delta of every write always equals a recount of the requests."""

import random

from customizations.domain import statistics
from customizations.domain.lifecycle import TRANSITIONS, Status


def request(status, designer=None, **figures):
    return {"customerId": "c1", "designerId": designer, "status": status, **figures}


def test_creating_a_request_counts_it_globally_and_for_its_customer():
    delta = statistics.delta(None, request("pending_designer_review"))
    expected = {"total": 1, "byStatus.pending_designer_review": 1}
    assert delta == {"global": expected, "customer_c1": expected}


def test_claiming_moves_the_status_and_starts_the_designers_counters():
    before = request("pending_designer_review")
    after = request("in_progress", "d1", assignedCount=1, responseHours=2.0)
    delta = statistics.delta(before, after)
    moved = {
        "byStatus.pending_designer_review": -1,
        "byStatus.in_progress": 1,
        "assignedCount": 1,
        "responseHours": 2.0,
    }
    assert delta["global"] == moved and delta["customer_c1"] == moved
    assert delta["designer_d1"] == {
        "total": 1,
        "byStatus.in_progress": 1,
        "assignedCount": 1,
        "responseHours": 2.0,
    }


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


def test_random_histories_keep_counters_equal_to_a_recount():
    rng = random.Random(7)
    requests = {}
    counters: dict[str, dict[str, float]] = {}

    def apply(before, after):
        for scope, changes in statistics.delta(before, after).items():
            statistics.add_into(counters.setdefault(scope, {}), changes)

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
            if edge.to is Status.IN_PROGRESS and not before["designerId"]:
                after["designerId"] = f"d{rng.randrange(3)}"
                after["assignedCount"] = 1
            after["decisionCount"] = before.get("decisionCount", 0) + (edge.to is Status.APPROVED)
        requests[rid] = after
        apply(before, after)

    recount: dict[str, dict[str, float]] = {}
    for req in requests.values():
        for scope in statistics.scopes_of(req):
            statistics.add_into(recount.setdefault(scope, {}), statistics.contribution(req))
    nonzero = {s: {k: v for k, v in c.items() if v} for s, c in counters.items()}
    assert {s: c for s, c in nonzero.items() if c} == recount
