"""What the event fan-out writes and the API reads back, in Firestore: the audit trail, revisions,
notifications, mail and designers' loads (the services' FanoutStore and HistoryStore)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.events import Effects
from ..domain.inbox import Position
from ..domain.integrity import acceptance, rollback
from ..domain.lifecycle import Role
from ..domain.records import Page, PageRequest, Record
from ..domain.retention import ANNOUNCEMENT_READ, PROCESSED_EVENT, READ_NOTIFICATION, expire_at
from ..domain.routing import SeatChange
from .firestore_seats import seat_write
from .firestore_stats import load_update
from .queries import (
    ADMINS,
    ANNOUNCEMENTS,
    AUDIT,
    AUDIT_SHAPE,
    DESIGNER_LOADS,
    LEGAL,
    MAIL,
    NOTIFICATION_SHAPES,
    NOTIFICATIONS,
    PRIVATE,
    PROCESSED,
    READS,
    READS_SINCE,
    REQUESTS,
    REVISION_SHAPE,
    REVISIONS,
    USERS,
    count_since,
    newest_after,
    page_of,
    stored,
    with_id,
)

_BATCH = 500  # Firestore's limit of writes in one batch
# What an announcement shows of its request: only these are read (a projection, not the request).
_ANNOUNCED_FIELDS = ("createdAt", "customerName", "productName")
MAX_READS_COUNTED = 10_000  # announcements read one by one in their 30 days: more than anyone reads


class FirestoreEvents:
    """Reads and writes of the fan-out's collections."""

    def __init__(self, db: firestore.Client, now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self._db = db
        self._now = now

    def _request(self, request_id: str) -> Any:
        return self._db.collection(REQUESTS).document(request_id)

    # ---- audit trail and revisions ----

    def audit_trail(self, request_id: str, page: PageRequest) -> Page:
        """A page of a request's audit entries, oldest first."""
        return page_of(self._db, AUDIT_SHAPE, (), page, self._request(request_id))

    def revisions(self, request_id: str, page: PageRequest) -> Page:
        """A page of a request's submitted designs, oldest first."""
        return page_of(self._db, REVISION_SHAPE, (), page, self._request(request_id))

    # ---- notifications ----

    def notifications(
        self, recipient_id: str, unread: bool, after: Position | None, limit: int
    ) -> list[dict[str, Any]]:
        """Up to limit of someone's own notifications, newest first, from just after `after`."""
        values: list[Any] = [recipient_id] + ([None] if unread else [])
        return newest_after(self._db, NOTIFICATION_SHAPES[unread], values, after, limit)

    def announcements(self, after: Position | None, since: datetime, limit: int) -> list[dict[str, Any]]:
        """Up to limit requests created since then, newest first, from just after `after`: new
        requests as designers are told of them (only the fields their message shows)."""
        found = newest_after(self._db, ANNOUNCEMENTS, (), after, limit, since, _ANNOUNCED_FIELDS)
        return [{k: r.get(k) for k in ("id", *_ANNOUNCED_FIELDS)} for r in found]

    def _read(self, uid: str, announcement_id: str) -> Any:
        return self._db.collection(USERS).document(uid).collection(READS).document(announcement_id)

    def reads(self, uid: str, announcement_ids: Sequence[str]) -> dict[str, datetime]:
        """announcement id -> when this user read it, for those they read (one round trip)."""
        refs = [self._read(uid, i) for i in announcement_ids]
        found = self._db.get_all(refs) if refs else []
        return {s.id: s.get("readAt") for s in found if s.exists}

    def read_state(
        self, uid: str, announcement_ids: Sequence[str]
    ) -> tuple[datetime | None, dict[str, datetime]]:
        """When this user read every announcement at once, and which of these they read one by
        one (one round trip)."""
        user = self._db.collection(USERS).document(uid)
        through, reads = None, {}
        for snapshot in self._db.get_all([user, *(self._read(uid, i) for i in announcement_ids)]):
            if not snapshot.exists:
                continue
            if snapshot.reference.path == user.path:
                through = _through(snapshot.to_dict() or {})
            else:
                reads[snapshot.id] = snapshot.get("readAt")
        return through, reads

    def mark_announcement_read(self, uid: str, announcement_id: str, created_at: datetime) -> None:
        """Note, once, that this user read an announcement, at the server's time."""
        with contextlib.suppress(gexc.AlreadyExists):
            self._read(uid, announcement_id).create(
                {
                    "readAt": firestore.SERVER_TIMESTAMP,
                    "announcedAt": created_at,
                    "expireAt": expire_at(created_at, ANNOUNCEMENT_READ),
                }
            )

    def notification(self, notification_id: str) -> dict[str, Any] | None:
        """One notification, or None."""
        snapshot = self._db.collection(NOTIFICATIONS).document(notification_id).get()
        return with_id(snapshot) if snapshot.exists else None

    def mark_read(self, notification_id: str, at: datetime) -> None:
        """Set readAt to Firestore's own time, once: unless it was already set; from then on the
        notification is kept READ_NOTIFICATION."""
        ref = self._db.collection(NOTIFICATIONS).document(notification_id)
        transaction = self._db.transaction()

        @firestore.transactional
        def mark(tx: Any) -> None:
            snapshot = ref.get(transaction=tx)
            if snapshot.exists and snapshot.get("readAt") is None:
                expire = expire_at(at, READ_NOTIFICATION)
                tx.update(ref, {"readAt": firestore.SERVER_TIMESTAMP, "expireAt": expire})

        mark(transaction)

    def unread_ids(self, recipient_id: str, limit: int) -> list[str]:
        """Up to limit ids of someone's unread notifications (newest first)."""
        found = newest_after(self._db, NOTIFICATION_SHAPES[True], [recipient_id, None], None, limit)
        return [n["id"] for n in found]

    def mark_many_read(self, notification_ids: Sequence[str], at: datetime) -> None:
        """Mark these notifications read in one batch (each only if still unread: a precondition
        on the time it was last written would cost a read each; setting readAt again is harmless
        but moves it, so unread ones only are passed in)."""
        if not notification_ids:
            return
        batch = self._db.batch()
        expire = expire_at(at, READ_NOTIFICATION)
        for notification_id in notification_ids:
            ref = self._db.collection(NOTIFICATIONS).document(notification_id)
            batch.update(ref, {"readAt": firestore.SERVER_TIMESTAMP, "expireAt": expire})
        batch.commit()

    def count_unread(self, recipient_id: str, cap: int) -> int:
        """How many of someone's notifications are unread, counting no further than cap."""
        shape = NOTIFICATION_SHAPES[True]
        query: Any = self._db.collection(NOTIFICATIONS)
        for field, value in zip(shape.equalities, (recipient_id, None), strict=True):
            query = query.where(filter=FieldFilter(field, "==", value))
        query = query.order_by(str(shape.order_by), direction=firestore.Query.DESCENDING)
        return int(query.limit(cap).count().get()[0][0].value or 0)

    def read_through(self, uid: str) -> datetime | None:
        """Up to when this user read every announcement at once, if ever."""
        snapshot = self._db.collection(USERS).document(uid).get()
        return _through(snapshot.to_dict() or {}) if snapshot.exists else None

    def set_read_through(self, uid: str, at: datetime) -> None:
        """Every announcement made up to then counts as read by this user."""
        self._db.collection(USERS).document(uid).set({"announcementsReadThrough": at}, merge=True)

    def count_announcements(self, since: datetime, cap: int, until: datetime | None = None) -> int:
        """How many requests were made in (since, until], counting no further than cap."""
        return count_since(self._db.collection(REQUESTS), ANNOUNCEMENTS, since, cap, until=until)

    def count_reads(self, uid: str, since: datetime) -> int:
        """How many announcements of requests made after then this user read one by one."""
        reads = self._db.collection(USERS).document(uid).collection(READS)
        return count_since(reads, READS_SINCE, since, MAX_READS_COUNTED)

    # ---- users ----

    def users(self, uids: Iterable[str]) -> list[dict[str, Any]]:
        """The profiles of these users that exist."""
        refs = [self._db.collection(USERS).document(uid) for uid in uids]
        return [with_id(s) for s in self._db.get_all(refs) if s.exists] if refs else []

    def request(self, request_id: str) -> dict[str, Any] | None:
        """The request as it is now (with its `id`), or None."""
        snapshot = self._request(request_id).get()
        return with_id(snapshot) if snapshot.exists else None

    def forget_tokens(self, uid: str, tokens: Sequence[str]) -> None:
        """Remove the devices with these push tokens from the profile, in a transaction."""
        ref = self._db.collection(USERS).document(uid)
        dead = set(tokens)

        @firestore.transactional
        def forget(tx: Any) -> None:
            snapshot = ref.get(transaction=tx)
            devices = dict((snapshot.to_dict() or {}).get("devices") or {}) if snapshot.exists else {}
            kept = {k: d for k, d in devices.items() if d.get("token") not in dead}
            if len(kept) != len(devices):
                tx.set(ref, {"devices": kept}, merge=["devices"])

        forget(self._db.transaction())

    # ---- an event's effects, once ----

    def commit_once(self, request_id: str, key: str, effects: Effects) -> list[str] | None:
        """Write everything one event causes and its processed marker, atomically; the ids of all
        the event's notifications once this call committed the marker (pushes go out only after
        that, so none has been pushed yet), or None when the event had already been handled.
        One batch: an event has a handful of named recipients (every designer is told by topic).
        """
        notifications, mail = dict(effects.notifications), dict(effects.mail)
        writes = 3 + len(effects.designer_loads) + len(notifications) + len(mail)
        if writes > _BATCH:
            raise ValueError(f"{key} would write {writes} documents, more than one batch holds")
        now = self._now()
        today = now.date()
        for _ in range(3):
            batch = self._db.batch()
            marker = {"at": firestore.SERVER_TIMESTAMP, "expireAt": expire_at(now, PROCESSED_EVENT)}
            batch.create(self._db.collection(PROCESSED).document(key), marker)
            if effects.audit is not None:
                batch.set(self._request(request_id).collection(AUDIT).document(key), effects.audit)
            if effects.revision is not None:
                number, fields = effects.revision
                ref = self._request(request_id).collection(REVISIONS).document(f"{number:04d}")
                batch.set(ref, {"number": number, **fields}, merge=True)
            for uid, increments in effects.designer_loads.items():
                update = load_update(uid, increments, effects.designer_names.get(uid), today)
                batch.set(self._db.collection(DESIGNER_LOADS).document(uid), update, merge=True)
            for doc_id, doc in notifications.items():
                batch.create(self._db.collection(NOTIFICATIONS).document(doc_id), doc)
            for doc_id, doc in mail.items():
                batch.create(self._db.collection(MAIL).document(doc_id), doc)
            for uid, delta in effects.seat_deltas.items():
                seat_write(self._db, batch, uid, SeatChange(delta))
            try:
                batch.commit()
            except gexc.AlreadyExists:
                if self._processed(key):
                    return None
                # Notifications or mail without the marker: written by hand or by an older version
                # of this code. Keep them (mail once created is sent), create the rest.
                there = self._existing(NOTIFICATIONS, list(notifications))
                notifications = {i: d for i, d in notifications.items() if i not in there}
                sent = self._existing(MAIL, list(mail))
                mail = {i: m for i, m in mail.items() if i not in sent}
                continue
            return list(effects.notifications)
        raise RuntimeError(f"the effects of {key} kept colliding; the event will be retried")

    def _legal(self, request_id: str) -> Any:
        return self._request(request_id).collection(PRIVATE).document(LEGAL)

    def legal_and_people(
        self, request_id: str, people: Iterable[str] = ()
    ) -> tuple[Record | None, dict[str, dict[str, Any] | None]]:
        """The request's last legal state, with the time its copy was written (None: no copy), and
        these people's profiles (None for one who has none), in one round trip."""
        copy_ref = self._legal(request_id)
        profiles: dict[str, dict[str, Any] | None] = dict.fromkeys(people)
        refs = [copy_ref, *(self._db.collection(USERS).document(uid) for uid in profiles)]
        copy = None
        for snapshot in self._db.get_all(refs):
            if not snapshot.exists:
                continue
            if snapshot.reference.path == copy_ref.path:
                data = dict((snapshot.to_dict() or {}).get(LEGAL) or {})
                copy = Record(request_id, data, snapshot.update_time)
            else:
                profiles[snapshot.id] = with_id(snapshot)
        return copy, profiles

    def admins(self, limit: int) -> list[dict[str, Any]]:
        """Up to limit admins' profiles (role from their last synced token)."""
        field = ADMINS.equalities[0]
        query: Any = self._db.collection(USERS).where(filter=FieldFilter(field, "==", Role.ADMIN.value))
        return [with_id(s) for s in query.limit(limit).stream()]

    def restore(
        self,
        request_id: str,
        written_at: datetime,
        key: str,
        at: datetime,
        before: dict[str, Any] | None = None,
    ) -> bool:
        """Write the request back to its last legal state (domain.integrity.rollback: whether, and
        what), with its legal copy, in a transaction. The whole legal state: what a write around
        the API set beside the guarded fields (a cancellation time, a forged last event) goes with
        it; the audit trail keeps it."""
        ref, legal_ref = self._request(request_id), self._legal(request_id)

        @firestore.transactional
        def put_back(tx: Any) -> bool:
            found = {s.reference.path: s for s in tx.get_all([ref, legal_ref])}
            current, legal = found.get(ref.path), found.get(legal_ref.path)
            read = None
            if current is not None and current.exists:
                read = Record(request_id, current.to_dict() or {}, current.update_time)
            state = dict((legal.to_dict() or {}).get(LEGAL) or {}) if legal and legal.exists else None
            undo = rollback(read, state, written_at, before, violation_key=key, now=at)
            if undo is None:
                return False
            if undo.document is None:
                tx.delete(ref)
            else:
                tx.set(ref, undo.document)  # the whole document, as it legally stood
                tx.set(legal_ref, {LEGAL: undo.document})
            return True

        done: bool = put_back(self._db.transaction())
        return done

    def accept(
        self, request_id: str, marker: Any, restage: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> bool:
        """Make the request, as it stands under this admin override marker, its legal state
        (domain.integrity.acceptance: whether, and what), in a transaction. Whether the override is
        the legal state (now, or already)."""
        ref, legal_ref, now = self._request(request_id), self._legal(request_id), self._now()

        @firestore.transactional
        def keep(tx: Any) -> bool:
            found = {s.reference.path: s for s in tx.get_all([ref, legal_ref])}
            current, legal = found.get(ref.path), found.get(legal_ref.path)
            data = current.to_dict() or {} if current is not None and current.exists else None
            held = (legal.to_dict() or {}).get(LEGAL) if legal is not None and legal.exists else None
            decided = acceptance(data, held, marker, restage)
            if isinstance(decided, bool):
                return decided
            if decided.changes:
                tx.update(ref, stored(decided.changes))
            if decided.handled_version is not None:
                done = self._db.collection(PROCESSED).document(f"{request_id}-v{decided.handled_version}")
                tx.set(done, {"at": firestore.SERVER_TIMESTAMP, "expireAt": expire_at(now, PROCESSED_EVENT)})
            tx.set(legal_ref, {LEGAL: decided.legal})
            return True

        done: bool = keep(self._db.transaction())
        return done

    def _processed(self, key: str) -> bool:
        return bool(self._db.collection(PROCESSED).document(key).get().exists)

    def _existing(self, collection: str, ids: list[str]) -> set[str]:
        refs = [self._db.collection(collection).document(i) for i in ids]
        return {s.id for s in self._db.get_all(refs) if s.exists} if refs else set()


def _through(profile: dict[str, Any]) -> datetime | None:
    found = profile.get("announcementsReadThrough")
    return found if isinstance(found, datetime) else None
