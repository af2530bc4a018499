"""Quotas on what costs storage or fan-out, checked before the work: a 429 with Retry-After."""

from __future__ import annotations

from ..domain.actors import Actor
from ..domain.quotas import Quotas
from .ports import Clock, UsageCounter


class QuotaGuard:
    """Counts a user's use of each quota and refuses what would go past it."""

    def __init__(self, usage: UsageCounter, quotas: Quotas, now: Clock) -> None:
        self._usage = usage
        self._quotas = quotas
        self._now = now

    def creating_request(self, actor: Actor) -> int:
        """Before a new request (and its fan-out to every designer); how many the user made in the
        quota's window."""
        now, quota = self._now(), self._quotas.requests_per_hour
        made = self._usage.requests_created_since(actor.uid, quota.since(now))
        quota.check(made, 1, now)
        return made

    def uploading(self, actor: Actor, size: int) -> None:
        """Before storing size more bytes for this user."""
        now, quota = self._now(), self._quotas.upload_bytes_per_day
        quota.check(self._usage.bytes_uploaded_since(actor.uid, quota.since(now)), size, now)

    def opening_session(self, actor: Actor, size: int) -> None:
        """Before opening a resumable session for size bytes."""
        now = self._now()
        self._quotas.open_sessions.check(self._usage.open_sessions(actor.uid), 1, now)
        self.uploading(actor, size)

    def saying(self, actor: Actor) -> None:
        """Before a message or comment (each notifies, pushes and may mail the other party)."""
        now, quota = self._now(), self._quotas.said_per_hour
        quota.check(self._usage.said_since(actor.uid, quota.since(now)), 1, now)

    def changing_role(self, actor: Actor) -> None:
        """Before an admin sets someone's role."""
        now, quota = self._now(), self._quotas.role_changes_per_hour
        quota.check(self._usage.role_changes_since(actor.uid, quota.since(now)), 1, now)
