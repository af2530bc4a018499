"""`make capacity`: how fast the design can take new requests before a documented Firestore limit
is reached, and which limit that is.

The model drives the real services and the real event trigger, wired by bootstrap.py onto the real
Firestore adapters, with bench/firestore_recorder.py in place of the Firestore client (Storage,
the user directory, push and the token verifier are in-memory fakes; listener-held reads are off).
Complete lifecycles run through the API's use cases, human-paced on a simulated clock, with the
trigger run on every request write as the platform would. The recorder counts every document write
and every index entry each write adds (firestore.indexes.json: its composite indexes, and the
single-field defaults less its field overrides).

Rates follow from counts per lifecycle: a document or index range written `e` times by a lifecycle
it belongs to is written `e` times the rate of such lifecycles: every new request for what all
share (global), one designer's share for a designer's, the busy customer's share for a customer's.
What grows with the number of designers is measured at two small designer counts and extrapolated
linearly to the population (and checked against a run of one lifecycle at 1,000 and 10,000).

Usage: python bench/capacity.py [--rate 500] [--designers 10000] [--json bench/results/capacity.json]
With the default --json it also renders docs/capacity.md from the result (bench/pages.py).
"""

from __future__ import annotations

import argparse
import dataclasses
import heapq
import io
import json
import math
import os
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [p for p in (str(ROOT), str(ROOT / "functions")) if p not in sys.path]

from customizations import bootstrap, settings  # noqa: E402
from customizations.adapters import clock as clock_adapter  # noqa: E402
from customizations.adapters import queries  # noqa: E402
from customizations.adapters.clients import Lazy  # noqa: E402
from customizations.adapters.stores import FirestoreStores  # noqa: E402
from customizations.domain.actors import Actor  # noqa: E402
from customizations.domain.commands import (  # noqa: E402
    Approve,
    Assign,
    Cancel,
    Complete,
    CreateRequest,
    Reject,
    UploadFinal,
)
from customizations.domain.files import FileField  # noqa: E402
from customizations.domain.lifecycle import Role  # noqa: E402
from customizations.domain.quotas import Counted  # noqa: E402
from customizations.domain.records import PageRequest  # noqa: E402
from customizations.services.bus import handle_request_write  # noqa: E402

from bench import pages as doc_pages  # noqa: E402
from bench.firestore_recorder import (  # noqa: E402
    MAX_WRITES_PER_COMMIT,
    IndexModel,
    RangeKey,
    RecordingClient,
    Write,
)
from tests.support.fakes import FakeBucket, FakeDirectory, FakePush, FakeTimers  # noqa: E402

INDEXES = ROOT / "firestore.indexes.json"
RESULTS = ROOT / "bench" / "results" / "capacity.json"
START = datetime(2025, 1, 6, 8, tzinfo=UTC)  # the simulated clock's start (before any real "now")

# ---- the documented limits the model checks, with their sources ----
QUOTAS = "cloud.google.com/firestore/quotas"
BEST = "firebase.google.com/docs/firestore/best-practices, cloud.google.com/firestore/docs/best-practices"
COUNTERS = "firebase.google.com/docs/firestore/solutions/counters"
DOC_WRITES_PER_S = 1.0  # sustained writes to one document
SEQUENTIAL_PER_S = 500.0  # writes to a range of sequential (clock-ordered) index values
REQUEST_BYTES = 10 * 1024 * 1024  # API request size
DOCUMENT_BYTES = 1024 * 1024
TRANSFORMS_PER_DOCUMENT = 500  # field transforms on one document in one commit
RAMP_START, RAMP_GROWTH, RAMP_STEP_MINUTES = 500, 1.5, 5  # 500 ops/s, then +50% every 5 minutes
DEFAULT_TIMEOUT_S = 60  # a Cloud Function's default timeout
# Stated latencies (estimates, not measured here): one commit of up to 500 writes, one document
# streamed by a query. Only the fan-out's duration uses them.
COMMIT_SECONDS = 0.25
READ_SECONDS_PER_DOC = 0.0001

LIMITS = [
    {"limit": "1 sustained write/s per document", "value": DOC_WRITES_PER_S, "source": f"{BEST}; {COUNTERS}"},
    {
        "limit": "500 writes/s into an index range of sequential values",
        "value": SEQUENTIAL_PER_S,
        "source": f"{QUOTAS} (soft limits); {BEST} (index exemptions)",
    },
    {
        "limit": f"{MAX_WRITES_PER_COMMIT} writes per batch or transaction",
        "value": MAX_WRITES_PER_COMMIT,
        "source": "firebase.google.com/docs/reference/js/firestore_.writebatch (the code keeps _BATCH = 500)",
    },
    {"limit": "10 MiB per API request, 1 MiB per document", "value": REQUEST_BYTES, "source": QUOTAS},
    {
        "limit": "500 field transforms per document per commit",
        "value": TRANSFORMS_PER_DOCUMENT,
        "source": QUOTAS,
    },
    {
        "limit": "500/50/5 ramp-up for new traffic to a collection or key range (a warning)",
        "value": RAMP_START,
        "source": BEST,
    },
    {
        "limit": "a function's timeout (60 s by default) for a fan-out writing batches one after another",
        "value": DEFAULT_TIMEOUT_S,
        "source": "firebase.google.com/docs/functions/manage-functions (timeout)",
    },
]


# ---------------------------------------------------------------------------------------------
# the population and the lifecycles


@dataclass(frozen=True)
class Population:
    """Who uses the system, at the rate the issue names."""

    designers: int = 10_000
    customers: int = 100_000
    busy_rate: float = 10.0  # new requests/s of the one busy customer at the reference rate
    reference_rate: float = 500.0
    requests: int = 10_000_000  # existing requests (for what scans and aggregations read)

    @property
    def busy_share(self) -> float:
        """The busy customer's share of new requests (the mix is scaled with the rate)."""
        return self.busy_rate / self.reference_rate


@dataclass(frozen=True)
class Variant:
    """One way a lifecycle goes, its share of lifecycles, and its steps."""

    name: str
    share: float
    steps: tuple[str, ...]


VARIANTS = (
    Variant("approved and completed", 0.60, ("create", "claim", "submit", "approve", "complete")),
    Variant(
        "rejected once, resubmitted, approved and completed",
        0.30,
        ("create", "claim", "submit", "reject", "submit", "approve", "complete"),
    ),
    Variant("cancelled while pending", 0.05, ("create", "cancel", "purge")),
    Variant("cancelled after a design was submitted", 0.05, ("create", "claim", "submit", "cancel", "purge")),
)

# How long after the previous step each step comes (human-paced; the purge is the daily clean-up
# once the cancelled request's files are past their 30 days).
DELAYS = {
    "create": timedelta(0),
    "claim": timedelta(minutes=10),
    "submit": timedelta(days=1),
    "approve": timedelta(hours=4),
    "reject": timedelta(hours=4),
    "complete": timedelta(hours=1),
    "cancel": timedelta(hours=3),
    "purge": timedelta(days=30, seconds=1),
}
UPLOAD_SECONDS = timedelta(seconds=2)
SPACING = timedelta(seconds=60)  # between the starts of simulated lifecycles

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 56


