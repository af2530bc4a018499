"""Quotas on what costs storage, fan-out or refused work, checked before the work: a 429 with
Retry-After."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain import retention
from ..domain.actors import Actor
from ..domain.quotas import Counted, Quota, Quotas
from ..errors import AppError
from .ports import Clock, UsageCounter

# How many users past a counted quota an instance remembers (a few hundred KB at most).
_REMEMBERED = 10_000


@dataclass(frozen=True)
class Taken:
    """One use of a counted quota: where it was counted, and the user's count before it."""

    uid: str
    counted: Counted
    since: datetime
    expire_at: datetime
    before: int


class QuotaGuard:
    """Counts a user's use of each quota and refuses what would go past it.

    Once a counter says a user is past its limit, this instance remembers it until the window ends
    and refuses them again without a write (or, for refused input, before reading their body)."""

    def __init__(self, usage: UsageCounter, quotas: Quotas, now: Clock) -> None:
        self._usage = usage
        self._quotas = quotas
        self._now = now
        self._spent: dict[tuple[str, Counted], datetime] = {}  # (uid, kind) -> the window spent

    def _take(self, actor: Actor, quota: Quota, counted: Counted) -> Taken:
        """One more of a counted quota for this user (a 429 past its limit)."""
        now = self._now()
        since = quota.since(now)
        if self._spent.get((actor.uid, counted)) == since:
            raise quota.exceeded(quota.limit, now)
        expire = retention.expire_at(quota.ends(now), retention.USAGE_COUNTER)
        count = self._usage.add(actor.uid, counted, since, expire, 1)
        try:
            quota.counted(count, now)
        except AppError:
            if len(self._spent) >= _REMEMBERED:
                self._spent.clear()
            self._spent[actor.uid, counted] = since
            raise
        return Taken(actor.uid, counted, since, expire, count - 1)

    def creating_request(self, actor: Actor) -> Taken:
        """Takes one of the user's new requests of this hour, atomically: at a limit of N, N of
        any number of concurrent creates pass."""
        return self._take(actor, self._quotas.requests_per_hour, Counted.REQUESTS)

    def give_back(self, taken: Taken) -> None:
        """Returns a use taken for work that was then not done (a create whose write failed)."""
        self._usage.add(taken.uid, taken.counted, taken.since, taken.expire_at, -1)

    def refused(self, actor: Actor, refusal: AppError) -> AppError:
        """Counts a refusal of this user's input; the answer to give: the refusal, or once past the
        quota a 429 RATE_LIMITED."""
        try:
            self._take(actor, self._quotas.refusals, Counted.REFUSALS)
        except AppError as limited:
            return limited
        return refusal

    def admitting(self, actor: Actor) -> None:
        """Before a user's write is read: a 429 while this instance knows them past their quota of
        refused input."""
        now, quota = self._now(), self._quotas.refusals
        if self._spent.get((actor.uid, Counted.REFUSALS)) == quota.since(now):
            raise quota.exceeded(quota.limit, now)

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
