"""The stores a contract case runs on, on either tier: the in-memory fakes (tests.support.fakes) or
the adapters on the emulators (Firestore, Storage, Auth, Cloud Tasks). Both tiers build the same
`Stores`, `Directory` and `Timers`, typed by the services' ports, so mypy checks here that every fake
and every adapter implements the ports it stands for."""

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
    TimerQueue,
    UploadRecords,
    UserDirectory,
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


@dataclass(frozen=True)
class Seed:
    """A user as the identity provider holds them before a case: claims as set by an admin."""

    uid: str
    name: str | None
    email: str
    claims: dict[str, Any]
    verified: bool = False  # whether the email address is verified


class Accounts(Protocol):
    """What a directory case does or sees beside the port: the identity provider's own records."""

    def add(self, *users: Seed) -> None:
        """Create these users."""
        ...

    def claims(self, uid: str) -> dict[str, Any]:
        """The user's custom claims, all of them."""
        ...

    def disabled(self, uid: str) -> bool:
        """Whether the user is disabled."""
        ...


@dataclass
class Directory:
    """The user directory and its provider's records."""

    users: UserDirectory
    around: Accounts


def fake_directory() -> Directory:
    """The directory in memory. It knows a user's role, not their other claims: those are kept here,
    where the port cannot change them (and the role is read as a claim always set)."""
    from customizations.domain.actors import Actor, display_name, role_of

    from tests.support.fakes import FakeDirectory

    directory = FakeDirectory()
    other_claims: dict[str, dict[str, Any]] = {}

    class InMemory:
        def add(self, *users: Seed) -> None:
            for seed in users:
                directory.users[seed.uid] = Actor(
                    seed.uid,
                    role_of(seed.claims),
                    display_name(seed.name, seed.email),
                    seed.email,
                    email_verified=seed.verified,
                )
                other_claims[seed.uid] = {k: v for k, v in seed.claims.items() if k != "role"}

        def claims(self, uid: str) -> dict[str, Any]:
            return {**other_claims[uid], "role": directory.users[uid].role.value}

        def disabled(self, uid: str) -> bool:
            return uid in directory.disabled

    return Directory(directory, InMemory())


def auth_directory(db: Any) -> Directory:
    """FirebaseUserDirectory on the Auth emulator, recording revocations in this database."""
    from customizations.adapters import clients
    from customizations.adapters.firebase_auth import FirebaseUserDirectory
    from firebase_admin import auth

    class OnAuth:
        def add(self, *users: Seed) -> None:
            records = [
                auth.ImportUserRecord(
                    s.uid,
                    email=s.email,
                    email_verified=s.verified,
                    display_name=s.name,
                    custom_claims=s.claims or None,
                )
                for s in users
            ]
            for start in range(0, len(records), 1000):  # Auth imports 1,000 at a time
                result = auth.import_users(records[start : start + 1000], app=clients.admin_app.get())
                assert result.failure_count == 0, [e.reason for e in result.errors]

        def claims(self, uid: str) -> dict[str, Any]:
            return dict(auth.get_user(uid, app=clients.admin_app.get()).custom_claims or {})

        def disabled(self, uid: str) -> bool:
            return bool(auth.get_user(uid, app=clients.admin_app.get()).disabled)

    return Directory(FirebaseUserDirectory(db=db), OnAuth())


class Queued(Protocol):
    """What a timer case sees beside the port: how many tasks the queue took."""

    def tasks_added(self) -> int:
        """How many tasks the queue has taken (a name taken already adds none)."""
        ...


@dataclass
class Timers:
    """The timer queue, what it took, and the time its steps are measured against."""

    queue: TimerQueue
    around: Queued
    now: Callable[[], datetime]


def fake_timers(now: Callable[[], datetime]) -> Timers:
    """The timer queue in memory (no step is delivered in a case: every task taken is still there)."""
    from tests.support.fakes import FakeTimers

    timers = FakeTimers()

    class InMemory:
        def tasks_added(self) -> int:
            return len(timers.armed) + len(timers.disarmed) + len(timers.ran)

    return Timers(timers, InMemory(), now)