@dataclass
class Lifecycle:
    """One simulated request from creation to its end."""

    index: int
    variant: Variant
    weight: float  # its share of all lifecycles in the mix
    customer: Actor
    designer: Actor
    request_id: str = ""
    recorded: bool = True  # False: a warm-up lifecycle, whose writes are not counted


@dataclass(frozen=True)
class Ctx:
    """What the recorder attributes a write or read to."""

    lifecycle: int | None
    step: str
    phase: str  # api | trigger | read | job


class Clock:
    """The simulated clock: moves only when the model moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


@contextmanager
def quiet() -> Iterator[None]:
    """The functions' structured log lines (one per event) kept out of the report."""
    sink = io.StringIO()
    with redirect_stdout(sink), redirect_stderr(sink):
        yield


# ---------------------------------------------------------------------------------------------
# the system under the model: bootstrap's own wiring, on the recorder


class ModelStores(FirestoreStores):
    """The Firestore adapters an instance runs on, on the recorder, with fakes for Storage, Firebase
    Auth, FCM and Cloud Tasks (counted), and no listener-held reads."""

    def __init__(
        self, db: RecordingClient, clock: Clock, directory: FakeDirectory, push: FakePush, timers: FakeTimers
    ) -> None:
        super().__init__(
            lambda: db,
            clock,
            live="off",
            bucket="capacity-model",
            designer_capacity=settings.DESIGNER_CAPACITY.value,
            on_revoke=lambda _uid: None,
        )
        # Set over the adapters FirestoreStores would make on first use (each a cached property).
        self.live = None  # every read goes to Firestore
        self.directory = directory
        self.objects = FakeBucket("capacity-model")
        self.push = push
        self.timers = timers


@contextmanager
def outside_world(system: System) -> Iterator[None]:
    """What the deployed entry points run on, for the model: its graph, and its clock for the
    platform's (the model's Firestore keeps the model's time)."""
    with (
        mock.patch.object(bootstrap, "graph", Lazy(lambda: system.graph)),
        mock.patch.object(clock_adapter, "platform_now", system.clock),
    ):
        yield


class System:
    """The services and the trigger, as bootstrap builds them, over one recorder."""

    def __init__(self, designers: int, idle: int = 0, seed: int = 1) -> None:
        self.clock = Clock()
        self.db = RecordingClient(IndexModel.load(INDEXES), self.clock, seed)
        everyone = [
            Actor(f"dsgn{n:05d}", Role.DESIGNER, f"Designer {n}", f"dsgn{n:05d}@example.com")
            for n in range(designers + idle)
        ]
        # The designers who work (claim, submit, read their inbox), and those who only exist:
        # runs that differ only in the idle ones differ only in what grows with the designer count.
        self.designers, self.registered = everyone[:designers], everyone
        self.admin = Actor("admin0001", Role.ADMIN, "Admin", "admin@example.com")
        self.directory = FakeDirectory(self.admin, *everyone)
        self.push = FakePush()
        self.timers = FakeTimers()
        stores = ModelStores(self.db, self.clock, self.directory, self.push, self.timers)
        config = dataclasses.replace(bootstrap.configured(), emulated=True)
        self.graph = bootstrap.build(stores, self.clock, config)
        self.services, self.bus = self.graph.services, self.graph.bus
        self.queue: list[tuple[str, Any, Any, datetime]] = []
        self.db.listeners.append(self._written)
        self.triggers: list[dict[str, Any]] = []
        self.calls: dict[int | None, int] = defaultdict(int)  # API calls, by lifecycle
        self.worked_until = self.clock.now  # the last step of people's work (not a purge a month on)
        self._seed_world()

    def _seed_world(self) -> None:
        """Products and designer profiles (as an admin's role change writes them), not recorded."""
        self.db.recording = False
        self.db.collection("products").document("mug").set(
            {"name": "Ceramic mug", "imageUrl": "https://example.com/mug.png", "isCustomizable": True}
        )
        batch = self.db.batch()
        for n, designer in enumerate(self.registered):
            batch.set(
                self.db.collection("users").document(designer.uid),
                {
                    "role": designer.role.value,
                    "name": designer.name,
                    "email": designer.email,
                    "updatedAt": self.clock(),
                    "fcmTokens": [f"fcm-{designer.uid}"],
                },
            )
            if n % 400 == 399:
                batch.commit()
                batch = self.db.batch()
        batch.commit()
        self.db.recording = True

    def _written(self, writes: list[Write]) -> None:
        for write in writes:
            parts = write.path.split("/")
            if len(parts) == 2 and parts[0] == "customizationRequests":
                self.queue.append((parts[1], write.before, write.after, write.at))

    def add_customer(self, n: int) -> Actor:
        customer = Actor(f"cust{n:06d}", Role.CUSTOMER, f"Customer {n}", f"cust{n:06d}@example.com")
        self.directory.users[customer.uid] = customer
        return customer

    def settle(self, lifecycle: int | None, step: str) -> None:
        """Run the request trigger for every request write so far, as the platform delivers them."""
        while self.queue:
            request_id, before, after, at = self.queue.pop(0)
            self.db.context = Ctx(lifecycle, step, "trigger")
            commits, reads = len(self.db.commits), self.db.reads[self.db.context]
            first_write = len(self.db.writes)
            store = self.graph.stores.fanout  # as jobs.handle_request_write
            occurrence = handle_request_write(self.bus, store, request_id, before, after, at)
            self.triggers.append(
                {
                    "lifecycle": lifecycle,
                    "step": step,
                    "event": occurrence.name if occurrence is not None else None,
                    "commits": len(self.db.commits) - commits,
                    "reads": self.db.reads[self.db.context] - reads,
                    "writes": len(self.db.writes) - first_write,
                    "first_write": first_write,  # its writes are db.writes[first_write:][:writes]
                }
            )

    def run(self, lifecycle: Lifecycle | None, step: str, action: Callable[[], Any]) -> Any:
        """One API call by a user, then the trigger runs on what it wrote."""
        index = lifecycle.index if lifecycle is not None and lifecycle.recorded else None
        self.db.context = Ctx(index, step, "api")
        self.calls[index] += 1
        result = action()
        self.settle(index, step)
        self.db.context = None
        return result

    # ---- the steps ----

    def _call(self) -> None:
        ctx = self.db.context
        self.calls[ctx.lifecycle if isinstance(ctx, Ctx) else None] += 1

    def _upload(self, actor: Actor, kind: str, name: str) -> str:
        self._call()  # an upload is an API call of its own
        ref = self.services.uploads.upload(actor, kind, name, "image/png", io.BytesIO(PNG))
        self.clock.now += UPLOAD_SECONDS  # the next call comes once the upload has answered
        return str(ref["path"])

    def step(self, lc: Lifecycle, name: str) -> None:
        """Take one step of a lifecycle at the clock's time, then the recipients read what they were
        told (the customer and the request's designer; the broadcast to every designer stays unread)."""
        requests, uploads = self.services.requests, self.services.uploads
        customer, designer = lc.customer, lc.designer
        if name == "create":

            def create() -> Any:
                path = self._upload(customer, "customer_design", "brief.png")
                command = CreateRequest(
                    "mug", 2, "Our logo on the mug, please", {FileField.CUSTOMER_DESIGN_FILE: path}
                )
                return requests.create(customer, command, f"create-{lc.index}")

            lc.request_id = str(self.run(lc, name, create)["id"])
            return
        rid = lc.request_id
        if name == "claim":

            def claim() -> Any:
                self._call()  # the designer looks at the queue first
                requests.pending(designer, PageRequest(limit=20))
                return requests.act(designer, rid, Assign(), None)

            self.run(lc, name, claim)
        elif name == "submit":

            def submit() -> Any:
                final = self._upload(designer, "designer_final", "final.png")
                preview = self._upload(designer, "preview", "preview.png")
                files = {FileField.DESIGNER_FINAL_FILE: final, FileField.DESIGNER_PREVIEW_IMAGE: preview}
                return requests.act(designer, rid, UploadFinal(files, "Here it is"), None)

            self.run(lc, name, submit)
        elif name == "approve":
            self.run(lc, name, lambda: requests.act(customer, rid, Approve(), None))
        elif name == "reject":
            self.run(lc, name, lambda: requests.act(customer, rid, Reject("Make the logo bigger"), None))
        elif name == "complete":
            self.run(lc, name, lambda: requests.act(self.admin, rid, Complete(f"order-{lc.index}"), None))
        elif name == "cancel":
            self.run(lc, name, lambda: requests.act(customer, rid, Cancel("No longer needed"), None))
        elif name == "purge":
            self.run(lc, name, uploads.clean_up)
            return
        else:
            raise ValueError(f"unknown step {name}")
        for reader in (customer, designer):
            self._read_notifications(lc, name, reader)

    def _read_notifications(self, lc: Lifecycle, step: str, reader: Actor) -> None:
        activity = self.services.activity
        index = lc.index if lc.recorded else None
        self.db.context = Ctx(index, step, "read")
        page = activity.notifications(reader, True, PageRequest(limit=10))
        self.calls[index] += 1
        for item in page.items:
            if item.get("requestId") == lc.request_id:
                activity.mark_read(reader, item["id"])
                self.calls[index] += 1
        self.settle(index, step)
        self.db.context = None


