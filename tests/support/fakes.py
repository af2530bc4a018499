"""In-memory stand-ins for the adapters, implementing the services' Protocols (services/ports.py).

One `World` holds every collection as plain dicts; each fake is a view on it, as each Firestore
store is a view on one database. They keep the contracts the real stores keep (update times for
conditional writes, creates that refuse what exists, pages with cursors, an event's effects
written once), so a service test on them means what it says. mypy checks each fake against its
Protocol (see `_conforms` at the end): a fake that drifts from the Protocol fails `make lint`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import IO, Any

from customizations.domain import integrity, retention, routing, statistics
from customizations.domain.actors import Actor
from customizations.domain.commands import RequestFilter
from customizations.domain.events import Effects, said
from customizations.domain.files import upload_id
from customizations.domain.inbox import ANNOUNCEMENT, PERSONAL, Position
from customizations.domain.lifecycle import Event, Role, Status
from customizations.domain.quotas import Quotas
from customizations.domain.records import (
    AlreadyExists,
    Conflict,
    Current,
    Page,
    PageRequest,
    Record,
    decode_cursor,
    encode_cursor,
    merged,
)
from customizations.domain.routing import Seat, SeatChange
from customizations.domain.workflow import DEFAULT_SLA, Due, Sla
from customizations.services import Services
from customizations.services.activity import ActivityService
from customizations.services.bus import EventBus, handle_request_write, handle_said
from customizations.services.catalogue import CatalogueService
from customizations.services.conversation import ConversationService
from customizations.services.fanout import Fanout
from customizations.services.ports import (
    DigestStore,
    FanoutStore,
    HistoryStore,
    ObjectStore,
    ProductStore,
    ProfileStore,
    PushSender,
    RequestStore,
    SeatStore,
    StatsStore,
    TalkStore,
    TimerQueue,
    UploadRecords,
    UsageCounter,
    UserDirectory,
)
from customizations.services.quotas import QuotaGuard
from customizations.services.reports import ReportService
from customizations.services.requests import RequestService
from customizations.services.routing import Router
from customizations.services.timers import TimerService
from customizations.services.uploads import UploadService
from customizations.services.users import UserService

Doc = dict[str, Any]
UNLIMITED = Quotas.of(10**9, 10**15, 10**9, 10**9, 10**9)


class Clock:
    """A clock that moves only when told to."""

    def __init__(self, start: datetime = datetime(2026, 11, 2, 9, tzinfo=UTC)) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        """Move the clock forward (hours=..., minutes=...) and return the new time."""
        self.now += timedelta(**delta)
        return self.now


@dataclass
class World:
    """Every collection, in memory."""

    requests: dict[str, Doc] = field(default_factory=dict)
    update_times: dict[str, int] = field(default_factory=dict)  # request id -> its last write's stamp
    products: dict[str, Doc] = field(default_factory=dict)
    idempotency: dict[str, Doc] = field(default_factory=dict)
    contacts: dict[str, Doc] = field(default_factory=dict)  # request id -> the customer's email
    users: dict[str, Doc] = field(default_factory=dict)  # profiles
    uploads: dict[str, Doc] = field(default_factory=dict)  # upload id -> record
    upload_times: dict[str, int] = field(default_factory=dict)  # upload id -> its last write's stamp
    audit: dict[str, dict[str, Doc]] = field(default_factory=dict)  # request id -> key -> entry
    revisions: dict[str, dict[int, Doc]] = field(default_factory=dict)
    notifications: dict[str, Doc] = field(default_factory=dict)
    mail: dict[str, Doc] = field(default_factory=dict)
    processed: set[str] = field(default_factory=set)
    loads: dict[str, dict[str, Any]] = field(default_factory=dict)  # designer uid -> counters and name
    touched: dict[str, date] = field(default_factory=dict)  # designer uid -> the day an event moved its load
    snapshot: tuple[dict[str, Any], datetime] | None = None
    role_changes: list[Doc] = field(default_factory=list)
    reads: dict[tuple[str, str], datetime] = field(default_factory=dict)  # (uid, announcement) -> when
    threads: dict[str, Doc] = field(default_factory=dict)  # request id -> {count, reads, comments}
    device_owners: dict[str, str] = field(default_factory=dict)  # device id -> uid
    messages: dict[str, dict[str, Doc]] = field(default_factory=dict)  # request id -> id -> message
    comments: dict[str, dict[str, Doc]] = field(default_factory=dict)  # request id -> id -> comment
    legal: dict[str, Doc] = field(default_factory=dict)  # request id -> its last legal state
    legal_times: dict[str, int] = field(default_factory=dict)  # request id -> its legal copy's stamp
    seats: dict[str, Doc] = field(default_factory=dict)  # designer uid -> their seat
    seat_times: dict[str, int] = field(default_factory=dict)  # designer uid -> their seat's stamp
    stamps: Iterator[int] = field(default_factory=lambda: itertools.count(1))


def _firestore_order(value: Any) -> tuple[int, Any]:
    """Firestore orders values of different types by type first: numbers, timestamps, then strings."""
    return (1 if isinstance(value, int | float) else 3 if isinstance(value, str) else 2, value)


def _page(items: list[Doc], order_by: str, descending: bool, page: PageRequest) -> Page:
    """Sort by (order_by, id), start after the cursor, cut one page: what the Firestore stores do."""

    def position(value: Any, doc_id: str) -> tuple[tuple[int, Any], str]:
        return _firestore_order(value), doc_id

    ordered = sorted(items, key=lambda d: position(d[order_by], d["id"]), reverse=descending)
    if page.cursor is not None:
        after = position(*decode_cursor(page.cursor))
        if descending:
            ordered = [d for d in ordered if position(d[order_by], d["id"]) < after]
        else:
            ordered = [d for d in ordered if position(d[order_by], d["id"]) > after]
    items = ordered[: page.limit]
    more = len(ordered) > page.limit
    return Page(items, encode_cursor(items[-1][order_by], items[-1]["id"]) if more else None)


class FakeRequests:
    """RequestStore and ProfileStore on a World. `on_update` runs just before a conditional write
    is checked, so a test can slip a concurrent write in between a read and a write."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.on_update: Callable[[str], None] | None = None
        # (id, before, after, update stamp) of every write: what the event trigger is given.
        self.written: list[tuple[str, Doc | None, Doc | None, int]] = []
        self._ids = itertools.count(1)

    def get(self, request_id: str, fresh: bool = False) -> Record | None:
        doc = self.world.requests.get(request_id)
        if doc is None:
            return None
        return Record(request_id, {**doc, "id": request_id}, self.world.update_times[request_id])

    def new_id(self) -> str:
        return f"r{next(self._ids):04d}"

    def create(
        self,
        request_id: str,
        data: Doc,
        contact: Doc,
        idempotency: tuple[str, Doc] | None,
        attach: Mapping[str, Any],
    ) -> None:
        if idempotency is not None and idempotency[0] in self.world.idempotency:
            raise AlreadyExists(idempotency[0])
        if not self._uploads_unchanged(attach):
            raise Conflict("an upload changed since it was read")
        if request_id in self.world.requests:
            raise AlreadyExists(request_id)
        if idempotency is not None:
            self.world.idempotency[idempotency[0]] = idempotency[1]
        self.world.contacts[request_id] = dict(contact)
        self._write(request_id, dict(data), attach)
        self._save_legal(request_id)

    def contacts(self, request_ids: Sequence[str]) -> dict[str, Doc]:
        return {i: dict(self.world.contacts[i]) for i in request_ids if i in self.world.contacts}

    def count_requests(self, customer_id: str, cap: int) -> int:
        return min(cap, sum(1 for d in self.world.requests.values() if d["customerId"] == customer_id))

    def threads(self, request_ids: Sequence[str], with_contacts: bool) -> dict[str, Doc]:
        found: dict[str, Doc] = {}
        for request_id in request_ids:
            found[request_id] = dict(self.world.threads.get(request_id, {}))
            if with_contacts and request_id in self.world.contacts:
                found[request_id]["contact"] = dict(self.world.contacts[request_id])
        return found

    def _uploads_unchanged(self, attach: Mapping[str, Any]) -> bool:
        times = self.world.upload_times
        return all(times.get(upload_id(path)) == read_at for path, read_at in attach.items())

    def _write(self, request_id: str, doc: Doc, attach: Mapping[str, Any]) -> None:
        stamp = next(self.world.stamps)
        self.written.append((request_id, self.world.requests.get(request_id), doc, stamp))
        self.world.requests[request_id] = doc
        self.world.update_times[request_id] = stamp
        for path in attach:
            self.world.uploads[upload_id(path)]["attachedTo"] = request_id
            self.world.upload_times[upload_id(path)] = stamp

    def idempotency_record(self, key_id: str) -> Doc | None:
        return self.world.idempotency.get(key_id)

    def _save_legal(self, request_id: str) -> None:
        # In the request's own write: one commit, one update time for both (as a batch has).
        self.world.legal[request_id] = dict(self.world.requests[request_id])
        self.world.legal_times[request_id] = self.world.update_times[request_id]

    def shown(self, request_id: str, contact: bool = False) -> tuple[Record | None, Doc]:
        record = self.get(request_id)
        return (None, {}) if record is None else (record, self.threads([request_id], contact)[request_id])

    def current(self, request_id: str, thread: bool = False, contact: bool = False) -> Current | None:
        record = self.get(request_id, fresh=True)
        if record is None:
            return None
        legal = self.world.legal.get(request_id)
        state = self.threads([request_id], contact)[request_id] if thread else {}
        if contact and not thread and request_id in self.world.contacts:
            state = {"contact": dict(self.world.contacts[request_id])}
        return Current(
            record,
            None if legal is None else Record(request_id, dict(legal), self.world.legal_times[request_id]),
            state,
        )

    def update_if_unchanged(
        self,
        record: Record,
        changes: Doc,
        attach: Mapping[str, Any],
        seats: Mapping[str, SeatChange] | None = None,
        legal: Record | None = None,
    ) -> bool:
        if self.on_update is not None:
            self.on_update(record.id)
        if self.world.update_times.get(record.id) != record.update_time or not self._uploads_unchanged(
            attach
        ):
            return False
        if self.world.legal_times.get(record.id) != (legal.update_time if legal is not None else None):
            return False
        seats = seats or {}
        if not all(FakeSeats(self.world).unchanged(m.read) for m in seats.values() if m.read is not None):
            return False
        self._write(record.id, merged(self.world.requests[record.id], changes), attach)
        self._save_legal(record.id)
        for uid, move in seats.items():
            FakeSeats(self.world).move(
                uid, move.delta, move.fields, whole=move.read is not None, read=move.read
            )
        return True

    def replace(self, request_id: str, doc: Doc) -> None:
        """A whole document written over the request (a rollback), and its legal copy with it."""
        self._write(request_id, dict(doc), {})
        self._save_legal(request_id)

    def delete(self, request_id: str) -> None:
        """The request deleted (a rollback of a request created around the API)."""
        stamp = next(self.world.stamps)
        before = self.world.requests.pop(request_id)
        self.world.update_times.pop(request_id)
        self.world.legal.pop(request_id, None)
        self.written.append((request_id, before, None, stamp))

    def write_around(self, request_id: str, changes: Doc) -> None:
        """A write that bypasses the API (an Admin SDK script, the console): no legal copy."""
        if request_id in self.world.requests:
            self._write(request_id, merged(self.world.requests[request_id], changes), {})
        else:
            self._write(request_id, dict(changes), {})

    def in_status(self, status: str, after: str | None, limit: int) -> list[Doc]:
        found = sorted(
            rid
            for rid, d in self.world.requests.items()
            if d["status"] == status and (after is None or rid > after)
        )
        return [{**self.world.requests[rid], "id": rid} for rid in found[:limit]]

    def list_requests(self, where: RequestFilter, page: PageRequest) -> Page:
        wanted = {
            "customerId": where.customer_id,
            "designerId": where.designer_id,
            "status": where.status,
            "overdue": True if where.overdue else None,
        }
        items = [
            {**doc, "id": rid}
            for rid, doc in self.world.requests.items()
            if all(value is None or doc.get(name) == value for name, value in wanted.items())
        ]
        return _page(items, "createdAt", True, page)

    def pending(self, page: PageRequest, by_due: bool = False) -> Page:
        items = [{**d, "id": rid} for rid, d in self.world.requests.items() if d["status"] == Status.PENDING]
        if by_due:  # only a waiting request carries claimBy: what the query by due time reads
            return _page([i for i in items if "claimBy" in i], "claimBy", False, page)
        return _page(items, "requestedAt", False, page)

    def product(self, product_id: str, fresh: bool = False) -> Doc | None:
        found = self.world.products.get(product_id)
        return None if found is None else {**found, "id": product_id}

    def revision(self, request_id: str, number: int) -> Doc | None:
        found = self.world.revisions.get(request_id, {}).get(number)
        return None if found is None else dict(found)


