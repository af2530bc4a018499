"""The figures in Firestore (the services' StatsStore): requests recounted by aggregation queries,
designers' loads (`designerLoads/{uid}`, kept by the event trigger), and the cached global snapshot
(`statistics/global`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain import routing, statistics
from ..domain.lifecycle import Status
from ..domain.records import Page, PageRequest
from .firestore_seats import FirestoreSeats
from .queries import (
    DESIGNER_LOADS,
    DESIGNERS_BUSY,
    DESIGNERS_BY_LOAD,
    DESIGNERS_TOUCHED,
    REQUESTS,
    SEATS,
    STATISTICS,
    page_of,
)

GLOBAL = "global"
MAX_AGGREGATIONS = 5  # Firestore's limit per aggregation query
_WORKERS = 8  # aggregation queries in flight at once for one tally


def nested(flat: dict[str, Any]) -> dict[str, Any]:
    """{"a.b": 1} -> {"a": {"b": 1}}, the form set(merge=True) takes."""
    out: dict[str, Any] = {}
    for name, value in flat.items():
        *parents, leaf = name.split(".")
        target = out
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = value
    return out


def flat(doc: dict[str, Any], prefix: str = "") -> dict[str, float]:
    """The numbers of a document, nested maps flattened to dotted names."""
    out: dict[str, float] = {}
    for name, value in doc.items():
        if isinstance(value, dict):
            out.update(flat(value, f"{prefix}{name}."))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            out[f"{prefix}{name}"] = value
    return out


def load_update(uid: str, increments: dict[str, float], name: str | None, day: date) -> dict[str, Any]:
    """What a change of a designer's load writes (set with merge): the increments, the day it was
    touched (the reconciliation's filter), and their name when known."""
    fields: dict[str, Any] = {name_: firestore.Increment(value) for name_, value in increments.items()}
    update = {"designerId": uid, "touchedOn": day.isoformat(), **nested(fields)}
    if name:
        update["designerName"] = name
    return update


class FirestoreStats:
    """Recounts, loads and the snapshot."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    # ---- recounts ----

    def tally(
        self, customer_id: str | None = None, designer_id: str | None = None, at: datetime | None = None
    ) -> dict[str, float]:
        """The counters of the requests of this customer, or designer, or all, from count and sum
        aggregations run at one read time (so they agree with one another)."""
        base: Any = self._db.collection(REQUESTS)
        for field, value in (("customerId", customer_id), ("designerId", designer_id)):
            if value is not None:
                base = base.where(filter=FieldFilter(field, "==", value))
        at = at or datetime.now(UTC)
        jobs: list[tuple[str, Any]] = [
            (f"byStatus.{status.value}", base.where(filter=FieldFilter("status", "==", status.value)).count())
            for status in Status
        ]
        # What is overdue now: `overdue` is on a request (true) only while it is.
        jobs.append(("overdue", base.where(filter=FieldFilter("overdue", "==", True)).count()))
        fields = list(statistics.STAT_FIELDS)
        for start in range(0, len(fields), MAX_AGGREGATIONS):
            first, *rest = fields[start : start + MAX_AGGREGATIONS]
            sums = base.sum(first, alias=first)
            for name in rest:
                sums = sums.sum(name, alias=name)
            jobs.append(("sums", sums))
        with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
            answers = list(pool.map(lambda job: job[1].get(read_time=at), jobs))
        counters: dict[str, float] = {}
        for (name, _), answer in zip(jobs, answers, strict=True):
            for result in answer[0]:
                key = name if name != "sums" else result.alias
                if result.value:
                    counters[key] = result.value
        by_status = {s: counters.get(f"byStatus.{s.value}", 0) for s in Status}
        total = sum(by_status.values())
        if total:
            counters["total"] = total
        active = sum(by_status[s] for s in statistics.ACTIVE)
        if active:
            counters["active"] = active
        return counters

    # ---- designers' loads ----

    def _load(self, uid: str) -> Any:
        return self._db.collection(DESIGNER_LOADS).document(uid)

    def designer_loads(self, uids: Sequence[str], at: datetime | None = None) -> dict[str, dict[str, Any]]:
        """uid -> that designer's counters (with `designerName`), for those who have a load."""
        refs = [self._load(uid) for uid in uids]
        snapshots = self._db.get_all(refs, read_time=at) if refs else []
        return {s.id: _as_load(s.to_dict() or {}) for s in snapshots if s.exists}

    def least_loaded(self, page: PageRequest) -> Page:
        """Designers' loads, least active first (ties by id), a page at a time."""
        found = page_of(self._db, DESIGNERS_BY_LOAD, (), page)
        return Page([{**_as_load(item), "id": item["id"]} for item in found.items], found.next_cursor)

    def active_designers(self) -> int:
        """How many designers have work in hand."""
        query: Any = self._db.collection(DESIGNER_LOADS).where(filter=FieldFilter("active", ">", 0))
        return int(query.count().get()[0][0].value or 0)

    def ensure_designer(self, uid: str, name: str) -> None:
        """A load for a designer who has none yet (the admin's list shows them, idle), or their name
        on the one they have: its counters untouched (an increment of 0 sets a missing one to 0),
        since the trigger may be counting their work at this very moment."""
        fields = {"designerId": uid, "designerName": name, "active": firestore.Increment(0)}
        self._load(uid).set(fields, merge=True)

    def touched_designers(self, since: date) -> Iterator[str]:
        """Designers whose load changed on or after that day, a page at a time."""
        query = self._db.collection(DESIGNER_LOADS).where(
            filter=FieldFilter(DESIGNERS_TOUCHED.order_by or "", ">=", since.isoformat())
        )
        for snapshot in query.select([]).stream():
            yield snapshot.id

    def busy(self, uid: str, after: datetime, at: datetime) -> bool:
        """Whether any of the designer's requests was written after `after`, as seen at `at`."""
        query: Any = (
            self._db.collection(REQUESTS)
            .where(filter=FieldFilter(DESIGNERS_BUSY.equalities[0], "==", uid))
            .where(filter=FieldFilter(DESIGNERS_BUSY.order_by or "", ">", after))
        )
        return bool(query.count().get(read_time=at)[0][0].value)

    def seat_as_of(self, uid: str, at: datetime) -> dict[str, Any] | None:
        """A designer's seat document as of then (None: no seat)."""
        found = list(self._db.get_all([self._db.collection(SEATS).document(uid)], read_time=at))
        return (found[0].to_dict() or {}) if found and found[0].exists else None

    def complete_seat(self, uid: str) -> bool:
        """Give a seat what routing needs that it lacks, only if it is still as read now (a
        designer's own change meanwhile stands; the next run looks again): a save of the seat as
        read, changing nothing else (FirestoreSeats.save_seat)."""
        seats = FirestoreSeats(self._db, routing.MAX_CAPACITY)  # no capacity is written
        seat = seats.seat(uid)
        return bool(seat.missing) and seats.save_seat(seat, available=None, capacity=None)

    def correct_seat(self, uid: str, delta: int) -> None:
        """Add a correction to a designer's seat's count."""
        self._db.collection(SEATS).document(uid).set({"active": firestore.Increment(delta)}, merge=True)

    def correct(self, uid: str, increments: dict[str, float]) -> None:
        """Add a correction to a designer's load."""
        fields = {name: firestore.Increment(value) for name, value in increments.items()}
        self._load(uid).set(nested(fields), merge=True)

    # ---- the global snapshot ----

    def snapshot(self) -> tuple[dict[str, Any], datetime] | None:
        """The cached global figures and when they were counted, or None."""
        found = self._db.collection(STATISTICS).document(GLOBAL).get()
        if not found.exists:
            return None
        data = found.to_dict() or {}
        return data.get("figures", {}), data["asOf"]

    def save_snapshot(self, figures: dict[str, Any], as_of: datetime) -> None:
        """Cache the global figures as counted at as_of."""
        self._db.collection(STATISTICS).document(GLOBAL).set({"figures": figures, "asOf": as_of})


def _as_load(doc: dict[str, Any]) -> dict[str, Any]:
    """A load document as counters (dotted names) with the designer's name."""
    return {**flat(doc), "designerName": doc.get("designerName")}