# ---------------------------------------------------------------------------------------------
# a simulation: lifecycles interleaved in time, every write recorded


@dataclass
class Run:
    """What one simulation recorded."""

    designers: int
    lifecycles: list[Lifecycle]
    writes: list[Write]
    triggers: list[dict[str, Any]]
    commits: list[Any]
    reads: dict[Any, int]
    system: System


def plan(count: int, designers: list[Actor], system: System) -> list[Lifecycle]:
    """`count` lifecycles in the variants' shares (every variant at least once), each its own
    customer, designers taken in turn."""
    per_variant = [max(1, round(count * v.share)) for v in VARIANTS]
    order: list[Variant] = []
    remaining = dict(zip(range(len(VARIANTS)), per_variant, strict=True))
    while any(remaining.values()):  # interleave the variants
        for i, _ in enumerate(VARIANTS):
            if remaining[i]:
                order.append(VARIANTS[i])
                remaining[i] -= 1
    return [
        Lifecycle(
            n,
            variant,
            variant.share / per_variant[VARIANTS.index(variant)],
            system.add_customer(n),
            designers[n % len(designers)],
        )
        for n, variant in enumerate(order)
    ]


WORKING_DESIGNERS = 4  # who claim the simulated requests; the rest of the population is idle
WARM_UP = timedelta(days=2)  # before the recorded lifecycles start


def simulate(lifecycles: int, idle: int, seed: int = 1) -> Run:
    """Run lifecycles through the real code, interleaved on the simulated clock, after a warm-up
    in which every working designer finishes one request (so that what each designer keeps exists
    already, as in a steady state; the warm-up is not counted)."""
    system = System(WORKING_DESIGNERS, idle, seed)
    warm = [
        Lifecycle(n, VARIANTS[0], 0.0, system.add_customer(900_000 + n), designer, recorded=False)
        for n, designer in enumerate(system.designers)
    ]
    planned = plan(lifecycles, system.designers, system)
    events: list[tuple[datetime, int, int, int]] = []  # (time, order, lifecycle, step index)
    everyone = [*planned, *warm]
    for position, lc in enumerate(everyone):
        start = START + lc.index * SPACING + (WARM_UP if lc.recorded else timedelta(0))
        heapq.heappush(events, (start, position, position, 0))
    order = len(everyone)
    while events:
        at, _, position, step = heapq.heappop(events)
        lc = everyone[position]
        system.clock.now = max(system.clock.now, at)
        system.step(lc, lc.variant.steps[step])
        if lc.variant.steps[step] != "purge":
            system.worked_until = system.clock.now
        if step + 1 < len(lc.variant.steps):
            order += 1
            following = lc.variant.steps[step + 1]
            heapq.heappush(events, (system.clock.now + DELAYS[following], order, position, step + 1))
    db = system.db
    return Run(
        len(system.registered), planned, db.writes, system.triggers, db.commits, dict(db.reads), system
    )


# ---------------------------------------------------------------------------------------------
# from counts per lifecycle to rates


TOKENS = re.compile(r"[A-Za-z0-9]+")
DESIGNER_ID = re.compile(r"^dsgn\d{5}$")
CUSTOMER_ID = re.compile(r"^cust\d{6}$")
WINDOW = re.compile(r"^\d{8}T\d{4}$")  # a quota window's start, in a counter's id


def _swap_ids(text: str, requests: set[str]) -> str:
    """Text with the model's ids replaced by what they stand for."""

    def swap(match: re.Match[str]) -> str:  # noqa: PLR0911 - one answer per kind of id
        token = match.group(0)
        if token in requests:
            return "{request}"
        if DESIGNER_ID.match(token):
            return "{designer}"
        if CUSTOMER_ID.match(token):
            return "{customer}"
        if re.fullmatch(r"v\d+", token):
            return "v{n}"
        if WINDOW.match(token):
            return "{window}"
        if token.isdigit():
            return "{n}"
        if len(token) >= 16:
            return "{id}"
        return token

    return TOKENS.sub(swap, text)


def template(path: str, requests: set[str]) -> str:
    """A document or collection path with its document ids generalised (collection ids kept)."""
    parts = path.split("/")
    return "/".join(part if i % 2 == 0 else _swap_ids(part, requests) for i, part in enumerate(parts))


def range_template(key: RangeKey, requests: set[str]) -> str:
    """An index range with the model's ids generalised."""
    scope = key.scope if key.scope in ("", "*") else template(key.scope, requests)
    prefix = tuple(
        _swap_ids(v, requests) if isinstance(v, str) else "{n}" if type(v) is int else v for v in key.prefix
    )
    return RangeKey(key.index, scope, prefix).describe()


@dataclass
class Tally:
    """What each lifecycle wrote to one document, or added to one index range."""

    by_lifecycle: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    sequential: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    times: list[datetime] = field(default_factory=list)