class FakeProducts:
    """ProductStore on the world's products (the ones FakeRequests reads when a request is made)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self._ids = itertools.count(1)

    def product(self, product_id: str, fresh: bool = False) -> Doc | None:
        found = self.world.products.get(product_id)
        return None if found is None else {**found, "id": product_id}

    def new_product_id(self) -> str:
        return f"product-{next(self._ids)}"

    def list_products(self, customizable_only: bool, page: PageRequest) -> Page:
        items = [
            {**doc, "id": pid}
            for pid, doc in self.world.products.items()
            if not customizable_only or doc.get("isCustomizable") is True
        ]
        return _page(items, "name", False, page)

    def create_product(self, product_id: str, data: Doc) -> bool:
        if product_id in self.world.products:
            return False
        self.world.products[product_id] = dict(data)
        return True

    def update_product(self, product_id: str, fields: Doc, remove: Sequence[str]) -> Doc | None:
        found = self.world.products.get(product_id)
        if found is None:
            return None
        found.update(fields)
        for name in remove:
            found.pop(name, None)
        return {**found, "id": product_id}


class FakeSeats:
    """SeatStore on a World: each seat with the stamp of its last write, for conditional writes."""

    def __init__(self, world: World, default_capacity: int = 10) -> None:
        self.world = world
        self.default_capacity = default_capacity

    def seat(self, uid: str) -> Seat:
        found = self.world.seats.get(uid)
        if found is None:
            return routing.vacant(uid, self.default_capacity)
        return routing.from_document(uid, found, self.default_capacity, self.world.seat_times[uid])

    def unchanged(self, read: Seat) -> bool:
        return self.world.seat_times.get(read.uid) == read.update_time

    def move(self, uid: str, delta: int, fields: Doc, whole: bool = True, read: Seat | None = None) -> None:
        """A seat's move; on a seat with no document, a whole new one, or (a blind write: whole
        False) one holding only the count, as seat_write makes them; from the count read, if read."""
        new = {"designerId": uid, "available": True, "active": 0, "lastAssignedAt": None}
        seat = self.world.seats.setdefault(uid, new if whole else {"designerId": uid})
        base = read.active if read is not None and read.update_time is not None else seat.get("active")
        seat["active"] = int(base or 0) + delta
        seat.update(fields)
        self.world.seat_times[uid] = next(self.world.stamps)

    def candidates(self, after: Seat | None, limit: int) -> list[Seat]:
        def order(seat: Seat) -> tuple[int, int, datetime, str]:
            last = seat.last_assigned_at
            return (seat.active, last is not None, last or datetime.min.replace(tzinfo=UTC), seat.uid)

        found = sorted(
            (self.seat(uid) for uid, doc in self.world.seats.items() if doc.get("available") is True),
            key=order,
        )
        if after is not None:
            found = [s for s in found if order(s) > order(after)]
        return found[:limit]

    def ensure_seat(self, uid: str, name: str, available: bool | None = None) -> None:
        if uid not in self.world.seats:
            self.world.seats[uid] = {
                "designerId": uid,
                "designerName": name,
                "available": True if available is None else available,
                "active": 0,
                "lastAssignedAt": None,
            }
        elif available is not None:
            self.world.seats[uid].update(available=available, designerName=name)
        else:
            return
        self.world.seat_times[uid] = next(self.world.stamps)

    def save_seat(self, read: Seat, available: bool | None, capacity: int | None) -> bool:
        if self.world.seat_times.get(read.uid) != read.update_time:
            return False
        fields: Doc = routing.completion(read)
        if available is not None:
            fields["available"] = available
        if capacity is not None:
            fields["capacity"] = capacity
        self.move(read.uid, 0, fields)
        return True


class FakeTimers:
    """TimerQueue that keeps what is scheduled (a task per step, by its name), what was called off,
    and what was asked to run now; `fire` delivers what is due by a time, as Cloud Tasks would."""

    def __init__(self) -> None:
        self.armed: dict[str, Due] = {}
        self.disarmed: list[str] = []
        self.ran: list[tuple[Due, str]] = []
        self.enqueued = 0  # every arm call, duplicates included

    def arm(self, due: Due) -> None:
        self.enqueued += 1
        self.armed.setdefault(due.task_id, due)

    def disarm(self, due: Due) -> None:
        if self.armed.pop(due.task_id, None) is not None:
            self.disarmed.append(due.task_id)

    def run_now(self, due: Due, tag: str) -> None:
        self.ran.append((due, tag))

    def take_due(self, at: datetime) -> list[Due]:
        """The tasks whose time has come by then (removed: a task is delivered, then gone)."""
        found = sorted((d for d in self.armed.values() if d.at <= at), key=lambda d: (d.at, d.task_id))
        for due in found:
            del self.armed[due.task_id]
        return found


def _merge(into: Doc, fields: Doc) -> None:
    """A set with merge: maps merged into maps, anything else replaced."""
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


class FakeProfiles:
    """ProfileStore and DigestStore on a World."""

    def __init__(self, world: World) -> None:
        self.world = world

    def profile(self, uid: str) -> Doc | None:
        found = self.world.users.get(uid)
        return None if found is None else dict(found)

    def update_profile(self, uid: str, fields: Doc) -> None:
        _merge(self.world.users.setdefault(uid, {}), fields)

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


class FakeTalk:
    """TalkStore on a World; `said` lists what was posted, for the triggers Stack.settle runs."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.said: list[tuple[str, str, str, Doc]] = []  # (event, request id, doc id, doc)

    def post_message(self, request_id: str, message: Doc, attach: Mapping[str, Any]) -> Doc:
        times = self.world.upload_times
        if not all(times.get(upload_id(path)) == read_at for path, read_at in attach.items()):
            raise Conflict("an upload changed since it was read")
        thread = self.world.threads.setdefault(request_id, {"count": 0, "reads": {}})
        thread["count"] += 1
        seq = thread["count"]
        thread["reads"][message["authorId"]] = seq
        doc_id = f"{seq:06d}"
        self.world.messages.setdefault(request_id, {})[doc_id] = {**message, "seq": seq}
        for path in attach:
            self.world.uploads[upload_id(path)]["attachedTo"] = request_id
            self.world.upload_times[upload_id(path)] = next(self.world.stamps)
        self.said.append((Event.MESSAGE_POSTED.value, request_id, doc_id, {**message, "seq": seq}))
        return {**message, "seq": seq, "id": doc_id}

    def messages(self, request_id: str, page: PageRequest) -> Page:
        items = [{**m, "id": i} for i, m in self.world.messages.get(request_id, {}).items()]
        return _page(items, "seq", False, page)

    def message(self, request_id: str, message_id: str) -> Doc | None:
        found = self.world.messages.get(request_id, {}).get(message_id)
        return None if found is None else {**found, "id": message_id}

    def mark_thread_read(self, request_id: str, uid: str) -> None:
        thread = self.world.threads.get(request_id)
        if thread and thread["count"]:
            thread["reads"][uid] = thread["count"]

    def add_comment(self, request_id: str, comment: Doc, most: int) -> Doc | None:
        thread = self.world.threads.setdefault(request_id, {"count": 0, "reads": {}})
        counts = thread.setdefault("comments", {})
        n = counts.get(str(comment["revision"]), 0)
        if n >= most:
            return None
        counts[str(comment["revision"])] = n + 1
        doc_id = f"{int(comment['revision']):04d}-{n + 1:04d}"
        self.world.comments.setdefault(request_id, {})[doc_id] = dict(comment)
        self.said.append((Event.COMMENT_ADDED.value, request_id, doc_id, dict(comment)))
        return {**comment, "id": doc_id}

    def comment(self, request_id: str, comment_id: str) -> Doc | None:
        found = self.world.comments.get(request_id, {}).get(comment_id)
        return None if found is None else {**found, "id": comment_id}

    def resolve_comment(self, request_id: str, comment_id: str, by: str, at: datetime) -> Doc:
        found = self.world.comments[request_id][comment_id]
        if not found.get("resolved"):
            found.update(resolved=True, resolvedBy=by, resolvedAt=at)
        return {**found, "id": comment_id}

    def comments(self, request_id: str, revisions: Sequence[int]) -> list[Doc]:
        found = self.world.comments.get(request_id, {})
        return [{**c, "id": i} for i, c in sorted(found.items()) if int(c["revision"]) in set(revisions)]


