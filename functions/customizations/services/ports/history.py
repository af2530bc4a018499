"""What the fan-out wrote, read back: audit trails, revisions, notifications, announcements, digests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from ...domain.inbox import Position
from ...domain.records import Page, PageRequest
from .basics import Document


class RequestHistory(Protocol):
    """A request's audit trail and submitted designs."""

    def audit_trail(self, request_id: str, page: PageRequest) -> Page:
        """A page of a request's audit entries, oldest first."""
        ...

    def revisions(self, request_id: str, page: PageRequest) -> Page:
        """A page of a request's submitted designs, oldest first."""
        ...


class NotificationInbox(Protocol):
    """Someone's own notifications, and their being read."""

    def notifications(
        self, recipient_id: str, unread: bool, after: Position | None, limit: int
    ) -> list[Document]:
        """Up to limit of someone's own notifications (the unread ones only, if asked), newest
        first, from just after that inbox position."""
        ...

    def notification(self, notification_id: str) -> Document | None:
        """One notification, or None."""
        ...

    def mark_read(self, notification_id: str, at: datetime) -> None:
        """Set readAt (to the server's time), unless it was already set."""
        ...

    def unread_ids(self, recipient_id: str, limit: int) -> list[str]:
        """Up to limit ids of someone's unread notifications."""
        ...

    def mark_many_read(self, notification_ids: Sequence[str], at: datetime) -> None:
        """Mark these (unread) notifications read, in one batch."""
        ...

    def count_unread(self, recipient_id: str, cap: int) -> int:
        """How many of someone's notifications are unread, counting no further than cap."""
        ...


class AnnouncementCount(Protocol):
    """How many requests were announced in a time."""

    def count_announcements(self, since: datetime, cap: int, until: datetime | None = None) -> int:
        """How many requests were made after `since` (and no later than `until`), counting no
        further than cap."""
        ...


class AnnouncementInbox(AnnouncementCount, Protocol):
    """New requests as designers are told of them, and who read which."""

    def announcements(self, after: Position | None, since: datetime, limit: int) -> list[Document]:
        """Up to limit requests created since then, newest first, from just after that inbox
        position: what designers are told of as new requests (each with id, createdAt and the
        fields its message shows)."""
        ...

    def reads(self, uid: str, announcement_ids: Sequence[str]) -> dict[str, datetime]:
        """announcement id -> when this user read it, for those they read."""
        ...

    def read_state(
        self, uid: str, announcement_ids: Sequence[str]
    ) -> tuple[datetime | None, dict[str, datetime]]:
        """Up to when this user read every announcement at once (read_through), and which of these
        they read one by one (reads), read together."""
        ...

    def mark_announcement_read(self, uid: str, announcement_id: str, created_at: datetime) -> None:
        """Note, once, that this user read an announcement (at the server's time)."""
        ...

    def read_through(self, uid: str) -> datetime | None:
        """Up to when this user read every announcement at once (read-all), if ever."""
        ...

    def set_read_through(self, uid: str, at: datetime) -> None:
        """Every announcement made up to then counts as read by this user."""
        ...

    def count_reads(self, uid: str, since: datetime) -> int:
        """How many announcements of requests made after then this user read one by one."""
        ...


class HistoryStore(RequestHistory, NotificationInbox, AnnouncementInbox, Protocol):
    """What the fan-out wrote, read back: what the activity service uses."""


class DigestStore(AnnouncementCount, Protocol):
    """What the digests read, and the one write that sends one."""

    def recipients(self, digest: str, after: str | None, limit: int) -> list[Document]:
        """Up to limit profiles (with `id`) whose email digest is this, by uid after `after`."""
        ...

    def unread_since(self, recipient_id: str, since: datetime, until: datetime, limit: int) -> list[Document]:
        """Up to limit of someone's unread notifications made after `since` and no later than
        `until`, newest first."""
        ...

    def send_digest(self, uid: str, mail_id: str, mail: Document, at: datetime) -> bool:
        """Create the digest's mail under this id and note on the profile that a digest went out
        at `at`, together; False if that mail exists already (this period's digest is sent)."""
        ...