@dataclass
class Rated:
    """A document or index range, with its writes (or entries) per new request."""

    key: str
    kind: str  # global | per customer | per designer | per request
    template: str
    per_request: float  # writes (entries) per new request: times the rate, writes (entries)/s
    sequential_per_request: float = 0.0
    per_lifecycle: float = 0.0  # per-request keys: writes per lifecycle
    peak_per_second: int = 0  # per-request keys: most writes within one second
    collection: str = ""
    note: str = ""
    fixed_per_second: float = 0.0  # written by scheduled jobs, whatever the rate
    most_per_second: float | None = None  # a quota's counter: written at most at the quota's rate

    def per_second(self, rate: float) -> float:
        """Writes (entries) per second at this rate of new requests."""
        driven = self.per_request * rate
        if self.most_per_second is not None:
            driven = min(driven, self.most_per_second)
        return driven + self.fixed_per_second


def _tallies(run: Run, ranges: bool) -> dict[Any, Tally]:
    tallies: dict[Any, Tally] = defaultdict(Tally)
    for write in run.writes:
        ctx = write.context
        if not isinstance(ctx, Ctx) or ctx.lifecycle is None:
            continue
        if ranges:
            for key, is_sequential in write.added:
                tally = tallies[key]
                tally.by_lifecycle[ctx.lifecycle] += 1
                if is_sequential:
                    tally.sequential[ctx.lifecycle] += 1
        else:
            tally = tallies[write.path]
            tally.by_lifecycle[ctx.lifecycle] += 1
            tally.times.append(write.at)
    return tallies


def rate_keys(run: Run, population: Population, ranges: bool) -> dict[str, Rated]:
    """Every document (or index range) the lifecycles wrote, with its writes per new request.

    A key holding a request's id (or written by one lifecycle only) is that request's own: its
    writes follow the lifecycle's pace, not the rate. A key holding a designer's (customer's) id
    is theirs: the lifecycles of its designer (customer) write it at that designer's (the busy
    customer's) share of the rate, the mix's expectation taken over every lifecycle of the run
    through the key's template (every designer's key alike); other lifecycles write it at the full
    rate. A key holding no id is global: every lifecycle writes it at the full rate.
    """
    requests = {lc.request_id for lc in run.lifecycles}
    lifecycles = {lc.index: lc for lc in run.lifecycles}
    tallies = _tallies(run, ranges)
    shares = {"per designer": 1 / population.designers, "per customer": population.busy_share}
    classified = []
    own: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for key, tally in tallies.items():
        tokens = set(TOKENS.findall(key_text(key)))
        designers = {t for t in tokens if DESIGNER_ID.match(t)}
        customers = {t for t in tokens if CUSTOMER_ID.match(t)}
        name = key.describe() if isinstance(key, RangeKey) else key
        shown = range_template(key, requests) if isinstance(key, RangeKey) else template(key, requests)
        collection = (
            key.index if isinstance(key, RangeKey) else template("/".join(key.split("/")[:-1]), requests)
        )
        if tokens & requests or (len(tally.by_lifecycle) == 1 and not designers and not customers):
            kind = "per request"
        else:
            kind = "per designer" if designers else "per customer" if customers else "global"
        related = set()
        for index in tally.by_lifecycle:
            lc = lifecycles[index]
            if (kind == "per designer" and lc.designer.uid in designers) or (
                kind == "per customer" and lc.customer.uid in customers
            ):
                related.add(index)
                own[(kind, shown)][0] += lc.weight * tally.by_lifecycle[index]
                own[(kind, shown)][1] += lc.weight * tally.sequential.get(index, 0)
        classified.append((key, name, shown, collection, kind, tally, designers, customers, related))
    rated: dict[str, Rated] = {}
    for _key, name, shown, collection, kind, tally, designers, customers, related in classified:
        if kind == "per request":
            rated[name] = Rated(
                name,
                kind,
                shown,
                0.0,
                per_lifecycle=sum(tally.by_lifecycle.values()) / len(tally.by_lifecycle),
                peak_per_second=_peak(tally.times),
                collection=collection,
            )
            continue
        # The other lifecycles: every one not of the key's designer or customer.
        mine = [
            lc.weight for lc in run.lifecycles if lc.designer.uid in designers or lc.customer.uid in customers
        ]
        unrelated = 1.0 - sum(mine)
        others = sum(lifecycles[i].weight * e for i, e in tally.by_lifecycle.items() if i not in related)
        others_seq = sum(lifecycles[i].weight * e for i, e in tally.sequential.items() if i not in related)
        per_request = others / unrelated if unrelated > 0 else 0.0
        sequential = others_seq / unrelated if unrelated > 0 else 0.0
        if kind in shares:
            mine_total, mine_seq = own[(kind, shown)]
            per_request += shares[kind] * mine_total
            sequential += shares[kind] * mine_seq
        rated[name] = Rated(name, kind, shown, per_request, sequential, collection=collection)
    _even_out_shards(rated)
    return rated


def _even_out_shards(rated: dict[str, Rated]) -> None:
    """Global documents (index ranges) that differ only by a number, such as counter shards, are
    written in turn by hash: in a steady state each takes the group's mean (the sample's busiest
    is noted)."""
    groups: dict[str, list[Rated]] = defaultdict(list)
    for item in rated.values():
        if item.kind == "global" and "{n}" in item.template:
            groups[item.template].append(item)
    for members in groups.values():
        if len(members) < 2:
            continue
        mean = sum(m.per_request for m in members) / len(members)
        mean_seq = sum(m.sequential_per_request for m in members) / len(members)
        busiest = max(m.per_request for m in members)
        for member in members:
            member.note = (
                f"{len(members)} alike but for a number; the sample's busiest {number(busiest)}/new request"
            )
            member.per_request, member.sequential_per_request = mean, mean_seq


def _peak(times: list[datetime]) -> int:
    times = sorted(times)
    best, start = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= timedelta(seconds=1):
            start += 1
        best = max(best, end - start + 1)
    return best


def extrapolate(
    small: dict[str, Rated], large: dict[str, Rated], d1: int, d2: int, target: int
) -> dict[str, Rated]:
    """Global rates at `target` designers, linear in the designer count from runs with d1 and d2
    designers that differ in nothing else; other keys keep the rates of the run with d2."""
    out = dict(small)
    out.update(large)
    for name, rated in large.items():
        before = small.get(name)
        if before is None or rated.kind != "global":
            continue
        grow = (target - d2) / (d2 - d1)
        out[name] = Rated(
            name,
            rated.kind,
            rated.template,
            max(0.0, rated.per_request + (rated.per_request - before.per_request) * grow),
            max(
                0.0,
                rated.sequential_per_request
                + (rated.sequential_per_request - before.sequential_per_request) * grow,
            ),
            collection=rated.collection,
            note=rated.note,
        )
    return out


def key_text(key: str | RangeKey) -> str:
    if isinstance(key, str):
        return key
    return f"{key.scope} {' '.join(str(v) for v in key.prefix)}"


# ---------------------------------------------------------------------------------------------
# per-lifecycle totals, the fan-out, scans


