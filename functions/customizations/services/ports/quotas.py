"""What the quotas count."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from ...domain.quotas import Counted


class UsageCounter(Protocol):
    """How much of each quota a user has used: counters of their own, or counts over what the
    system keeps anyway."""

    def add(self, uid: str, counted: Counted, since: datetime, expire_at: datetime, amount: int) -> int:
        """Add to this user's counter of that kind for the window that starts then, atomically
        (a counter not there yet starts from 0; it is kept until expire_at); the count after."""
        ...

    def bytes_uploaded_since(self, uid: str, since: datetime) -> int:
        """Bytes this user uploaded (or declared for a resumable session) since then."""
        ...

    def open_sessions(self, uid: str) -> int:
        """Resumable upload sessions this user opened and has not completed."""
        ...

    def role_changes_since(self, actor_id: str, since: datetime) -> int:
        """Roles this admin set since then."""
        ...

    def said_since(self, uid: str, since: datetime) -> int:
        """Messages and comments this user posted since then."""
        ...