class FakeUsage:
    """UsageCounter on a World: the same counts the aggregation queries make."""

    def __init__(self, world: World) -> None:
        self.world = world

    def requests_created_since(self, uid: str, since: datetime) -> int:
        return sum(
            1 for d in self.world.requests.values() if d["customerId"] == uid and d["createdAt"] >= since
        )

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


class FakeDirectory:
    """UserDirectory: the identity provider's users, by uid."""

    def __init__(self, *users: Actor) -> None:
        self.users = {user.uid: user for user in users}

    def user(self, uid: str) -> Actor | None:
        return self.users.get(uid)

    def set_role(self, uid: str, role: Role) -> None:
        user = self.users[uid]
        self.users[uid] = Actor(user.uid, role, user.name, user.email)

    def set_name(self, uid: str, name: str) -> None:
        user = self.users[uid]
        self.users[uid] = Actor(user.uid, user.role, name, user.email)

    def every_user(self) -> Iterator[Actor]:
        yield from self.users.values()


def _newest_after(items: Iterable[Doc], rank: int, after: Position | None, limit: int) -> list[Doc]:
    """An inbox source's items newest first from just after a position: what newest_after does."""
    ordered = sorted(items, key=lambda d: Position(d["createdAt"], rank, d["id"]), reverse=True)
    if after is not None:
        ordered = [d for d in ordered if Position(d["createdAt"], rank, d["id"]) < after]
    return ordered[:limit]


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
        return _page(entries, "at", False, page)

    def revisions(self, request_id: str, page: PageRequest) -> Page:
        items = [{**r, "id": f"{n:04d}"} for n, r in self.world.revisions.get(request_id, {}).items()]
        return _page(items, "number", False, page)

    def notifications(self, recipient_id: str, unread: bool, after: Position | None, limit: int) -> list[Doc]:
        items = [
            {**n, "id": i}
            for i, n in self.world.notifications.items()
            if n["recipientId"] == recipient_id and (not unread or n.get("readAt") is None)
        ]
        return _newest_after(items, PERSONAL, after, limit)

    def announcements(self, after: Position | None, since: datetime, limit: int) -> list[Doc]:
        items = [
            {"id": i, **{k: r.get(k) for k in ("createdAt", "customerName", "productName")}}
            for i, r in self.world.requests.items()
            if r["createdAt"] >= since
        ]
        return _newest_after(items, ANNOUNCEMENT, after, limit)

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


