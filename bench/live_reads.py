"""What listener-backed reads (functions/customizations/adapters/live.py) earn in production: the
real `LiveDocuments` of every API instance, on a simulated clock, under the traffic of N new
requests a second, routed as Cloud Run routes it (any instance), with the instance count the
deployed concurrency implies.

Traffic, per request (human-paced, as people use the web app): the customer creates it (the create
reads its product) and opens it; a designer opens it from the queue, claims it (an action: reads
Firestore, writes) and opens it again; later the designer submits and opens it, the customer opens
it and approves, and it is completed. Each visit is a burst of calls a few hundred milliseconds
apart; visits are minutes to hours apart, so only the calls of one visit can meet a listener still
held by the instance they land on (32 requests and 8 products each, least recently used evicted).

For each collection it prints the hit rate (reads served from memory), the listeners held per
instance, and what Firestore bills: without listeners one read per read; with them one per miss,
one per listener started, and one per change delivered to each listener of the document. Delivery
is taken as instant, which flatters the listeners: the decision below stands a fortiori.

    python bench/live_reads.py [--rates 1,10,100,500] [--seconds 120] [--products 200] [--cpu-always]
    (make live-reads)
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import math
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions")]

from customizations.adapters.live import LiveDocuments, Timing  # noqa: E402

CONCURRENCY = 8  # the API's deployed concurrency (functions/main.py THREADS)
UTILISATION = 0.6  # Cloud Run scales out at about 60 % of an instance's concurrency
CALL_SECONDS = 0.06  # an API call's time in an instance
CALLS_PER_REQUEST = 14  # the calls one request's lifecycle makes (the visits below, lists included)
PRODUCTS = 200  # the catalogue, read with a skew (a few products are most of the orders)
EPOCH = datetime(2026, 11, 26, tzinfo=UTC)
AS_DEPLOYED = Timing(wait=0.0)  # live.py's idle and trust periods; deliveries are instant here


@dataclass
class Snapshot:
    """What a listener or a read hands back."""

    exists: bool
    update_time: datetime | None
    read_time: datetime


@dataclass
class Firestore:
    """Documents (id -> version) and who listens to each; counts what would be billed."""

    now: Callable[[], float]
    versions: dict[str, int] = field(default_factory=dict)
    listeners: dict[str, list[Callable[..., None]]] = field(default_factory=dict)
    billed: int = 0  # document reads: gets, listener starts, deliveries

    def time(self, version: int | None = None) -> datetime:
        return EPOCH + timedelta(seconds=self.now(), microseconds=version or 0)

    def snapshot(self, doc_id: str) -> Snapshot:
        version = self.versions.get(doc_id)
        update = None if version is None else EPOCH + timedelta(microseconds=version)
        return Snapshot(version is not None, update, self.time())

    def get(self, doc_id: str) -> Snapshot:
        self.billed += 1
        return self.snapshot(doc_id)

    def write(self, doc_id: str) -> datetime:
        self.versions[doc_id] = self.versions.get(doc_id, 0) + 1
        snapshot = self.snapshot(doc_id)
        for deliver in self.listeners.get(doc_id, []):
            self.billed += 1
            deliver([snapshot], [], snapshot.read_time)
        assert snapshot.update_time is not None
        return snapshot.update_time

    def listen(self, doc_id: str) -> Callable[[Callable[..., None]], Any]:
        def start(deliver: Callable[..., None]) -> Any:
            self.listeners.setdefault(doc_id, []).append(deliver)
            self.billed += 1
            snapshot = self.snapshot(doc_id)
            deliver([snapshot] if snapshot.exists else [], [], snapshot.read_time)
            return Watch(self, doc_id, deliver)

        return start


@dataclass
class Watch:
    store: Firestore
    doc_id: str
    deliver: Callable[..., None]
    is_active: bool = True

    def unsubscribe(self) -> None:
        self.is_active = False
        self.store.listeners[self.doc_id].remove(self.deliver)


@dataclass
class Tally:
    reads: int = 0
    hits: int = 0
    most_held: int = 0


class Instance:
    """One API instance: its held requests and products, as live.live_reads makes them."""

    def __init__(
        self, requests: Firestore, products: Firestore, clock: Callable[[], float], timing: Timing
    ) -> None:
        self.requests = LiveDocuments(requests.listen, 32, timing, clock)
        self.products = LiveDocuments(products.listen, 8, timing, clock)


def read(held: LiveDocuments, store: Firestore, doc_id: str, tally: Tally) -> None:
    """A read as FirestoreRequests._snapshot does it; a hit is one that Firestore bills nothing
    for (a listener started for it bills its first snapshot)."""
    tally.reads += 1
    billed = store.billed
    snapshot = held.get(doc_id)
    if snapshot is None or not snapshot.exists:
        held.confirm(doc_id, store.get(doc_id))
    tally.hits += store.billed == billed
    tally.most_held = max(tally.most_held, len(held))


# A visit: (seconds after the request was made, [(call, seconds after the visit's start)]).
# "open" reads the request (a GET), "act" reads it fresh and writes it (a PATCH), "create" reads a
# product and writes the request; lists read no request document by id.
VISITS = [
    (0.0, [("create", 0.0), ("open", 0.4)]),
    (1800.0, [("open", 0.0), ("act", 5.0), ("open", 5.3)]),  # a designer claims it
    (9000.0, [("act", 0.0), ("open", 0.3)]),  # submits a design
    (12600.0, [("open", 0.0), ("act", 20.0), ("open", 20.3)]),  # the customer approves
    (14400.0, [("act", 0.0)]),  # an admin completes it
]


def simulate(  # noqa: PLR0913 - the traffic, the catalogue and the timing it is measured under
    rate: float,
    seconds: float,
    products_count: int = PRODUCTS,
    timing: Timing = AS_DEPLOYED,
    seed: int = 7,
) -> dict[str, Any]:
    """Calls of every visit that falls in a window of `seconds` at steady state (requests made
    long enough before it that every kind of visit occurs), at `rate` new requests a second.
    Listeners deliver at once, so nothing waits for a first snapshot (`timing.wait` is moot)."""
    rng = random.Random(seed)
    clock = [0.0]
    now = lambda: clock[0]  # noqa: E731
    requests, products = Firestore(now), Firestore(now)
    for n in range(products_count):
        products.write(f"p{n}")
    calls_per_second = rate * CALLS_PER_REQUEST
    instances_needed = math.ceil(calls_per_second * CALL_SECONDS / (CONCURRENCY * UTILISATION))
    instances = [Instance(requests, products, now, timing) for _ in range(max(1, instances_needed))]
    weights = [1 / (n + 1) for n in range(products_count)]  # Zipf: a few products most ordered
    span = VISITS[-1][0]
    calls: list[tuple[float, int, str, str]] = []
    order = itertools.count()
    made = int((span + seconds) * rate)
    for n in range(made):
        born = -span + rng.uniform(0, span + seconds)
        doc_id = f"r{n}"
        for offset, steps in VISITS:
            for call, after in steps:
                at = born + offset + after
                if 0 <= at < seconds:
                    heapq.heappush(calls, (at, next(order), call, doc_id))
                elif at < 0 and call in ("create", "act"):
                    requests.versions[doc_id] = requests.versions.get(doc_id, 0) + 1  # made before
    tallies = {"requests": Tally(), "products": Tally()}
    stores = {"requests": requests, "products": products}
    requests.billed = products.billed = 0
    while calls:
        at, _, call, doc_id = heapq.heappop(calls)
        clock[0] = at
        instance = rng.choice(instances)
        if call == "create":
            product = rng.choices(range(products_count), weights)[0]
            read(instance.products, products, f"p{product}", tallies["products"])
            requests.write(doc_id)
        elif call == "open":
            read(instance.requests, requests, doc_id, tallies["requests"])
        else:  # an action reads Firestore either way (not counted), writes, and waits for its write
            instance.requests.wrote(doc_id, requests.write(doc_id))
    return {
        "instances": len(instances),
        **{
            kind: {
                "reads": tally.reads,
                "hitRate": tally.hits / tally.reads if tally.reads else 0.0,
                "mostHeld": tally.most_held,
                "billedWith": stores[kind].billed,
                "billedWithout": tally.reads,
            }
            for kind, tally in tallies.items()
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rates", default="1,10,100,500")
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument("--products", type=int, default=PRODUCTS)
    parser.add_argument(
        "--cpu-always", action="store_true", help="as if CPU stayed allocated: no idle re-reads"
    )
    args = parser.parse_args()
    timing = Timing(wait=0.0, idle=float("inf")) if args.cpu_always else AS_DEPLOYED
    header = ("new/s", "instances", "kind", "reads", "hit rate", "held max", "billed on", "billed off")
    print("{:>6} {:>9} {:>9} {:>8} {:>8} {:>8} {:>9} {:>10}".format(*header))
    for rate in (float(r) for r in args.rates.split(",")):
        result = simulate(rate, args.seconds, args.products, timing)
        for kind in ("requests", "products"):
            row = result[kind]
            print(
                f"{rate:>6g} {result['instances']:>9} {kind:>9} {row['reads']:>8} {row['hitRate']:>8.1%} "
                f"{row['mostHeld']:>8} {row['billedWith']:>9} {row['billedWithout']:>10}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
