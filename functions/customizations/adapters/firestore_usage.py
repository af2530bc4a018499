"""How much of each quota a user has used, counted with Firestore aggregation queries over what the
system keeps anyway (requests, upload records, the role-change log): one round trip, billed one
read per thousand entries counted, and no counter document to keep hot (the services' UsageCounter)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .queries import OPEN_SESSIONS, REQUESTS_CREATED, ROLE_CHANGES_MADE, SAID, UPLOADED_BYTES, QueryShape


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

    def requests_created_since(self, uid: str, since: datetime) -> int:
        """Requests this user created since then."""
        return self._value(self._query(REQUESTS_CREATED, (uid,), since).count())

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
