"""The conversation around a request, as tables: who may post a message, comment on a design or
resolve a comment in which status. A rating is an action of the lifecycle table (`rate`, a move
that keeps the request where it is); its edit window is here.

Messages are the thread of a request, newest last, for its customer, its designer and admins; a
closed request keeps its thread readable and takes new messages for MESSAGES_CLOSE_AFTER more.
Comments are pinned to a point of one revision (x, y from 0 to 1 of its preview, a page for a PDF),
answered in replies and resolved; only the current revision takes them.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from .lifecycle import Party, Status


class Talk(enum.StrEnum):
    """What one may say about a request."""

    MESSAGE = "message"
    COMMENT = "comment"  # a new comment on the current revision, or a reply to one
    RESOLVE = "resolve"  # mark a comment dealt with


_PARTICIPANTS = frozenset({Party.OWNER, Party.ASSIGNED_DESIGNER, Party.ADMIN})
_ON_A_DESIGN = (Status.IN_PROGRESS, Status.AWAITING_APPROVAL)

# (status, what is said) -> the parties who may say it there; absent: nobody.
TALK: dict[tuple[Status, Talk], frozenset[Party]] = {
    **{(status, Talk.MESSAGE): _PARTICIPANTS for status in Status},
    # While it waits, there is no designer to talk to: the customer and admins may still write.
    (Status.PENDING, Talk.MESSAGE): frozenset({Party.OWNER, Party.ADMIN}),
    # Comments are on a submitted design while it is judged, and while it is reworked after a
    # rejection (the designer answers what the customer pinned); an approved design is settled.
    **{(status, talk): _PARTICIPANTS for status in _ON_A_DESIGN for talk in (Talk.COMMENT, Talk.RESOLVE)},
}

# A closed request's thread takes messages this much longer (MESSAGES_CLOSE_AFTER_DAYS overrides).
MESSAGES_CLOSE_AFTER = timedelta(days=14)
# A rating may be changed this long after it was first given.
RATING_EDITABLE_FOR = timedelta(days=7)

MAX_MESSAGE_CHARS = 2000
MAX_ATTACHMENTS = 5
MAX_COMMENT_CHARS = 1000
MAX_COMMENTS_PER_REVISION = 200  # a bound on what a page of revisions reads
MAX_REJECTED_COMMENTS = 50
MAX_RATING_COMMENT_CHARS = 1000


def may_talk(parties: frozenset[Party], status: Status, talk: Talk) -> bool:
    """Whether one of these parties may say this about a request in that status."""
    return bool(TALK.get((status, talk), frozenset()) & parties)


# Where a request ends, and the field saying when.
_CLOSED_AT = {Status.COMPLETED.value: "fulfilledAt", Status.CANCELLED.value: "cancelledAt"}


def closed_at(request: dict[str, Any]) -> datetime | None:
    """When a request ended (completed or cancelled), or None while it is open."""
    field = _CLOSED_AT.get(str(request.get("status")))
    return request.get(field) if field else None


def thread_open(request: dict[str, Any], now: datetime, close_after: timedelta) -> bool:
    """Whether the request's thread still takes messages."""
    ended = closed_at(request)
    return ended is None or now < ended + close_after


def rating_editable(request: dict[str, Any], now: datetime) -> bool:
    """Whether the customer may rate the request (again) now."""
    first = (request.get("rating") or {}).get("ratedAt")
    return first is None or now < first + RATING_EDITABLE_FOR


def current_revision(request: dict[str, Any]) -> int:
    """The number of the design the request is on (0 before any was submitted)."""
    return int(request.get("designsSubmitted") or 0)


def unread(thread: dict[str, Any], uid: str) -> int:
    """How many of a thread's messages this user has not read."""
    return max(0, int(thread.get("count", 0)) - int((thread.get("reads") or {}).get(uid, 0)))
