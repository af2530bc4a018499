"""Requests, products and idempotency records in Firestore (the services' RequestStore)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.commands import RequestFilter
from ..domain.files import upload_id
from ..domain.lifecycle import Status
from ..domain.records import (
    AlreadyExists,
    Conflict,
    Current,
    Page,
    PageRequest,
    Record,
    is_document_id,
    merged,
)
from ..domain.routing import SeatChange
from .firestore_seats import seat_write
from .live import LiveDocuments, LiveReads
from .queries import (
    CONTACT,
    IDEMPOTENCY,
    IN_STATUS,
    LEGAL,
    PENDING_BY_DUE,
    PENDING_QUEUE,
    PRIVATE,
    PRODUCTS,
    REQUESTS,
    REVISIONS,
    THREAD,
    UPLOADS,
    QueryShape,
    page_of,
    stored,
    with_id,
)


class FirestoreRequests:
    """Customization requests, products and idempotency records in Firestore; reads by id
    come from listener-held copies when `live` is given."""

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

    def shown(self, request_id: str, contact: bool = False) -> tuple[Record | None, dict[str, Any]]:
        """The request (None if there is none) with its thread's state and, if asked, its contact
        details (as `threads` gives them), as a GET shows it: the request from its listener-held
        copy if there is one, else read with the rest in one round trip."""
        held = self._live.requests if self._live is not None else None
        copy = held.get(request_id) if held is not None else None
        if copy is not None and copy.exists:
            record = Record(copy.id, with_id(copy), copy.update_time)
            return record, self.threads([request_id], with_contacts=contact)[request_id]
        ref = self._db.collection(REQUESTS).document(request_id)
        refs = [ref, self._thread(request_id), *([self._contact(request_id)] if contact else [])]
        found = {s.reference.path: s for s in self._db.get_all(refs)}
        snapshot = found[ref.path]
        if held is not None:
            held.confirm(request_id, snapshot)
        if not snapshot.exists:
            return None, {}
        return Record(snapshot.id, with_id(snapshot), snapshot.update_time), self._private(request_id, found)

    def _private(self, request_id: str, found: Mapping[str, Any]) -> dict[str, Any]:
        """A request's thread state, with its contact details under `contact`, from a read of
        them (path -> snapshot): what `threads` gives for one request."""
        thread, contact = found.get(self._thread(request_id).path), found.get(self._contact(request_id).path)
        state = dict(thread.to_dict() or {}) if thread is not None and thread.exists else {}
        if contact is not None and contact.exists:
            state["contact"] = contact.to_dict() or {}
        return state

    def new_id(self) -> str:
        """A fresh, random document id for a request."""
        return str(self._db.collection(REQUESTS).document().id)

    def create(
        self,
        request_id: str,
        data: dict[str, Any],
        contact: dict[str, Any],
        idempotency: tuple[str, dict[str, Any]] | None,
        attach: Mapping[str, Any],
    ) -> None:
        """Write a new request, its contact document, its idempotency record if any and its uploads'
        marks, atomically; AlreadyExists when the idempotency key is taken, Conflict when an upload
        changed since it was read."""
        batch = self._db.batch()
        if idempotency is not None:
            key_id, record = idempotency
            batch.create(self._db.collection(IDEMPOTENCY).document(key_id), record)
        batch.create(self._db.collection(REQUESTS).document(request_id), data)
        batch.create(self._contact(request_id), contact)
        batch.create(self._legal(request_id), {LEGAL: data})
        self._attach(batch, request_id, attach)
        try:
            batch.commit()
        except gexc.AlreadyExists as exc:
            raise AlreadyExists(str(exc)) from exc
        except (gexc.FailedPrecondition, gexc.NotFound) as exc:  # an upload taken or gone meanwhile
            raise Conflict(str(exc)) from exc

    def _attach(self, batch: Any, request_id: str, attach: Mapping[str, Any]) -> None:
        # The uploads a request now uses, marked in the same atomic write as the request itself, each
        # only if its record is as it was read (so two requests cannot both take it).
        for path, read_at in attach.items():
            ref = self._db.collection(UPLOADS).document(upload_id(path))
            batch.update(
                ref, {"attachedTo": request_id}, option=self._db.write_option(last_update_time=read_at)
            )

    def _legal(self, request_id: str) -> Any:
        return self._db.collection(REQUESTS).document(request_id).collection(PRIVATE).document(LEGAL)

    def current(self, request_id: str, thread: bool = False, contact: bool = False) -> Current | None:
        """The request as committed, its last legal state and, if asked, its thread's state and
        contact details, in one round trip."""
        ref, legal_ref = self._db.collection(REQUESTS).document(request_id), self._legal(request_id)
        refs = [
            ref,
            legal_ref,
            *([self._thread(request_id)] if thread else []),
            *([self._contact(request_id)] if contact else []),
        ]
        found = {s.reference.path: s for s in self._db.get_all(refs) if s.exists}
        snapshot, legal = found.get(ref.path), found.get(legal_ref.path)
        if snapshot is None:
            return None
        state = self._private(request_id, found)
        copy = None
        if legal is not None:
            copy = Record(request_id, dict((legal.to_dict() or {}).get(LEGAL) or {}), legal.update_time)
        return Current(Record(snapshot.id, with_id(snapshot), snapshot.update_time), copy, state)

    def _contact(self, request_id: str) -> Any:
        return self._db.collection(REQUESTS).document(request_id).collection(PRIVATE).document(CONTACT)

    def contacts(self, request_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
        """request id -> its customer's contact details (one round trip for all)."""
        refs = [self._contact(request_id) for request_id in request_ids]
        found = self._db.get_all(refs) if refs else []
        return {s.reference.parent.parent.id: s.to_dict() or {} for s in found if s.exists}

    def count_requests(self, customer_id: str, cap: int) -> int:
        """How many requests this customer made, counting no further than cap (an aggregation)."""
        query: Any = self._db.collection(REQUESTS).where(filter=FieldFilter("customerId", "==", customer_id))
        return int(query.limit(cap).count().get()[0][0].value or 0)

    def _thread(self, request_id: str) -> Any:
        return self._db.collection(REQUESTS).document(request_id).collection(PRIVATE).document(THREAD)

    def threads(self, request_ids: Sequence[str], with_contacts: bool) -> dict[str, dict[str, Any]]:
        """request id -> its thread's state, with its contact details under `contact` if asked (one
        round trip for all)."""
        refs = [self._thread(i) for i in request_ids]
        if with_contacts:
            refs += [self._contact(i) for i in request_ids]
        found: dict[str, dict[str, Any]] = {i: {} for i in request_ids}
        for snapshot in self._db.get_all(refs) if refs else []:
            if snapshot.exists:
                request_id = snapshot.reference.parent.parent.id
                if snapshot.id == THREAD:
                    found[request_id].update(snapshot.to_dict() or {})
                else:
                    found[request_id]["contact"] = snapshot.to_dict() or {}
        return found

    def idempotency_record(self, key_id: str) -> dict[str, Any] | None:
        """The stored outcome of an idempotent create, or None."""
        snapshot = self._db.collection(IDEMPOTENCY).document(key_id).get()
        return snapshot.to_dict() if snapshot.exists else None

    def update_if_unchanged(
        self,
        record: Record,
        changes: dict[str, Any],
        attach: Mapping[str, Any],
        seats: Mapping[str, SeatChange] | None = None,
        legal: Record | None = None,
    ) -> bool:
        """Apply changes, mark the uploads in attach, move designers' seats and write the request's
        new legal state, in one batch, only if the request, its legal copy, those uploads and the
        seats that take on work are still as they were read; False if any changed since.

        One conditional write settles races (say, 50 designers claiming at once) in one round trip
        each, where a transaction would retry and give up under contention.
        """
        ref = self._db.collection(REQUESTS).document(record.id)
        option = self._db.write_option(last_update_time=record.update_time)
        state = merged({k: v for k, v in record.data.items() if k != "id"}, changes)
        batch = self._db.batch()
        batch.update(ref, stored(changes), option=option)
        if legal is not None:
            option = self._db.write_option(last_update_time=legal.update_time)
            batch.update(self._legal(record.id), {LEGAL: state}, option=option)
        else:
            batch.create(self._legal(record.id), {LEGAL: state})
        for uid, move in (seats or {}).items():
            seat_write(self._db, batch, uid, move)
        self._attach(batch, record.id, attach)
        try:
            written = batch.commit()[0]
        except (gexc.FailedPrecondition, gexc.NotFound, gexc.AlreadyExists):  # changed, or went
            return False
        if self._live is not None and self._live.requests is not None:
            self._live.requests.wrote(record.id, written.update_time)
        return True

    def in_status(self, status: str, after: str | None, limit: int) -> list[dict[str, Any]]:
        """Up to limit requests in this status, by id after `after`."""
        field = IN_STATUS.equalities[0]
        query: Any = self._db.collection(REQUESTS).where(filter=FieldFilter(field, "==", status))
        query = query.order_by("__name__")
        if after is not None:
            query = query.start_after({"__name__": self._db.collection(REQUESTS).document(after)})
        return [with_id(s) for s in query.limit(limit).stream()]

    def list_requests(self, where: RequestFilter, page: PageRequest) -> Page:
        """Requests matching every field the filter sets, newest first."""
        given = {
            "customerId": where.customer_id,
            "designerId": where.designer_id,
            "status": where.status.value if where.status is not None else None,
            "overdue": True if where.overdue else None,
        }
        filters = {field: value for field, value in given.items() if value is not None}
        shape = QueryShape(REQUESTS, tuple(filters), "createdAt", True)
        return page_of(self._db, shape, list(filters.values()), page)

    def revision(self, request_id: str, number: int) -> dict[str, Any] | None:
        """One submitted design of a request, or None."""
        ref = self._db.collection(REQUESTS).document(request_id).collection(REVISIONS)
        snapshot = ref.document(f"{number:04d}").get()
        return snapshot.to_dict() if snapshot.exists else None

    def pending(self, page: PageRequest, by_due: bool = False) -> Page:
        """Requests waiting for a designer, oldest first (or the soonest due first)."""
        if by_due:
            return page_of(self._db, PENDING_BY_DUE, [], page)
        return page_of(self._db, PENDING_QUEUE, [Status.PENDING.value], page)

    # ---- products ----

    def product(self, product_id: str, fresh: bool = False) -> dict[str, Any] | None:
        """The product with this id, or None; from the listener-held copy unless fresh is asked for."""
        if not is_document_id(product_id):
            return None
        held = self._live.products if self._live is not None else None
        snapshot = self._snapshot(held, PRODUCTS, product_id, fresh)
        return with_id(snapshot) if snapshot.exists else None
