"""What a request document becomes: the fields a create writes, and what each action writes beyond
the status move. Pure functions of the request, the command and the time; the service resolves
what needs a lookup (files, a named designer) before it calls them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from . import workflow
from .actors import Actor
from .commands import CreateRequest
from .lifecycle import Event, Status, Transition
from .profiles import usable_email
from .records import REMOVED
from .statistics import STAT_FIELDS
from .text import blank
from .workflow import DEFAULT_SLA, Sla

Request = dict[str, Any]


def hours_between(start: datetime | None, end: datetime) -> float | None:
    """Elapsed hours from start to end, or None when start is unknown."""
    return None if start is None else (end - start).total_seconds() / 3600


SATISFIED_STARS = 4  # a rating of 4 or 5 counts as a satisfied customer


def created(  # noqa: PLR0913, PLR0917 - who, what, their files, when, and which of theirs it is
    actor: Actor,
    product: dict[str, Any],
    command: CreateRequest,
    files: dict[str, Any],
    now: datetime,
    earlier: int = 0,
) -> Request:
    """A new request, waiting for a designer, at version 1; `earlier`: how many requests the
    customer made before (counted up to 2), for the repeat-request rate."""
    return {
        "customerId": actor.uid,
        "customerName": actor.name,
        "customerEmail": None,  # contact details are kept apart until a designer claims it (contact())
        "productId": product["id"],
        "productName": product.get("name", ""),
        "productImage": product.get("imageUrl"),
        "quantity": command.quantity,
        **files,
        # No designerId (nor designerName) until one claims it: a null would put every waiting
        # request into one increasing range of the (designerId, ...) indexes, a write hotspot.
        "customizationNotes": command.notes,
        "status": Status.PENDING.value,
        "requestedAt": now,
        "createdAt": now,
        "updatedAt": now,
        "version": 1,
        "lastEvent": {"event": Event.REQUEST_CREATED.value, "actorId": actor.uid, "at": now},
        # Figures for the statistics, kept on the document so a recount reads the document alone.
        **dict.fromkeys(STAT_FIELDS, 0),
        "firstRequest": int(earlier == 0),  # counts customers
        "secondRequest": int(earlier == 1),  # counts customers who came back
    }


def contact(actor: Actor, unverified_ok: bool = False) -> Request:
    """The customer's contact details, kept out of the request while any designer may read it: an
    address only if Auth verified it (see profiles.usable_email)."""
    return {"customerEmail": usable_email(actor.email, actor.email_verified, unverified_ok)}


def moved(
    edge: Transition, request: Request, actor_id: str, now: datetime, sla: Sla = DEFAULT_SLA
) -> Request:
    """What every transition writes: the new status, the next version, who did it and when; and,
    when it starts a new stage, that stage's due time and timer (domain.workflow)."""
    version = int(request.get("version", 0)) + 1
    fields: Request = {
        "status": edge.to.value,
        "version": version,
        "updatedAt": now,
        "lastEvent": {"event": edge.event.value, "actorId": actor_id, "at": now},
    }
    source = Status(request["status"]) if request.get("status") in set(Status) else None
    if workflow.restarts_stage(edge, source):
        fields.update(workflow.stage_fields(edge.to, version, now, sla))
    return fields


def assignment(request: Request, designer: Actor, customer_contact: Request, now: datetime) -> Request:
    """A designer takes the request, and may now see how to reach the customer."""
    return {
        **customer_contact,
        "designerId": designer.uid,
        "designerName": designer.name,
        "assignedAt": now,
        "responseHours": hours_between(request.get("requestedAt"), now) or 0.0,
        "assignedCount": 1,
    }


def submission(request: Request, files: dict[str, Any], notes: str | None, now: datetime) -> Request:
    """A design is submitted for the customer's review: the current round's design and time, and no
    verdict yet (the last round's rejection stays with its revision)."""
    return {
        **files,
        "designerNotes": notes,
        "completedAt": now,
        "rejectionReason": REMOVED,
        "rejectionCommentIds": REMOVED,
        "designsSubmitted": int(request.get("designsSubmitted", 0)) + 1,
        "designedCount": 1,
    }


def _decision(request: Request, now: datetime) -> Request:
    review_hours = hours_between(request.get("completedAt"), now) or 0.0
    return {
        "decisionCount": int(request.get("decisionCount", 0)) + 1,
        "reviewHoursTotal": float(request.get("reviewHoursTotal", 0.0)) + review_hours,
    }


def approval(request: Request, now: datetime) -> Request:
    """The customer accepts the design."""
    return {
        "approvedAt": now,
        "approvalCount": 1,
        "completionHours": hours_between(request.get("requestedAt"), now) or 0.0,
        **_decision(request, now),
    }


def rejection(request: Request, reason: str, comment_ids: tuple[str, ...], now: datetime) -> Request:
    """The customer sends the design back (pointing at comments on it, if they like)."""
    return {
        "completedAt": REMOVED,  # the round of changes it opens has no design yet
        "rejectionReason": reason,
        "rejectionCommentIds": list(comment_ids),
        "rejectionCount": int(request.get("rejectionCount", 0)) + 1,
        **_decision(request, now),
    }


def rating(request: Request, stars: int, comment: str | None, now: datetime) -> Request:
    """The customer's rating of the approved design (given again, it replaces the last one), and
    what it counts for: the designer's average, and the share of satisfied customers (4 or 5)."""
    first = (request.get("rating") or {}).get("ratedAt") or now
    return {
        "rating": {
            "stars": stars,
            "comment": None if comment is None or blank(comment) else comment,
            "ratedAt": first,
            "updatedAt": now,
        },
        "ratingCount": 1,
        "ratingStars": stars,
        "satisfiedCount": int(stars >= SATISFIED_STARS),
    }


def release(request: Request, reason: str, now: datetime) -> Request:
    """The request goes back to the queue: no designer, and no contact details again while any
    designer may read it; whoever had it is remembered (auto-assignment passes them by)."""
    released = [*(request.get("releasedBy") or []), request.get("designerId")]
    return {
        "designerId": REMOVED,
        "designerName": REMOVED,
        "assignedAt": REMOVED,
        "customerEmail": None,
        "releasedBy": [uid for uid in released if uid][-MAX_RELEASED:],
        "releaseReason": reason,
        "releasedAt": now,
    }


MAX_RELEASED = 20  # designers a request remembers giving it up


def reassignment(designer: Actor, now: datetime) -> Request:
    """An admin gives the request to another designer (who may see how to reach the customer: the
    request holds the contact details since its first claim)."""
    return {"designerId": designer.uid, "designerName": designer.name, "assignedAt": now}


def more_revisions(request: Request, rounds: int, sla: Sla = DEFAULT_SLA) -> Request:
    """An admin allows more rounds of changes than the request includes."""
    return {"revisionLimit": workflow.revision_limit(request, sla) + rounds}


def cancellation(actor_id: str, reason: str | None, now: datetime) -> Request:
    """The request is withdrawn; its files are kept for a while, then removed by the clean-up."""
    return {"cancelledAt": now, "cancellationReason": reason, "cancelledBy": actor_id, "filesPurged": False}


def completion(order_id: str, now: datetime) -> Request:
    """An order was made from the approved design."""
    return {"orderId": order_id, "fulfilledAt": now}
