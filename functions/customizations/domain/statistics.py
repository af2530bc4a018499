"""Statistics: what each request contributes to the figures, and the figures read back.

Figures over a customer's requests, and over all of them, are recounted from the requests by
Firestore aggregation queries (count and sum) when asked for (the global figures cached for a few
minutes): nothing is written per event for them, so no customer's and no global document is ever
hot. Each designer has one counter document (their load), kept by the event trigger, which adds
contribution(after) - contribution(before) of each write: a designer acts at a human pace, and an
admin's least-loaded-first list of designers needs their load as a field to order by. The daily
reconciliation compares each touched designer's counters with a recount at one read time.
"""

from __future__ import annotations

from typing import Any

from .lifecycle import Status

# Numbers each request carries (written by the service with each transition) so that a request's
# contribution to the figures is read off the document alone: counts of events and hours elapsed,
# all starting at zero.
STAT_FIELDS = (
    "assignedCount",  # 1 once claimed
    "responseHours",  # requested -> claimed
    "designsSubmitted",  # uploadFinal count
    "designedCount",  # 1 once a design was submitted
    "decisionCount",  # customer approvals + rejections
    "approvalCount",  # 1 once approved
    "rejectionCount",
    "reviewHoursTotal",  # design submitted -> customer decision, summed over decisions
    "completionHours",  # requested -> approved
    "ratingCount",  # 1 once rated
    "ratingStars",  # the rating, 1 to 5
    "satisfiedCount",  # 1 if rated 4 or 5
    "firstRequest",  # 1 on a customer's first request: counts customers
    "secondRequest",  # 1 on their second: counts customers who came back
)

ACTIVE = (Status.IN_PROGRESS, Status.AWAITING_APPROVAL)  # a designer's work in hand


def contribution(request: dict[str, Any] | None) -> dict[str, float]:
    """What one request adds to the figures it counts in (`active` when in a designer's hands)."""
    if request is None:
        return {}
    figures: dict[str, float] = {"total": 1, f"byStatus.{request['status']}": 1}
    if request["status"] in ACTIVE:
        figures["active"] = 1
    for name in STAT_FIELDS:
        value = request.get(name) or 0
        if value:
            figures[name] = value
    return figures


def designer_of(request: dict[str, Any] | None) -> str | None:
    """The designer whose counters a request counts in (None until one claims it)."""
    return str(request["designerId"]) if request and request.get("designerId") else None


def designer_delta(
    before: dict[str, Any] | None, after: dict[str, Any] | None
) -> dict[str, dict[str, float]]:
    """designer uid -> field -> increment that turns a designer's counters including `before` into
    ones including `after` (a reassignment moves the request from one designer to the other)."""
    old_owner, new_owner = designer_of(before), designer_of(after)
    old, new = contribution(before), contribution(after)
    if old_owner == new_owner:
        deltas = {old_owner: difference(new, old)} if old_owner else {}
    else:
        deltas = {}
        if old_owner:
            deltas[old_owner] = difference({}, old)
        if new_owner:
            deltas[new_owner] = difference(new, {})
    return {uid: changes for uid, changes in deltas.items() if changes}


def difference(want: dict[str, float], have: dict[str, float]) -> dict[str, float]:
    """field -> want - have, for the fields where they differ by more than float rounding."""
    return {
        name: want.get(name, 0) - have.get(name, 0)
        for name in set(want) | set(have)
        if abs(want.get(name, 0) - have.get(name, 0)) > ROUNDING
    }


# Hours are floats summed in varying orders: a smaller difference is rounding, not drift.
ROUNDING = 1e-9


def tally(requests: list[dict[str, Any]]) -> dict[str, float]:
    """The counters of these requests, summed (what an aggregation over them says)."""
    totals: dict[str, float] = {}
    for request in requests:
        add_into(totals, contribution(request))
    return totals


def add_into(totals: dict[str, float], figures: dict[str, float]) -> None:
    """Sum figures into totals, field by field."""
    for name, value in figures.items():
        totals[name] = totals.get(name, 0) + value


def _ratio(part: float, whole: float) -> float | None:
    return None if not whole else round(float(part) / float(whole), 4)


def _average_completion(counters: dict[str, float]) -> float | None:
    # completionHours is set once, on approval: hours from request to approved design.
    return _ratio(counters.get("completionHours", 0), counters.get("approvalCount", 0))


def summary(counters: dict[str, float]) -> dict[str, Any]:
    """The figures of GET /customizations/stats from one scope's summed counters."""
    by_status = {status.value: int(counters.get(f"byStatus.{status.value}", 0)) for status in Status}
    decisions = counters.get("decisionCount", 0)
    return {
        "total": int(counters.get("total", 0)),
        "byStatus": by_status,
        "approvalRate": _ratio(counters.get("approvalCount", 0), decisions),
        "rejectionRate": _ratio(counters.get("rejectionCount", 0), decisions),
        "averageCompletionHours": _average_completion(counters),
        "averageResponseHours": _ratio(counters.get("responseHours", 0), counters.get("assignedCount", 0)),
        "averageReviewHours": _ratio(counters.get("reviewHoursTotal", 0), decisions),
        "revisionsPerRequest": _ratio(counters.get("designsSubmitted", 0), counters.get("designedCount", 0)),
        "averageRating": _ratio(counters.get("ratingStars", 0), counters.get("ratingCount", 0)),
        "satisfactionRate": _ratio(counters.get("satisfiedCount", 0), counters.get("ratingCount", 0)),
        "repeatRequestRate": _ratio(counters.get("secondRequest", 0), counters.get("firstRequest", 0)),
    }


def workload(designer_id: str, name: str | None, counters: dict[str, float]) -> dict[str, Any]:
    """One designer's load from their scope's counters."""
    figures = summary(counters)["byStatus"]
    in_progress = figures[Status.IN_PROGRESS.value]
    awaiting = figures[Status.AWAITING_APPROVAL.value]
    return {
        "designerId": designer_id,
        "designerName": name,
        "active": in_progress + awaiting,
        "inProgress": in_progress,
        "awaitingApproval": awaiting,
        "completedTotal": figures[Status.APPROVED.value] + figures[Status.COMPLETED.value],
        "averageCompletionHours": _average_completion(counters),
        "averageRating": _ratio(counters.get("ratingStars", 0), counters.get("ratingCount", 0)),
        "ratingCount": int(counters.get("ratingCount", 0)),
    }
