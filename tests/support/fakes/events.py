"""FanoutStore and HistoryStore on a World."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from customizations.domain import integrity, retention, statistics
from customizations.domain.events import Effects
from customizations.domain.inbox import ANNOUNCEMENT, PERSONAL, Position
from customizations.domain.lifecycle import Role
from customizations.domain.records import Page, PageRequest, Record

from tests.support.fakes.profiles import FakeProfiles
from tests.support.fakes.requests import FakeRequests
from tests.support.fakes.seats import FakeSeats
from tests.support.fakes.world import Doc, World, newest_after, page_of


class FakeEvents:
    """FanoutStore and HistoryStore on a World. `fail_commits` makes that many
    commits fail before writing anything, as a batch does; `now` is the server's clock."""

    def __init__(self, world: World, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.world = world
        self.now = now
        self.fail_commits = 0
        self.requests: FakeRequests | None = None  # where a rollback writes (so the trigger sees it)

    # FanoutStore
    def users(self, uids: Iterable[str]) -> list[Doc]:
        return [{**self.world.users[u], "id": u} for u in uids if u in self.world.users]

    def request(self, request_id: str) -> Doc | None:
        found = self.world.requests.get(request_id)
        return None if found is None else {**found, "id": request_id}

    def forget_tokens(self, uid: str, tokens: Sequence[str]) -> None:
        profile = self.world.users.get(uid, {})
        devices = profile.get("devices") or {}
        profile["devices"] = {k: d for k, d in devices.items() if d.get("token") not in set(tokens)}

    def commit_once(self, request_id: str, key: str, effects: Effects) -> list[str] | None:
        if key in self.world.processed:
            return None
        if self.fail_commits:
            self.fail_commits -= 1
            raise RuntimeError("Firestore unavailable")
        self.world.processed.add(key)
        if effects.audit is not None:
            self.world.audit.setdefault(request_id, {})[key] = effects.audit
        if effects.revision is not None:
            number, fields = effects.revision
            self.world.revisions.setdefault(request_id, {}).setdefault(number, {"number": number}).update(
                fields
            )
        new = [i for i in effects.notifications if i not in self.world.notifications]
        self.world.notifications.update({i: effects.notifications[i] for i in new})
        self.world.mail.update({i: m for i, m in effects.mail.items() if i not in self.world.mail})
        for uid, figures in effects.designer_loads.items():
            load = self.world.loads.setdefault(uid, {"designerName": None})
            statistics.add_into(load, figures)
            load["designerName"] = effects.designer_names.get(uid, load["designerName"])
            self.world.touched[uid] = self.now().date()
        for uid, delta in effects.seat_deltas.items():
            FakeSeats(self.world).move(uid, delta, {}, whole=False)
        return list(effects.notifications)

    def admins(self, limit: int) -> list[Doc]:
        found = sorted(uid for uid, p in self.world.users.items() if p.get("role") == Role.ADMIN.value)
        return [{**self.world.users[uid], "id": uid} for uid in found[:limit]]

    def legal_and_people(
        self, request_id: str, people: Iterable[str] = ()
    ) -> tuple[Record | None, dict[str, Doc | None]]:
        found = self.world.legal.get(request_id)
        profiles: dict[str, Doc | None] = dict.fromkeys(people)
        profiles.update({p["id"]: p for p in self.users(profiles)})
        if found is None:
            return None, profiles
        stamp = datetime.fromtimestamp(self.world.legal_times[request_id], UTC)
        return Record(request_id, dict(found), stamp), profiles

    def restore(
        self, request_id: str, written_at: datetime, key: str, at: datetime, before: Doc | None = None
    ) -> bool:
        store, current = self.requests, self.world.requests.get(request_id)
        if store is None or current is None:
            return False
        read = Record(request_id, current, datetime.fromtimestamp(self.world.update_times[request_id], UTC))
        legal = self.world.legal.get(request_id)
        undo = integrity.rollback(read, legal, written_at, before, violation_key=key, now=at)
        if undo is None:
            return False
        if undo.document is None:
            store.delete(request_id)
        else:
            store.replace(request_id, undo.document)
        return True

    def accept(self, request_id: str, marker: Any, restage: Callable[[Doc], Doc]) -> bool:
        store, current = self.requests, self.world.requests.get(request_id)
        if store is None or current is None:
            return False
        decided = integrity.acceptance(current, self.world.legal.get(request_id), marker, restage)
        if isinstance(decided, bool):
            return decided
        if decided.handled_version is not None:
            self.world.processed.add(f"{request_id}-v{decided.handled_version}")
        if decided.changes:
            store.replace(request_id, decided.legal)  # the request and its copy, at once
        else:
            self.world.legal[request_id] = decided.legal
            self.world.legal_times[request_id] = next(self.world.stamps)
        return True

    # HistoryStore
    def audit_trail(self, request_id: str, page: PageRequest) -> Page:
        entries = [{**e, "id": k} for k, e in self.world.audit.get(request_id, {}).items()]
        return page_of(entries, "at", False, page)

    def revisions(self, request_id: str, page: PageRequest) -> Page:
        items = [{**r, "id": f"{n:04d}"} for n, r in self.world.revisions.get(request_id, {}).items()]
        return page_of(items, "number", False, page)

    def notifications(self, recipient_id: str, unread: bool, after: Position | None, limit: int) -> list[Doc]:
        items = [
            {**n, "id": i}
            for i, n in self.world.notifications.items()
            if n["recipientId"] == recipient_id and (not unread or n.get("readAt") is None)
        ]
        return newest_after(items, PERSONAL, after, limit)

    def announcements(self, after: Position | None, since: datetime, limit: int) -> list[Doc]:
        items = [
            {"id": i, **{k: r.get(k) for k in ("createdAt", "customerName", "productName")}}
            for i, r in self.world.requests.items()
            if r["createdAt"] >= since
        ]
        return newest_after(items, ANNOUNCEMENT, after, limit)

    def reads(self, uid: str, announcement_ids: Sequence[str]) -> dict[str, datetime]:
        return {i: self.world.reads[uid, i] for i in announcement_ids if (uid, i) in self.world.reads}

    def read_state(
        self, uid: str, announcement_ids: Sequence[str]
    ) -> tuple[datetime | None, dict[str, datetime]]:
        return self.read_through(uid), self.reads(uid, announcement_ids)

    def mark_announcement_read(self, uid: str, announcement_id: str, created_at: datetime) -> None:
        self.world.reads.setdefault((uid, announcement_id), self.now())

    def notification(self, notification_id: str) -> Doc | None:
        found = self.world.notifications.get(notification_id)
        return None if found is None else {**found, "id": notification_id}

    def mark_read(self, notification_id: str, at: datetime) -> None:
        found = self.world.notifications.get(notification_id)
        if found is not None and found.get("readAt") is None:
            found.update(readAt=at, expireAt=retention.expire_at(at, retention.READ_NOTIFICATION))

    def unread_ids(self, recipient_id: str, limit: int) -> list[str]:
        return [n["id"] for n in self.notifications(recipient_id, True, None, limit)]

    def mark_many_read(self, notification_ids: Sequence[str], at: datetime) -> None:
        for notification_id in notification_ids:
            self.mark_read(notification_id, at)

    def count_unread(self, recipient_id: str, cap: int) -> int:
        return len(self.notifications(recipient_id, True, None, cap))

    def read_through(self, uid: str) -> datetime | None:
        return self.world.users.get(uid, {}).get("announcementsReadThrough")

    def set_read_through(self, uid: str, at: datetime) -> None:
        self.world.users.setdefault(uid, {})["announcementsReadThrough"] = at

    def count_announcements(self, since: datetime, cap: int, until: datetime | None = None) -> int:
        return FakeProfiles(self.world).count_announcements(since, cap, until)

    def count_reads(self, uid: str, since: datetime) -> int:
        announced = {f"{rid}-v1": r["createdAt"] for rid, r in self.world.requests.items()}
        return sum(1 for (who, aid) in self.world.reads if who == uid and announced.get(aid, since) > since)
