"""RequestStore on a World."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from customizations.domain.commands import RequestFilter
from customizations.domain.files import upload_id
from customizations.domain.lifecycle import Status
from customizations.domain.records import AlreadyExists, Conflict, Current, Page, PageRequest, Record, merged
from customizations.domain.routing import SeatChange

from tests.support.fakes.seats import FakeSeats
from tests.support.fakes.world import Doc, World, page_of


class FakeRequests:
    """RequestStore on a World. `on_update` runs just before a conditional write
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
        return page_of(items, "createdAt", True, page)

    def pending(self, page: PageRequest, by_due: bool = False) -> Page:
        items = [{**d, "id": rid} for rid, d in self.world.requests.items() if d["status"] == Status.PENDING]
        if by_due:  # only a waiting request carries claimBy: what the query by due time reads
            return page_of([i for i in items if "claimBy" in i], "claimBy", False, page)
        return page_of(items, "requestedAt", False, page)

    def product(self, product_id: str, fresh: bool = False) -> Doc | None:
        found = self.world.products.get(product_id)
        return None if found is None else {**found, "id": product_id}

    def revision(self, request_id: str, number: int) -> Doc | None:
        found = self.world.revisions.get(request_id, {}).get(number)
        return None if found is None else dict(found)
