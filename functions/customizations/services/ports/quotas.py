"""What the quotas count."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class UsageCounter(Protocol):
    """How much of each quota a user has used: counts over what the system keeps anyway."""

    def requests_created_since(self, uid: str, since: datetime) -> int:
        """Requests this user created since then."""
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
