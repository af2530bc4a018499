"""Collections, and every query the Firestore stores run, as registered shapes.

Every query is one of QUERY_SHAPES, so that a test can check that each has its composite index in
firestore.indexes.json; `page_of` refuses any other.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain import retention
from ..domain.inbox import ANNOUNCEMENT, PERSONAL, Position
from ..domain.records import REMOVED, Page, PageRequest, decode_cursor, encode_cursor

REQUESTS = "customizationRequests"
PRODUCTS = "products"
USERS = "users"
IDEMPOTENCY = "idempotencyKeys"
NOTIFICATIONS = "notifications"
UPLOADS = "uploads"
STATISTICS = "statistics"  # statistics/global: the cached global figures
PROCESSED = "processedEvents"
AUDIT = "events"  # customizationRequests/{id}/events
REVISIONS = "revisions"  # customizationRequests/{id}/revisions
READS = "reads"  # users/{uid}/reads/{announcementId}: when a designer read a new request's announcement
PRIVATE, CONTACT = "private", "contact"  # customizationRequests/{id}/private/contact: the customer's email
THREAD = "thread"  # customizationRequests/{id}/private/thread: the message count and who read how far
MESSAGES = "messages"  # customizationRequests/{id}/messages/{seq}
COMMENTS = "comments"  # customizationRequests/{id}/comments/{revision}-{n}
MAIL = "mail"  # the collection the Trigger Email extension watches
ROLE_CHANGES = "roleChanges"  # who set whose role, when
REVOCATIONS = "tokenRevocations"  # tokenRevocations/{uid}: when Auth last revoked the user's tokens
DEVICE_OWNERS = "deviceOwners"  # deviceOwners/{deviceId}: whose a push token is (one person's at a time)
DESIGNER_LOADS = "designerLoads"  # one per designer: the counters of the requests in their hands
SEATS = "designerSeats"  # one per designer: availability, capacity, active requests (domain.routing)
LEGAL = "state"  # customizationRequests/{id}/private/state: the request's last legal state
USAGE = "usage"  # usage/{uid}_{kind}_{window}: one user's counter of one quota (domain.quotas)


@dataclass(frozen=True)
class QueryShape:
    """A query a store runs: equality filters, then one field it orders by (ties by id) or counts
    from (a range), or none (equalities alone need no composite index)."""

    collection: str
    equalities: tuple[str, ...]
    order_by: str | None
    descending: bool = False
    group: bool = False  # over every collection of that name (a collection-group query)
    then_by: str | None = None  # a second field to order by (same direction), before the id


# The request filters a list may combine, in the order their fields appear in a query.
REQUEST_FILTER_FIELDS = ("customerId", "designerId", "status", "overdue")


def _request_list_shapes() -> list[QueryShape]:
    # `overdue` is on a request (true) only while it is overdue: its indexes hold overdue requests
    # alone, at their creation time, never at the end of a range every new request joins.
    shapes = []
    for scope in ((), ("customerId",), ("designerId",), ("customerId", "designerId")):
        for status in ((), ("status",)):
            for overdue in ((), ("overdue",)):
                shapes.append(QueryShape(REQUESTS, scope + status + overdue, "createdAt", True))
    return shapes


# Requests, newest first, under any combination of filters (none: an admin's whole list).
REQUEST_LISTS = _request_list_shapes()
# The catalogue by name: the customizable products (everyone), or every product (admins).
CUSTOMIZABLE_PRODUCTS = QueryShape(PRODUCTS, ("isCustomizable",), "name", False)
ALL_PRODUCTS = QueryShape(PRODUCTS, (), "name", False)
# The designers' queue: waiting requests, oldest first.
PENDING_QUEUE = QueryShape(REQUESTS, ("status",), "requestedAt", False)
# ... or the soonest due first: `claimBy` (the waiting stage's due time) is on waiting requests only.
PENDING_BY_DUE = QueryShape(REQUESTS, (), "claimBy", False)
# Auto-assignment's candidates: available designers, least active first, then longest idle.
SEAT_CANDIDATES = QueryShape(SEATS, ("available",), "active", False, then_by="lastAssignedAt")
# The timed steps due (on demand, and the daily catch-up): every request in an open status.
IN_STATUS = QueryShape(REQUESTS, ("status",), None)
# Admins, told of overdue requests.
ADMINS = QueryShape(USERS, ("role",), None)
# Someone's notifications, newest first: all of them, or the unread ones (readAt == null).
NOTIFICATION_SHAPES = {
    False: QueryShape(NOTIFICATIONS, ("recipientId",), "createdAt", True),
    True: QueryShape(NOTIFICATIONS, ("recipientId", "readAt"), "createdAt", True),
}
# Designers' announcements of new requests: every request, newest first; and those a designer read
# one by one (counted since a time, for their unread count).
ANNOUNCEMENTS = QueryShape(REQUESTS, (), "createdAt", True)
READS_SINCE = QueryShape(READS, (), "announcedAt")
# Digests: the profiles whose email comes hourly, or daily (equality, by uid).
DIGEST_RECIPIENTS = QueryShape(USERS, ("preferences.emailDigest",), None)
# Housekeeping: uploads no request took (each shard apart), and cancelled requests whose files are
# still kept.
ORPHAN_UPLOADS = QueryShape(UPLOADS, ("attachedTo", "shard"), "createdAt", False)
EXPIRED_CANCELLATIONS = QueryShape(REQUESTS, ("filesPurged",), "cancelledAt", False)
# A request's audit trail and revisions (subcollections), oldest first; its messages in turn, and
# the comments of a range of its revisions (by id: revision, then turn).
AUDIT_SHAPE = QueryShape(AUDIT, (), "at", False)
REVISION_SHAPE = QueryShape(REVISIONS, (), "number", False)
MESSAGE_SHAPE = QueryShape(MESSAGES, (), "seq", False)
COMMENT_SHAPE = QueryShape(COMMENTS, (), "__name__", False)

# Quotas: what one user made since the window opened (counted or summed, never listed).
UPLOADED_BYTES = QueryShape(UPLOADS, ("ownerId",), "createdAt")
OPEN_SESSIONS = QueryShape(UPLOADS, ("ownerId", "status"), None)
ROLE_CHANGES_MADE = QueryShape(ROLE_CHANGES, ("actorId",), "at")
SAID = (
    QueryShape(MESSAGES, ("authorId",), "createdAt", group=True),
    QueryShape(COMMENTS, ("authorId",), "createdAt", group=True),
)

# Figures: requests counted and summed per status, for a customer, a designer or all (equalities
# only); designers by load (admins' workload, least loaded first; "active > 0" for the active
# count) and by the day their load last changed; a designer's requests written lately.
TALLIES = [
    QueryShape(REQUESTS, scope + status, None)
    for scope in ((), ("customerId",), ("designerId",))
    for status in ((), ("status",))
]
DESIGNERS_BY_LOAD = QueryShape(DESIGNER_LOADS, (), "active")
DESIGNERS_TOUCHED = QueryShape(DESIGNER_LOADS, (), "touchedOn")
DESIGNERS_BUSY = QueryShape(REQUESTS, ("designerId",), "updatedAt")

QUERY_SHAPES: list[QueryShape] = [
    *REQUEST_LISTS,
    ANNOUNCEMENTS,
    READS_SINCE,
    DIGEST_RECIPIENTS,
    PENDING_QUEUE,
    PENDING_BY_DUE,
    SEAT_CANDIDATES,
    IN_STATUS,
    ADMINS,
    *NOTIFICATION_SHAPES.values(),
    AUDIT_SHAPE,
    REVISION_SHAPE,
    MESSAGE_SHAPE,
    COMMENT_SHAPE,
    ORPHAN_UPLOADS,
    EXPIRED_CANCELLATIONS,
    UPLOADED_BYTES,
    OPEN_SESSIONS,
    ROLE_CHANGES_MADE,
    *SAID,
    *TALLIES,
    DESIGNERS_BY_LOAD,
    DESIGNERS_TOUCHED,
    DESIGNERS_BUSY,
    CUSTOMIZABLE_PRODUCTS,
    ALL_PRODUCTS,
]


def count_since(  # noqa: PLR0913, PLR0917 - a shape, its values, and the range it counts over
    base: Any,
    shape: QueryShape,
    since: datetime,
    cap: int,
    values: Sequence[Any] = (),
    until: datetime | None = None,
) -> int:
    """How many documents of a shape (under `base`, a collection) have its order field after
    `since`, counting no further than cap: an aggregation, billed a read per 1,000 entries."""
    if shape not in QUERY_SHAPES or shape.order_by is None:
        raise ValueError(f"not a registered shape with a field to count from: {shape}")
    query = base
    for name, value in zip(shape.equalities, values, strict=True):
        query = query.where(filter=FieldFilter(name, "==", value))
    query = query.where(filter=FieldFilter(shape.order_by, ">", since))
    if until is not None:
        query = query.where(filter=FieldFilter(shape.order_by, "<=", until))
    return int(query.limit(cap).count().get()[0][0].value or 0)


# Every new upload is unattached, so the orphan query's index (attachedTo == null, createdAt) would
# take all uploads in one increasing range, which Firestore holds to ~500 writes/s. A shard field
# (from the path, so always the same) splits it into UPLOAD_SHARDS ranges; the clean-up asks each.
UPLOAD_SHARDS = 16


def upload_shard(path: str) -> int:
    """The orphan-query shard of an upload at this path."""
    return zlib.crc32(path.encode()) % UPLOAD_SHARDS


# Retention: collection (group) -> how long its documents live. Each has a TTL policy on expireAt
# in firestore.indexes.json (fieldOverrides), checked by tests/unit/test_indexes.py.
TTL_FIELD = "expireAt"
RETAINED = {
    PROCESSED: retention.PROCESSED_EVENT,
    IDEMPOTENCY: retention.IDEMPOTENCY_KEY,
    NOTIFICATIONS: retention.UNREAD_NOTIFICATION,
    MAIL: retention.MAIL,
    ROLE_CHANGES: retention.ROLE_CHANGE,
    READS: retention.ANNOUNCEMENT_READ,
    DEVICE_OWNERS: retention.DEVICE_OWNER,
    USAGE: retention.USAGE_COUNTER,
}

# Fields exempt from Firestore's automatic single-field indexes (fieldOverrides with no indexes):
# no query above needs them alone. Timestamps that only ever grow come first: an index on one holds
# its collection to ~500 writes/s. Then long texts and maps nobody filters on (fewer index writes).
UNINDEXED: dict[str, tuple[str, ...]] = {
    REQUESTS: (
        "updatedAt",
        "requestedAt",
        "assignedAt",
        "completedAt",
        "approvedAt",
        "cancelledAt",
        "fulfilledAt",
        "filesPurgedAt",
        "lastEvent",
        "customerDesignFile",
        "customerPreviewImage",
        "designerFinalFile",
        "designerPreviewImage",
        "customizationNotes",
        "designerNotes",
        "rejectionReason",
        "cancellationReason",
        "rating",
        "rejectionCommentIds",
        "dueAt",
        "timer",
        "releasedAt",
        "releasedBy",
        "releaseReason",
        "restored",
        "adminOverride",
    ),
    PRIVATE: (LEGAL,),  # the legal copy of a whole request, in one map nobody queries
    SEATS: ("lastAssignedAt",),
    NOTIFICATIONS: ("createdAt", "readAt", "expireAt", "body"),
    PROCESSED: ("at", "expireAt"),
    IDEMPOTENCY: ("createdAt", "expireAt", "bodyHash"),
    MAIL: ("expireAt", "message", "delivery"),
    ROLE_CHANGES: ("at", "expireAt"),
    READS: ("readAt", "expireAt"),
    DEVICE_OWNERS: ("uid", "expireAt"),
    MESSAGES: ("createdAt", "text", "attachments"),
    COMMENTS: ("createdAt", "text", "resolvedAt"),
    UPLOADS: ("createdAt",),
    USAGE: ("count", "expireAt"),  # read by id only: no index entry to write with each increment
}
# Increasing fields that stay indexed alone, because a query needs them: each is one range that
# every write of its collection lands at the end of (the capacity model counts them).
SEQUENTIAL_SINGLE_FIELDS: dict[str, tuple[str, ...]] = {REQUESTS: ("createdAt", "claimBy")}


def stored(fields: dict[str, Any]) -> dict[str, Any]:
    """A write's fields as Firestore takes them: a field REMOVED is deleted."""
    return {k: firestore.DELETE_FIELD if v is REMOVED else v for k, v in fields.items()}


