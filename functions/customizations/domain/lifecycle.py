"""The request lifecycle as data: one table of (status, action) -> (next status, who may, event).

The service, the API and the event trigger all read this table; no transition is restated elsewhere.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Role(enum.StrEnum):
    """A user's role, from the ID token's custom claim `role` (no claim means customer)."""

    CUSTOMER = "customer"
    DESIGNER = "designer"
    ADMIN = "admin"


class Status(enum.StrEnum):
    """Where a request is in its lifecycle."""

    PENDING = "pending_designer_review"
    IN_PROGRESS = "in_progress"
    AWAITING_APPROVAL = "awaiting_customer_approval"
    APPROVED = "approved"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Action(enum.StrEnum):
    """What a caller asks to do to a request (`create` makes it; the rest move it)."""

    CREATE = "create"
    ASSIGN = "assign"
    UPLOAD_FINAL = "uploadFinal"
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    COMPLETE = "complete"
    RATE = "rate"


class Party(enum.StrEnum):
    """How a caller stands to one request; the table grants actions to parties, not bare roles."""

    OWNER = "owner"  # the customer who asked for it
    ANY_DESIGNER = "any_designer"  # any designer, whether assigned or not
    ASSIGNED_DESIGNER = "assigned_designer"  # the designer working on it
    ADMIN = "admin"


class Event(enum.StrEnum):
    """What happened, as the fan-out and the audit trail name it."""

    REQUEST_CREATED = "customization.request.created"
    DESIGNER_ASSIGNED = "customization.designer.assigned"
    DESIGN_COMPLETED = "customization.design.completed"
    DESIGN_APPROVED = "customization.design.approved"
    DESIGN_REJECTED = "customization.design.rejected"
    REQUEST_CANCELLED = "customization.request.cancelled"
    REQUEST_COMPLETED = "customization.request.completed"
    REQUEST_RATED = "customization.request.rated"
    # The conversation around a request (domain.conversation): no transition, no new version.
    MESSAGE_POSTED = "customization.message.posted"
    COMMENT_ADDED = "customization.comment.added"


@dataclass(frozen=True)
class Transition:
    """One edge of the lifecycle: where it leads, who may take it, and the event it emits."""

    to: Status
    parties: frozenset[Party]
    event: Event


_CUSTOMER_SIDE = frozenset({Party.OWNER, Party.ADMIN})
_CANCELLABLE = (Status.PENDING, Status.IN_PROGRESS, Status.AWAITING_APPROVAL)

TRANSITIONS: dict[tuple[Status | None, Action], Transition] = {
    (None, Action.CREATE): Transition(Status.PENDING, _CUSTOMER_SIDE, Event.REQUEST_CREATED),
    (Status.PENDING, Action.ASSIGN): Transition(
        Status.IN_PROGRESS, frozenset({Party.ANY_DESIGNER, Party.ADMIN}), Event.DESIGNER_ASSIGNED
    ),
    (Status.IN_PROGRESS, Action.UPLOAD_FINAL): Transition(
        Status.AWAITING_APPROVAL,
        frozenset({Party.ASSIGNED_DESIGNER, Party.ADMIN}),
        Event.DESIGN_COMPLETED,
    ),
    (Status.AWAITING_APPROVAL, Action.APPROVE): Transition(
        Status.APPROVED, _CUSTOMER_SIDE, Event.DESIGN_APPROVED
    ),
    (Status.AWAITING_APPROVAL, Action.REJECT): Transition(
        Status.IN_PROGRESS, _CUSTOMER_SIDE, Event.DESIGN_REJECTED
    ),
    **{
        (status, Action.CANCEL): Transition(Status.CANCELLED, _CUSTOMER_SIDE, Event.REQUEST_CANCELLED)
        for status in _CANCELLABLE
    },
    (Status.APPROVED, Action.COMPLETE): Transition(
        Status.COMPLETED, frozenset({Party.ADMIN}), Event.REQUEST_COMPLETED
    ),
    # The customer rates the approved design (again, to change it, for a while: domain.conversation);
    # the request stays where it is.
    **{
        (status, Action.RATE): Transition(status, frozenset({Party.OWNER}), Event.REQUEST_RATED)
        for status in (Status.APPROVED, Status.COMPLETED)
    },
}

# Where a request ends: no edge leads anywhere else from there (a rating keeps it where it is).
TERMINAL: frozenset[Status] = frozenset(
    status
    for status in Status
    if not any(key[0] == status and t.to != status for key, t in TRANSITIONS.items())
)

# The parties that role can ever be, whatever the request.
ROLE_PARTIES: dict[Role, frozenset[Party]] = {
    Role.CUSTOMER: frozenset({Party.OWNER}),
    Role.DESIGNER: frozenset({Party.ANY_DESIGNER, Party.ASSIGNED_DESIGNER}),
    Role.ADMIN: frozenset({Party.ADMIN}),
}


def transition(status: Status | None, action: Action) -> Transition | None:
    """The edge that action takes from status, or None where the table has none."""
    return TRANSITIONS.get((status, action))


def parties_for(action: Action) -> frozenset[Party]:
    """Every party that may take this action from some status."""
    return frozenset().union(*(t.parties for (_, a), t in TRANSITIONS.items() if a == action))


def role_may(role: Role, action: Action) -> bool:
    """Whether a user of this role can ever take this action (else the answer is 403, not 409)."""
    return bool(ROLE_PARTIES[role] & parties_for(action))


def edge_for_event(event: Event, before: Status | None, after: Status) -> Transition | None:
    """The table's edge from before to after emitting event, or None if the table has no such edge."""
    for (source, _), edge in TRANSITIONS.items():
        if source == before and edge.to == after and edge.event == event:
            return edge
    return None
