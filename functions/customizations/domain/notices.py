"""Who hears of an event, and in which words."""

from __future__ import annotations

import enum
from collections import defaultdict
from typing import Any

from .actors import plain_text
from .events import Occurrence
from .lifecycle import Event

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
}


MAX_FIELD_CHARS = 200  # of any one field in a message: a reason is quoted, not reproduced


def render(template: str, request: dict[str, Any]) -> str:
    """A message template filled from the request's fields (a missing field reads as empty), each
    as plain text on one line, bounded: messages go out as pushes and mail."""
    fields = {k: plain_text(v, MAX_FIELD_CHARS) for k, v in request.items() if v is not None}
    return template.format_map(defaultdict(str, fields))


class Audience(enum.StrEnum):
    """Whom an event is told to."""

    CUSTOMER = "customer"  # the request's customer
    DESIGNER = "designer"  # the request's designer, once it has one
    # Every designer: told without a document per designer, whatever their number. The request is
    # its own announcement in each designer's inbox (domain.inbox), and one push goes to a topic.
    EVERY_DESIGNER = "every designer"


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
}
# The FCM topic every designer's devices subscribe to.
DESIGNERS_TOPIC = "designers"
# Events told only the first time: a field the request had before the event says it was told then.
TOLD_ONCE: dict[Event, str] = {Event.REQUEST_RATED: "rating"}  # a changed rating is not news
# Events told to "the other party": whoever took the action is not told of it.
NOT_TOLD_TO_THE_ACTOR: frozenset[Event] = frozenset(
    {Event.REQUEST_CANCELLED, Event.MESSAGE_POSTED, Event.COMMENT_ADDED}
)


def recipient_ids(occurrence: Occurrence) -> set[str]:
    """The uids an event is told to by name (every designer is told otherwise: Audience)."""
    if occurrence.event is None:
        return set()
    told_before = TOLD_ONCE.get(occurrence.event)
    if told_before is not None and (occurrence.before or {}).get(told_before):
        return set()
    request = occurrence.after or {}
    audience = AUDIENCES[occurrence.event]
    ids = {request.get("customerId") if Audience.CUSTOMER in audience else None}
    ids.add(request.get("designerId") if Audience.DESIGNER in audience else None)
    if occurrence.event in NOT_TOLD_TO_THE_ACTOR:
        ids.discard(occurrence.actor_id)
    return {str(uid) for uid in ids if uid}
