"""Per-user quotas on what costs storage or fan-out: how much, over which window, and the 429 that
says when to come back.

Windows are fixed (the current UTC hour or day), so that the answer's `Retry-After` is exact and
the count is one aggregation over data the system keeps anyway. Checks count then act, so a burst
of concurrent calls can pass a limit by as many calls as are in flight: a quota stops abuse, it does
not meter to the unit.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from ..errors import AppError, ErrorCode

RETRY_OPEN_SESSIONS = timedelta(minutes=1)  # sessions end when finished or cleaned up: try soon


class Window(enum.Enum):
    """The span a quota counts over."""

    HOUR = timedelta(hours=1)
    DAY = timedelta(days=1)
    AT_ONCE = None  # what is open now (resumable sessions)


@dataclass(frozen=True)
class Quota:
    """How much of something one user may use in a window."""

    limit: int
    window: Window
    what: str  # as the error message names it: "requests created"

    def since(self, now: datetime) -> datetime:
        """The start of the window now falls in (the epoch for AT_ONCE)."""
        if self.window is Window.HOUR:
            return now.replace(minute=0, second=0, microsecond=0)
        if self.window is Window.DAY:
            return now.replace(hour=0, minute=0, second=0, microsecond=0)
        return datetime.min.replace(tzinfo=now.tzinfo)

    def retry_after(self, now: datetime) -> int:
        """Whole seconds until the window resets (at least 1)."""
        if self.window.value is None:
            return int(RETRY_OPEN_SESSIONS.total_seconds())
        remaining = self.since(now) + self.window.value - now
        return max(1, int(remaining.total_seconds() + 0.999))

    def check(self, used: int, adding: int, now: datetime) -> None:
        """A 429 RATE_LIMITED if adding to what is used goes past the limit."""
        if used + adding > self.limit:
            per = {Window.HOUR: " per hour", Window.DAY: " per day", Window.AT_ONCE: " at once"}[self.window]
            raise AppError(
                ErrorCode.RATE_LIMITED,
                f"Quota reached: {self.limit} {self.what}{per}",
                {"quota": self.what, "limit": self.limit, "used": used},
                headers={"Retry-After": str(self.retry_after(now))},
            )


@dataclass(frozen=True)
class Quotas:
    """Every quota, set per deployment (settings.py)."""

    requests_per_hour: Quota
    upload_bytes_per_day: Quota
    open_sessions: Quota
    role_changes_per_hour: Quota
    said_per_hour: Quota

    @classmethod
    def of(
        cls,
        requests_per_hour: int,
        upload_bytes_per_day: int,
        open_sessions: int,
        role_changes: int,
        said: int = 120,
    ) -> Quotas:
        """The quotas with these limits."""
        return cls(
            Quota(requests_per_hour, Window.HOUR, "requests created"),
            Quota(upload_bytes_per_day, Window.DAY, "bytes uploaded"),
            Quota(open_sessions, Window.AT_ONCE, "open upload sessions"),
            Quota(role_changes, Window.HOUR, "role changes"),
            Quota(said, Window.HOUR, "messages and comments posted"),
        )


# Production's defaults: far above what a real customer, designer or admin does, low enough that a
# script cannot fill the bucket or flood designers' inboxes.
PRODUCTION = Quotas.of(
    requests_per_hour=60, upload_bytes_per_day=5 << 30, open_sessions=10, role_changes=120, said=120
)
