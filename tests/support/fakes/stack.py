"""The services on the fakes, wired by bootstrap.build as production wires them on Firestore."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from customizations.bootstrap import Config, build
from customizations.domain.actors import Actor
from customizations.domain.lifecycle import Role
from customizations.domain.quotas import Quotas
from customizations.domain.workflow import DEFAULT_SLA, Sla
from customizations.services.bus import handle_request_write, handle_said
from customizations.services.ports import (
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

from tests.support.fakes.bucket import FakeBucket
from tests.support.fakes.directory import FakeDirectory
from tests.support.fakes.events import FakeEvents
from tests.support.fakes.products import FakeProducts
from tests.support.fakes.profiles import FakeProfiles
from tests.support.fakes.push import FakePush
from tests.support.fakes.requests import FakeRequests
from tests.support.fakes.seats import FakeSeats
from tests.support.fakes.stats import FakeStats
from tests.support.fakes.talk import FakeTalk
from tests.support.fakes.timers import FakeTimers
from tests.support.fakes.uploads import FakeUploads
from tests.support.fakes.usage import FakeUsage
from tests.support.fakes.world import Clock, World

UNLIMITED = Quotas.of(10**9, 10**15, 10**9, 10**9, 10**9, 10**9)


@dataclass(frozen=True)
class FakeStores:
    """The fakes as bootstrap.build takes them, one per port: mypy checks here that each fake still
    implements the Protocol it stands in for (a fake that drifts fails `make lint`)."""

    requests: RequestStore
    products: ProductStore
    profiles: ProfileStore
    digests: DigestStore
    talk: TalkStore
    directory: UserDirectory
    fanout: TriggerStore
    history: HistoryStore
    stats: StatsStore
    uploads: UploadRecords
    objects: ObjectStore
    push: PushSender
    usage: UsageCounter
    seats: SeatStore
    timers: TimerQueue


class Stack:
    """The services built by bootstrap.build on the fakes, with the event trigger run on every
    request write once `settle()` is called (as the emulator runs it soon after)."""

    def __init__(
        self,
        *users: Actor,
        emulated: bool = True,
        email: bool = False,
        quotas: Quotas = UNLIMITED,
        stats_max_age: timedelta = timedelta(0),
        sla: Sla = DEFAULT_SLA,
        auto_assign: bool = False,
        default_capacity: int = 10,
        unverified_emails: bool = True,  # as the local stack: the test users' addresses are unverified
    ) -> None:
        self.world = World()
        self.clock = Clock()
        self.sla = sla
        self.directory = FakeDirectory(*users)
        self.store = FakeRequests(self.world)
        self.seats = FakeSeats(self.world, default_capacity)
        self.timers = FakeTimers()
        self.talk = FakeTalk(self.world)
        self.profiles = FakeProfiles(self.world)
        self.events = FakeEvents(self.world, self.clock)
        self.events.requests = self.store
        self.stats = FakeStats(self.world)
        self.uploads_store = FakeUploads(self.world)
        self.bucket = FakeBucket()
        self.push = FakePush()
        stores = FakeStores(
            requests=self.store,
            products=FakeProducts(self.world),
            profiles=self.profiles,
            digests=self.profiles,
            talk=self.talk,
            directory=self.directory,
            fanout=self.events,
            history=self.events,
            stats=self.stats,
            uploads=self.uploads_store,
            objects=self.bucket,
            push=self.push,
            usage=FakeUsage(self.world),
            seats=self.seats,
            timers=self.timers,
        )
        config = Config(
            quotas=quotas,
            sla=sla,
            auto_assign=auto_assign,
            email=email,
            emulated=emulated,
            stats_max_age=stats_max_age,
            unverified_emails=unverified_emails,
        )
        self.graph = build(stores, self.clock, config)
        self.services = self.graph.services
        self.router = self.services.router
        self.timer_service = self.services.timers
        self.bus = self.graph.bus
        for user in users:
            self.profiles.update_profile(
                user.uid, {"role": user.role.value, "name": user.name, "email": user.email}
            )
            if user.role is Role.DESIGNER:
                self.stats.ensure_designer(user.uid, user.name)
                self.seats.ensure_seat(user.uid, user.name)

    def product(self, product_id: str = "mug", **fields: Any) -> str:
        """Put a product in the catalogue."""
        self.world.products[product_id] = {
            "name": "Ceramic mug",
            "imageUrl": "https://example.com/m.png",
            **fields,
        }
        return product_id

    def settle(self) -> None:
        """Run the event trigger for every request write not yet handled, in order, and the
        triggers of every message and comment posted."""
        while self.store.written or self.talk.said:
            if self.store.written:
                request_id, before, after, stamp = self.store.written.pop(0)
                written_at = datetime.fromtimestamp(stamp, UTC)
                handle_request_write(self.bus, self.events, request_id, before, after, written_at)
                continue
            event, request_id, doc_id, doc = self.talk.said.pop(0)
            handle_said(self.bus, self.events, event, request_id, doc_id, doc, doc["createdAt"])

    def pass_time(self, **delta: float) -> list[str]:
        """Move the clock, delivering every scheduled task whose time comes on the way (in time
        order, the clock at each), and settle the trigger after each; what the steps came to."""
        end = self.clock.now + timedelta(**delta)
        results = []
        self.settle()
        while True:
            due = sorted(
                (d for d in self.timers.armed.values() if d.at <= end), key=lambda d: (d.at, d.task_id)
            )
            if not due:
                break
            self.clock.now = max(self.clock.now, due[0].at)
            for step in self.timers.take_due(self.clock.now):
                results.append(self.timer_service.run(step.payload()))
                self.settle()
        self.clock.now = end
        return results
