"""Firestore access: the only module that reads or writes documents.

Every query the code can run is one of the shapes in QUERY_SHAPES, so that a test can check that
each has its composite index in firestore.indexes.json.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .errors import validation
from .live import LiveDocuments

REQUESTS = "customizationRequests"
PRODUCTS = "products"
USERS = "users"
IDEMPOTENCY = "idempotencyKeys"
NOTIFICATIONS = "notifications"
UPLOADS = "uploads"


@dataclass(frozen=True)
class QueryShape:
    """A query the repository runs: equality filters, then one field it orders by (ties by id) or,
    for a sum, the field it scans."""

    collection: str
    equalities: tuple[str, ...]
    order_by: str
    descending: bool


def _request_list_shapes() -> list[QueryShape]:
    shapes = []
    for scope in ((), ("customerId",), ("designerId",), ("customerId", "designerId")):
        for status in ((), ("status",)):
            if scope or status:
                shapes.append(QueryShape(REQUESTS, scope + status, "createdAt", True))
    return shapes


# Numbers each request carries so that statistics are sums computed by Firestore, never reads of
# every document: counts of events and hours elapsed, all starting at zero.
STAT_FIELDS = (
    "assignedCount",  # 1 once claimed
    "responseHours",  # requested -> claimed
    "designsSubmitted",  # uploadFinal count
    "designedCount",  # 1 once a design was submitted
    "decisionCount",  # customer approvals + rejections
    "approvalCount",  # 1 once approved
    "rejectionCount",
    "reviewHoursTotal",  # design submitted -> customer decision, summed over decisions
    "completionHours",  # requested -> approved
)

# The designers' queue: waiting requests, oldest first.
PENDING_QUEUE = QueryShape(REQUESTS, ("status",), "requestedAt", False)
# Someone's notifications, newest first: all of them, or the unread ones (readAt == null).
NOTIFICATION_SHAPES = {
    False: QueryShape(NOTIFICATIONS, ("recipientId",), "createdAt", True),
    True: QueryShape(NOTIFICATIONS, ("recipientId", "readAt"), "createdAt", True),
}
# Housekeeping: uploads no request took, and cancelled requests whose files are still kept.
ORPHAN_UPLOADS = QueryShape(UPLOADS, ("attachedTo",), "createdAt", False)
EXPIRED_CANCELLATIONS = QueryShape(REQUESTS, ("filesPurged",), "cancelledAt", False)
# A request's audit trail and revisions (subcollections), oldest first.
AUDIT_SHAPE = QueryShape("events", (), "at", False)
REVISION_SHAPE = QueryShape("revisions", (), "number", False)

QUERY_SHAPES: list[QueryShape] = [
    *_request_list_shapes(),
    QueryShape(REQUESTS, (), "createdAt", True),
    PENDING_QUEUE,
    *NOTIFICATION_SHAPES.values(),
    AUDIT_SHAPE,
    REVISION_SHAPE,
    ORPHAN_UPLOADS,
    EXPIRED_CANCELLATIONS,
]


@dataclass(frozen=True)
class Record:
    """A stored document with the update time that a conditional write can be pinned to."""

    id: str
    data: dict[str, Any]
    update_time: Any


@dataclass(frozen=True)
class Page:
    """One page of a list, with the cursor of the next one (None on the last page)."""

    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(order_value: datetime | int, doc_id: str) -> str:
    """An opaque cursor pointing just after (order_value, doc_id): a time, or a number."""
    value = order_value if isinstance(order_value, int) else order_value.isoformat()
    raw = json.dumps([value, doc_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime | int, str]:
    """The position a cursor points after; a 400 for anything this API did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value, doc_id = json.loads(raw)
        if not isinstance(doc_id, str) or not doc_id or "/" in doc_id:
            raise ValueError("bad id")
        if isinstance(value, int) and not isinstance(value, bool):
            if not -(2**63) <= value < 2**63:  # what Firestore stores as an integer
                raise ValueError("out of range")
            return value, doc_id
        return datetime.fromisoformat(value), doc_id
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise validation(
            "Invalid cursor", [{"field": "cursor", "message": "not a cursor from this API"}]
        ) from exc


def is_document_id(value: str) -> bool:
    """Whether Firestore takes value as a document id: 1 to 1,500 bytes, no "/", not "." or "..",
    not of the reserved form __name__."""
    size = len(value.encode("utf-8", "surrogatepass"))
    reserved = value in (".", "..") or (len(value) >= 4 and value.startswith("__") and value.endswith("__"))
    return 0 < size <= 1500 and "/" not in value and not reserved


def upload_id(path: str) -> str:
    """The id of the upload record of the object at path."""
    return hashlib.sha256(path.encode()).hexdigest()[:40]


def with_id(snapshot: Any) -> dict[str, Any]:
    """A snapshot's data with its document id as `id`."""
    return {**(snapshot.to_dict() or {}), "id": snapshot.id}


def users_with_role(db: firestore.Client, role: str) -> list[dict[str, Any]]:
    """Every user profile with this role (profiles follow PUT /users/{uid}/role)."""
    query = db.collection(USERS).where(filter=FieldFilter("role", "==", role))
    return [with_id(s) for s in query.stream()]


@dataclass
class LiveReads:
    """What an instance keeps current through listeners (see live.py): the requests and products
    it has read."""

    requests: LiveDocuments
    products: LiveDocuments


def live_reads(db: firestore.Client) -> LiveReads:
    """Listener-backed reads on this client, started lazily on first use.

    Each listener holds a stream on the client's one HTTP/2 connection, which Google's front end
    lets carry about 100 at once; 40 leaves the rest to the requests' own reads and writes.
    """
    return LiveReads(
        requests=LiveDocuments(lambda doc_id: db.collection(REQUESTS).document(doc_id).on_snapshot, 32),
        products=LiveDocuments(lambda doc_id: db.collection(PRODUCTS).document(doc_id).on_snapshot, 8),
    )


