"""Who hears of an event, and in which words."""

from __future__ import annotations

import enum
from collections import defaultdict
from typing import Any

from .actors import SYSTEM
from .events import Occurrence
from .lifecycle import Event, Status
from .text import as_one_line

# What each event tells its recipients; fields come from the request after the event.
MESSAGES: dict[Event, tuple[str, str]] = {
    Event.REQUEST_CREATED: ("New customization request", "{customerName} asked for a custom {productName}."),
    Event.DESIGNER_ASSIGNED: ("A designer is on it", "{designerName} is working on your {productName}."),
    Event.DESIGN_COMPLETED: ("Your design is ready", "Review the design for your {productName}."),
    Event.DESIGN_APPROVED: ("Design approved", "{customerName} approved the design for {productName}."),
    Event.DESIGN_REJECTED: ("Changes requested", "{customerName} asked for changes: {rejectionReason}"),
    Event.REQUEST_CANCELLED: ("Request cancelled", "The request for {productName} was cancelled."),
    Event.REQUEST_COMPLETED: ("Order placed", "Order {orderId} was made from the design for {productName}."),
    Event.REQUEST_RATED: (
        "Your design was rated",
        "{customerName} gave the {productName} {ratingStars} of 5.",
    ),
    Event.MESSAGE_POSTED: ("New message about {productName}", "{authorName}: {text}"),
    Event.COMMENT_ADDED: ("New comment on design {revision} of {productName}", "{authorName}: {text}"),
    Event.DESIGNER_RELEASED: (
        "Back in the queue",
        "The request for {productName} is waiting for a designer again: {releaseReason}",
    ),
    Event.DESIGNER_REASSIGNED: (
        "A new designer",
        "{designerName} now works on the request for {productName}.",
    ),
    Event.REVISION_ALLOWED: (
        "More changes allowed",
        "Changes to the {productName} may now be asked for {revisionLimit} times in all.",
    ),
    # The timed notices say what is owed by when: their words depend on the stage (TIMED_MESSAGES).
    Event.REQUEST_REMINDER: ("Reminder", "The request for {productName} is due by {dueAt}."),
    Event.REQUEST_OVERDUE: ("Overdue", "The request for {productName} was due by {dueAt}."),
}

# The words of what the system did on its own (the actor `system`): a default outcome, a claim
# taken back.
SYSTEM_MESSAGES: dict[Event, tuple[str, str]] = {
    Event.DESIGN_APPROVED: (
        "Design approved automatically",
        "No decision came in the approval window: the design for {productName} is approved.",
    ),
    Event.REQUEST_CANCELLED: (
        "Request cancelled automatically",
        "No decision came in the approval window: the request for {productName} is cancelled.",
    ),
    Event.DESIGNER_RELEASED: (
        "Claim taken back",
        "The request for {productName} went back to the queue: {releaseReason}",
    ),
}
# The timed notices' words, by the stage they come in and the step (domain.workflow); the fields
# beyond the request's own are workflow.notice_words(): dueAt, decideAt, outcome, afterwards.
TIMED_MESSAGES: dict[tuple[Status, str], tuple[str, str]] = {
    (Status.PENDING, "remind"): (
        "A request is waiting",
        "{customerName}'s request for a custom {productName} is due to be claimed by {dueAt}.",
    ),
    (Status.IN_PROGRESS, "remind"): (
        "Design due soon",
        "The design for the {productName} is due by {dueAt}.",
    ),
    (Status.AWAITING_APPROVAL, "remind"): (
        "Your review is due soon",
        "Please approve the {productName} design or ask for changes by {dueAt}.{afterwards}",
    ),
    (Status.AWAITING_APPROVAL, "warn"): (
        "Last call for your review",
        "Without your answer, the {productName} design will be {outcome} on {decideAt}.",
    ),
    (Status.PENDING, "overdue"): (
        "Overdue: no designer yet",
        "{customerName}'s request for a custom {productName} was due to be claimed by {dueAt}.",
    ),
    (Status.IN_PROGRESS, "overdue"): (
        "Overdue: design",
        "The design for the {productName} ({designerName}) was due by {dueAt}.",
    ),
    (Status.AWAITING_APPROVAL, "overdue"): (
        "Overdue: review",
        "The review of the {productName} design ({customerName}) was due by {dueAt}.{afterwards}",
    ),
}


MAX_FIELD_CHARS = 200  # of any one field in a message: a reason is quoted, not reproduced


def render(template: str, request: dict[str, Any]) -> str:
    """A message template filled from the request's fields (a missing field reads as empty), each
    on one line, bounded: messages go out as pushes and mail (plain text, as written)."""
    fields = {k: as_one_line(v, MAX_FIELD_CHARS) for k, v in request.items() if v is not None}
    return template.format_map(defaultdict(str, fields))


class Audience(enum.StrEnum):
    """Whom an event is told to."""

    CUSTOMER = "customer"  # the request's customer
    DESIGNER = "designer"  # the request's designer, once it has one
    # Every designer: told without a document per designer, whatever their number. The request is
    # its own announcement in each designer's inbox (domain.inbox), and one push goes to a topic.
    EVERY_DESIGNER = "every designer"
    PREVIOUS_DESIGNER = "previous designer"  # the one who had it, when a write takes it from them
    ADMINS = "admins"  # every admin (a handful: a notification each)


