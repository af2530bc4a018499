"""The real adapters behind every port (Firestore, Cloud Storage, Firebase Auth, FCM, Cloud Tasks),
each made on first use: what bootstrap hands to `build` on an instance."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from .clients import bucket_name, storage_client

if TYPE_CHECKING:
    from google.cloud import firestore

    from .fcm import FcmPush, NoPush
    from .firebase_auth import FirebaseUserDirectory
    from .firestore_events import FirestoreEvents
    from .firestore_products import FirestoreProducts
    from .firestore_profiles import FirestoreProfiles
    from .firestore_requests import FirestoreRequests
    from .firestore_seats import FirestoreSeats
    from .firestore_stats import FirestoreStats
    from .firestore_talk import FirestoreTalk
    from .firestore_uploads import FirestoreUploads
    from .firestore_usage import FirestoreUsage
    from .live import LiveReads
    from .storage import CloudStorage
    from .tasks import CloudTasksTimers


class FirestoreStores:
    """Every adapter on this instance's clients, made when first asked for (an instance makes only
    what its function uses); one object where one adapter serves two ports."""

    def __init__(  # noqa: PLR0913 - the clients and the deployment's parameters the adapters take
        self,
        db: Callable[[], firestore.Client],
        now: Callable[[], datetime],
        *,
        live: str,
        bucket: str,
        designer_capacity: int,
        on_revoke: Callable[[str], None],
    ) -> None:
        self._db = db
        self._now = now
        self._live = live  # LIVE_READS
        self._bucket = bucket  # DESIGNS_BUCKET (empty: the project's default bucket)
        self._designer_capacity = designer_capacity
        self._on_revoke = on_revoke  # a user's roles changed: forget their verified tokens

    @cached_property
    def live(self) -> LiveReads | None:
        """The reads held current by listeners."""
        from .live import held_collections, live_reads

        return live_reads(self._db(), held_collections(self._live))

    @cached_property
    def requests(self) -> FirestoreRequests:
        from .firestore_requests import FirestoreRequests

        return FirestoreRequests(self._db(), self.live)

    @cached_property
    def products(self) -> FirestoreProducts:
        from .firestore_products import FirestoreProducts

        return FirestoreProducts(self._db(), self.live)

    @cached_property
    def profiles(self) -> FirestoreProfiles:
        from .firestore_profiles import FirestoreProfiles

        return FirestoreProfiles(self._db())

    @property
    def digests(self) -> FirestoreProfiles:
        return self.profiles

    @cached_property
    def talk(self) -> FirestoreTalk:
        from .firestore_talk import FirestoreTalk

        return FirestoreTalk(self._db())

    @cached_property
    def directory(self) -> FirebaseUserDirectory:
        from .firebase_auth import FirebaseUserDirectory

        return FirebaseUserDirectory(on_revoke=self._on_revoke, db=self._db())

    @cached_property
    def fanout(self) -> FirestoreEvents:
        from .firestore_events import FirestoreEvents

        return FirestoreEvents(self._db(), self._now)

    @property
    def history(self) -> FirestoreEvents:
        return self.fanout

    @cached_property
    def stats(self) -> FirestoreStats:
        from .firestore_stats import FirestoreStats

        return FirestoreStats(self._db())

    @cached_property
    def uploads(self) -> FirestoreUploads:
        from .firestore_uploads import FirestoreUploads

        return FirestoreUploads(self._db())

    @cached_property
    def objects(self) -> CloudStorage:
        from .storage import CloudStorage, emulator_address

        return CloudStorage(storage_client.get, bucket_name(self._bucket), emulator=emulator_address())

    @cached_property
    def push(self) -> NoPush | FcmPush:
        from .fcm import configured_sender

        return configured_sender()

    @cached_property
    def usage(self) -> FirestoreUsage:
        from .firestore_usage import FirestoreUsage

        return FirestoreUsage(self._db())

    @cached_property
    def seats(self) -> FirestoreSeats:
        from .firestore_seats import FirestoreSeats

        return FirestoreSeats(self._db(), self._designer_capacity)

    @cached_property
    def timers(self) -> CloudTasksTimers:
        from .tasks import CloudTasksTimers

        return CloudTasksTimers(now=self._now)
