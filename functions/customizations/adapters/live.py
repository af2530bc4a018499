"""Documents held in memory and kept current by Firestore listeners: reads without a round trip.

Firestore pushes every change of a listened document or query to this instance, so what is held
here is what Firestore holds, as of the last change delivered (milliseconds behind). A caller reads
its own writes: after a write, the instance waits for the listener to deliver that write (or reads
Firestore) before it answers from memory again. Conditional writes compare Firestore's
`update_time`, so a read served from here can never make a write act on stale data; it fails the
precondition and is retried on a fresh read.

A listener only vouches for what it has been able to receive. Where CPU is allocated only while
requests run (Cloud Functions' default), a listener may lag after an idle spell; so once the
instance has had no read for `idle` seconds, each document is read from Firestore once more before
it is served from memory again. A busy instance reads from memory; an idle one, from Firestore.

Every listener is a gRPC stream and a thread, so the number of documents is capped (least recently
used go first), and whatever the listener cannot vouch for (not yet current, stream ended) is read
from Firestore instead.

What pays off is measured by bench/live_reads.py (this class, on a simulated clock, under production
traffic): a request is read a handful of times over hours, each time on whichever instance the call
lands on, so its listener is almost never the one that serves the next read (0 % of reads saved
from 1 to 500 new requests a second); products are few and read by every create, so they are held
by default and requests are not. `LIVE_READS` says which: products (the default), all, or off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from firebase_functions import logger

from .queries import PRODUCTS, REQUESTS


@dataclass(frozen=True)
class Timing:
    """How long copies are waited for and trusted, in seconds."""

    wait: float = 5.0  # for a listener's first snapshot, before reading Firestore instead
    idle: float = 0.2  # without a read, after which a listener may have lagged (CPU throttled)
    # served without word from Firestore, however busy the instance: a listener that stalls or
    # errors without ending must not keep an old copy in service
    max_trust: float = 10.0


MODES = {"off": frozenset(), "products": frozenset({PRODUCTS}), "all": frozenset({PRODUCTS, REQUESTS})}


def held_collections(mode: str) -> frozenset[str]:
    """The collections whose reads by id listeners serve, for a LIVE_READS value."""
    try:
        return MODES[mode.strip().lower()]
    except KeyError:
        raise ValueError(f"LIVE_READS is {mode!r}; it must be one of {', '.join(MODES)}") from None


class Listener(Protocol):
    """What `on_snapshot` returns: a watch that can be closed and says whether it still runs."""

    @property
    def is_active(self) -> bool: ...

    def unsubscribe(self) -> None: ...


# on_snapshot(callback) for one document: calls back with (snapshots, changes, read_time).
Listen = Callable[[Callable[[list[Any], list[Any], datetime], None]], Listener]


class _Doc:
    """One listened document: its latest snapshot (None while the listener starts), the time it is
    known to be current as of, and when this instance last had it vouched for."""

    def __init__(self, epoch: Callable[[], int], clock: Callable[[], float]) -> None:
        self.changed = threading.Condition()
        self.snapshot: Any = None  # the DocumentSnapshot; .exists is False for a missing document
        self.as_of: datetime | None = None  # Firestore's time the snapshot is current as of
        self.listener: Listener | None = None
        self._epoch = epoch
        self._clock = clock
        self.vouched = -1  # the busy spell (epoch) in which the snapshot was last delivered or read
        self.vouched_at = float("-inf")  # when (this instance's clock) that was

    def on_snapshot(self, docs: list[Any], _changes: list[Any], read_time: datetime) -> None:
        with self.changed:
            # A document watch reports [] once the document is gone (or was never there).
            self._hold(docs[0] if docs else _Missing(), read_time)

    def confirm(self, snapshot: Any) -> None:
        """A fresh read of the document: vouches for it now, unless what is held is newer (a
        delivery, a deletion included, made after the read was taken)."""
        with self.changed:
            read_at = getattr(snapshot, "read_time", None)
            if self.as_of is None or read_at is None or read_at >= self.as_of:
                self._hold(snapshot, read_at)
            else:
                self._vouch()

    def _hold(self, snapshot: Any, as_of: datetime | None) -> None:
        self.snapshot, self.as_of = snapshot, as_of
        self._vouch()

    def _vouch(self) -> None:
        self.vouched, self.vouched_at = self._epoch(), self._clock()
        self.changed.notify_all()

    def wait(self, newer_than: datetime | None, timeout: float) -> Any:
        """The snapshot, once there is one (at least as new as newer_than); None on timeout."""
        with self.changed:
            self.changed.wait_for(lambda: self._fresh(newer_than), timeout)
            return self.snapshot if self._fresh(newer_than) else None

    def _fresh(self, newer_than: datetime | None) -> bool:
        if self.snapshot is None:
            return False
        if newer_than is None:
            return True
        updated = self.snapshot.update_time
        return updated is not None and updated >= newer_than


class _Missing:
    """The snapshot of a document that does not exist."""

    exists = False
    update_time = None


class LiveDocuments:
    """Up to `capacity` documents, each kept current by its own listener, least recently used evicted.

    `listen(doc_id)` returns the function that starts a listener on that document.
    """

    def __init__(
        self,
        listen: Callable[[str], Listen],
        capacity: int = 64,
        timing: Timing = Timing(),
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._listen = listen
        self._capacity = capacity
        self._wait = timing.wait
        self._idle = timing.idle
        self._clock = clock
        self._max_trust = timing.max_trust
        self._lock = threading.Lock()
        self._docs: OrderedDict[str, _Doc] = OrderedDict()
        self._written: dict[str, datetime] = {}  # doc id -> update_time of this instance's last write
        self._epoch = 0  # counts busy spells: a read after an idle spell starts a new one
        self._last_read = float("-inf")

    def get(self, doc_id: str) -> Any:
        """The document's current snapshot (`.exists` False if there is none), or None when the
        listener cannot vouch for it and the caller must read Firestore (and `confirm` it)."""
        with self._lock:
            now = self._clock()
            if now - self._last_read > self._idle:
                self._epoch += 1
            self._last_read = now
            epoch = self._epoch
        doc, started = self._entry(doc_id)
        if started and not self._start(doc_id, doc):
            return None
        with self._lock:
            newer_than = self._written.get(doc_id)
        snapshot = doc.wait(newer_than, self._wait)
        listener = doc.listener  # None only while another thread is still starting it
        if snapshot is None or (listener is not None and not listener.is_active):
            self._drop(doc_id, doc)
            return None
        trusted = doc.vouched >= epoch and self._clock() - doc.vouched_at <= self._max_trust
        return snapshot if trusted else None

    def confirm(self, doc_id: str, snapshot: Any) -> None:
        """The caller read the document from Firestore: memory may serve it again in this spell."""
        with self._lock:
            doc = self._docs.get(doc_id)
        if doc is not None:
            doc.confirm(snapshot)

    def _current_epoch(self) -> int:
        return self._epoch

    def _start(self, doc_id: str, doc: _Doc) -> bool:
        try:
            doc.listener = self._listen(doc_id)(doc.on_snapshot)
        except Exception as exc:  # noqa: BLE001 - a read from Firestore serves instead
            logger.warn("Listener did not start", document=doc_id, error=repr(exc))
            self._drop(doc_id, doc)
            return False
        with self._lock:
            dropped = self._docs.get(doc_id) is not doc  # evicted or dropped while it started
        if dropped:
            _stop(doc)
        return True

    def wrote(self, doc_id: str, update_time: datetime) -> None:
        """This instance wrote the document: answer from memory again only once that write is in."""
        with self._lock:
            if doc_id in self._docs:
                self._written[doc_id] = update_time

    def close(self) -> None:
        """Stop every listener."""
        with self._lock:
            docs, self._docs = list(self._docs.values()), OrderedDict()
            self._written.clear()
        for doc in docs:
            _stop(doc)

    def __len__(self) -> int:
        return len(self._docs)

    def _entry(self, doc_id: str) -> tuple[_Doc, bool]:
        evicted: list[_Doc] = []
        with self._lock:
            doc = self._docs.get(doc_id)
            if doc is not None:
                self._docs.move_to_end(doc_id)
                return doc, False
            doc = self._docs[doc_id] = _Doc(self._current_epoch, self._clock)
            while len(self._docs) > self._capacity:
                old_id, old = self._docs.popitem(last=False)
                self._written.pop(old_id, None)
                evicted.append(old)
        for old in evicted:
            _stop(old)
        return doc, True

    def _drop(self, doc_id: str, doc: _Doc) -> None:
        with self._lock:
            if self._docs.get(doc_id) is doc:
                del self._docs[doc_id]
                self._written.pop(doc_id, None)
        _stop(doc)


def _stop(doc: _Doc) -> None:
    if doc.listener is not None:
        try:
            doc.listener.unsubscribe()
        except Exception as exc:  # noqa: BLE001 - a listener that will not close is dropped anyway
            logger.warn("Listener did not close", error=repr(exc))


@dataclass
class LiveReads:
    """What an instance keeps current through listeners: the requests and products it has read
    (None: read from Firestore every time)."""

    requests: LiveDocuments | None
    products: LiveDocuments | None


def live_reads(db: Any, held: frozenset[str]) -> LiveReads:
    """Listener-backed reads on this Firestore client for these collections, started lazily.

    Each listener holds a stream on the client's one HTTP/2 connection, which Google's front end
    lets carry about 100 at once; 40 at most leaves the rest to the requests' own reads and writes.
    """

    def documents(collection: str, capacity: int) -> LiveDocuments | None:
        if collection not in held:
            return None
        return LiveDocuments(lambda doc_id: db.collection(collection).document(doc_id).on_snapshot, capacity)

    return LiveReads(requests=documents(REQUESTS, 32), products=documents(PRODUCTS, 8))