# Who hears of each event.
AUDIENCES: dict[Event, frozenset[Audience]] = {
    Event.REQUEST_CREATED: frozenset({Audience.EVERY_DESIGNER}),
    Event.DESIGNER_ASSIGNED: frozenset({Audience.CUSTOMER}),
    Event.DESIGN_COMPLETED: frozenset({Audience.CUSTOMER}),
    Event.DESIGN_APPROVED: frozenset({Audience.DESIGNER}),
    Event.DESIGN_REJECTED: frozenset({Audience.DESIGNER}),
    Event.REQUEST_CANCELLED: frozenset({Audience.CUSTOMER, Audience.DESIGNER}),
    Event.REQUEST_COMPLETED: frozenset({Audience.CUSTOMER, Audience.DESIGNER}),
    Event.REQUEST_RATED: frozenset({Audience.DESIGNER}),
    Event.MESSAGE_POSTED: frozenset({Audience.CUSTOMER, Audience.DESIGNER}),
    Event.COMMENT_ADDED: frozenset({Audience.CUSTOMER, Audience.DESIGNER}),
    Event.DESIGNER_RELEASED: frozenset(
        {Audience.CUSTOMER, Audience.PREVIOUS_DESIGNER, Audience.EVERY_DESIGNER}
    ),
    Event.DESIGNER_REASSIGNED: frozenset({Audience.CUSTOMER, Audience.DESIGNER, Audience.PREVIOUS_DESIGNER}),
    Event.REVISION_ALLOWED: frozenset({Audience.CUSTOMER, Audience.DESIGNER}),
    # Timed notices: whoever owes the next step (TIMED_AUDIENCES), and admins of what is overdue.
    Event.REQUEST_REMINDER: frozenset(),
    Event.REQUEST_OVERDUE: frozenset({Audience.ADMINS}),
}
# A default outcome is told to the customer too (they did not take it).
SYSTEM_AUDIENCES: dict[Event, frozenset[Audience]] = {
    Event.DESIGN_APPROVED: frozenset({Audience.CUSTOMER, Audience.DESIGNER}),
    Event.REQUEST_CANCELLED: frozenset({Audience.CUSTOMER, Audience.DESIGNER}),
}
# Who owes the next step in each stage: told of its reminders, and of it being overdue.
TIMED_AUDIENCES: dict[Status, Audience] = {
    Status.PENDING: Audience.EVERY_DESIGNER,
    Status.IN_PROGRESS: Audience.DESIGNER,
    Status.AWAITING_APPROVAL: Audience.CUSTOMER,
}
# The FCM topic every designer's devices subscribe to.
DESIGNERS_TOPIC = "designers"
# Events told only the first time: a field the request had before the event says it was told then.
TOLD_ONCE: dict[Event, str] = {Event.REQUEST_RATED: "rating"}  # a changed rating is not news
# Events told to "the other party": whoever took the action is not told of it.
NOT_TOLD_TO_THE_ACTOR: frozenset[Event] = frozenset(
    {Event.REQUEST_CANCELLED, Event.MESSAGE_POSTED, Event.COMMENT_ADDED, Event.DESIGNER_RELEASED}
)


def _stage(request: dict[str, Any]) -> Status | None:
    try:
        return Status(str(request.get("status")))
    except ValueError:
        return None


def audience(occurrence: Occurrence) -> frozenset[Audience]:
    """Whom this occurrence is told to (a timed notice: whoever owes the stage's next step)."""
    if occurrence.event is None:
        return frozenset()
    found = AUDIENCES[occurrence.event]
    if occurrence.actor_id == SYSTEM.uid:
        found = SYSTEM_AUDIENCES.get(occurrence.event, found)
    stage = _stage(occurrence.after or {})
    if occurrence.event in (Event.REQUEST_REMINDER, Event.REQUEST_OVERDUE) and stage in TIMED_AUDIENCES:
        found = found | {TIMED_AUDIENCES[stage]}
    return found


def message(occurrence: Occurrence) -> tuple[str, str]:
    """The title and body templates of this occurrence's notification."""
    if occurrence.event is None:
        return "", ""
    stage, step = _stage(occurrence.after or {}), ((occurrence.after or {}).get("timer") or {}).get("done")
    if occurrence.event in (Event.REQUEST_REMINDER, Event.REQUEST_OVERDUE) and stage is not None:
        return TIMED_MESSAGES.get((stage, str(step)), MESSAGES[occurrence.event])
    if occurrence.actor_id == SYSTEM.uid and occurrence.event in SYSTEM_MESSAGES:
        return SYSTEM_MESSAGES[occurrence.event]
    return MESSAGES[occurrence.event]


def recipient_ids(occurrence: Occurrence) -> set[str]:
    """The uids an event is told to by name (every designer and admins are told otherwise)."""
    if occurrence.event is None:
        return set()
    told_before = TOLD_ONCE.get(occurrence.event)
    if told_before is not None and (occurrence.before or {}).get(told_before):
        return set()
    request, before = occurrence.after or {}, occurrence.before or {}
    told = audience(occurrence)
    ids = {request.get("customerId") if Audience.CUSTOMER in told else None}
    ids.add(request.get("designerId") if Audience.DESIGNER in told else None)
    if Audience.PREVIOUS_DESIGNER in told and before.get("designerId") != request.get("designerId"):
        ids.add(before.get("designerId"))
    if occurrence.event in NOT_TOLD_TO_THE_ACTOR:
        ids.discard(occurrence.actor_id)
    return {str(uid) for uid in ids if uid}
