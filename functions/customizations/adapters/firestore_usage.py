"""How much of each quota a user has used (the services' UsageCounter): counter documents,
`usage/{uid}_{kind}_{window}`, each taken by one blind increment whose result Firestore returns
(one write, no read, no transaction, nothing to retry: concurrent calls are ordered by the
document); and aggregation queries over what the system keeps anyway (upload records, the
role-change log, messages): one round trip, billed one read per thousand entries counted."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.quotas import Counted, counter_id
from .queries import OPEN_SESSIONS, ROLE_CHANGES_MADE, SAID, TTL_FIELD, UPLOADED_BYTES, USAGE, QueryShape


class FirestoreUsage:
    """Counts by user, through the registered shapes of queries.py."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def _query(self, shape: QueryShape, values: tuple[Any, ...], since: datetime | None = None) -> Any:
        query: Any = (self._db.collection_group if shape.group else self._db.collection)(shape.collection)
        for field, value in zip(shape.equalities, values, strict=True):
            query = query.where(filter=FieldFilter(field, "==", value))
        if since is not None and shape.order_by is not None:
            query = query.where(filter=FieldFilter(shape.order_by, ">=", since))
        return query

    @staticmethod
    def _value(aggregation: Any) -> int:
        return int(aggregation.get()[0][0].value or 0)

    def add(self, uid: str, counted: Counted, since: datetime, expire_at: datetime, amount: int) -> int:
        """Add to this user's counter of that kind for the window that starts then; the count
        after, as this increment left it."""
        counter = self._db.collection(USAGE).document(counter_id(uid, counted, since))
        written = counter.set({"count": firestore.Increment(amount), TTL_FIELD: expire_at}, merge=True)
        return int(written.transform_results[0].integer_value)

    def bytes_uploaded_since(self, uid: str, since: datetime) -> int:
        """Bytes this user uploaded (or declared for a resumable session) since then."""
        return self._value(self._query(UPLOADED_BYTES, (uid,), since).sum("fileSize"))

    def open_sessions(self, uid: str) -> int:
        """Resumable sessions this user opened and has not completed."""
        return self._value(self._query(OPEN_SESSIONS, (uid, "pending")).count())

    def role_changes_since(self, actor_id: str, since: datetime) -> int:
        """Roles this admin set since then."""
        return self._value(self._query(ROLE_CHANGES_MADE, (actor_id,), since).count())

    def said_since(self, uid: str, since: datetime) -> int:
        """Messages and comments this user posted since then, over every request's (two
        collection-group aggregations)."""
        return sum(self._value(self._query(shape, (uid,), since).count()) for shape in SAID)
