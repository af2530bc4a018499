"""The object graph: `build` wires the services and the event bus on the stores, clock and settings
it is given; an instance gives it the real adapters (adapters/stores.py), the unit tests their fakes.

Nothing here runs at import time. `prepare()`, which main.py calls as an instance starts, imports
the code the first call of that instance's function runs (and for the API builds its Flask app):
no client, no I/O (those come with the first call that needs them, in the worker that serves it),
so a user's first call pays for clients, a token check and its reads, not for imports.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta
from typing import TYPE_CHECKING, Protocol

from . import settings
from .adapters import clock
from .adapters.clients import Lazy, firestore_client
from .domain.quotas import PRODUCTION, Quotas
from .domain.workflow import DEFAULT_SLA, Sla

if TYPE_CHECKING:
    from flask import Flask

    from .adapters.firebase_auth import FirebaseTokenVerifier
    from .domain.events import Effects
    from .services import Services
    from .services.bus import EventBus
    from .services.digests import DigestService
    from .services.ports import (
        Clock,
        DigestStore,
        HistoryStore,
        ObjectStore,
        ProductStore,
        ProfileStore,
        PushSender,
        RequestStore,
        SeatStore,
        StatsStore,
        TalkStore,
        TimerQueue,
        TriggerStore,
        UploadRecords,
        UsageCounter,
        UserDirectory,
    )
    from .services.uploads import Retention


class Stores(Protocol):
    """The outside world the graph is built on: one adapter for each port of services/ports.py."""

    @property
    def requests(self) -> RequestStore: ...
    @property
    def products(self) -> ProductStore: ...
    @property
    def profiles(self) -> ProfileStore: ...
    @property
    def digests(self) -> DigestStore: ...
    @property
    def talk(self) -> TalkStore: ...
    @property
    def directory(self) -> UserDirectory: ...
    @property
    def fanout(self) -> TriggerStore: ...
    @property
    def history(self) -> HistoryStore: ...
    @property
    def stats(self) -> StatsStore: ...
    @property
    def uploads(self) -> UploadRecords: ...
    @property
    def objects(self) -> ObjectStore: ...
    @property
    def push(self) -> PushSender: ...
    @property
    def usage(self) -> UsageCounter: ...
    @property
    def seats(self) -> SeatStore: ...
    @property
    def timers(self) -> TimerQueue: ...


def _retention() -> Retention:
    from .services.uploads import Retention

    return Retention()


def _close_after() -> timedelta:
    from .domain.conversation import MESSAGES_CLOSE_AFTER

    return MESSAGES_CLOSE_AFTER


@dataclass(frozen=True)
class Config:
    """What the graph takes from the deployment's parameters (`configured()` reads them); the
    defaults, for a graph built on fakes, are the services' own where they have one."""

    quotas: Quotas = PRODUCTION
    sla: Sla = DEFAULT_SLA
    auto_assign: bool = False
    email: bool = False  # queue mail for the Trigger Email extension
    emulated: bool = False  # files go to the Storage emulator (no signed URLs)
    stats_max_age: timedelta = timedelta(0)
    close_after: timedelta = field(default_factory=_close_after)
    kept: Retention = field(default_factory=_retention)
    unverified_emails: bool = False  # mail and contacts may use addresses Auth has not verified


