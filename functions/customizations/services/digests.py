"""Email digests: for people who chose hourly or daily mail, one mail per period with what they have
not read since their last digest, sent exactly once per period however often the job runs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..domain import preferences, profiles, retention
from ..domain.lifecycle import Event, Role
from ..domain.preferences import DAILY_DIGEST_HOUR, Channel, Digest
from ..domain.text import as_one_line
from .ports import Clock, DigestStore, Document

PAGE = 200  # profiles read per query
LISTED = 20  # notifications a digest lists (the rest are counted)
COUNTED = 100  # how far the counts in a digest go ("100 or more")
_LENGTH = {Digest.HOURLY: timedelta(hours=1), Digest.DAILY: timedelta(days=1)}


def period_of(digest: Digest, scheduled: datetime) -> str:
    """The period a run scheduled then sends for: its hour, or its day (UTC)."""
    return scheduled.strftime("%Y-%m-%dT%H" if digest is Digest.HOURLY else "%Y-%m-%d")


def due(scheduled: datetime) -> list[Digest]:
    """The digests a run scheduled then sends: hourly ones every hour, daily ones once a day."""
    return [Digest.HOURLY] + ([Digest.DAILY] if scheduled.hour == DAILY_DIGEST_HOUR else [])


class DigestService:
    """Sends the digests that are due."""

    def __init__(self, store: DigestStore, now: Clock, email: bool, unverified_emails: bool = False) -> None:
        self._store = store
        self._now = now
        self._email = email  # mail goes out only where the Trigger Email extension is installed
        self._unverified_emails = unverified_emails  # to addresses Auth has not verified too

    def send_due(self, scheduled: datetime, until: datetime | None = None) -> dict[str, int]:
        """Send every digest due at the scheduled time, a page of recipients at a time until done
        or `until`; how many were sent, and how many found nothing new (or were sent already)."""
        sent = skipped = 0
        if not self._email:
            return {"sent": 0, "skipped": 0}
        for digest in due(scheduled):
            after: str | None = None
            while until is None or self._now() < until:
                page = self._store.recipients(digest.value, after, PAGE)
                for profile in page:
                    if self._send(profile, digest, scheduled):
                        sent += 1
                    else:
                        skipped += 1
                if len(page) < PAGE:
                    break
                after = page[-1]["id"]
        return {"sent": sent, "skipped": skipped}

    def _send(self, profile: Document, digest: Digest, scheduled: datetime) -> bool:
        """One person's digest for the period, if they have anything unread since their last one;
        whether a mail was created now (not before, by another run)."""
        uid, email = str(profile["id"]), profiles.mail_address(profile, self._unverified_emails)
        if not email:
            return False
        last = profile.get("lastDigestAt")
        since = last if isinstance(last, datetime) else scheduled - _LENGTH[digest]
        wants = preferences.stored(profile)
        # What came up to the scheduled time (the next digest starts there), that they want mailed.
        unread = [
            n
            for n in self._store.unread_since(uid, since, scheduled, COUNTED)
            if n.get("type") not in Event._value2member_map_ or wants.allows(Channel.EMAIL, Event(n["type"]))
        ]
        new_requests = 0
        if profile.get("role") == Role.DESIGNER.value and wants.allows(Channel.EMAIL, Event.REQUEST_CREATED):
            new_requests = self._store.count_announcements(since, COUNTED, until=scheduled)
        if not unread and not new_requests:
            return False
        mail = {
            "to": email,
            "message": _message(digest, unread, new_requests),
            "expireAt": retention.expire_at(scheduled, retention.MAIL),
        }
        return self._store.send_digest(uid, f"digest-{uid}-{period_of(digest, scheduled)}", mail, scheduled)


def _count(n: int) -> str:
    return f"{n} or more" if n >= COUNTED else str(n)


def _message(digest: Digest, unread: list[Document], new_requests: int) -> dict[str, Any]:
    """The digest's subject and text."""
    lines = [
        f"- {as_one_line(n.get('title', ''), 100)}: {as_one_line(n.get('body', ''), 300)}"
        for n in unread[:LISTED]
    ]
    if len(unread) > LISTED:
        lines.append("... and more." if len(unread) >= COUNTED else f"... and {len(unread) - LISTED} more.")
    if new_requests:
        lines.append(f"{_count(new_requests)} new customization request(s) are waiting for a designer.")
    subject = f"Your {digest.value} digest: {_count(len(unread))} unread notification(s)"
    if not unread:
        subject = f"Your {digest.value} digest: {_count(new_requests)} new request(s)"
    return {"subject": subject, "text": "\n".join(lines)}
