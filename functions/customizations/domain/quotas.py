"""Per-user quotas on what costs storage, fan-out or refused work: how much, over which window, and
the 429 that says when to come back.

Windows are fixed (the current UTC hour or day, or ten-minute slot), so that the answer's
`Retry-After` is exact. Two kinds of count: a counter document per user, kind and window, taken one
at a time atomically (new requests, refused calls: at a limit of N, N pass however many arrive at
once); and an aggregation over data the system keeps anyway (bytes, sessions, messages, role
changes), which counts then acts, so that a burst of concurrent calls can pass such a limit by as
many calls as are in flight.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from ..errors import AppError, ErrorCode

RETRY_OPEN_SESSIONS = timedelta(minutes=1)  # sessions end when finished or cleaned up: try soon
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class Window(enum.Enum):
    """The span a quota counts over."""

    TEN_MINUTES = timedelta(minutes=10)
    HOUR = timedelta(hours=1)
    DAY = timedelta(days=1)
    AT_ONCE = None  # what is open now (resumable sessions)


_PER = {
    Window.TEN_MINUTES: " per 10 minutes",
    Window.HOUR: " per hour",
    Window.DAY: " per day",
    Window.AT_ONCE: " at once",
}


class Counted(enum.StrEnum):
    """What a counter document counts (part of its id)."""

    REQUESTS = "requests"  # requests created
    REFUSALS = "refusals"  # calls refused for their input


# The answers that mean the caller's input was refused (bad or oversized body or file): work done
# for nothing, counted against the caller's refusal quota.
REFUSED_INPUT = frozenset(
    {ErrorCode.VALIDATION_ERROR, ErrorCode.PAYLOAD_TOO_LARGE, ErrorCode.UNSUPPORTED_MEDIA_TYPE}
)


@dataclass(frozen=True)
class Quota:
    """How much of something one user may use in a window."""

    limit: int
    window: Window
    what: str  # as the error message names it: "requests created"

    def since(self, now: datetime) -> datetime:
        """The start of the window now falls in (the epoch for AT_ONCE)."""
        length = self.window.value
        if length is None:
            return datetime.min.replace(tzinfo=now.tzinfo)
        return now - (now - _EPOCH) % length

    def ends(self, now: datetime) -> datetime:
        """When the window now falls in ends (for AT_ONCE, when to try again)."""
        length = self.window.value
        return now + RETRY_OPEN_SESSIONS if length is None else self.since(now) + length

    def retry_after(self, now: datetime) -> int:
        """Whole seconds until the window resets (at least 1)."""
        return max(1, int((self.ends(now) - now).total_seconds() + 0.999))

    def exceeded(self, used: int, now: datetime) -> AppError:
        """The 429 RATE_LIMITED for a call past the limit, with the Retry-After of the window."""
        return AppError(
            ErrorCode.RATE_LIMITED,
            f"Quota reached: {self.limit} {self.what}{_PER[self.window]}",
            {"quota": self.what, "limit": self.limit, "used": used},
            headers={"Retry-After": str(self.retry_after(now))},
        )

    def check(self, used: int, adding: int, now: datetime) -> None:
        """A 429 RATE_LIMITED if adding to what is used goes past the limit."""
        if used + adding > self.limit:
            raise self.exceeded(used, now)

    def counted(self, count: int, now: datetime) -> None:
        """A 429 RATE_LIMITED if this call is past the limit, given the window's counter as this
        call left it (every call adds one, those refused too: what was let through is the limit)."""
        if count > self.limit:
            raise self.exceeded(min(count - 1, self.limit), now)


def counter_id(uid: str, counted: Counted, since: datetime) -> str:
    """The id of a user's counter of one kind for the window that starts then: `usage/{this}`."""
    return f"{uid}_{counted.value}_{since.astimezone(UTC):%Y%m%dT%H%M}"


@dataclass(frozen=True)
class Quotas:
    """Every quota, set per deployment (settings.py)."""

    requests_per_hour: Quota
    upload_bytes_per_day: Quota
    open_sessions: Quota
    role_changes_per_hour: Quota
    said_per_hour: Quota
    refusals: Quota

    @classmethod
    def of(  # noqa: PLR0913, PLR0917 - one limit per quota
        cls,
        requests_per_hour: int,
        upload_bytes_per_day: int,
        open_sessions: int,
        role_changes: int,
        said: int = 120,
        refusals: int = 60,
    ) -> Quotas:
        """The quotas with these limits."""
        return cls(
            Quota(requests_per_hour, Window.HOUR, "requests created"),
            Quota(upload_bytes_per_day, Window.DAY, "bytes uploaded"),
            Quota(open_sessions, Window.AT_ONCE, "open upload sessions"),
            Quota(role_changes, Window.HOUR, "role changes"),
            Quota(said, Window.HOUR, "messages and comments posted"),
            Quota(refusals, Window.TEN_MINUTES, "calls refused for their input"),
        )


# Production's defaults: far above what a real customer, designer or admin does, low enough that a
# script cannot fill the bucket, flood designers' inboxes or keep instances busy with bad input.
PRODUCTION = Quotas.of(
    requests_per_hour=60,
    upload_bytes_per_day=5 << 30,
    open_sessions=10,
    role_changes=120,
    said=120,
    refusals=60,
)
