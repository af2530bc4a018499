"""The object graph, built once per instance on first use: the one place that picks the real
adapters and hands them to the services, the services to the API, the stores to the fan-out.

Nothing here runs at import time. `prepare()`, which main.py calls as an instance starts, imports
the code the first call of that instance's function runs (and for the API builds its Flask app):
no client, no I/O (those come with the first call that needs them, in the worker that serves it),
so a user's first call pays for clients, a token check and its reads, not for imports.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from . import settings
from .adapters.clients import Lazy, bucket_name, firestore_client, storage_client

if TYPE_CHECKING:
    from flask import Flask

    from .adapters.firebase_auth import FirebaseTokenVerifier
    from .adapters.firestore_events import FirestoreEvents
    from .adapters.firestore_seats import FirestoreSeats
    from .domain.events import Effects
    from .services import Services
    from .services.bus import EventBus
    from .services.ports import TimerQueue


def utc_now() -> datetime:
    """The clock every service reads: the current time, in UTC. On the local stack it can be moved
    (scripts/clock writes an offset to EMULATOR_CLOCK_FILE), so that the timed steps can be run
    against it; a deployment has no such file and reads the time as it is."""
    return datetime.now(UTC) + _clock_offset()


def platform_now() -> datetime:
    """The platform's own time, never moved: for what is measured against Firestore's and the
    event delivery's clocks (read times, an event's age), not business time."""
    return datetime.now(UTC)


_offset_seen: tuple[tuple[int, int, int], timedelta] = ((0, 0, 0), timedelta(0))


def _clock_offset() -> timedelta:
    """The local stack's clock offset (zero in a deployment, where no emulator runs)."""
    global _offset_seen  # noqa: PLW0603 - one value per instance, read again when the file changes
    path = os.environ.get("EMULATOR_CLOCK_FILE")
    if not path or not (
        os.environ.get("FUNCTIONS_EMULATOR") == "true" or os.environ.get("FIRESTORE_EMULATOR_HOST")
    ):
        return timedelta(0)
    try:
        found = os.stat(path)
    except OSError:
        return timedelta(0)
    # The file is replaced whole (scripts/clock, the tests): a new inode. A file written in place
    # could be read half-written within one tick of its modification time, and that read kept.
    stamp = (found.st_ino, found.st_mtime_ns, found.st_size)
    if stamp != _offset_seen[0]:
        try:
            with open(path, encoding="utf-8") as clock:
                text = clock.read().strip()
            if not text:
                return _offset_seen[1]  # being written: the last offset read, read again next time
            _offset_seen = (stamp, timedelta(seconds=float(text)))
        except (OSError, ValueError):
            return timedelta(0)
    return _offset_seen[1]


