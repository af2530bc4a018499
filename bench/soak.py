"""`make soak`: a few minutes of mixed traffic from many simulated users, then proof that nothing was
lost, doubled or left half-done.

Customers create (each with an Idempotency-Key, retried once as a real client would), list, read,
approve, reject and cancel; designers list the queue, claim, and submit designs; an admin reads
statistics and workload and completes approved requests. Every loop is bounded by SOAK_SECONDS.

Afterwards, once the trigger has settled:
- every create that got a 2xx exists exactly once (by its unique notes and the id it answered);
- no request is stuck between states: its fields fit its status, and its audit trail has one entry
  per version, each along an edge of the lifecycle table, ending in its status;
- every notification owed was written exactly once;
- the statistics counters equal a recount;
- zero 5xx.
"""

from __future__ import annotations

import os
import random
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions")]

from customizations.domain import lifecycle as sm  # noqa: E402
from customizations.domain.lifecycle import Event, Status  # noqa: E402

from tests.support.emulators import (  # noqa: E402
    Api,
    counters_equal_recount,
    create_user,
    file_ref,
    firestore_client,
    granted,
    reset_auth,
    reset_firestore,
    seed_product,
    wait_for_triggers,
)
from tests.support.oracle import owed_notifications  # noqa: E402

SECONDS = float(os.environ.get("SOAK_SECONDS", "180"))
THREADS = int(os.environ.get("SOAK_THREADS", "12"))
CUSTOMERS, DESIGNERS = 20, 8
TABLE = list(sm.TRANSITIONS.items())


def listed(response: Any) -> list[dict[str, Any]]:
    """The items of a list answer; none for a refusal (whose body is not read)."""
    return list(response.json().get("data") or []) if response.status_code == 200 else []


class Traffic:
    """The simulated users, what they have been told, and what came back."""

    def __init__(self) -> None:
        self.admin = create_user("admin")
        self.customers = [create_user("customer") for _ in range(CUSTOMERS)]
        self.designers = [create_user("designer") for _ in range(DESIGNERS)]
        api = Api()
        # A role set through the API gives a profile (so new requests reach them) and a new sign-in.
        self.designers = [granted(api, self.admin, designer, "designer") for designer in self.designers]
        self.lock = threading.Lock()
        self.created: dict[str, str] = {}  # notes tag -> id answered by a 2xx
        self.known: list[str] = []
        self.statuses: Counter[int] = Counter()
        self.server_errors: list[str] = []
        self.refused_creates: list[str] = []  # a valid create must be a 201: a refusal is a problem
        self.calls = 0

    def record(self, response: Any, what: str) -> Any:
        with self.lock:
            self.calls += 1
            self.statuses[response.status_code] += 1
            if response.status_code >= 500:
                self.server_errors.append(f"{what}: {response.status_code} {response.text[:200]}")
        return response

    def pick(self, rng: random.Random) -> str | None:
        with self.lock:
            return rng.choice(self.known) if self.known else None

    # ---- what each kind of user does ----

    def customer_step(self, api: Api, rng: random.Random) -> None:
        user = rng.choice(self.customers)
        roll = rng.random()
        if roll < 0.35:
            tag = f"soak-{uuid.uuid4().hex}"
            body = {"productId": "mug", "quantity": rng.randint(1, 5), "customizationNotes": tag}
            headers = {"Idempotency-Key": tag}
            response = self.record(api.post("/customizations", user, body, headers=headers), "create")
            if response.status_code >= 500 or rng.random() < 0.1:  # a client retrying its create
                response = self.record(api.post("/customizations", user, body, headers=headers), "retry")
            if response.status_code == 201:
                with self.lock:
                    self.created[tag] = response.json()["data"]["id"]
                    self.known.append(response.json()["data"]["id"])
            elif response.status_code < 500:
                with self.lock:
                    self.refused_creates.append(f"create {tag}: {response.status_code} {response.text[:200]}")
        elif roll < 0.55:
            self.record(api.get("/customizations?limit=10", user), "list")
        else:
            page = self.record(
                api.get("/customizations?status=awaiting_customer_approval&limit=5", user), "list"
            )
            items = listed(page)
            if items:
                target = rng.choice(items)["id"]
                choice = rng.random()
                body = (
                    {"action": "approve"}
                    if choice < 0.5
                    else {"action": "reject", "reason": "Bigger, please"}
                    if choice < 0.85
                    else {"action": "cancel", "reason": "Changed my mind"}
                )
                self.record(api.patch(f"/customizations/{target}", user, body), "decide")
            elif (rid := self.pick(rng)) is not None:
                self.record(api.get(f"/customizations/{rid}", user), "read")

    def designer_step(self, api: Api, rng: random.Random) -> None:
        user = rng.choice(self.designers)
        roll = rng.random()
        if roll < 0.45:
            queue = self.record(api.get("/customizations/pending?limit=10", user), "queue")
            items = listed(queue)
            if items:
                target = rng.choice(items)["id"]
                self.record(api.patch(f"/customizations/{target}", user, {"action": "assign"}), "claim")
        else:
            mine = self.record(
                api.get(f"/customizations?designerId={user.uid}&status=in_progress&limit=5", user), "mine"
            )
            items = listed(mine)
            if items:
                target = rng.choice(items)["id"]
                body = {"action": "uploadFinal", "designerFinalFile": file_ref(user, "designer_final")}
                self.record(api.patch(f"/customizations/{target}", user, body), "submit")

    def admin_step(self, api: Api, rng: random.Random) -> None:
        roll = rng.random()
        if roll < 0.4:
            self.record(api.get("/customizations/stats", self.admin), "stats")
        elif roll < 0.7:
            self.record(api.get("/customizations/workload", self.admin), "workload")
        else:
            page = self.record(api.get("/customizations?status=approved&limit=5", self.admin), "approved")
            for item in listed(page)[:2]:
                body = {"action": "complete", "orderId": f"order-{uuid.uuid4().hex[:8]}"}
                self.record(api.patch(f"/customizations/{item['id']}", self.admin, body), "complete")

    def user_loop(self, seed: int, deadline: float) -> None:
        api, rng = Api(), random.Random(seed)
        while time.monotonic() < deadline:
            roll = rng.random()
            if roll < 0.5:
                self.customer_step(api, rng)
            elif roll < 0.9:
                self.designer_step(api, rng)
            else:
                self.admin_step(api, rng)


