"""User profiles in Firestore (`users/{uid}`): the services' ProfileStore and DigestStore."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.retention import DEVICE_OWNER, expire_at
from .queries import (
    ANNOUNCEMENTS,
    DEVICE_OWNERS,
    DIGEST_RECIPIENTS,
    MAIL,
    NOTIFICATION_SHAPES,
    ROLE_CHANGES,
    USERS,
    count_since,
    with_id,
)


class FirestoreProfiles:
    """Profiles, the devices they list, and the digests sent from them."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def _ref(self, uid: str) -> Any:
        return self._db.collection(USERS).document(uid)

    def profile(self, uid: str) -> dict[str, Any] | None:
        """The profile, or None."""
        snapshot = self._ref(uid).get()
        return snapshot.to_dict() if snapshot.exists else None

    def update_profile(self, uid: str, fields: dict[str, Any]) -> None:
        """Set these fields (maps merged into what is there), creating the profile if need be."""
        self._ref(uid).set(fields, merge=True)

    def save_role(self, uid: str, fields: dict[str, Any], change: dict[str, Any]) -> None:
        """Update a profile after a role change and log the change, in one write."""
        batch = self._db.batch()
        batch.set(self._ref(uid), fields, merge=True)
        batch.create(self._db.collection(ROLE_CHANGES).document(), change)
        batch.commit()

    def update_devices(
        self, uid: str, change: Callable[[dict[str, dict[str, Any]]], dict[str, dict[str, Any]]]
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """Replace the profile's `devices` with change(them), in a transaction."""
        ref = self._ref(uid)

        @firestore.transactional
        def replace(tx: Any) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
            snapshot = ref.get(transaction=tx)
            before = dict((snapshot.to_dict() or {}).get("devices") or {}) if snapshot.exists else {}
            after = change(before)
            tx.set(ref, {"devices": after}, merge=["devices"])
            return before, after

        result: tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]] = replace(self._db.transaction())
        return result

    def claim_device(self, device_id: str, uid: str, at: datetime) -> str | None:
        """Make the device this user's, in a transaction; the user who had it, if another."""
        ref = self._db.collection(DEVICE_OWNERS).document(device_id)

        @firestore.transactional
        def claim(tx: Any) -> str | None:
            snapshot = ref.get(transaction=tx)
            owner = (snapshot.to_dict() or {}).get("uid") if snapshot.exists else None
            tx.set(ref, {"uid": uid, "expireAt": expire_at(at, DEVICE_OWNER)})
            return str(owner) if owner and owner != uid else None

        previous: str | None = claim(self._db.transaction())
        return previous

    def release_device(self, device_id: str, uid: str) -> None:
        """Forget whose the device is, if it is still this user's."""
        ref = self._db.collection(DEVICE_OWNERS).document(device_id)

        @firestore.transactional
        def release(tx: Any) -> None:
            snapshot = ref.get(transaction=tx)
            if snapshot.exists and (snapshot.to_dict() or {}).get("uid") == uid:
                tx.delete(ref)

        release(self._db.transaction())

    # ---- digests ----

    def recipients(self, digest: str, after: str | None, limit: int) -> list[dict[str, Any]]:
        """Up to limit profiles whose email digest is this, by uid after `after`."""
        field = DIGEST_RECIPIENTS.equalities[0]
        query: Any = self._db.collection(USERS).where(filter=FieldFilter(field, "==", digest))
        query = query.order_by("__name__")
        if after is not None:
            query = query.start_after({"__name__": self._ref(after)})
        return [with_id(s) for s in query.limit(limit).stream()]

    def unread_since(
        self, recipient_id: str, since: datetime, until: datetime, limit: int
    ) -> list[dict[str, Any]]:
        """Up to limit of someone's unread notifications made in (since, until], newest first."""
        shape = NOTIFICATION_SHAPES[True]
        query: Any = self._db.collection(shape.collection)
        for field, value in zip(shape.equalities, (recipient_id, None), strict=True):
            query = query.where(filter=FieldFilter(field, "==", value))
        query = query.where(filter=FieldFilter(str(shape.order_by), ">", since))
        query = query.where(filter=FieldFilter(str(shape.order_by), "<=", until))
        query = query.order_by(str(shape.order_by), direction=firestore.Query.DESCENDING)
        return [with_id(s) for s in query.limit(limit).stream()]

    def count_announcements(self, since: datetime, cap: int, until: datetime | None = None) -> int:
        """How many requests were made in (since, until], counting no further than cap."""
        return count_since(
            self._db.collection(ANNOUNCEMENTS.collection), ANNOUNCEMENTS, since, cap, until=until
        )

    def send_digest(self, uid: str, mail_id: str, mail: dict[str, Any], at: datetime) -> bool:
        """Create the digest's mail and note the digest on the profile, in one batch; False if the
        mail exists already."""
        batch = self._db.batch()
        batch.create(self._db.collection(MAIL).document(mail_id), mail)
        batch.set(self._ref(uid), {"lastDigestAt": at}, merge=True)
        try:
            batch.commit()
        except gexc.AlreadyExists:
            return False
        return True
