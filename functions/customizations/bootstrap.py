"""The object graph, built once per instance on first use: the one place that picks the real
adapters and hands them to the services, the services to the API, the stores to the fan-out.

Nothing here runs at import time. `prepare()`, which main.py calls as the instance starts, imports
the code every first call runs and builds the API's Flask app: no client, no I/O (those come with
the first call that needs them, in the worker that serves it), so a user's first call pays for
clients, a token check and its reads, not for imports.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import settings
from .adapters.clients import Lazy, bucket_name, firestore_client, storage_client

if TYPE_CHECKING:
    from flask import Flask

    from .adapters.firebase_auth import FirebaseTokenVerifier
    from .adapters.firestore_events import FirestoreEvents
    from .domain.events import Effects
    from .services import Services
    from .services.bus import EventBus


def utc_now() -> datetime:
    """The clock every service reads: the current time, in UTC."""
    return datetime.now(UTC)


def _services() -> Services:  # noqa: PLR0914 - the one place every adapter and service is named
    from .adapters.firebase_auth import FirebaseUserDirectory
    from .adapters.firestore_events import FirestoreEvents
    from .adapters.firestore_requests import FirestoreRequests
    from .adapters.firestore_stats import FirestoreStats
    from .adapters.firestore_uploads import FirestoreUploads
    from .adapters.firestore_usage import FirestoreUsage
    from .adapters.live import held_collections, live_reads
    from .adapters.storage import CloudStorage, emulated
    from .services import Services
    from .services.activity import ActivityService
    from .services.quotas import QuotaGuard
    from .services.reports import ReportService
    from .services.requests import RequestService
    from .services.uploads import UploadService
    from .services.users import UserService

    db = firestore_client.get()
    requests = FirestoreRequests(db, live_reads(db, held_collections(settings.LIVE_READS.value)))
    events = FirestoreEvents(db)
    stats = FirestoreStats(db)
    directory = FirebaseUserDirectory(on_revoke=token_verifier.get().forget)
    guard = QuotaGuard(FirestoreUsage(db), settings.quotas(), utc_now)
    objects = CloudStorage(storage_client.get, bucket_name(settings.DESIGNS_BUCKET.value))
    uploads = UploadService(FirestoreUploads(db), objects, guard, utc_now, emulated())
    return Services(
        requests=RequestService(requests, uploads, directory, guard, utc_now),
        reports=ReportService(stats, utc_now, timedelta(seconds=settings.STATS_MAX_AGE_SECONDS.value)),
        activity=ActivityService(requests, events, utc_now),
        users=UserService(directory, requests, stats, guard, utc_now),
        uploads=uploads,
    )


services: Lazy[Services] = Lazy(_services)


def _verifier() -> FirebaseTokenVerifier:
    from .adapters.firebase_auth import FirebaseTokenVerifier

    return FirebaseTokenVerifier()


token_verifier: Lazy[FirebaseTokenVerifier] = Lazy(_verifier)


def _app() -> Flask:
    from .api.app import create_app

    return create_app(services.get, token_verifier.get(), lambda: tuple(settings.CORS_ORIGINS.value))


http_app: Lazy[Flask] = Lazy(_app)


def _bus() -> EventBus[Effects]:
    from .adapters.fcm import configured_sender
    from .services.fanout import Fanout

    return Fanout(events_store(), configured_sender(), settings.EMAIL_NOTIFICATIONS.value).bus()


event_bus: Lazy[EventBus[Effects]] = Lazy(_bus)


def prepare() -> None:
    """What the first call of an API or trigger instance would otherwise import and build: the
    modules of the services, their adapters and the fan-out, and the API's Flask app (its routes).
    Run while the instance starts (from main.py): no client, no I/O, no parameter read."""
    import importlib

    for module in _FIRST_CALL_MODULES:
        importlib.import_module(module, __package__)
    http_app.get()


# What building the services and the event bus imports (the Storage library stays out: only the
# calls that touch a file load it).
_FIRST_CALL_MODULES = (
    ".adapters.firebase_auth",
    ".adapters.firestore_events",
    ".adapters.firestore_requests",
    ".adapters.firestore_stats",
    ".adapters.firestore_uploads",
    ".adapters.firestore_usage",
    ".adapters.live",
    ".adapters.storage",
    ".adapters.fcm",
    ".services.activity",
    ".services.quotas",
    ".services.reports",
    ".services.requests",
    ".services.uploads",
    ".services.users",
    ".services.fanout",
    ".services.bus",
)


def events_store() -> FirestoreEvents:
    """The fan-out's store (events, counters, notifications) on this instance's Firestore client."""
    from .adapters.firestore_events import FirestoreEvents

    return FirestoreEvents(firestore_client.get())


def too_old_to_retry(event_time: datetime, event_id: str) -> bool:
    """Whether a request event is past EVENT_MAX_AGE_HOURS: then it is logged and dropped, so a
    poison event stops coming back (the daily reconciliation repairs what it would have counted)."""
    from .services.bus import expired

    return expired(event_time, utc_now(), timedelta(hours=settings.EVENT_MAX_AGE_HOURS.value), event_id)


def handle_request_write(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None, written_at: datetime
) -> None:
    """The request trigger's work: derive the write's event and fan it out (raises to be retried)."""
    from .services.bus import handle_write

    handle_write(event_bus.get(), request_id, before, after, written_at)


def reconcile_counters() -> dict[str, dict[str, float]]:
    """Repair designers' loads that drifted from a recount; the corrections made."""
    from .adapters.firestore_stats import FirestoreStats
    from .services.reports import reconcile_loads

    margin = timedelta(seconds=settings.RECONCILE_MARGIN_SECONDS.value)
    return reconcile_loads(FirestoreStats(firestore_client.get()), utc_now(), margin)


def refresh_statistics() -> dict[str, Any]:
    """Count the global figures now and cache them."""
    return services.get().reports.global_figures(refresh=True)


def clean_up_files(seconds: float) -> dict[str, int]:
    """Delete the files nobody needs any more, for at most that long; how many of each kind."""
    return services.get().uploads.clean_up(until=utc_now() + timedelta(seconds=seconds))