def page_of(
    db: firestore.Client,
    shape: QueryShape,
    values: Sequence[Any],
    limit: int,
    cursor: str | None,
    parent: Any = None,
) -> Page:
    """One page of a QUERY_SHAPES query, ordered by its field, then by id: on a top-level
    collection, or on the subcollection of the `parent` document."""
    if shape not in QUERY_SHAPES:
        raise ValueError(f"unregistered query shape {shape}")
    direction = firestore.Query.DESCENDING if shape.descending else firestore.Query.ASCENDING
    query: Any = (parent or db).collection(shape.collection)
    for field, value in zip(shape.equalities, values, strict=True):
        query = query.where(filter=FieldFilter(field, "==", value))
    query = query.order_by(shape.order_by, direction=direction).order_by("__name__", direction=direction)
    if cursor is not None:
        after_value, after_id = decode_cursor(cursor)
        query = query.start_after({shape.order_by: after_value, "__name__": after_id})
    snapshots = list(query.limit(limit + 1).stream())
    items = [with_id(s) for s in snapshots[:limit]]
    next_cursor = None
    if len(snapshots) > limit:
        last = items[-1]
        next_cursor = encode_cursor(last[shape.order_by], last["id"])
    return Page(items, next_cursor)


class CustomizationRepository:
    """Customization requests, products, users and idempotency records in Firestore."""

    def __init__(self, db: firestore.Client, live: LiveReads | None = None) -> None:
        self._db = db
        self._live = live

    # ---- requests ----

    def _snapshot(self, held: LiveDocuments | None, collection: str, doc_id: str, fresh: bool) -> Any:
        """A document from its listener-held copy, unless fresh is asked for or the copy cannot
        vouch for it; a "no such document" is always Firestore's own answer."""
        snapshot = held.get(doc_id) if held is not None and not fresh else None
        if snapshot is None or not snapshot.exists:
            snapshot = self._db.collection(collection).document(doc_id).get()
            if held is not None:
                held.confirm(doc_id, snapshot)
        return snapshot

    def get(self, request_id: str, fresh: bool = False) -> Record | None:
        """The request with this id, or None; from the listener-held copy unless fresh is asked for."""
        held = self._live.requests if self._live is not None else None
        snapshot = self._snapshot(held, REQUESTS, request_id, fresh)
        if not snapshot.exists:
            return None
        return Record(snapshot.id, with_id(snapshot), snapshot.update_time)

    def new_id(self) -> str:
        """A fresh, random document id for a request."""
        return self._db.collection(REQUESTS).document().id

    def create(
        self,
        request_id: str,
        data: dict[str, Any],
        idempotency: tuple[str, dict[str, Any]] | None,
        attach: Sequence[str] = (),
    ) -> None:
        """Write a new request, and its idempotency record if any, atomically.

        Raises google.api_core.exceptions.AlreadyExists when the idempotency key is taken.
        """
        batch = self._db.batch()
        if idempotency is not None:
            key_id, record = idempotency
            batch.create(self._db.collection(IDEMPOTENCY).document(key_id), record)
        batch.create(self._db.collection(REQUESTS).document(request_id), data)
        self._attach(batch, request_id, attach)
        batch.commit()

    def _attach(self, batch: Any, request_id: str, paths: Sequence[str]) -> None:
        # The uploads a request now uses, marked in the same atomic write as the request itself.
        for path in paths:
            batch.update(self._db.collection(UPLOADS).document(upload_id(path)), {"attachedTo": request_id})

    def idempotency_record(self, key_id: str) -> dict[str, Any] | None:
        """The stored outcome of an idempotent create, or None."""
        snapshot = self._db.collection(IDEMPOTENCY).document(key_id).get()
        return snapshot.to_dict() if snapshot.exists else None

    def update_if_unchanged(
        self, record: Record, changes: dict[str, Any], attach: Sequence[str] = ()
    ) -> bool:
        """Apply changes only if the document is still as it was read; False if it changed since.

        One conditional write settles races (say, 50 designers claiming at once) in one round trip
        each, where a transaction would retry and give up under contention.
        """
        ref = self._db.collection(REQUESTS).document(record.id)
        option = self._db.write_option(last_update_time=record.update_time)
        try:
            if attach:
                batch = self._db.batch()
                batch.update(ref, changes, option=option)
                self._attach(batch, record.id, attach)
                written = batch.commit()[0]
            else:
                written = ref.update(changes, option=option)
        except gexc.FailedPrecondition:
            return False
        if self._live is not None:
            self._live.requests.wrote(record.id, written.update_time)
        return True

    def page(self, shape: QueryShape, values: Sequence[Any], limit: int, cursor: str | None) -> Page:
        """One page of a registered list query."""
        return page_of(self._db, shape, values, limit, cursor)

    # ---- products and users ----

    def product(self, product_id: str, fresh: bool = False) -> dict[str, Any] | None:
        """The product with this id, or None; from the listener-held copy unless fresh is asked for."""
        if not is_document_id(product_id):
            return None
        held = self._live.products if self._live is not None else None
        snapshot = self._snapshot(held, PRODUCTS, product_id, fresh)
        return with_id(snapshot) if snapshot.exists else None

    def save_user(self, uid: str, fields: dict[str, Any]) -> None:
        """Create or update a user's profile (role, name, email)."""
        self._db.collection(USERS).document(uid).set(fields, merge=True)

    def users_with_role(self, role: str) -> list[dict[str, Any]]:
        """Every user profile with this role."""
        return users_with_role(self._db, role)
