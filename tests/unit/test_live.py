"""Listener-backed reads (live.py) against fake listeners: what is served from memory, and when a
caller is told to read Firestore instead."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from customizations.adapters.live import LiveDocuments, Timing, held_collections

T0 = datetime(2026, 11, 25, tzinfo=UTC)


class Snapshot:
    def __init__(self, doc_id: str, version: int, update_time: datetime, exists: bool = True) -> None:
        self.id, self.exists, self.update_time = doc_id, exists, update_time if exists else None
        self.version = version
        self.read_time = update_time  # as a fresh read would say


class FakeListener:
    def __init__(self, callback: Any) -> None:
        self.callback, self.is_active, self.closed = callback, True, False

    def unsubscribe(self) -> None:
        self.closed, self.is_active = True, False

    def deliver(self, *docs: Snapshot, read_time: datetime = T0) -> None:
        self.callback(list(docs), [], read_time)


class Firestore:
    """Starts fake listeners; each delivers the document's current state at once unless paused."""

    def __init__(self) -> None:
        self.docs: dict[str, Snapshot] = {}
        self.listeners: dict[str, list[FakeListener]] = {}
        self.paused = False
        self.now = T0  # Firestore's time: what a snapshot delivered now is current as of

    def listen(self, doc_id: str) -> Any:
        def start(callback: Any) -> FakeListener:
            listener = FakeListener(callback)
            self.listeners.setdefault(doc_id, []).append(listener)
            if not self.paused:
                self.push(doc_id, listener)
            return listener

        return start

    def push(self, doc_id: str, listener: FakeListener) -> None:
        doc = self.docs.get(doc_id)
        listener.deliver(*([doc] if doc else []), read_time=self.now)

    def write(self, doc_id: str, version: int, at: datetime, deliver: bool = True) -> None:
        self.docs[doc_id] = Snapshot(doc_id, version, at)
        self.now = max(self.now, at)
        if deliver:
            self._deliver(doc_id)

    def delete(self, doc_id: str, at: datetime) -> None:
        self.docs.pop(doc_id, None)
        self.now = max(self.now, at)
        self._deliver(doc_id)

    def _deliver(self, doc_id: str) -> None:
        for listener in self.listeners.get(doc_id, []):
            if not listener.closed:
                self.push(doc_id, listener)


@pytest.fixture
def firestore() -> Firestore:
    store = Firestore()
    store.write("a", 1, T0)
    return store