def _services() -> Services:  # noqa: PLR0914 - the one place every adapter and service is named
    from .adapters.fcm import configured_sender
    from .adapters.firebase_auth import FirebaseUserDirectory
    from .adapters.firestore_events import FirestoreEvents
    from .adapters.firestore_products import FirestoreProducts
    from .adapters.firestore_profiles import FirestoreProfiles
    from .adapters.firestore_requests import FirestoreRequests
    from .adapters.firestore_stats import FirestoreStats
    from .adapters.firestore_talk import FirestoreTalk
    from .adapters.firestore_uploads import FirestoreUploads
    from .adapters.firestore_usage import FirestoreUsage
    from .adapters.live import held_collections, live_reads
    from .adapters.storage import CloudStorage, emulated, emulator_address
    from .services import Services
    from .services.activity import ActivityService
    from .services.catalogue import CatalogueService
    from .services.conversation import ConversationService
    from .services.quotas import QuotaGuard
    from .services.reports import ReportService
    from .services.requests import RequestService
    from .services.routing import Router
    from .services.timers import TimerService
    from .services.uploads import Retention, UploadService
    from .services.users import UserService

    db = firestore_client.get()
    live = live_reads(db, held_collections(settings.LIVE_READS.value))
    requests = FirestoreRequests(db, live)
    events = FirestoreEvents(db, utc_now)
    stats = FirestoreStats(db)
    directory = FirebaseUserDirectory(on_revoke=token_verifier.get().forget, db=db)
    guard = QuotaGuard(FirestoreUsage(db), settings.quotas(), utc_now)
    objects = CloudStorage(
        storage_client.get, bucket_name(settings.DESIGNS_BUCKET.value), emulator=emulator_address()
    )
    kept = Retention(
        timedelta(hours=settings.UNATTACHED_UPLOADS_KEPT_HOURS.value),
        timedelta(days=settings.CANCELLED_FILES_KEPT_DAYS.value),
    )
    uploads = UploadService(FirestoreUploads(db), objects, guard, utc_now, emulated(), kept)
    talk = FirestoreTalk(db)
    close_after = timedelta(days=settings.MESSAGES_CLOSE_AFTER_DAYS.value)
    seats = seat_store()
    sla = settings.sla()
    acting = RequestService(
        requests,
        talk,
        uploads,
        directory,
        guard,
        utc_now,
        seats=seats,
        sla=sla,
        unverified_emails=settings.UNVERIFIED_EMAILS.value,
    )
    router = Router(acting, requests, seats, settings.AUTO_ASSIGN.value)
    return Services(
        requests=acting,
        conversation=ConversationService(requests, talk, uploads, guard, utc_now, close_after),
        reports=ReportService(stats, utc_now, timedelta(seconds=settings.STATS_MAX_AGE_SECONDS.value)),
        activity=ActivityService(requests, events, utc_now),
        users=UserService(
            directory,
            FirestoreProfiles(db),
            stats,
            configured_sender(),
            guard,
            utc_now,
            seats=seats,
            router=router,
        ),
        uploads=uploads,
        catalogue=CatalogueService(FirestoreProducts(db, live)),
        router=router,
        timers=TimerService(requests, acting, timer_queue.get(), sla, utc_now),
    )


def seat_store() -> FirestoreSeats:
    """Designers' seats on this instance's Firestore client."""
    from .adapters.firestore_seats import FirestoreSeats

    return FirestoreSeats(firestore_client.get(), settings.DESIGNER_CAPACITY.value)


def _timer_queue() -> TimerQueue:
    from .adapters.tasks import CloudTasksTimers

    return CloudTasksTimers(now=utc_now)


timer_queue: Lazy[TimerQueue] = Lazy(_timer_queue)


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

    # Routing (auto-assignment) builds the services it takes; otherwise the trigger needs none.
    router = services.get().router if settings.AUTO_ASSIGN.value else None
    return Fanout(
        events_store(),
        configured_sender(),
        settings.EMAIL_NOTIFICATIONS.value,
        sla=settings.sla(),
        timers=timer_queue.get(),
        router=router,
        now=utc_now,
        unverified_emails=settings.UNVERIFIED_EMAILS.value,
    ).bus()


event_bus: Lazy[EventBus[Effects]] = Lazy(_bus)


def prepare(function: str, api: Collection[str], events: Collection[str]) -> None:
    """What the first call of an instance serving this function would otherwise import and build:
    for the API, its services, their adapters and its Flask app (routes); for an event trigger,
    the fan-out and its store. Run while the instance starts (from main.py): no client, no I/O, no
    parameter read. Other functions (the scheduled jobs) prepare nothing."""
    import importlib

    modules = _API_MODULES if function in api else _EVENT_MODULES if function in events else ()
    for module in modules:
        importlib.import_module(module, __package__)
    if function in api:
        http_app.get()


# What building the services imports (the Storage library stays out: only the calls that touch a
# file load it), and what building the event bus does (tests/unit/test_cold_start.py keeps both
# lists complete).
_API_MODULES = (
    ".api.app",
    ".adapters.fcm",
    ".adapters.firebase_auth",
    ".adapters.firestore_events",
    ".adapters.firestore_products",
    ".adapters.firestore_profiles",
    ".adapters.firestore_requests",
    ".adapters.firestore_seats",
    ".adapters.firestore_stats",
    ".adapters.firestore_talk",
    ".adapters.firestore_uploads",
    ".adapters.firestore_usage",
    ".adapters.live",
    ".adapters.storage",
    ".adapters.tasks",
    ".services.activity",
    ".services.catalogue",
    ".services.conversation",
    ".services.quotas",
    ".services.reports",
    ".services.requests",
    ".services.routing",
    ".services.timers",
    ".services.uploads",
    ".services.users",
)
_EVENT_MODULES = (
    ".adapters.fcm",
    ".adapters.firestore_events",
    ".adapters.tasks",
    ".services.bus",
    ".services.fanout",
)


