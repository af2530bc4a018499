"""What happened to a request and who was told: audit trails, revisions and notifications, read
back from what the event fan-out wrote."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

from ..domain import inbox
from ..domain.access import participates
from ..domain.actors import Actor
from ..domain.lifecycle import Role
from ..domain.records import Page, PageRequest
from ..errors import not_found
from .ports import Clock, Document, HistoryStore, RequestReader

# How many chunks of announcements an unread page may read through before it answers short.
_CHUNKS = 10
# A designer's inbox has two sources, read at the same time: the wait is the slower, not the sum.
# A few threads per instance read the second source's first chunk (threads start on first use).
_SECOND_SOURCE_THREADS = 8
# An unread count counts this far (a badge shows "99+" beyond): its cost is bounded.
UNREAD_CAP = 100
# Read-all marks this many notifications per batch, and at most this many batches per call.
READ_ALL_BATCH, READ_ALL_BATCHES = 500, 10


class ActivityService:
    """Histories for a request's participants, and each user's own notifications."""

    def __init__(self, requests: RequestReader, history: HistoryStore, now: Clock) -> None:
        self._requests = requests
        self._history = history
        self._now = now
        self._pool = ThreadPoolExecutor(_SECOND_SOURCE_THREADS, thread_name_prefix="inbox")

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
        """The caller's notifications, newest first: their own and, for a designer, the
        announcement of every request of the last ANNOUNCED_FOR, each with the caller's read state."""
        after = inbox.decode(page.cursor) if page.cursor else None
        want = page.limit + 1
        first = None
        window = self._now() - inbox.ANNOUNCED_FOR
        if actor.role is Role.DESIGNER:  # the announcements' first chunk goes out with the caller's own
            first = self._pool.submit(self._history.announcements, after, window, want)
        items = [inbox.personal(n) for n in self._history.notifications(actor.uid, unread, after, want)]
        scanned_to = None
        if first is not None:
            more, scanned_to = self._announcements(actor.uid, unread, after, want, window, first.result())
            items += more
        found, cursor = inbox.merge(items, page.limit, scanned_to)
        return Page(found, cursor)

    def _announcements(  # noqa: PLR0913, PLR0917 - where the reading starts, and its first chunk
        self,
        uid: str,
        unread: bool,
        after: inbox.Position | None,
        want: int,
        window: datetime,
        first: list[Document],
    ) -> tuple[list[Document], inbox.Position | None]:
        """Up to `want` announcements after that position (the unread ones only, if asked): read a
        chunk, drop what the user read, go on from its end, at most _CHUNKS times. With them, where
        the reading stopped if it stopped short of both `want` and the end. `first` is the first
        chunk, read from the window's start with the caller's own notifications; when the user last
        read all (read-all) is read with the first chunk's reads: for unread ones only, what a chunk
        holds from before then is dropped (and is the end, since a chunk is newest first)."""
        # The first chunk's reads go with the read-all time, before it is known what that drops:
        # a few reads billed for nothing after a read-all, a round trip saved on every call.
        through, reads = self._history.read_state(uid, [inbox.announcement_id(r["id"]) for r in first])
        since = window
        if unread and through is not None:
            since = max(since, through + _TICK)
        found: list[Document] = []
        chunk = first
        for n in range(_CHUNKS):
            if n > 0:
                chunk = self._history.announcements(after, since, want)
                reads = self._history.reads(uid, [inbox.announcement_id(r["id"]) for r in chunk])
            chunk = [r for r in chunk if r["createdAt"] >= since]
            for request in chunk:
                read_at = _read_at(reads.get(inbox.announcement_id(request["id"])), through, request)
                if not (unread and read_at is not None):
                    found.append(inbox.announcement(request, uid, read_at))
            if len(found) >= want or len(chunk) < want:
                return found[:want], None
            after = inbox.Position(chunk[-1]["createdAt"], inbox.ANNOUNCEMENT, chunk[-1]["id"])
        return found, after

    def mark_read(self, actor: Actor, notification_id: str) -> dict[str, Any]:
        """Mark one of the caller's notifications read, once (404 for anyone else's)."""
        found = self._history.notification(notification_id)
        if found is not None and found.get("recipientId") == actor.uid:
            if found.get("readAt") is None:
                self._history.mark_read(notification_id, self._now())
                found = self._history.notification(notification_id) or found
            return found
        return self._mark_announcement_read(actor, notification_id)

    def _mark_announcement_read(self, actor: Actor, announcement_id: str) -> dict[str, Any]:
        """A designer's read of a request's announcement, kept once under their uid."""
        request_id = inbox.announced_request(announcement_id)
        record = self._requests.get(request_id) if request_id and actor.role is Role.DESIGNER else None
        if record is None or record.data["createdAt"] < self._now() - inbox.ANNOUNCED_FOR:
            raise not_found("Notification")
        through = self._history.read_through(actor.uid)
        read_at = _read_at(
            self._history.reads(actor.uid, [announcement_id]).get(announcement_id), through, record.data
        )
        if read_at is None:
            self._history.mark_announcement_read(actor.uid, announcement_id, record.data["createdAt"])
            read_at = self._history.reads(actor.uid, [announcement_id]).get(announcement_id)
        return inbox.without_position(inbox.announcement(record.data, actor.uid, read_at))

    def unread_count(self, actor: Actor) -> dict[str, Any]:
        """How many of the caller's notifications are unread, counted up to UNREAD_CAP (a few
        aggregation queries, whatever the size of the inbox)."""
        total = self._history.count_unread(actor.uid, UNREAD_CAP)
        if actor.role is Role.DESIGNER and total < UNREAD_CAP:
            since = self._now() - inbox.ANNOUNCED_FOR
            through = self._history.read_through(actor.uid)
            if through is not None:
                since = max(since, through)
            read_one_by_one = self._history.count_reads(actor.uid, since)
            made = self._history.count_announcements(since, UNREAD_CAP + read_one_by_one)
            total += max(0, made - read_one_by_one)
        return {"unreadCount": min(total, UNREAD_CAP), "unreadCountCapped": total >= UNREAD_CAP}

    def mark_all_read(self, actor: Actor) -> dict[str, Any]:
        """Mark every one of the caller's notifications read: their own in batches (up to
        READ_ALL_BATCHES a call; `more` says to call again), announcements all at once. Calling it
        again changes nothing that is already read."""
        now = self._now()
        marked = 0
        for _ in range(READ_ALL_BATCHES):
            unread = self._history.unread_ids(actor.uid, READ_ALL_BATCH)
            if unread:
                self._history.mark_many_read(unread, now)
                marked += len(unread)
            if len(unread) < READ_ALL_BATCH:
                break
        more = (
            bool(self._history.unread_ids(actor.uid, 1))
            if marked >= READ_ALL_BATCH * READ_ALL_BATCHES
            else False
        )
        if actor.role is Role.DESIGNER:
            self._history.set_read_through(actor.uid, now)
        return {"marked": marked, "more": more}


_TICK = timedelta(microseconds=1)  # Firestore's precision: "after a time" is from the next tick


def _read_at(own: datetime | None, through: datetime | None, request: Document) -> datetime | None:
    """When a designer read a request's announcement: on its own, or by reading all after it."""
    if own is not None:
        return own
    return through if through is not None and request["createdAt"] <= through else None