def test_the_first_read_starts_a_listener_and_later_reads_are_served_from_it(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    assert live.get("a").version == 1
    assert live.get("a").version == 1
    assert len(firestore.listeners["a"]) == 1


def test_a_change_delivered_by_the_listener_is_what_the_next_read_sees(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    live.get("a")
    firestore.write("a", 2, T0 + timedelta(seconds=1))
    assert live.get("a").version == 2


def test_a_missing_document_is_reported_missing_and_appears_once_written(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    assert live.get("b").exists is False
    firestore.write("b", 1, T0)
    assert live.get("b").exists is True


def test_after_its_own_write_the_instance_waits_for_that_write_before_answering(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen, timing=Timing(wait=5))
    live.get("a")
    written = T0 + timedelta(seconds=1)
    firestore.write("a", 2, written, deliver=False)
    live.wrote("a", written)
    threading.Timer(0.05, lambda: firestore.push("a", firestore.listeners["a"][0])).start()
    assert live.get("a").version == 2


def test_an_own_write_the_listener_never_delivers_sends_the_caller_to_firestore(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen, timing=Timing(wait=0.05))
    live.get("a")
    live.wrote("a", T0 + timedelta(seconds=1))
    assert live.get("a") is None
    assert firestore.listeners["a"][0].closed  # dropped: the next read starts afresh
    firestore.write("a", 2, T0 + timedelta(seconds=1))
    assert live.get("a").version == 2


def test_a_listener_that_gives_no_first_snapshot_sends_the_caller_to_firestore(firestore: Firestore) -> None:
    firestore.paused = True
    live = LiveDocuments(firestore.listen, timing=Timing(wait=0.05))
    assert live.get("a") is None
    assert firestore.listeners["a"][0].closed
    assert len(live) == 0


def test_a_stream_that_ended_is_not_trusted(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    live.get("a")
    firestore.listeners["a"][0].is_active = False
    assert live.get("a") is None
    assert live.get("a").version == 1  # a new listener
    assert len(firestore.listeners["a"]) == 2


def test_a_listener_that_fails_to_start_sends_the_caller_to_firestore() -> None:
    def broken(_doc_id: str) -> Any:
        def start(_callback: Any) -> Any:
            raise RuntimeError("no stream")

        return start

    live = LiveDocuments(broken)
    assert live.get("a") is None
    assert len(live) == 0


def test_the_least_recently_used_documents_are_evicted_and_their_listeners_closed(
    firestore: Firestore,
) -> None:
    for doc_id in "bcd":
        firestore.write(doc_id, 1, T0)
    live = LiveDocuments(firestore.listen, capacity=2)
    live.get("a")
    live.get("b")
    live.get("a")
    live.get("c")  # evicts b, the least recently used
    assert len(live) == 2
    assert firestore.listeners["b"][0].closed
    assert not firestore.listeners["a"][0].closed


def test_close_stops_every_listener(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    live.get("a")
    live.close()
    assert firestore.listeners["a"][0].closed
    assert len(live) == 0


@pytest.mark.parametrize(
    ("value", "held"),
    [("products", {"products"}), ("all", {"products", "customizationRequests"}), (" OFF ", set())],
)
def test_live_reads_hold_what_the_setting_names(value: str, held: set[str]) -> None:
    assert held_collections(value) == held


def test_an_unknown_live_reads_setting_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="LIVE_READS"):
        held_collections("on")


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_after_an_idle_spell_a_document_is_read_from_firestore_once_then_from_memory(
    firestore: Firestore,
) -> None:
    clock = Clock()
    live = LiveDocuments(firestore.listen, timing=Timing(idle=0.2), clock=clock)
    assert live.get("a").version == 1
    clock.now += 0.1
    assert live.get("a").version == 1  # busy: from memory
    clock.now += 5  # idle: the listener may have lagged while the CPU was throttled
    assert live.get("a") is None  # the caller reads Firestore...
    live.confirm("a", Snapshot("a", 1, T0))
    assert live.get("a").version == 1  # ...and memory serves again


def test_a_delivery_after_the_idle_spell_vouches_as_well_as_a_read(firestore: Firestore) -> None:
    clock = Clock()
    live = LiveDocuments(firestore.listen, timing=Timing(idle=0.2), clock=clock)
    live.get("a")
    clock.now += 5
    assert live.get("a") is None
    firestore.write("a", 2, T0 + timedelta(seconds=1))  # delivered in this busy spell
    assert live.get("a").version == 2


def test_a_fresh_read_older_than_a_delivery_does_not_replace_it(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    live.get("a")
    firestore.write("a", 3, T0 + timedelta(seconds=3))
    live.confirm("a", Snapshot("a", 2, T0 + timedelta(seconds=2)))  # read before that delivery
    assert live.get("a").version == 3


def test_a_fresh_read_of_a_deleted_document_replaces_the_held_copy(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    live.get("a")
    live.confirm("a", Snapshot("a", 0, T0 + timedelta(seconds=1), exists=False))
    assert live.get("a").exists is False


def test_a_delivered_deletion_is_never_replaced_by_an_older_read(firestore: Firestore) -> None:
    live = LiveDocuments(firestore.listen)
    live.get("a")
    firestore.delete("a", T0 + timedelta(seconds=5))
    assert live.get("a").exists is False
    live.confirm("a", Snapshot("a", 1, T0 + timedelta(seconds=1)))  # a read taken before the delete
    assert live.get("a").exists is False


def test_a_busy_instance_asks_firestore_again_after_the_longest_trust(firestore: Firestore) -> None:
    now = [0.0]
    live = LiveDocuments(firestore.listen, timing=Timing(idle=2.0, max_trust=10.0), clock=lambda: now[0])
    assert live.get("a") is not None
    for _ in range(9):  # busy: a read every second, the listener silent (stalled, or no change)
        now[0] += 1.0
        assert live.get("a") is not None
    now[0] += 1.5
    assert live.get("a") is None  # past the longest trust: the caller reads Firestore...
    live.confirm("a", Snapshot("a", 1, T0))
    assert live.get("a") is not None  # ...which vouches for the copy again
