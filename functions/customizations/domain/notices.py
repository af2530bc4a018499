"""Who hears of an event, and in which words."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

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
}


def render(template: str, request: dict[str, Any]) -> str:
    """A message template filled from the request's fields (a missing field reads as empty)."""
    return template.format_map(defaultdict(str, {k: v for k, v in request.items() if v is not None}))


def recipient_ids(occurrence: Occurrence) -> set[str]:
    """Who hears of an event (every designer for a new request: looked up by the fan-out)."""
    request = occurrence.after or {}
    customer, designer = request.get("customerId"), request.get("designerId")
    match occurrence.event:
        case Event.DESIGNER_ASSIGNED | Event.DESIGN_COMPLETED:
            ids = {customer}
        case Event.DESIGN_APPROVED | Event.DESIGN_REJECTED:
            ids = {designer}
        case Event.REQUEST_CANCELLED:
            ids = {customer, designer} - {occurrence.actor_id}
        case Event.REQUEST_COMPLETED:
            ids = {customer, designer}
        case _:
            ids = set()
    return {str(uid) for uid in ids if uid}