class FakeStats:
    """StatsStore on a World: recounts are sums over the requests, as the aggregations are; `at`
    is ignored (the world has no history)."""

    def __init__(self, world: World) -> None:
        self.world = world

    def tally(
        self, customer_id: str | None = None, designer_id: str | None = None, at: datetime | None = None
    ) -> dict[str, float]:
        chosen = [
            r
            for r in self.world.requests.values()
            if customer_id in (None, r["customerId"]) and designer_id in (None, r.get("designerId"))
        ]
        return statistics.tally(chosen)

    def designer_loads(self, uids: Sequence[str], at: datetime | None = None) -> dict[str, Doc]:
        return {uid: dict(self.world.loads[uid]) for uid in uids if uid in self.world.loads}

    def least_loaded(self, page: PageRequest) -> Page:
        items = [{"active": 0, **load, "id": uid} for uid, load in self.world.loads.items()]
        return _page(items, "active", False, page)

    def active_designers(self) -> int:
        return sum(1 for load in self.world.loads.values() if load.get("active", 0) > 0)

    def ensure_designer(self, uid: str, name: str) -> None:
        self.world.loads.setdefault(uid, {"active": 0})["designerName"] = name

    def snapshot(self) -> tuple[Doc, datetime] | None:
        return self.world.snapshot

    def save_snapshot(self, figures: Doc, as_of: datetime) -> None:
        self.world.snapshot = (dict(figures), as_of)

    def touched_designers(self, since: date) -> Iterator[str]:
        yield from [uid for uid, day in self.world.touched.items() if day >= since]

    def busy(self, uid: str, after: datetime, at: datetime) -> bool:
        return any(
            r.get("designerId") == uid and r["updatedAt"] > after for r in self.world.requests.values()
        )

    def correct(self, uid: str, increments: dict[str, float]) -> None:
        statistics.add_into(self.world.loads.setdefault(uid, {"designerName": None}), increments)

    def seat_as_of(self, uid: str, at: datetime) -> Doc | None:
        found = self.world.seats.get(uid)
        return None if found is None else dict(found)

    def correct_seat(self, uid: str, delta: int) -> None:
        FakeSeats(self.world).move(uid, delta, {}, whole=False)

    def complete_seat(self, uid: str) -> bool:
        seats = FakeSeats(self.world)
        seat = seats.seat(uid)
        return bool(seat.missing) and seats.save_seat(seat, available=None, capacity=None)


