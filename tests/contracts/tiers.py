"""The stores a contract case runs on, on either tier: the in-memory fakes (tests.support.fakes) or
the Firestore adapters on the emulator. Both tiers build the same `Stores`, typed by the services'
ports, so mypy checks here that every fake and every adapter implements the ports it stands for."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from customizations.services.ports import (
    DigestStore,
    FanoutStore,
    HistoryStore,
    LegalState,
    ObjectStore,
    ProductStore,
    ProfileStore,
    RequestStore,
    SeatStore,
    StatsStore,
    TalkStore,
    UploadRecords,
)

CAPACITY = 3  # every seat's capacity unless set


class Around(Protocol):
    """What a case does or sees beside the ports: the writes and reads of an Admin SDK script."""

    def write_around(self, request_id: str, fields: dict[str, Any]) -> None:
        """Set fields of a request (or create it), as a script would: no legal copy written."""
        ...

    def legal_copy(self, request_id: str) -> dict[str, Any] | None:
        """The request's legal copy, or None."""
        ...

    def processed(self, key: str) -> bool:
        """Whether an event's processed marker is there."""
        ...

    def trigger_time(self, update_time: Any) -> datetime:
        """A write's update time as the event trigger is given it (its commit time)."""
        ...


@dataclass
class Stores:
    """Every store the contract cases use, on one database (one world)."""

    requests: RequestStore
    products: ProductStore
    seats: SeatStore
    profiles: ProfileStore
    digests: DigestStore
    fanout: FanoutStore
    legal: LegalState
    history: HistoryStore
    stats: StatsStore
    talk: TalkStore
    uploads: UploadRecords
    around: Around


def fakes(now: Callable[[], datetime]) -> Stores:
    """The stores on a fresh in-memory world."""
    from tests.support.fakes import (
        FakeEvents,
        FakeProducts,
        FakeProfiles,
        FakeRequests,
        FakeSeats,
        FakeStats,
        FakeTalk,
        FakeUploads,
        World,
    )

    world = World()
    requests = FakeRequests(world)
    events = FakeEvents(world, now)
    events.requests = requests
    profiles = FakeProfiles(world)

    class InMemory:
        def write_around(self, request_id: str, fields: dict[str, Any]) -> None:
            requests.write_around(request_id, fields)

        def legal_copy(self, request_id: str) -> dict[str, Any] | None:
            found = world.legal.get(request_id)
            return None if found is None else dict(found)

        def processed(self, key: str) -> bool:
            return key in world.processed

        def trigger_time(self, update_time: Any) -> datetime:
            return datetime.fromtimestamp(update_time, UTC)

    return Stores(
        requests=requests,
        products=FakeProducts(world),
        seats=FakeSeats(world, CAPACITY),
        profiles=profiles,
        digests=profiles,
        fanout=events,
        legal=events,
        history=events,
        stats=FakeStats(world),
        talk=FakeTalk(world),
        uploads=FakeUploads(world),
        around=InMemory(),
    )


def firestore(db: Any, now: Callable[[], datetime]) -> Stores:
    """The Firestore adapters on this client's database."""
    from customizations.adapters.firestore_events import FirestoreEvents
    from customizations.adapters.firestore_products import FirestoreProducts
    from customizations.adapters.firestore_profiles import FirestoreProfiles
    from customizations.adapters.firestore_requests import FirestoreRequests
    from customizations.adapters.firestore_seats import FirestoreSeats
    from customizations.adapters.firestore_stats import FirestoreStats
    from customizations.adapters.firestore_talk import FirestoreTalk
    from customizations.adapters.firestore_uploads import FirestoreUploads
    from customizations.adapters.queries import LEGAL, PRIVATE, PROCESSED, REQUESTS

    events = FirestoreEvents(db, now)
    profiles = FirestoreProfiles(db)

    class OnFirestore:
        def write_around(self, request_id: str, fields: dict[str, Any]) -> None:
            db.collection(REQUESTS).document(request_id).set(fields, merge=True)

        def legal_copy(self, request_id: str) -> dict[str, Any] | None:
            found = db.collection(REQUESTS).document(request_id).collection(PRIVATE).document(LEGAL).get()
            return dict((found.to_dict() or {}).get(LEGAL) or {}) if found.exists else None

        def processed(self, key: str) -> bool:
            return bool(db.collection(PROCESSED).document(key).get().exists)

        def trigger_time(self, update_time: Any) -> datetime:
            return update_time  # type: ignore[no-any-return]  # a datetime (with nanoseconds)

    return Stores(
        requests=FirestoreRequests(db),
        products=FirestoreProducts(db),
        seats=FirestoreSeats(db, CAPACITY),
        profiles=profiles,
        digests=profiles,
        fanout=events,
        legal=events,
        history=events,
        stats=FirestoreStats(db),
        talk=FirestoreTalk(db),
        uploads=FirestoreUploads(db),
        around=OnFirestore(),
    )


def fake_bucket() -> ObjectStore:
    """The bucket in memory."""
    from tests.support.fakes import FakeBucket

    return FakeBucket()


def cloud_bucket() -> ObjectStore:
    """The stack's bucket on the Storage emulator (STORAGE_EMULATOR_HOST, STORAGE_BUCKET)."""
    import os

    from customizations.adapters.clients import storage_client
    from customizations.adapters.storage import CloudStorage, emulator_address

    return CloudStorage(storage_client.get, os.environ["STORAGE_BUCKET"], emulator=emulator_address())
