"""What the event fan-out writes and the API reads back, in Firestore: the audit trail, revisions,
notifications, mail and designers' loads (the services' FanoutStore and HistoryStore)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore

from ..domain.events import Effects
from ..domain.lifecycle import Role
from ..domain.records import Page, PageRequest
from .firestore_stats import load_update
from .queries import (
    AUDIT,
    AUDIT_SHAPE,
    DESIGNER_LOADS,
    MAIL,
    NOTIFICATION_SHAPES,
    NOTIFICATIONS,
    PROCESSED,
    REQUESTS,
    REVISION_SHAPE,
    REVISIONS,
    USERS,
    page_of,
    users_with_role,
    with_id,
)

_BATCH = 500  # Firestore's limit of writes in one batch


class FirestoreEvents:
    """Reads and writes of the fan-out's collections."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

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

    def _create_missing(self, collection: str, docs: dict[str, dict[str, Any]]) -> None:
        """Create the documents with these ids that do not exist yet, in batches of creates (a
        thousand recipients cost two round trips); a batch that meets an existing one (a
        redelivered event) is retried with only the missing ids."""
        ids = list(docs)
        for start in range(0, len(ids), _BATCH):
            pending = ids[start : start + _BATCH]
            for _ in range(3):
                if not pending:
                    break
                batch = self._db.batch()
                for doc_id in pending:
                    batch.create(self._db.collection(collection).document(doc_id), docs[doc_id])
                try:
                    batch.commit()
                except gexc.AlreadyExists:
                    existing = self._existing(collection, pending)
                    pending = [i for i in pending if i not in existing]
                    continue
                break
            else:
                raise RuntimeError(f"{collection} kept colliding; the event will be retried")

    def notifications(self, recipient_id: str, unread: bool, page: PageRequest) -> Page:
        """A page of someone's notifications, newest first."""
        values: list[Any] = [recipient_id] + ([None] if unread else [])
        return page_of(self._db, NOTIFICATION_SHAPES[unread], values, page)

    def notification(self, notification_id: str) -> dict[str, Any] | None:
        """One notification, or None."""
        snapshot = self._db.collection(NOTIFICATIONS).document(notification_id).get()
        return with_id(snapshot) if snapshot.exists else None

    def mark_read(self, notification_id: str, at: datetime) -> None:
        """Set readAt to Firestore's own time, once: unless it was already set."""
        ref = self._db.collection(NOTIFICATIONS).document(notification_id)
        transaction = self._db.transaction()

        @firestore.transactional
        def mark(tx: Any) -> None:
            snapshot = ref.get(transaction=tx)
            if snapshot.exists and snapshot.get("readAt") is None:
                tx.update(ref, {"readAt": firestore.SERVER_TIMESTAMP})

        mark(transaction)

    # ---- users ----

    def designers(self) -> list[dict[str, Any]]:
        """Every user whose profile says designer, with their push tokens."""
        return users_with_role(self._db, Role.DESIGNER.value)

    def users(self, uids: Iterable[str]) -> list[dict[str, Any]]:
        """The profiles of these users that exist."""
        refs = [self._db.collection(USERS).document(uid) for uid in uids]
        return [with_id(s) for s in self._db.get_all(refs) if s.exists] if refs else []

    # ---- an event's effects, once ----

    def commit_once(self, request_id: str, key: str, effects: Effects) -> list[str] | None:
        """Write everything one event causes and its processed marker, atomically; the ids of all
        the event's notifications once this call committed the marker (pushes go out only after
        that, so none has been pushed yet), or None when the event had already been handled.

        It is one batch, unless the notifications overflow Firestore's 500 writes: those and their
        mail are then created first (only the missing ones: a redelivery finds what an earlier
        attempt wrote), and the batch with the marker follows.
        """
        notifications, mail = dict(effects.notifications), dict(effects.mail)
        if 3 + len(effects.designer_loads) + len(notifications) + len(mail) > _BATCH:
            if self._processed(key):
                return None
            self._create_missing(NOTIFICATIONS, notifications)
            self._create_missing(MAIL, mail)
            notifications, mail = {}, {}
        for _ in range(3):
            batch = self._db.batch()
            batch.create(self._db.collection(PROCESSED).document(key), {"at": firestore.SERVER_TIMESTAMP})
            if effects.audit is not None:
                batch.set(self._request(request_id).collection(AUDIT).document(key), effects.audit)
            if effects.revision is not None:
                number, fields = effects.revision
                ref = self._request(request_id).collection(REVISIONS).document(f"{number:04d}")
                batch.set(ref, {"number": number, **fields}, merge=True)
            today = datetime.now(UTC).date()
            for uid, increments in effects.designer_loads.items():
                update = load_update(uid, increments, effects.designer_names.get(uid), today)
                batch.set(self._db.collection(DESIGNER_LOADS).document(uid), update, merge=True)
            for doc_id, doc in notifications.items():
                batch.create(self._db.collection(NOTIFICATIONS).document(doc_id), doc)
            for doc_id, doc in mail.items():
                batch.create(self._db.collection(MAIL).document(doc_id), doc)
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

    def _processed(self, key: str) -> bool:
        return bool(self._db.collection(PROCESSED).document(key).get().exists)

    def _existing(self, collection: str, ids: list[str]) -> set[str]:
        refs = [self._db.collection(collection).document(i) for i in ids]
        return {s.id for s in self._db.get_all(refs) if s.exists} if refs else set()
