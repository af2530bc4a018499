"""What a caller may read of requests: one, a list, the queue of waiting ones, a file behind one."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..domain.access import can_see, participates, parties_of
from ..domain.actors import Actor
from ..domain.commands import RequestFilter
from ..domain.conversation import unread
from ..domain.lifecycle import Role
from ..domain.records import Page, PageRequest
from ..errors import forbidden, not_found
from .ports import RequestStore
from .uploads import Download, UploadService

Request = dict[str, Any]


class RequestQueries:
    """Reads requests as the caller may see them (RequestService adds what changes them)."""

    def __init__(self, store: RequestStore, uploads: UploadService) -> None:
        self._store = store
        self._uploads = uploads

    def get(self, actor: Actor, request_id: str) -> Request:
        """One request, if the caller may see it (404 otherwise); read with what its answer shows
        beside it (the thread's read state, an admin the contact), which a caller who takes no part
        reads for nothing: one round trip for those who do."""
        record, private = self._store.shown(request_id, contact=actor.is_admin)
        if record is None or not can_see(actor, record.data):
            raise not_found()
        return self._shown(actor, [record.data], {request_id: private})[0]

    def _with_contact(self, actor: Actor, requests: list[Request]) -> list[Request]:
        """Requests as this caller may see them: the customer's email, which a request holds only
        once claimed, added for the customer (their own) and for admins; and how many messages of
        each thread the caller has not read (0 where they take no part). One read for all."""
        if not requests:
            return requests
        admin_needs = actor.is_admin and any(r.get("customerEmail") is None for r in requests)
        taking_part = [r["id"] for r in requests if participates(actor, r)]  # a queue reads none
        private = self._store.threads(taking_part, with_contacts=admin_needs) if taking_part else {}
        return self._shown(actor, requests, private)

    @staticmethod
    def _shown(actor: Actor, requests: list[Request], private: Mapping[str, dict[str, Any]]) -> list[Request]:
        """Requests as this caller sees them, given their threads' states (and contacts): see
        _with_contact."""
        shown = []
        for request in requests:
            extra = private.get(request["id"], {})
            view = {
                **request,
                "unreadMessages": unread(extra, actor.uid) if participates(actor, request) else 0,
            }
            if view.get("customerEmail") is None and actor.role is not Role.DESIGNER:
                view["customerEmail"] = (
                    actor.email
                    if actor.role is Role.CUSTOMER
                    else extra.get("contact", {}).get("customerEmail")
                )
            shown.append(view)
        return shown

    def list_requests(self, actor: Actor, where: RequestFilter, page: PageRequest) -> Page:
        """The requests the caller may list, newest first."""
        if actor.role is Role.CUSTOMER:
            if where.customer_id not in (None, actor.uid) or where.designer_id is not None:
                raise forbidden("Customers list only their own requests")
            where = dataclasses.replace(where, customer_id=actor.uid)
        elif actor.role is Role.DESIGNER:
            if where.designer_id not in (None, actor.uid) or where.customer_id is not None:
                raise forbidden("Designers list only the requests assigned to them")
            where = dataclasses.replace(where, designer_id=actor.uid)
        found = self._store.list_requests(where, page)
        return Page(self._with_contact(actor, found.items), found.next_cursor)

    def pending(self, actor: Actor, page: PageRequest, by_due: bool = False) -> Page:
        """Requests waiting for a designer, oldest first (or the soonest due first)."""
        if actor.role is Role.CUSTOMER:
            raise forbidden("Only designers and admins see the pending queue")
        found = self._store.pending(page, by_due)
        return Page(self._with_contact(actor, found.items), found.next_cursor)

    def download(self, actor: Actor, request_id: str, field: str) -> Download:
        """The file behind one of a request's FileRef fields, for its participants and admins."""
        record = self._store.get(request_id)
        if record is None or not can_see(actor, record.data):
            raise not_found()
        return self._uploads.download(record.data, parties_of(actor, record.data), field)

    def file_link(
        self, actor: Actor, request_id: str, field: str, revision: int | None = None
    ) -> dict[str, Any]:
        """A short-lived URL for the file behind one of a request's FileRef fields, as it is now or
        as a submitted revision had it."""
        record = self._store.get(request_id)
        if record is None or not can_see(actor, record.data):
            raise not_found()
        source = record.data if revision is None else self._store.revision(request_id, revision)
        if source is None:
            raise not_found("Revision")
        return self._uploads.link(source, parties_of(actor, record.data), field)