class FakeUploads:
    """UploadRecords on a World."""

    def __init__(self, world: World) -> None:
        self.world = world

    def create_record(self, path: str, record: Doc) -> bool:
        if upload_id(path) in self.world.uploads:
            return False
        self.world.uploads[upload_id(path)] = {**record, "path": path}
        self.world.upload_times[upload_id(path)] = next(self.world.stamps)
        return True

    def record(self, path: str) -> Doc | None:
        found = self.world.uploads.get(upload_id(path))
        return None if found is None else dict(found)

    def _record(self, upload: str) -> Record:
        return Record(upload, dict(self.world.uploads[upload]), self.world.upload_times[upload])

    def records(self, paths: Sequence[str]) -> dict[str, Record]:
        return {p: self._record(upload_id(p)) for p in paths if upload_id(p) in self.world.uploads}

    def path_of(self, upload: str) -> str | None:
        found = self.world.uploads.get(upload)
        return None if found is None else str(found["path"])

    def update_record(self, path: str, fields: Doc) -> None:
        self.world.uploads[upload_id(path)].update(fields)
        self.world.upload_times[upload_id(path)] = next(self.world.stamps)

    def delete_record(self, path: str, unchanged_since: Any = None) -> bool:
        upload = upload_id(path)
        if upload not in self.world.uploads:
            return unchanged_since is None  # a delete of what is gone succeeds, unless conditioned
        if unchanged_since is not None and self.world.upload_times[upload] != unchanged_since:
            return False
        del self.world.uploads[upload]
        return True

    def unattached_before(self, cutoff: datetime, limit: int) -> list[Record]:
        found = [
            self._record(upload)
            for upload, r in self.world.uploads.items()
            if r.get("attachedTo") is None and r["createdAt"] < cutoff
        ]
        return sorted(found, key=lambda r: r.data["createdAt"])[:limit]

    def attached_to(self, request_id: str) -> list[Doc]:
        return [dict(r) for r in self.world.uploads.values() if r.get("attachedTo") == request_id]

    def cancelled_before(self, cutoff: datetime, limit: int) -> list[str]:
        found = [
            (d["cancelledAt"], rid)
            for rid, d in self.world.requests.items()
            if d.get("filesPurged") is False
            and d.get("cancelledAt") is not None
            and d["cancelledAt"] < cutoff
        ]
        return [rid for _, rid in sorted(found)[:limit]]

    def mark_files_purged(self, request_id: str, at: datetime) -> None:
        fields, stamp = {"filesPurged": True, "filesPurgedAt": at}, next(self.world.stamps)
        self.world.requests[request_id].update(fields)
        self.world.update_times[request_id] = stamp
        if request_id in self.world.legal:  # in the same batch, so that a rollback keeps it
            self.world.legal[request_id].update(fields)
            self.world.legal_times[request_id] = stamp