FIELDS_BY_STATUS: dict[Status, tuple[str, ...]] = {
    Status.PENDING: (),
    Status.IN_PROGRESS: ("designerId", "assignedAt"),
    Status.AWAITING_APPROVAL: ("designerId", "designerFinalFile", "completedAt"),
    Status.APPROVED: ("designerId", "designerFinalFile", "approvedAt"),
    Status.COMPLETED: ("designerId", "designerFinalFile", "approvedAt", "orderId"),
    Status.CANCELLED: ("cancelledAt",),
}


def check(traffic: Traffic) -> list[str]:
    """Everything that must hold after the run; the problems found."""
    problems: list[str] = []
    db = firestore_client()
    requests = {s.id: s.to_dict() for s in db.collection("customizationRequests").stream()}
    by_tag = Counter(doc.get("customizationNotes") for doc in requests.values())
    for tag, rid in traffic.created.items():
        if by_tag[tag] != 1 or requests.get(rid, {}).get("customizationNotes") != tag:
            problems.append(f"create {tag}: answered {rid}, stored {by_tag[tag]} time(s)")
    # Read each collection once (a query per request is slow on the emulator at this size).
    trails: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in db.collection_group("events").stream():
        trails[entry.reference.parent.parent.id].append(entry.to_dict())
    written_by_request: dict[str, Counter[tuple[int, str]]] = defaultdict(Counter)
    for note in db.collection("notifications").select(["requestId", "version", "recipientId"]).stream():
        written_by_request[note.get("requestId")][(note.get("version"), note.get("recipientId"))] += 1
    for rid, doc in requests.items():
        status = Status(doc["status"])
        missing = [name for name in FIELDS_BY_STATUS[status] if not doc.get(name)]
        if missing:
            problems.append(f"{rid} is {status} without {missing}")
        trail = sorted(trails[rid], key=lambda e: e["version"])
        versions = [e["version"] for e in trail]
        if versions != list(range(1, doc["version"] + 1)):
            problems.append(f"{rid}: audit versions {versions} for version {doc['version']}")
            continue
        for entry in trail:
            source = Status(entry["fromStatus"]) if entry["fromStatus"] else None
            edges = [e for (s, _), e in TABLE if s == source and e.event.value == entry["event"]]
            if not edges or edges[0].to.value != entry["toStatus"]:
                problems.append(f"{rid}: audit entry off the table: {entry}")
        if trail[-1]["toStatus"] != doc["status"]:
            problems.append(f"{rid}: audit ends in {trail[-1]['toStatus']}, request is {doc['status']}")
        events = [(Event(e["event"]), e["actorId"]) for e in trail]
        owed = owed_notifications(events, doc["customerId"], doc.get("designerId"))
        written = written_by_request[rid]
        if set(written) != owed or any(n != 1 for n in written.values()):
            problems.append(f"{rid}: notifications {dict(written)} but owed {sorted(owed)}")
    try:
        counters_equal_recount()
    except AssertionError as exc:
        problems.append(f"counters: {exc}")
    problems += traffic.server_errors + traffic.refused_creates
    return problems


def main() -> int:
    reset_firestore()
    reset_auth()
    seed_product()
    traffic = Traffic()
    # The first burst after start-up starts a worker per call: absorb it before counting.
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(lambda _: Api().get("/customizations/stats", traffic.admin), range(THREADS * 2)))
    start = time.monotonic()
    deadline = start + SECONDS
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        list(pool.map(lambda seed: traffic.user_loop(seed, deadline), range(THREADS)))
    elapsed = time.monotonic() - start
    wait_for_triggers(timeout=300)
    problems = check(traffic)
    errors = sum(n for code, n in traffic.statuses.items() if code >= 500)
    people = f"{CUSTOMERS} customers, {DESIGNERS} designers, 1 admin"
    print(f"soak: {SECONDS:.0f} s of traffic from {THREADS} threads ({people})")
    statuses = dict(sorted(traffic.statuses.items()))
    print(f"soak: {traffic.calls} calls, {traffic.calls / elapsed:.1f} requests/s held; statuses {statuses}")
    print(f"soak: {len(traffic.created)} creates answered 201; 5xx: {errors}; problems: {len(problems)}")
    for problem in problems[:20]:
        print(f"  - {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
