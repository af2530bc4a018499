"""Never run: mypy checks here that every adapter implements each port it is wired to, port by
port (the narrow ones too), whatever the wiring looks like."""

from __future__ import annotations

from typing import Any

from customizations.adapters.fcm import FcmPush, NoPush
from customizations.adapters.firebase_auth import FirebaseUserDirectory
from customizations.adapters.firestore_events import FirestoreEvents
from customizations.adapters.firestore_products import FirestoreProducts
from customizations.adapters.firestore_profiles import FirestoreProfiles
from customizations.adapters.firestore_requests import FirestoreRequests
from customizations.adapters.firestore_seats import FirestoreSeats
from customizations.adapters.firestore_stats import FirestoreStats
from customizations.adapters.firestore_talk import FirestoreTalk
from customizations.adapters.firestore_uploads import FirestoreUploads
from customizations.adapters.firestore_usage import FirestoreUsage
from customizations.adapters.storage import CloudStorage
from customizations.adapters.tasks import CloudTasksTimers
from customizations.services import ports


def _adapters_implement_their_ports(db: Any) -> None:  # noqa: PLR0914 - one name for each
    firestore_requests = FirestoreRequests(db)
    _1: ports.RequestStore = firestore_requests
    _2: ports.RequestReader = firestore_requests
    _3: ports.RoutedRequests = firestore_requests
    _4: ports.TimedRequests = firestore_requests
    _5: ports.ProductReader = firestore_requests
    firestore_products = FirestoreProducts(db)
    _6: ports.ProductStore = firestore_products
    firestore_seats = FirestoreSeats(db, 1)
    _7: ports.SeatStore = firestore_seats
    firestore_profiles = FirestoreProfiles(db)
    _8: ports.ProfileStore = firestore_profiles
    _9: ports.DigestStore = firestore_profiles
    firebase_user_directory = FirebaseUserDirectory()
    _10: ports.UserDirectory = firebase_user_directory
    firestore_events = FirestoreEvents(db)
    _11: ports.FanoutStore = firestore_events
    _12: ports.LegalState = firestore_events
    _13: ports.HistoryStore = firestore_events
    firestore_stats = FirestoreStats(db)
    _14: ports.StatsStore = firestore_stats
    _15: ports.Reporting = firestore_stats
    _16: ports.Reconciliation = firestore_stats
    _17: ports.DesignerRoster = firestore_stats
    firestore_talk = FirestoreTalk(db)
    _18: ports.TalkStore = firestore_talk
    _19: ports.Comments = firestore_talk
    firestore_uploads = FirestoreUploads(db)
    _20: ports.UploadRecords = firestore_uploads
    cloud_storage = CloudStorage(lambda: db, "bucket")
    _21: ports.ObjectStore = cloud_storage
    firestore_usage = FirestoreUsage(db)
    _22: ports.UsageCounter = firestore_usage
    fcm_push = FcmPush()
    _23: ports.PushSender = fcm_push
    no_push = NoPush()
    _24: ports.PushSender = no_push
    cloud_tasks_timers = CloudTasksTimers()
    _25: ports.TimerQueue = cloud_tasks_timers
