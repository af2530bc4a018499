"""ProfileStore and DigestStore on a World."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from tests.support.fakes.world import Doc, World, merge_into


class FakeProfiles:
    """ProfileStore and DigestStore on a World."""

    def __init__(self, world: World) -> None:
        self.world = world

    def profile(self, uid: str) -> Doc | None:
        found = self.world.users.get(uid)
        return None if found is None else dict(found)

    def update_profile(self, uid: str, fields: Doc) -> None:
        merge_into(self.world.users.setdefault(uid, {}), fields)

    def save_role(self, uid: str, fields: Doc, change: Doc) -> None:
        self.update_profile(uid, fields)
        self.world.role_changes.append(change)

    def update_devices(
        self, uid: str, change: Callable[[dict[str, Doc]], dict[str, Doc]]
    ) -> tuple[dict[str, Doc], dict[str, Doc]]:
        profile = self.world.users.setdefault(uid, {})
        before = dict(profile.get("devices") or {})
        profile["devices"] = change(before)
        return before, dict(profile["devices"])

    def claim_device(self, device_id: str, uid: str, at: datetime) -> str | None:
        previous = self.world.device_owners.get(device_id)
        self.world.device_owners[device_id] = uid
        return previous if previous not in (None, uid) else None

    def release_device(self, device_id: str, uid: str) -> None:
        if self.world.device_owners.get(device_id) == uid:
            del self.world.device_owners[device_id]

    # DigestStore
    def recipients(self, digest: str, after: str | None, limit: int) -> list[Doc]:
        found = sorted(
            (uid, p)
            for uid, p in self.world.users.items()
            if (p.get("preferences") or {}).get("emailDigest") == digest and (after is None or uid > after)
        )
        return [{**p, "id": uid} for uid, p in found[:limit]]

    def unread_since(self, recipient_id: str, since: datetime, until: datetime, limit: int) -> list[Doc]:
        found = [
            {**n, "id": i}
            for i, n in self.world.notifications.items()
            if n["recipientId"] == recipient_id
            and n.get("readAt") is None
            and since < n["createdAt"] <= until
        ]
        return sorted(found, key=lambda n: (n["createdAt"], n["id"]), reverse=True)[:limit]

    def count_announcements(self, since: datetime, cap: int, until: datetime | None = None) -> int:
        made = [r["createdAt"] for r in self.world.requests.values()]
        return min(cap, sum(1 for at in made if at > since and (until is None or at <= until)))

    def send_digest(self, uid: str, mail_id: str, mail: Doc, at: datetime) -> bool:
        if mail_id in self.world.mail:
            return False
        self.world.mail[mail_id] = mail
        self.update_profile(uid, {"lastDigestAt": at})
        return True