class FakeBucket:
    """ObjectStore in memory; `signed_url` signs with a fake key, as the production path would."""

    def __init__(self, bucket_name: str = "demo-bucket") -> None:
        self.objects: dict[str, bytes] = {}
        self.types: dict[str, str] = {}  # path -> the content type it was stored with
        self.sessions: dict[str, str] = {}  # session url -> object path
        self.signed: list[tuple[str, bool]] = []
        self._bucket_name = bucket_name

    @property
    def bucket_name(self) -> str:
        return self._bucket_name

    def put(
        self, path: str, stream: IO[bytes], size: int, content_type: str, metadata: dict[str, str]
    ) -> None:
        stream.seek(0)
        self.objects[path] = stream.read(size)
        self.types[path] = content_type

    def start_resumable(self, path: str, content_type: str, size: int, origin: str | None) -> str:
        url = f"https://upload.example/{len(self.sessions)}"
        self.sessions[url] = path
        self.types[path] = content_type  # what the session was opened for
        return url

    def send(self, url: str, data: bytes) -> None:
        """What a client does with a session URL: send the bytes straight to the bucket."""
        self.objects[self.sessions[url]] = data

    def object_info(self, path: str) -> tuple[int, str] | None:
        found = self.objects.get(path)
        return None if found is None else (len(found), self.types.get(path, "application/octet-stream"))

    def read(self, path: str, length: int) -> bytes:
        return self.objects[path][:length]

    def chunks(self, path: str) -> Iterator[bytes]:
        yield self.objects[path]

    def signed_url(self, path: str, file_name: str, content_type: str, attachment: bool) -> str:
        self.signed.append((path, attachment))
        return f"https://storage.example/{self._bucket_name}/{path}?X-Goog-Signature=fake"

    def delete_object(self, path: str) -> None:
        self.objects.pop(path, None)


