"""Statistics as counters: what each request contributes to each scope, and the figures read back.

A request contributes to the global scope, to its customer's and, once claimed, to its designer's:
one to `total`, one to `byStatus.<status>`, and its own figures (STAT_FIELDS, kept on the request by
the service). The trigger adds contribution(after) - contribution(before) to each scope, so counters
always equal a recount of the requests, which the daily reconciliation checks and repairs.
"""

from __future__ import annotations

import hashlib
from typing import Any

from .lifecycle import Status

# Numbers each request carries (written by the service with each transition) so that a request's
# contribution to the counters is read off the document alone: counts of events and hours elapsed,
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
)

GLOBAL = "global"
GLOBAL_SHARDS = 8  # every event touches the global counters: spread them over documents


def customer_scope(uid: str) -> str:
    """The counters of one customer's requests."""
    return f"customer_{uid}"


def designer_scope(uid: str) -> str:
    """The counters of the requests assigned to one designer."""
    return f"designer_{uid}"


def owner_of(scope: str) -> str | None:
    """The user a scope describes (who may read it), None for the global one."""
    return None if scope == GLOBAL else scope.split("_", 1)[1]


def shard_count(scope: str) -> int:
    """How many shard documents hold a scope's counters."""
    return GLOBAL_SHARDS if scope == GLOBAL else 1


def shard_for(scope: str, key: str) -> int:
    """The shard an event's increments go to: spread, and the same on every redelivery."""
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % shard_count(scope)


def scopes_of(request: dict[str, Any] | None) -> list[str]:
    """The scopes a request counts in."""
    if request is None:
        return []
    scopes = [GLOBAL, customer_scope(str(request["customerId"]))]
    if request.get("designerId"):
        scopes.append(designer_scope(str(request["designerId"])))
    return scopes


def contribution(request: dict[str, Any] | None) -> dict[str, float]:
    """What one request adds to each scope it counts in."""
    if request is None:
        return {}
    figures: dict[str, float] = {"total": 1, f"byStatus.{request['status']}": 1}
    for name in STAT_FIELDS:
        value = request.get(name) or 0
        if value:
            figures[name] = value
    return figures


def delta(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, dict[str, float]]:
    """scope -> field -> increment that turns counters including `before` into ones including `after`."""
    result: dict[str, dict[str, float]] = {}
    old_scopes, new_scopes = set(scopes_of(before)), set(scopes_of(after))
    old, new = contribution(before), contribution(after)
    for scope in old_scopes | new_scopes:
        mine_old = old if scope in old_scopes else {}
        mine_new = new if scope in new_scopes else {}
        changes = {
            name: mine_new.get(name, 0) - mine_old.get(name, 0)
            for name in set(mine_old) | set(mine_new)
            if mine_new.get(name, 0) != mine_old.get(name, 0)
        }
        if changes:
            result[scope] = changes
    return result


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
    }
