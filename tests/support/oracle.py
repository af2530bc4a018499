"""What a request's history owes, written out from the product's rules independently of the code
under test: the stateful test and the soak check the trigger's output against it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from customizations.domain.lifecycle import Event
from google.cloud.firestore_v1.base_query import FieldFilter


def owed_notifications(
    events: list[tuple[Event, str]], owner: str, designer_id: str | None
) -> set[tuple[int, str]]:
    """(version, recipient) for every notification document a history owes; events are (event,
    actor) in version order. A new request owes none: every designer sees it as an announcement,
    the request itself (owed_announcements); a rating owes one the first time only."""
    owed: set[tuple[int, str]] = set()
    designer: str | None = None
    told: set[Event] = set()
    for version, (event, actor) in enumerate(events, start=1):
        if event is Event.DESIGNER_ASSIGNED:
            designer = designer_id  # set by the claim, never changed after
        if event is Event.REQUEST_RATED and event in told:
            continue  # a changed rating is not news: only the first is told
        told.add(event)
        recipients: set[str | None] = {
            Event.REQUEST_CREATED: set(),
            Event.DESIGNER_ASSIGNED: {owner},
            Event.DESIGN_COMPLETED: {owner},
            Event.DESIGN_APPROVED: {designer},
            Event.DESIGN_REJECTED: {designer},
            Event.REQUEST_CANCELLED: {owner, designer} - {actor},
            Event.REQUEST_COMPLETED: {owner, designer},
            Event.REQUEST_RATED: {designer},
        }[event]
        owed |= {(version, uid) for uid in recipients if uid}
    return owed


def notifications_written(db: Any, request_id: str) -> Counter[tuple[int, str]]:
    """(version, recipient) -> how many notifications of the request exist."""
    query = db.collection("notifications").where(filter=FieldFilter("requestId", "==", request_id))
    return Counter((s.get("version"), s.get("recipientId")) for s in query.stream())


def owed_announcements(request_ids: list[str]) -> set[str]:
    """The notification ids every designer's inbox owes for these new requests."""
    return {f"{request_id}-v1" for request_id in request_ids}