def weighted(run: Run, measure: Callable[[Write], float], phase: str | None = None) -> float:
    """A quantity per lifecycle, in the mix's shares."""
    weights = {lc.index: lc.weight for lc in run.lifecycles}
    total = 0.0
    for write in run.writes:
        ctx = write.context
        if isinstance(ctx, Ctx) and ctx.lifecycle is not None and (phase is None or ctx.phase == phase):
            total += weights[ctx.lifecycle] * measure(write)
    return total


def reads_per_lifecycle(run: Run) -> float:
    weights = {lc.index: lc.weight for lc in run.lifecycles}
    return sum(
        weights[c.lifecycle] * n
        for c, n in run.reads.items()
        if isinstance(c, Ctx) and c.lifecycle is not None
    )


def fanout(designers: int) -> dict[str, Any]:
    """One lifecycle (approved and completed) with this many designers: what each event's trigger
    wrote, in how many commits, how many documents it read, and how long that takes."""
    system = System(1, designers - 1, seed=7)
    lc = Lifecycle(0, VARIANTS[0], 1.0, system.add_customer(0), system.designers[0])
    for step in lc.variant.steps:
        system.clock.now += DELAYS[step]
        system.step(lc, step)
    events = []
    for trigger in system.triggers:
        if trigger["event"] is None:
            continue
        seconds = trigger["commits"] * COMMIT_SECONDS + trigger["reads"] * READ_SECONDS_PER_DOC
        events.append({**trigger, "seconds": round(seconds, 3)})
    created = next(e for e in events if e["event"].endswith("request.created"))
    slowest = max(events, key=lambda e: e["seconds"])
    creates: dict[str, int] = defaultdict(int)
    for write in system.db.writes:
        ctx = write.context
        if isinstance(ctx, Ctx) and ctx.phase == "trigger" and ctx.step == "create" and write.op == "create":
            creates[template("/".join(write.path.split("/")[:-1]), {lc.request_id})] += 1
    biggest = max(creates.items(), key=lambda kv: kv[1]) if creates else ("", 0)
    return {
        "designers": designers,
        "writes_per_new_request": created["writes"],
        "commits": created["commits"],
        "reads": created["reads"],
        "seconds": created["seconds"],
        "slowest_event": slowest["event"],
        "slowest_seconds": slowest["seconds"],
        "trigger_writes_per_lifecycle": sum(e["writes"] for e in events),
        "burst": {"collection": biggest[0], "documents": biggest[1]},
        "largest_commit": max((c.writes for c in system.db.commits), default=0),
        "largest_request_bytes": max((c.request_bytes for c in system.db.commits), default=0),
        "largest_document_bytes": max((w.size for w in system.db.writes), default=0),
        "most_transforms": max((w.transforms for w in system.db.writes), default=0),
    }


def created_documents(run: Run) -> dict[str, float]:
    """New documents per lifecycle, by collection."""
    weights = {lc.index: lc.weight for lc in run.lifecycles}
    requests = {lc.request_id for lc in run.lifecycles}
    found: dict[str, float] = defaultdict(float)
    for write in run.writes:
        ctx = write.context
        if write.op == "create" and isinstance(ctx, Ctx) and ctx.lifecycle is not None:
            found[template("/".join(write.path.split("/")[:-1]), requests)] += weights[ctx.lifecycle]
    return found


def trigger_timeout() -> tuple[int, str]:
    """The request trigger's deployed timeout, read from main.py's manifest, else the default."""
    seconds = deployed("on_request_written").get("timeoutSeconds")
    return (seconds, "main.py") if isinstance(seconds, int) else (DEFAULT_TIMEOUT_S, "default")


def deployed(function: str) -> dict[str, Any]:
    """What main.py declares for a function: timeout, instances, concurrency (empty if unknown)."""
    try:
        import main

        endpoint = getattr(main, function).__firebase_endpoint__
    except (ImportError, AttributeError):
        return {}
    names = ("timeoutSeconds", "maxInstances", "concurrency")
    return {name: value for name in names if isinstance(value := getattr(endpoint, name, None), int)}


def _period(schedule: str) -> float:
    """Seconds between runs of a Cloud Scheduler schedule like `every 5 minutes`, `every day 03:00`."""
    found = re.match(r"every (\d+) (minute|hour|day)s?", schedule)
    unit = {"minute": 60, "hour": 3600, "day": 86400}
    if found:
        return int(found.group(1)) * unit[found.group(2)]
    found = re.match(r"every (minute|hour|day)\b", schedule)
    return float(unit[found.group(1)]) if found else 86400.0


def scheduled_functions() -> list[tuple[str, Any, str]]:
    """main.py's scheduled functions: name, the deployed entry point, its schedule."""
    import main

    found = []
    for name, value in vars(main).items():
        endpoint = getattr(value, "__firebase_endpoint__", None)
        trigger = getattr(endpoint, "scheduleTrigger", None) if endpoint is not None else None
        if isinstance(trigger, dict) and "schedule" in trigger:
            found.append((name, value, str(trigger["schedule"])))
    return found