class Graph:
    """The services and the event bus on one set of stores, each built on first use: an instance
    builds only what its function runs (the API its services, a trigger its bus)."""

    def __init__(self, stores: Stores, now: Clock, config: Config) -> None:
        self.stores = stores
        self.now = now
        self.config = config
        self._services: Lazy[Services] = Lazy(self._build_services)
        self._bus: Lazy[EventBus[Effects]] = Lazy(self._build_bus)

    @property
    def services(self) -> Services:
        """Every use case: what the API serves, and the workflow's own."""
        return self._services.get()

    @property
    def bus(self) -> EventBus[Effects]:
        """The fan-out of request events: what the triggers dispatch to."""
        return self._bus.get()

    def digests(self) -> DigestService:
        """The email digests (the hourly job's)."""
        from .services.digests import DigestService

        return DigestService(self.stores.digests, self.now, self.config.email, self.config.unverified_emails)

    def _build_services(self) -> Services:
        from .services import Services
        from .services.activity import ActivityService
        from .services.catalogue import CatalogueService
        from .services.claims import ClaimService
        from .services.conversation import ConversationService
        from .services.quotas import QuotaGuard
        from .services.reports import ReportService
        from .services.requests import RequestService
        from .services.routing import Router
        from .services.timers import TimerService
        from .services.uploads import UploadService
        from .services.users import UserService

        stores, now, config = self.stores, self.now, self.config
        guard = QuotaGuard(stores.usage, config.quotas, now)
        uploads = UploadService(stores.uploads, stores.objects, guard, now, config.emulated, config.kept)
        acting = RequestService(
            stores.requests,
            stores.talk,
            uploads,
            stores.directory,
            guard,
            now,
            seats=stores.seats,
            sla=config.sla,
            unverified_emails=config.unverified_emails,
        )
        router = Router(acting, stores.requests, stores.seats, config.auto_assign)
        users = UserService(
            stores.directory,
            stores.profiles,
            stores.stats,
            stores.push,
            guard,
            now,
            seats=stores.seats,
            router=router,
        )
        return Services(
            requests=acting,
            claims=ClaimService(acting, stores.requests, stores.seats),
            conversation=ConversationService(
                stores.requests, stores.talk, uploads, guard, now, config.close_after
            ),
            reports=ReportService(stores.stats, now, config.stats_max_age),
            activity=ActivityService(stores.requests, stores.history, now),
            users=users,
            uploads=uploads,
            catalogue=CatalogueService(stores.products),
            router=router,
            timers=TimerService(stores.requests, acting, stores.timers, config.sla, now),
            quotas=guard,
        )

    def _build_bus(self) -> EventBus[Effects]:
        from .services.fanout import Fanout

        # Routing (auto-assignment) builds the services it takes; otherwise the trigger needs none.
        router = self.services.router if self.config.auto_assign else None
        stores = self.stores
        return Fanout(
            stores.fanout,
            stores.push,
            self.config.email,
            sla=self.config.sla,
            timers=stores.timers,
            router=router,
            now=self.now,
            unverified_emails=self.config.unverified_emails,
        ).bus()


def build(stores: Stores, now: Clock, config: Config) -> Graph:
    """The object graph on these stores, this clock and these settings (each part built on first
    use): the one wiring, for an instance (`graph`) and for the unit tests' fakes alike."""
    return Graph(stores, now, config)


def configured() -> Config:
    """The graph's settings as this deployment's parameters set them."""
    from .adapters.storage import emulated
    from .services.uploads import Retention

    return Config(
        quotas=settings.quotas(),
        sla=settings.sla(),
        auto_assign=settings.AUTO_ASSIGN.value,
        email=settings.EMAIL_NOTIFICATIONS.value,
        emulated=emulated(),
        stats_max_age=timedelta(seconds=settings.STATS_MAX_AGE_SECONDS.value),
        close_after=timedelta(days=settings.MESSAGES_CLOSE_AFTER_DAYS.value),
        kept=Retention(
            timedelta(hours=settings.UNATTACHED_UPLOADS_KEPT_HOURS.value),
            timedelta(days=settings.CANCELLED_FILES_KEPT_DAYS.value),
        ),
        unverified_emails=settings.UNVERIFIED_EMAILS.value,
    )


def _graph() -> Graph:
    from .adapters.stores import FirestoreStores

    now = clock.utc_now  # looked up now, not at import: a test that moves the clock builds it again
    stores = FirestoreStores(
        firestore_client.get,
        now,
        live=settings.LIVE_READS.value,
        bucket=settings.DESIGNS_BUCKET.value,
        designer_capacity=settings.DESIGNER_CAPACITY.value,
        on_revoke=lambda uid: token_verifier.get().forget(uid),
    )
    return build(stores, now, configured())


graph: Lazy[Graph] = Lazy(_graph)


def _verifier() -> FirebaseTokenVerifier:
    from .adapters.firebase_auth import FirebaseTokenVerifier

    return FirebaseTokenVerifier()


token_verifier: Lazy[FirebaseTokenVerifier] = Lazy(_verifier)


def _app() -> Flask:
    from .api.app import create_app

    return create_app(
        lambda: graph.get().services, token_verifier.get(), lambda: tuple(settings.CORS_ORIGINS.value)
    )


http_app: Lazy[Flask] = Lazy(_app)


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
    ".adapters.stores",
    ".adapters.tasks",
    ".services.activity",
    ".services.catalogue",
    ".services.claims",
    ".services.conversation",
    ".services.quotas",
    ".services.reports",
    ".services.request_queries",
    ".services.requests",
    ".services.routing",
    ".services.timers",
    ".services.uploads",
    ".services.users",
)
_EVENT_MODULES = (
    ".adapters.fcm",
    ".adapters.firestore_events",
    ".adapters.storage",  # whether Storage is emulated, one of the settings the graph is built with
    ".adapters.stores",
    ".adapters.tasks",
    ".services.bus",
    ".services.fanout",
)