def with_id(snapshot: Any) -> dict[str, Any]:
    """A snapshot's data with its document id as `id`."""
    return {**(snapshot.to_dict() or {}), "id": snapshot.id}


def page_of(
    db: firestore.Client,
    shape: QueryShape,
    values: Sequence[Any],
    page: PageRequest,
    parent: Any = None,
) -> Page:
    """One page of a QUERY_SHAPES query, ordered by its field, then by id: on a top-level
    collection, or on the subcollection of the `parent` document."""
    if shape not in QUERY_SHAPES or shape.order_by is None:
        raise ValueError(f"unregistered or unordered query shape {shape}")
    direction = firestore.Query.DESCENDING if shape.descending else firestore.Query.ASCENDING
    query: Any = (parent or db).collection(shape.collection)
    for field, value in zip(shape.equalities, values, strict=True):
        query = query.where(filter=FieldFilter(field, "==", value))
    query = query.order_by(shape.order_by, direction=direction).order_by("__name__", direction=direction)
    if page.cursor is not None:
        after_value, after_id = decode_cursor(page.cursor)
        query = query.start_after({shape.order_by: after_value, "__name__": after_id})
    snapshots = list(query.limit(page.limit + 1).stream())
    items = [with_id(s) for s in snapshots[: page.limit]]
    next_cursor = None
    if len(snapshots) > page.limit:
        last = items[-1]
        next_cursor = encode_cursor(last[shape.order_by], last["id"])
    return Page(items, next_cursor)


