"""What happened to a request and who was told: audit trails, revisions and notifications, read
back from what the event fan-out wrote."""

from __future__ import annotations

from typing import Any

from ..domain.access import participates
from ..domain.actors import Actor
from ..domain.records import Page, PageRequest
from ..errors import not_found
from .ports import Clock, HistoryStore, RequestStore


class ActivityService:
    """Histories for a request's participants, and each user's own notifications."""

    def __init__(self, requests: RequestStore, history: HistoryStore, now: Clock) -> None:
        self._requests = requests
        self._history = history
        self._now = now

    def _participating(self, actor: Actor, request_id: str) -> None:
        record = self._requests.get(request_id)
        if record is None or not participates(actor, record.data):
            raise not_found()

    def audit_trail(self, actor: Actor, request_id: str, page: PageRequest) -> Page:
        """A page of a request's events, oldest first, for its participants and admins."""
        self._participating(actor, request_id)
        return self._history.audit_trail(request_id, page)

    def revisions(self, actor: Actor, request_id: str, page: PageRequest) -> Page:
        """A page of the designs submitted for a request, oldest first, with the verdict each got."""
        self._participating(actor, request_id)
        return self._history.revisions(request_id, page)

    def notifications(self, actor: Actor, unread: bool, page: PageRequest) -> Page:
        """The caller's notifications, newest first."""
        return self._history.notifications(actor.uid, unread, page)

    def mark_read(self, actor: Actor, notification_id: str) -> dict[str, Any]:
        """Mark one of the caller's notifications read (404 for anyone else's)."""
        found = self._history.notification(notification_id)
        if found is None or found.get("recipientId") != actor.uid:
            raise not_found("Notification")
        if found.get("readAt") is None:
            self._history.mark_read(notification_id, self._now())
            found = self._history.notification(notification_id) or found
        return found