def events_store() -> FirestoreEvents:
    """The fan-out's store (events, counters, notifications) on this instance's Firestore client."""
    from .adapters.firestore_events import FirestoreEvents

    return FirestoreEvents(firestore_client.get(), utc_now)


def too_old_to_retry(event_time: datetime, event_id: str) -> bool:
    """Whether a request event is past EVENT_MAX_AGE_HOURS: then it is logged and dropped, so a
    poison event stops coming back (the daily reconciliation repairs what it would have counted)."""
    from .services.bus import expired

    return expired(event_time, platform_now(), timedelta(hours=settings.EVENT_MAX_AGE_HOURS.value), event_id)


def handle_request_write(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None, written_at: datetime
) -> None:
    """The request trigger's work (services.bus.handle_request_write), on Firestore (raises to be
    retried)."""
    from .services.bus import handle_request_write as handle

    handle(event_bus.get(), events_store(), request_id, before, after, written_at)


def handle_said(
    event_name: str, request_id: str, doc_id: str, doc: dict[str, Any], written_at: datetime
) -> None:
    """A message or comment posted about a request: tell the other party through the fan-out
    (raises to be retried). A request gone meanwhile tells no one."""
    from .domain.events import said
    from .domain.lifecycle import Event
    from .services.bus import handle_said as dispatch

    request = events_store().request(request_id)
    if request is None:
        return
    words = {k: doc.get(k) for k in ("authorId", "authorName", "text", "revision")}
    occurrence = said(Event(event_name), request, {**words, "id": doc_id}, doc.get("createdAt") or written_at)
    dispatch(event_bus.get(), occurrence)


def reconcile_counters() -> dict[str, dict[str, float]]:
    """Repair designers' loads that drifted from a recount; the corrections made."""
    from .adapters.firestore_stats import FirestoreStats
    from .services.reports import reconcile_loads

    margin = timedelta(seconds=settings.RECONCILE_MARGIN_SECONDS.value)
    # Firestore's read times: the platform's clock (a moved local clock would read the future).
    return reconcile_loads(FirestoreStats(firestore_client.get()), platform_now(), margin)


def refresh_statistics() -> dict[str, Any]:
    """Count the global figures now and cache them."""
    return services.get().reports.global_figures(refresh=True)


def clean_up_files(seconds: float) -> dict[str, int]:
    """Delete the files nobody needs any more, for at most that long; how many of each kind."""
    return services.get().uploads.clean_up(until=utc_now() + timedelta(seconds=seconds))


def send_digests(scheduled: datetime, seconds: float) -> dict[str, int]:
    """Send the email digests due at the scheduled time, for at most that long; how many."""
    from .adapters.firestore_profiles import FirestoreProfiles
    from .services.digests import DigestService

    digests = DigestService(
        FirestoreProfiles(firestore_client.get()),
        utc_now,
        settings.EMAIL_NOTIFICATIONS.value,
        settings.UNVERIFIED_EMAILS.value,
    )
    return digests.send_due(scheduled, until=utc_now() + timedelta(seconds=seconds))


def run_timer(payload: dict[str, Any]) -> str:
    """Take the timed step a task carries (raises to be retried); what it came to. A payload that is
    no step is logged and answered, never retried."""
    from firebase_functions import logger

    from .errors import AppError, ErrorCode

    try:
        return services.get().timers.run(payload)
    except AppError as exc:
        if exc.code is not ErrorCode.VALIDATION_ERROR:
            raise
        logger.error("Not a timed step", error=exc.message)
        return "invalid"


def run_due_timers(
    tag: str, late_by: timedelta = timedelta(0), seconds: float | None = None
) -> list[dict[str, Any]]:
    """Have every timed step due by now (late by that much at least) taken, each as a task of its
    own: what scripts/run-timers runs on the local stack, and the daily catch-up in production
    (for at most `seconds`: what is left is the next run's)."""
    until = utc_now() + timedelta(seconds=seconds) if seconds is not None else None
    return [due.payload() for due in services.get().timers.run_due(tag, late_by, until)]


def sync_directory() -> dict[str, int]:
    """Bring every profile in step with Auth (roles set outside the API); how many."""
    return services.get().users.sync_directory()