class FakePush:
    """PushSender that records what it sent, or fails as told."""

    def __init__(self, error: Exception | None = None) -> None:
        self.sent: list[tuple[list[str], str]] = []
        self.topics: list[tuple[str, str]] = []
        self.dead: set[str] = set()  # tokens the push service reports dead
        self.subscribed: dict[str, set[str]] = {}  # topic -> tokens
        self.error = error

    def send(self, tokens: list[str], title: str, body: str, data: dict[str, str]) -> list[str]:
        if self.error is not None:
            raise self.error
        self.sent.append((sorted(tokens), title))
        return [t for t in tokens if t in self.dead]

    def subscribe(self, tokens: list[str], topic: str) -> None:
        self.subscribed.setdefault(topic, set()).update(tokens)

    def unsubscribe(self, tokens: list[str], topic: str) -> None:
        self.subscribed.setdefault(topic, set()).difference_update(tokens)

    def send_topic(self, topic: str, title: str, body: str, data: dict[str, str]) -> None:
        if self.error is not None:
            raise self.error
        self.topics.append((topic, title))


class Stack:
    """The services wired on fakes as bootstrap wires them on Firestore, with the event trigger run
    on every request write once `settle()` is called (as the emulator runs it soon after)."""

    def __init__(
        self,
        *users: Actor,
        emulated: bool = True,
        email: bool = False,
        quotas: Quotas = UNLIMITED,
        stats_max_age: timedelta = timedelta(0),
        sla: Sla = DEFAULT_SLA,
        auto_assign: bool = False,
        default_capacity: int = 10,
    ) -> None:
        self.world = World()
        self.clock = Clock()
        self.sla = sla
        self.directory = FakeDirectory(*users)
        self.store = FakeRequests(self.world)
        self.seats = FakeSeats(self.world, default_capacity)
        self.timers = FakeTimers()
        self.talk = FakeTalk(self.world)
        self.profiles = FakeProfiles(self.world)
        self.events = FakeEvents(self.world, self.clock)
        self.stats = FakeStats(self.world)
        self.uploads_store = FakeUploads(self.world)
        self.bucket = FakeBucket()
        self.push = FakePush()
        guard = QuotaGuard(FakeUsage(self.world), quotas, self.clock)
        uploads = UploadService(self.uploads_store, self.bucket, guard, self.clock, emulated)
        requests = RequestService(
            self.store, self.talk, uploads, self.directory, guard, self.clock, seats=self.seats, sla=sla
        )
        self.router = Router(requests, self.store, self.seats, auto_assign)
        self.timer_service = TimerService(self.store, requests, self.timers, sla, self.clock)
        self.services = Services(
            requests=requests,
            conversation=ConversationService(self.store, self.talk, uploads, guard, self.clock),
            reports=ReportService(self.stats, self.clock, stats_max_age),
            activity=ActivityService(self.store, self.events, self.clock),
            users=UserService(
                self.directory,
                self.profiles,
                self.stats,
                self.push,
                guard,
                self.clock,
                seats=self.seats,
                router=self.router,
            ),
            uploads=uploads,
            catalogue=CatalogueService(FakeProducts(self.world)),
            router=self.router,
            timers=self.timer_service,
        )
        self.events.requests = self.store
        self.fanout = Fanout(
            self.events, self.push, email, sla=sla, timers=self.timers, router=self.router, now=self.clock
        )
        self.bus: EventBus[Effects] = self.fanout.bus()
        for user in users:
            self.profiles.update_profile(
                user.uid, {"role": user.role.value, "name": user.name, "email": user.email}
            )
            if user.role is Role.DESIGNER:
                self.stats.ensure_designer(user.uid, user.name)
                self.seats.ensure_seat(user.uid, user.name)

    def product(self, product_id: str = "mug", **fields: Any) -> str:
        """Put a product in the catalogue."""
        self.world.products[product_id] = {
            "name": "Ceramic mug",
            "imageUrl": "https://example.com/m.png",
            **fields,
        }
        return product_id

    def settle(self) -> None:
        """Run the event trigger for every request write not yet handled, in order, and the
        triggers of every message and comment posted."""
        while self.store.written or self.talk.said:
            if self.store.written:
                request_id, before, after, stamp = self.store.written.pop(0)
                written_at = datetime.fromtimestamp(stamp, UTC)
                handle_request_write(self.bus, self.events, request_id, before, after, written_at)
                continue
            event, request_id, doc_id, doc = self.talk.said.pop(0)
            request = self.events.request(request_id)
            if request is not None:
                words = {k: doc.get(k) for k in ("authorId", "authorName", "text", "revision")}
                handle_said(self.bus, said(Event(event), request, {**words, "id": doc_id}, doc["createdAt"]))

    def pass_time(self, **delta: float) -> list[str]:
        """Move the clock, delivering every scheduled task whose time comes on the way (in time
        order, the clock at each), and settle the trigger after each; what the steps came to."""
        end = self.clock.now + timedelta(**delta)
        results = []
        self.settle()
        while True:
            due = sorted(
                (d for d in self.timers.armed.values() if d.at <= end), key=lambda d: (d.at, d.task_id)
            )
            if not due:
                break
            self.clock.now = max(self.clock.now, due[0].at)
            for step in self.timers.take_due(self.clock.now):
                results.append(self.timer_service.run(step.payload()))
                self.settle()
        self.clock.now = end
        return results


def _conforms(world: World) -> None:
    """Never called: mypy checks here that each fake still implements the Protocol it stands in for."""
    requests: RequestStore = FakeRequests(world)
    products: ProductStore = FakeProducts(world)
    profiles: ProfileStore = FakeProfiles(world)
    digests: DigestStore = FakeProfiles(world)
    talk: TalkStore = FakeTalk(world)
    directory: UserDirectory = FakeDirectory()
    fanout: FanoutStore = FakeEvents(world)
    history: HistoryStore = FakeEvents(world)
    stats: StatsStore = FakeStats(world)
    records: UploadRecords = FakeUploads(world)
    objects: ObjectStore = FakeBucket()
    push: PushSender = FakePush()
    usage: UsageCounter = FakeUsage(world)
    seats: SeatStore = FakeSeats(world)
    timers: TimerQueue = FakeTimers()
    del (
        seats,
        timers,
        talk,
        usage,
        products,
        requests,
        profiles,
        digests,
        directory,
        fanout,
        history,
        stats,
        records,
        objects,
        push,
    )
