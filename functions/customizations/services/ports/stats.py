"""The figures: counted from the requests, designers' loads, the cached global snapshot, their repair."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any, Protocol

from ...domain.records import Page, PageRequest
from .basics import Document


class Counts(Protocol):
    """The figures, recounted by Firestore from the requests, and designers' loads."""

    def tally(
        self, customer_id: str | None = None, designer_id: str | None = None, at: datetime | None = None
    ) -> dict[str, float]:
        """The counters of the requests of this customer, or designer, or all of them, recounted by
        Firestore at one read time (now, or `at`)."""
        ...

    def designer_loads(self, uids: Sequence[str], at: datetime | None = None) -> dict[str, Document]:
        """uid -> that designer's counters (with `designerName`), for those who have any."""
        ...

    def least_loaded(self, page: PageRequest) -> Page:
        """Designers' counters (each with `id`, `designerName`), least active first."""
        ...

    def active_designers(self) -> int:
        """How many designers have work in hand."""
        ...


class SnapshotCache(Protocol):
    """The cached global figures."""

    def snapshot(self) -> tuple[Document, datetime] | None:
        """The cached global figures and when they were counted, or None."""
        ...

    def save_snapshot(self, figures: Document, as_of: datetime) -> None:
        """Cache the global figures as counted at as_of."""
        ...


class DesignerRoster(Protocol):
    """A designer counted among the designers."""

    def ensure_designer(self, uid: str, name: str) -> None:
        """A designer has a load (zero until they claim work), so that admins see them."""
        ...


class LoadRepairs(Protocol):
    """What the reconciliation of loads reads and writes beside the counts."""

    def touched_designers(self, since: date) -> Iterator[str]:
        """Designers whose load changed on or after that day."""
        ...

    def busy(self, uid: str, after: datetime, at: datetime) -> bool:
        """Whether any of the designer's requests was written after `after`, as seen at `at`."""
        ...

    def correct(self, uid: str, increments: dict[str, float]) -> None:
        """Add a correction to a designer's load."""
        ...

    def seat_as_of(self, uid: str, at: datetime) -> dict[str, Any] | None:
        """A designer's seat document as of then (None: no seat)."""
        ...

    def correct_seat(self, uid: str, delta: int) -> None:
        """Add a correction to a designer's seat's count of active requests."""
        ...

    def complete_seat(self, uid: str) -> bool:
        """Give a designer's seat what routing needs that it lacks (domain.routing.missing_fields),
        only if it is still as read; whether it was written."""
        ...


class Reporting(Counts, SnapshotCache, Protocol):
    """What the reports read and cache."""


class Reconciliation(Counts, LoadRepairs, Protocol):
    """What the reconciliation of loads reads and writes."""


class StatsStore(Reporting, DesignerRoster, LoadRepairs, Protocol):
    """Every port of the figures, as one store offers them."""