# The shapes an inbox merges, and the rank of their items in its order (inbox.Position).
INBOX_SOURCES = {ANNOUNCEMENTS: ANNOUNCEMENT, **dict.fromkeys(NOTIFICATION_SHAPES.values(), PERSONAL)}


def newest_after(  # noqa: PLR0913, PLR0917 - a query's shape, values, start, size, end and fields
    db: firestore.Client,
    shape: QueryShape,
    values: Sequence[Any],
    after: Position | None,
    limit: int,
    since: datetime | None = None,
    fields: Sequence[str] | None = None,
) -> list[dict[str, Any]]:
    """Up to limit documents of one of an inbox's sources, newest first, from just after an inbox
    position (at the position's time, items of a lower rank follow those of a higher one), and
    none older than `since`; only the given fields of each (and its id), if fields are named."""
    rank = INBOX_SOURCES[shape]
    field, direction = str(shape.order_by), firestore.Query.DESCENDING
    query: Any = db.collection(shape.collection)
    for name, value in zip(shape.equalities, values, strict=True):
        query = query.where(filter=FieldFilter(name, "==", value))
    if since is not None:
        query = query.where(filter=FieldFilter(field, ">=", since))
    if after is not None and after.rank != rank:
        query = query.where(filter=FieldFilter(field, "<" if rank > after.rank else "<=", after.at))
    query = query.order_by(field, direction=direction).order_by("__name__", direction=direction)
    if after is not None and after.rank == rank:
        query = query.start_after({field: after.at, "__name__": after.doc_id})
    if fields is not None:
        query = query.select(list(fields))
    return [with_id(s) for s in query.limit(limit).stream()]