def jobs(run: Run, population: Population) -> tuple[list[dict[str, Any]], dict[str, Rated]]:
    """Each scheduled function run once through its deployed entry point (as Cloud Scheduler calls
    it) over the simulated data: what it reads, scaled to the population's requests, and what it
    writes, at its schedule's pace."""
    import flask

    system = run.system
    count = len(system.db._collections.get(("customizationRequests",), {}))  # warm-up ones included
    # The daily jobs run as on a day of the steady state: an hour after the day's work (the purge of
    # cancelled requests' files, a month on, is a step of the lifecycles, not a day of work), so the
    # reconciliation finds the designers who worked that day, as it does in production.
    ended, system.clock.now = system.clock.now, system.worked_until + timedelta(hours=1)
    requests = {lc.request_id for lc in run.lifecycles}
    found, written = [], {}
    for name, function, schedule in scheduled_functions():
        period = _period(schedule)
        context = Ctx(None, name, "job")
        first_write = len(system.db.writes)
        headers = {
            "X-CloudScheduler-JobName": f"firebase-schedule-{name}-us-central1",
            "X-CloudScheduler-ScheduleTime": system.clock().strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        with (
            outside_world(system),
            flask.Flask("functions-framework").test_request_context(method="POST", headers=headers),
        ):
            system.db.context = context
            response = function(flask.request)
            system.settle(None, name)
            system.db.context = None
        if getattr(response, "status_code", 200) != 200:
            raise RuntimeError(f"{name} answered {response.status_code}")
        for write in system.db.writes[first_write:]:
            shown = template(write.path, requests)
            if write.path not in written:
                written[write.path] = Rated(write.path, _kind_of(write.path, requests), shown, 0.0)
                written[write.path].note = f"{name}, {schedule}"
            written[write.path].fixed_per_second += 1 / period
        scanned = {(group, how): n for (ctx, group, how), n in system.db.scanned.items() if ctx == context}
        documents = scanned.get(("customizationRequests", "documents"), 0)
        aggregated = scanned.get(("customizationRequests", "aggregated"), 0)
        others = sum(n for (group, _), n in scanned.items() if group != "customizationRequests")
        scale = population.requests / max(1, count)
        found.append(
            {
                "job": name,
                "schedule": schedule,
                "requests": count,
                "request_documents_read": documents,
                "request_entries_aggregated": aggregated,
                "other_reads": others,
                "writes": len(system.db.writes) - first_write,
                # if what it reads grows with the requests: documents read, and aggregations
                # billed one read per 1,000 entries
                "billed_at_population": round(documents * scale + aggregated * scale / 1000),
            }
        )
    system.clock.now = ended
    return found, written


def _kind_of(path: str, requests: set[str]) -> str:
    tokens = set(TOKENS.findall(path))
    if tokens & requests:
        return "per request"
    if any(DESIGNER_ID.match(t) for t in tokens):
        return "per designer"
    if any(CUSTOMER_ID.match(t) for t in tokens):
        return "per customer"
    return "global"


# ---------------------------------------------------------------------------------------------
# the model


@dataclass
class Model:
    """Everything the model found, at one rate."""

    rate: float
    population: Population
    documents: dict[str, Rated]
    ranges: dict[str, Rated]
    writes_per_request: float
    entries_per_request: float
    reads_per_request: float
    events_per_request: float
    calls_per_request: float
    fanouts: list[dict[str, Any]]
    predicted_fanout: float
    commit_max: int
    request_bytes_max: int
    document_bytes_max: int
    transforms_max: int
    timeout: tuple[int, str]
    creates: dict[str, float]
    scans: list[dict[str, Any]]
    ttl: list[str]
    overrides: int
    limits: list[dict[str, Any]] = field(default_factory=list)


def build(
    rate: float,
    population: Population,
    lifecycles: int = 100,
    small: tuple[int, int] = (4, 8),
    fanout_designers: tuple[int, ...] = (1_000, 10_000),
) -> Model:
    d1, d2 = small
    with quiet():
        first = simulate(lifecycles, d1 - WORKING_DESIGNERS)
        second = simulate(lifecycles, d2 - WORKING_DESIGNERS)
    target = population.designers

    def at_target(value: Callable[[Run], float]) -> float:
        v1, v2 = value(first), value(second)
        return max(0.0, v2 + (v2 - v1) / (d2 - d1) * (target - d2))

    documents = extrapolate(
        rate_keys(first, population, False), rate_keys(second, population, False), d1, d2, target
    )
    ranges = extrapolate(
        rate_keys(first, population, True), rate_keys(second, population, True), d1, d2, target
    )
    writes = at_target(lambda r: weighted(r, lambda _w: 1))
    entries = at_target(lambda r: weighted(r, lambda w: len(w.added)))
    reads = at_target(reads_per_lifecycle)
    weights = {lc.index: lc.weight for lc in second.lifecycles}
    events = sum(
        weights[t["lifecycle"]]
        for t in second.triggers
        if t["lifecycle"] is not None and t["event"] is not None
    )
    calls = sum(weights[i] * n for i, n in second.system.calls.items() if i is not None)

    def created_writes(run: Run) -> float:
        weights = {lc.index: lc.weight for lc in run.lifecycles}
        return sum(
            weights[t["lifecycle"]] * t["writes"]
            for t in run.triggers
            if t["lifecycle"] is not None and (t["event"] or "").endswith("request.created")
        )

    predicted = at_target(created_writes)
    new_documents = [created_documents(first), created_documents(second)]
    creates = {
        name: max(0.0, v2 + (v2 - new_documents[0].get(name, 0.0)) / (d2 - d1) * (target - d2))
        for name, v2 in new_documents[1].items()
    }
    every = first.writes + second.writes
    recorded = [w for w in every if isinstance(w.context, Ctx)]
    commits = [c for c in first.commits + second.commits if isinstance(c.context, Ctx)]
    with quiet():
        fanouts = [fanout(n) for n in fanout_designers]
        found_scans, job_writes = jobs(second, population)
    _cap_counters(documents)
    for path, rated in job_writes.items():
        if path in documents:
            documents[path].fixed_per_second += rated.fixed_per_second
            documents[path].note = rated.note
        else:
            documents[path] = rated
    model = Model(
        rate=rate,
        population=population,
        documents=documents,
        ranges=ranges,
        writes_per_request=writes,
        entries_per_request=entries,
        reads_per_request=reads,
        events_per_request=events,
        calls_per_request=calls,
        fanouts=fanouts,
        predicted_fanout=predicted,
        commit_max=max([c.writes for c in commits] + [f["largest_commit"] for f in fanouts], default=0),
        request_bytes_max=max(
            [c.request_bytes for c in commits] + [f["largest_request_bytes"] for f in fanouts], default=0
        ),
        document_bytes_max=max(
            [w.size for w in recorded] + [f["largest_document_bytes"] for f in fanouts], default=0
        ),
        transforms_max=max(
            [w.transforms for w in recorded] + [f["most_transforms"] for f in fanouts], default=0
        ),
        timeout=trigger_timeout(),
        creates=creates,
        scans=found_scans,
        ttl=sorted(f"{g}.{f}" for g, f in IndexModel.load(INDEXES).ttl),
        overrides=len(json.loads(INDEXES.read_text()).get("fieldOverrides", [])),
    )
    model.limits = limits(model)
    return model


def _cap_counters(documents: dict[str, Rated]) -> None:
    """A user's quota counter (usage/{uid}_{kind}_{window}) takes one write per call its quota lets
    through (and one per instance and window past it): at most the quota's rate, however large
    the busy customer's share of the mix."""
    quotas = settings.quotas()
    by_kind = {Counted.REQUESTS: (quotas.requests_per_hour, "QUOTA_REQUESTS_PER_HOUR")}
    for rated in documents.values():
        if not rated.template.startswith(f"{queries.USAGE}/"):
            continue
        for counted, (quota, param) in by_kind.items():
            if f"_{counted.value}_" in rated.template and quota.window.value is not None:
                rated.most_per_second = quota.limit / quota.window.value.total_seconds()
                rated.note = f"at most the quota, {param}={quota.limit}"


def limits(model: Model) -> list[dict[str, Any]]:
    """Each limit with the rate of new requests at which it is reached, first reached first."""
    found: list[dict[str, Any]] = []
    for rated in model.documents.values():
        if rated.fixed_per_second > DOC_WRITES_PER_S:
            found.append({"ceiling": 0.0, "limit": "1 sustained write/s per document", "on": rated.template})
        elif rated.most_per_second is not None and rated.most_per_second <= DOC_WRITES_PER_S:
            continue  # a quota's counter, written below the limit at any rate
        elif rated.kind != "per request" and rated.per_request > 0:
            found.append(
                {
                    "ceiling": (DOC_WRITES_PER_S - rated.fixed_per_second) / rated.per_request,
                    "limit": "1 sustained write/s per document",
                    "on": f"{rated.template}, {rated.kind}",
                }
            )
    for rated in model.ranges.values():
        if rated.kind != "per request" and rated.sequential_per_request > 0:
            found.append(
                {
                    "ceiling": SEQUENTIAL_PER_S / rated.sequential_per_request,
                    "limit": "500 writes/s into a sequential index range",
                    "on": f"{rated.template}, {rated.kind}",
                }
            )
    biggest = model.fanouts[-1] if model.fanouts else None
    fixed = [
        (
            model.commit_max > MAX_WRITES_PER_COMMIT,
            f"{MAX_WRITES_PER_COMMIT} writes per commit",
            f"a commit of {model.commit_max}",
        ),
        (
            model.request_bytes_max > REQUEST_BYTES,
            "10 MiB per request",
            f"a commit of {model.request_bytes_max} bytes",
        ),
        (
            model.document_bytes_max > DOCUMENT_BYTES,
            "1 MiB per document",
            f"a document of {model.document_bytes_max} bytes",
        ),
        (
            model.transforms_max > TRANSFORMS_PER_DOCUMENT,
            "500 transforms per document",
            f"{model.transforms_max} on one",
        ),
    ]
    if biggest is not None:
        fixed.append(
            (
                biggest["slowest_seconds"] > model.timeout[0],
                f"the trigger's {model.timeout[0]} s timeout",
                f"{biggest['slowest_event']} with {biggest['designers']:,} designers "
                f"(~{biggest['slowest_seconds']} s)",
            )
        )
    for broken, limit, on in fixed:
        if broken:
            found.append({"ceiling": 0.0, "limit": limit, "on": on})
    found.sort(key=lambda item: (item["ceiling"], item["limit"], item["on"]))
    unique, seen = [], set()
    for item in found:
        if (item["limit"], item["on"]) not in seen:
            seen.add((item["limit"], item["on"]))
            unique.append(item)
    return unique


# ---------------------------------------------------------------------------------------------
# the report


def number(value: float) -> str:
    """A rate as people read it: whole numbers with separators, small ones with two figures."""
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    if value == 0:
        return "0"
    return f"{value:.2g}"


def commit_name() -> str:
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return f"{sha}{' (with uncommitted changes)' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def hottest(rated: dict[str, Rated], kind: str, rate: float) -> Rated | None:
    """The busiest document of a kind at this rate (a request's own: the most writes in a second)."""
    found = [r for r in rated.values() if r.kind == kind]
    if not found:
        return None
    if kind == "per request":
        return max(found, key=lambda r: (r.peak_per_second, r.per_lifecycle, r.key))
    return max(found, key=lambda r: (r.per_second(rate), r.key))


def _document_rows(model: Model) -> list[str]:
    rate = model.rate

    def row(r: Rated) -> str:
        head = f"  {r.template:<60} {r.kind:<13}"
        if r.kind == "per request":
            pace = f"at most {r.peak_per_second} in a second"
            return f"{head} {number(r.per_lifecycle):>15} {'-':>12}  (per lifecycle, {pace}: human-paced)"
        note = f"  ({r.note})" if r.note else ""
        return f"{head} {number(r.per_request):>15} {number(r.per_second(rate)):>12}{note}"

    lines = [f"{'hottest documents':<62} {'kind':<13} {'per new req':>15} {'writes/s':>12}"]
    for kind in ("global", "per customer", "per designer", "per request"):
        found = hottest(model.documents, kind, rate)
        lines.append(row(found) if found is not None else f"  {'(none written)':<60} {kind:<13}")
    lines.append("  by collection:")
    best: dict[str, Rated] = {}

    def score(r: Rated) -> tuple[Any, ...]:
        return (r.kind != "per request", r.per_second(rate), r.peak_per_second, r.per_lifecycle, r.key)

    for rated in model.documents.values():
        if rated.collection not in best or score(rated) > score(best[rated.collection]):
            best[rated.collection] = rated
    lines += ["  " + row(best[name]) for name in sorted(best)]
    return lines


def _range_rows(model: Model) -> list[str]:
    rate = model.rate
    title = "hottest index ranges (sequential: clock-ordered values, new entries at the end)"
    lines = [f"{title:<76} {'kind':<13} {'entries/s':>12}"]
    ranked = sorted(
        (r for r in model.ranges.values() if r.kind != "per request" and r.sequential_per_request > 0),
        key=lambda r: (-r.sequential_per_request, r.template),
    )
    shown = ranked[:4] + [
        next((r for r in ranked if r.kind == k), None) for k in ("per customer", "per designer")
    ]
    for r in shown:
        if r is not None:
            lines.append(f"  {r.template:<74} {r.kind:<13} {number(r.sequential_per_request * rate):>12}")
    others = [r for r in model.ranges.values() if r.kind != "per request"]
    if others:
        busiest = max(others, key=lambda r: (r.per_request, r.sequential_per_request, r.template))
        lines.append(
            f"  busiest range of any kind: {busiest.template} ({busiest.kind}): "
            f"{number(busiest.per_request * rate)} entries/s, "
            f"{number(busiest.sequential_per_request * rate)} of them sequential"
        )
    return lines


def _fanout_rows(model: Model) -> list[str]:
    pop = model.population
    growth = ""
    if len(model.fanouts) >= 2:
        a, b = model.fanouts[0], model.fanouts[-1]
        growth = (
            " (growing with designers)"
            if b["writes_per_new_request"] > a["writes_per_new_request"] * 1.5
            else " (constant in designers)"
        )
    parts = [
        f"{f['designers']:,} designers: {f['writes_per_new_request']:,} writes in {f['commits']} commits, "
        f"{f['reads']:,} reads, ~{f['seconds']} s"
        for f in model.fanouts
    ]
    lines = [
        f"fan-out writes per new request{growth}: " + "; ".join(parts),
        f"  the rates above take {number(model.predicted_fanout)} at {pop.designers:,} designers "
        "(linear from the runs with few designers)",
    ]
    timeout, where = model.timeout
    if model.fanouts:
        worst = model.fanouts[-1]
        lines.append(
            f"  slowest event at {worst['designers']:,} designers: {worst['slowest_event']}, "
            f"~{worst['slowest_seconds']} s of the trigger's {timeout} s timeout ({where}; the default is "
            f"{DEFAULT_TIMEOUT_S} s), {COMMIT_SECONDS} s a commit, {READ_SECONDS_PER_DOC * 1000:g} ms a read"
        )
    if len(model.fanouts) >= 2:
        a, b = model.fanouts[0], model.fanouts[-1]
        per_designer = (b["slowest_seconds"] - a["slowest_seconds"]) / (b["designers"] - a["designers"])
        if per_designer > 0:
            reach = {
                limit: a["designers"] + (limit - a["slowest_seconds"]) / per_designer
                for limit in sorted({timeout, DEFAULT_TIMEOUT_S})
            }
            lines.append(
                "  the fan-out grows with designers: it reaches "
                + " and ".join(f"{limit} s at ~{number(n)} designers" for limit, n in reach.items())
            )
    lines.append(
        f"  largest commit: {model.commit_max} writes (limit {MAX_WRITES_PER_COMMIT}), "
        f"{model.request_bytes_max:,} bytes (10 MiB); largest document {model.document_bytes_max:,} bytes "
        f"(1 MiB); most transforms on one document {model.transforms_max} (500)"
    )
    return lines


def _function_rows(model: Model) -> list[str]:
    """Cloud Functions' side (main.py's settings, not Firestore limits): how fast each call must be."""
    rate, lines = model.rate, []
    for name, what, per_request in (
        ("on_request_written", "trigger events", model.events_per_request),
        ("api", "API calls", model.calls_per_request),
    ):
        settings = deployed(name)
        if "maxInstances" not in settings or "concurrency" not in settings:
            continue
        at_once = settings["maxInstances"] * settings["concurrency"]
        per_second = per_request * rate
        budget = at_once / per_second * 1000 if per_second else float("inf")
        lines.append(
            f"functions: {number(per_request)} {what} per new request, {number(per_second)}/s; main.py lets "
            f"{name} run {settings['maxInstances']} x {settings['concurrency']} = {at_once} at once: "
            f"each may take {number(budget)} ms (a Cloud Functions setting, not a Firestore limit)"
        )
    return lines


def _warning_rows(model: Model) -> list[str]:
    lines = []
    rate, pop = model.rate, model.population
    ramps = sorted(
        ((n, v * rate) for n, v in model.creates.items() if v * rate > RAMP_START * 1.001),
        key=lambda kv: -kv[1],
    )
    for name, per_second in ramps[:4]:
        steps = math.ceil(math.log(per_second / RAMP_START) / math.log(RAMP_GROWTH))
        lines.append(
            f"ramp-up (500/50/5, a warning): {name} gets {number(per_second)} new documents/s; "
            f"from 500/s, +50% every 5 minutes reaches that after {RAMP_STEP_MINUTES * steps} minutes"
        )
    if model.fanouts and model.fanouts[-1]["burst"]["documents"] > RAMP_START:
        burst = model.fanouts[-1]["burst"]
        lines.append(
            f"ramp-up (a warning): one new request creates {burst['documents']:,} documents in "
            f"{burst['collection']} at once, ids sharing its request id (lexicographically close)"
        )
    for scan in model.scans:
        lines.append(
            f"scheduled: {scan['job']} ({scan['schedule']}) read {scan['request_documents_read']} request "
            f"documents and aggregated {scan['request_entries_aggregated']} index entries of "
            f"{scan['requests']} requests: if that grows with them, ~{scan['billed_at_population']:,} billed "
            f"reads a run at {pop.requests:,} (+{scan['other_reads']} other reads here)"
        )
    if model.ttl:
        lines.append(f"TTL fields: {', '.join(model.ttl)} (their deletions are not counted)")
    return lines


def report(model: Model) -> list[str]:
    """The printed report; its last line is the ceiling."""
    rate, pop = model.rate, model.population
    composites = len(IndexModel.load(INDEXES).composites)
    lines = [
        f"Capacity model; firestore.indexes.json: {composites} composite indexes, "
        f"{model.overrides} field overrides",
        f"at {number(rate)} new requests/s; {pop.designers:,} designers; {pop.customers:,} customers and one "
        f"busy customer making {pop.busy_share:.0%} of new requests ({number(rate * pop.busy_share)}/s); "
        f"~{pop.requests:,} requests",
        "lifecycles: " + "; ".join(f"{v.share:.0%} {v.name}" for v in VARIANTS),
        f"per new request: {number(model.writes_per_request)} document writes, "
        f"{number(model.entries_per_request)} index entries added, {number(model.reads_per_request)} reads",
        "",
        *_document_rows(model),
        "",
        *_range_rows(model),
        "",
        *_fanout_rows(model),
        *_function_rows(model),
        "",
        *_warning_rows(model),
        "",
        "limits, each with the rate of new requests at which it is reached (the first 10):",
    ]
    for item in model.limits[:10]:
        lines.append(f"  {number(item['ceiling']):>10}  {item['limit']}: {item['on']}")
    if model.limits:
        first = model.limits[0]
        lines.append(
            f"ceiling: {number(first['ceiling'])} new requests/s "
            f"(first limit: {first['limit']} on {first['on']})"
        )
    else:
        lines.append("ceiling: unbounded new requests/s (first limit: none reached)")
    return [line.rstrip() for line in lines]


def as_json(model: Model, lines: list[str]) -> dict[str, Any]:
    def rows(rated: dict[str, Rated]) -> list[dict[str, Any]]:
        """The 200 busiest keys, and the busiest key of each per-request template."""
        own: dict[str, Rated] = {}
        for r in rated.values():
            if r.kind == "per request":
                best = own.get(r.template)
                if best is None or (r.peak_per_second, r.per_lifecycle) > (
                    best.peak_per_second,
                    best.per_lifecycle,
                ):
                    own[r.template] = r
        shared = sorted(
            (r for r in rated.values() if r.kind != "per request"), key=lambda r: (-r.per_request, r.key)
        )[:200]
        return [
            {
                **asdict(r),
                "per_second": r.per_second(model.rate),
                "sequential_per_second": r.sequential_per_request * model.rate,
            }
            for r in [*shared, *sorted(own.values(), key=lambda r: r.template)]
        ]

    return {
        "commit": commit_name(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": doc_pages.machine(),
        "rate": model.rate,
        "population": asdict(model.population),
        "variants": [asdict(v) for v in VARIANTS],
        "limits_used": LIMITS,
        "assumed": {"commit_seconds": COMMIT_SECONDS, "read_seconds_per_doc": READ_SECONDS_PER_DOC},
        "per_new_request": {
            "writes": model.writes_per_request,
            "index_entries": model.entries_per_request,
            "reads": model.reads_per_request,
        },
        "documents": rows(model.documents),
        "ranges": rows(model.ranges),
        "fanouts": model.fanouts,
        "scans": model.scans,
        "limits": model.limits,
        "ceiling": model.limits[0] if model.limits else None,
        "report": lines,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=float(os.environ.get("RATE") or 500))
    parser.add_argument("--designers", type=int, default=10_000)
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument(
        "--busy", type=float, default=10.0, help="the busy customer's new requests/s at 500/s"
    )
    parser.add_argument("--lifecycles", type=int, default=100, help="simulated lifecycles per run")
    parser.add_argument(
        "--fanout",
        type=int,
        nargs="*",
        default=[1_000, 10_000],
        help="designer counts to run a lifecycle with",
    )
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument(
        "--page", type=Path, help="the page to render (default: docs/capacity.md, with the default --json)"
    )
    parser.add_argument("--email", action="store_true", help="with EMAIL_NOTIFICATIONS=true (mail documents)")
    args = parser.parse_args(argv)
    if args.email:
        os.environ["EMAIL_NOTIFICATIONS"] = "true"
    # The model deals its lifecycles to a few working designers at once, far past what one person
    # holds: their seats must not refuse the claims (routing is modelled by its writes, not its limit).
    os.environ["DESIGNER_CAPACITY"] = str(10**9)
    population = Population(args.designers, args.customers, args.busy)
    model = build(args.rate, population, args.lifecycles, fanout_designers=tuple(args.fanout))
    lines = report(model)
    print(f"Capacity model at commit {commit_name()}")
    print("\n".join(lines))
    result = json.loads(json.dumps(as_json(model, lines), default=str))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    page = args.page or (doc_pages.CAPACITY_PAGE if args.json == RESULTS else None)
    if page is not None:
        doc_pages.write_capacity(result, page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
