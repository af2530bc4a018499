"""Customization requests, as the request services read and write them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from ...domain.commands import RequestFilter
from ...domain.records import Current, Page, PageRequest, Record
from ...domain.routing import SeatChange
from .basics import Document
from .catalogue import ProductReader


class RequestReader(Protocol):
    """One request as it stands."""

    def get(self, request_id: str, fresh: bool = False) -> Record | None:
        """The request, or None; `fresh` insists on the committed state, not a held copy."""
        ...


class RequestUpdates(Protocol):
    """A request read as committed, and the conditional write that moves it on."""

    def current(self, request_id: str, thread: bool = False, contact: bool = False) -> Current | None:
        """The request as committed and its last legal state (domain.integrity), read together
        with, if asked, its thread's state and its contact details (as `threads` gives them);
        None if there is no such request."""
        ...

    def update_if_unchanged(
        self,
        record: Record,
        changes: Document,
        attach: Mapping[str, Any],
        seats: Mapping[str, SeatChange] | None = None,
        legal: Record | None = None,
    ) -> bool:
        """Apply changes (REMOVED deletes a field), mark the uploads in `attach` as the request's,
        move designers' seats (a +1 only if that seat is still as read), and write the request's
        new legal state (the document as this leaves it), all at once, only if the request, its
        legal state (`legal` as read; None: there is none yet), those uploads and those seats are
        still as read; False if any changed (or went) since."""
        ...


class RequestQueries(Protocol):
    """Requests by what they are: a customer's or a designer's, the waiting ones, those in a status."""

    def list_requests(self, where: RequestFilter, page: PageRequest) -> Page:
        """Requests matching every field the filter sets (overdue: only the overdue ones), newest
        first."""
        ...

    def pending(self, page: PageRequest, by_due: bool = False) -> Page:
        """Requests waiting for a designer, oldest first (or the soonest due first)."""
        ...

    def in_status(self, status: str, after: str | None, limit: int) -> list[Document]:
        """Up to limit requests in this status (each with `id`), by id after `after`."""
        ...


class RequestCreation(Protocol):
    """A new request, made once (its idempotency record), and how many a customer made."""

    def new_id(self) -> str:
        """A fresh, random request id."""
        ...

    def count_requests(self, customer_id: str, cap: int) -> int:
        """How many requests this customer made, counting no further than cap."""
        ...

    def create(
        self,
        request_id: str,
        data: Document,
        contact: Document,
        idempotency: tuple[str, Document] | None,
        attach: Mapping[str, Any],
    ) -> None:
        """Write a new request with its customer's contact details (kept apart, see contacts()), its
        idempotency record, and the uploads in `attach` (path -> the update time of its record as
        read) marked as its own, atomically; raises domain.records.AlreadyExists when the key is
        taken, domain.records.Conflict when an upload changed since it was read."""
        ...

    def idempotency_record(self, key_id: str) -> Document | None:
        """The stored outcome of an idempotent create, or None."""
        ...


class RequestDetails(Protocol):
    """What is shown beside a request: its thread's state, its customer's contact details, a revision."""

    def shown(self, request_id: str, contact: bool = False) -> tuple[Record | None, Document]:
        """The request (None if there is none, or a held copy as `get` reads it) with its thread's
        state and, if asked, its contact details (as `threads` gives them), read together."""
        ...

    def contacts(self, request_ids: Sequence[str]) -> dict[str, Document]:
        """request id -> its customer's contact details, for the ids that have them."""
        ...

    def threads(self, request_ids: Sequence[str], with_contacts: bool) -> dict[str, Document]:
        """request id -> the state of its message thread (`count`, `reads` {uid: count}) and, if
        asked, under `contact`, its customer's contact details: in one round trip."""
        ...

    def revision(self, request_id: str, number: int) -> Document | None:
        """One submitted design of a request (its files, notes and verdict), or None."""
        ...


class RoutedRequests(RequestReader, RequestQueries, Protocol):
    """What routing reads: a request, and the waiting ones."""


class TimedRequests(RequestUpdates, RequestQueries, Protocol):
    """What the timed steps read and write: the requests in a status, each moved on conditionally."""


class RequestStore(
    RequestReader, RequestUpdates, RequestQueries, RequestCreation, RequestDetails, ProductReader, Protocol
):
    """Customization requests, their idempotency records, and the products they are made from: what the
    request service uses."""
