"""UsageCounter on a World."""

from __future__ import annotations

import threading
from datetime import datetime

from customizations.domain.quotas import Counted, counter_id

from tests.support.fakes.world import World


class FakeUsage:
    """UsageCounter on a World: counter documents by the adapter's ids, and the same counts the
    aggregation queries make."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._lock = threading.Lock()  # an increment is atomic, as Firestore's is

    def add(self, uid: str, counted: Counted, since: datetime, expire_at: datetime, amount: int) -> int:
        with self._lock:
            counter = self.world.usage.setdefault(counter_id(uid, counted, since), {"count": 0})
            counter.update(count=counter["count"] + amount, expireAt=expire_at)
            return int(counter["count"])

    def bytes_uploaded_since(self, uid: str, since: datetime) -> int:
        return sum(
            int(r["fileSize"])
            for r in self.world.uploads.values()
            if r["ownerId"] == uid and r["createdAt"] >= since
        )

    def open_sessions(self, uid: str) -> int:
        return sum(1 for r in self.world.uploads.values() if r["ownerId"] == uid and r["status"] == "pending")

    def role_changes_since(self, actor_id: str, since: datetime) -> int:
        return sum(1 for c in self.world.role_changes if c["actorId"] == actor_id and c["at"] >= since)

    def said_since(self, uid: str, since: datetime) -> int:
        said = [
            d
            for kind in (self.world.messages, self.world.comments)
            for by_id in kind.values()
            for d in by_id.values()
        ]
        return sum(1 for d in said if d["authorId"] == uid and d["createdAt"] >= since)
