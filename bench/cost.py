"""`make cost`: what one request's whole life costs in Firestore operations, call by call.

One lifecycle as the web app drives it, through the real services and the real request trigger on
the capacity model's system (bench/capacity.py: bootstrap's wiring over the recording Firestore
client of bench/firestore_recorder.py): a customer uploads a file and creates a request; a designer
claims it; designer and customer exchange two messages; the designer uploads a design and a preview
and submits; the customer rejects; the designer resubmits; the customer says a third message and
approves; an admin completes. After each step the customer and the designer read their inbox
(`GET /notifications?limit=30`, and open what is about this request) and the request page (the
request, its revisions, its thread, marking the thread read when it has something new); the
designer reads the request page once it is theirs. Before it starts, other customers have left
`WARM_REQUESTS` requests in the queue (not counted), so that a designer's inbox is a full page.

Each API call and each trigger event is a row: documents read (as Firestore bills them), written,
deleted (explicit deletes, and the TTL deletion each document created with a TTL field will get),
and index entries added. The last line prices the lifecycle at Firestore's list prices (`PRICES`,
with their source); index entries are not billed as such (they cost storage and write latency).

Usage: python bench/cost.py [--json bench/results/cost.json] [--page docs/cost.md]
With the default --json it also renders docs/cost.md from the result (bench/pages.py).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [p for p in (str(ROOT), str(ROOT / "functions")) if p not in sys.path]

from customizations.domain.actors import Actor  # noqa: E402
from customizations.domain.commands import (  # noqa: E402
    Approve,
    Assign,
    Complete,
    CreateRequest,
    PostMessage,
    Reject,
    UploadFinal,
)
from customizations.domain.files import FileField  # noqa: E402
from customizations.domain.records import PageRequest  # noqa: E402

from bench import capacity  # noqa: E402
from bench import pages as doc_pages  # noqa: E402
from bench.firestore_recorder import Write  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "cost.json"
BASELINE = ROOT / "bench" / "results" / "cost-baseline.json"

# Firestore list prices, Standard edition, US multi-region (nam5), USD per 100,000 operations
# beyond the free quota. TTL deletions are billed as document deletes.
PRICES = {"reads": 0.06, "writes": 0.18, "deletes": 0.02}
PRICE_SOURCE = (
    "https://cloud.google.com/firestore/pricing (Standard edition, US multi-region nam5: "
    "$0.06 per 100,000 document reads, $0.18 per 100,000 writes, $0.02 per 100,000 deletes)"
)
WARM_REQUESTS = 30  # other customers' requests waiting in the queue: a full page of a designer's inbox
INBOX_PAGE = 30  # the web app's GET /notifications?limit=30
PAGE = PageRequest(limit=50)  # the request page's revisions and thread


@dataclass
class Row:
    """One API call (or one trigger event) of the lifecycle and what it cost."""

    step: str
    who: str  # customer | designer | admin | trigger
    call: str  # the route, or the event the trigger handled
    reads: int
    writes: int
    deletes: int
    ttl_deletes: int  # of the deletes: documents created with a TTL field, deleted when it passes
    entries: int  # index entries added

    @property
    def key(self) -> str:
        return f"{self.step} | {self.who} | {self.call}"


def _counts(writes: list[Write], ttl: set[tuple[str, str]]) -> tuple[int, int, int, int]:
    """Writes, deletes (with the TTL deletions to come), of those by TTL, index entries added."""
    written = deleted = expiring = entries = 0
    for write in writes:
        entries += len(write.added)
        if write.op == "delete":
            deleted += 1
            continue
        written += 1
        group, after = write.path.split("/")[-2], write.after
        created = write.before is None and after is not None
        if created and any(g == group and after.get(f) is not None for g, f in ttl):
            expiring += 1
    return written, deleted + expiring, expiring, entries


class Lifecycle:
    """The lifecycle, driven call by call on capacity's System; `rows` is what each call cost."""

    def __init__(self, warm: int = WARM_REQUESTS) -> None:
        with capacity.quiet():
            self.system = capacity.System(designers=1)
        self.db = self.system.db
        self.ttl = self.db.indexes.ttl
        self.rows: list[Row] = []
        self.customer = self.system.add_customer(1)
        self.designer = self.system.designers[0]
        self.admin = self.system.admin
        self.request_id = ""
        self.seen: dict[str, int] = {}  # messages each party has seen
        self._warm_up(warm)

    def _warm_up(self, count: int) -> None:
        """Other customers' requests waiting in the queue, created before the lifecycle (not counted)."""
        self.db.recording = False
        requests = self.system.services.requests
        with capacity.quiet():
            for n in range(count):
                other = self.system.add_customer(1000 + n)
                command = CreateRequest("mug", 1, f"Request {n}", {})
                self.db.context = capacity.Ctx(None, "warm-up", "api")
                requests.create(other, command, f"warm-{n}")
                self.system.settle(None, "warm-up")
                self.system.clock.now += timedelta(minutes=1)
        self.db.context = None
        self.db.recording = True
        self.system.clock.now += timedelta(hours=1)

    # ---- measuring ----

    def call(self, step: str, who: str, route: str, action: Callable[[], Any]) -> Any:
        """One API call, then the trigger on what it wrote: a row for each."""
        db = self.db
        db.context = capacity.Ctx(0, step, "api")
        reads, first = sum(db.reads.values()), len(db.writes)
        with capacity.quiet():
            result = action()
        self._row(step, who, route, sum(db.reads.values()) - reads, db.writes[first:])
        events = len(self.system.triggers)
        with capacity.quiet():
            self.system.settle(0, step)
        for trigger in self.system.triggers[events:]:
            made = db.writes[trigger["first_write"] :][: trigger["writes"]]
            name = trigger["event"] or "(no event: a write the trigger ignores)"
            self._row(step, "trigger", name, trigger["reads"], made)
        db.context = None
        return result

    def _row(self, step: str, who: str, call: str, reads: int, writes: list[Write]) -> None:
        written, deleted, expiring, entries = _counts(writes, self.ttl)
        self.rows.append(Row(step, who, call, reads, written, deleted, expiring, entries))

    # ---- the parties' reads after each step ----

    def read(self, step: str, party: Actor, page: bool = True) -> None:
        """The party's inbox (opening what is about this request), then the request page."""
        who = party.role.value
        activity, conversation = self.system.services.activity, self.system.services.conversation
        inbox = self.call(
            step,
            who,
            "GET /notifications",
            lambda: activity.notifications(party, False, PageRequest(limit=INBOX_PAGE)),
        )
        for item in inbox.items:
            if item.get("requestId") == self.request_id and item.get("readAt") is None:
                self.call(
                    step,
                    who,
                    "POST /notifications/{id}/read",
                    lambda item=item: activity.mark_read(party, item["id"]),
                )
        if not page:
            return
        rid = self.request_id
        requests = self.system.services.requests
        self.call(step, who, "GET /customizations/{id}", lambda: requests.get(party, rid))
        self.call(
            step, who, "GET /customizations/{id}/revisions", lambda: activity.revisions(party, rid, PAGE)
        )
        thread = self.call(
            step, who, "GET /customizations/{id}/messages", lambda: conversation.messages(party, rid, PAGE)
        )
        if len(thread.items) > self.seen.get(party.uid, 0):
            self.seen[party.uid] = len(thread.items)
            self.call(
                step,
                who,
                "POST /customizations/{id}/messages/read",
                lambda: conversation.mark_thread_read(party, rid),
            )

    def both_read(self, step: str) -> None:
        self.read(step, self.customer)
        self.read(step, self.designer, page=step != "create")  # not theirs before the claim

    # ---- the steps ----

    def upload(self, step: str, party: Actor, kind: str, name: str) -> str:
        uploads = self.system.services.uploads
        ref = self.call(
            step,
            party.role.value,
            "POST /uploads",
            lambda: uploads.upload(party, kind, name, "image/png", io.BytesIO(capacity.PNG)),
        )
        self.system.clock.now += capacity.UPLOAD_SECONDS
        return str(ref["path"])

    def act(self, step: str, party: Actor, command: Any) -> None:
        requests = self.system.services.requests
        self.call(
            step,
            party.role.value,
            "PATCH /customizations/{id}",
            lambda: requests.act(party, self.request_id, command, None),
        )

    def message(self, step: str, party: Actor, text: str) -> None:
        conversation = self.system.services.conversation
        self.call(
            step,
            party.role.value,
            "POST /customizations/{id}/messages",
            lambda: conversation.post_message(party, self.request_id, PostMessage(text)),
        )

    def submit(self, step: str) -> None:
        final = self.upload(step, self.designer, "designer_final", "final.png")
        preview = self.upload(step, self.designer, "preview", "preview.png")
        files = {FileField.DESIGNER_FINAL_FILE: final, FileField.DESIGNER_PREVIEW_IMAGE: preview}
        self.act(step, self.designer, UploadFinal(files, "Here it is"))

    def run(self) -> list[Row]:
        clock, customer, designer = self.system.clock, self.customer, self.designer
        requests = self.system.services.requests
        path = self.upload("create", customer, "customer_design", "brief.png")
        command = CreateRequest(
            "mug", 2, "Our logo on the mug, please", {FileField.CUSTOMER_DESIGN_FILE: path}
        )
        created = self.call(
            "create",
            "customer",
            "POST /customizations",
            lambda: requests.create(customer, command, "create-0"),
        )
        self.request_id = str(created["id"])
        self.both_read("create")
        steps: list[tuple[str, timedelta, Callable[[str], None]]] = [
            ("claim", timedelta(minutes=10), self._claim),
            ("message 1", timedelta(minutes=5), lambda s: self.message(s, designer, "Which logo colour?")),
            ("message 2", timedelta(hours=1), lambda s: self.message(s, customer, "Dark blue, please")),
            ("submit", timedelta(days=1), self.submit),
            ("reject", timedelta(hours=4), lambda s: self.act(s, customer, Reject("Make the logo bigger"))),
            ("resubmit", timedelta(days=1), self.submit),
            ("message 3", timedelta(hours=2), lambda s: self.message(s, customer, "Much better, thanks")),
            ("approve", timedelta(minutes=5), lambda s: self.act(s, customer, Approve())),
            ("complete", timedelta(hours=1), lambda s: self.act(s, self.admin, Complete("order-0"))),
        ]
        for step, delay, take in steps:
            clock.now += delay
            take(step)
            self.both_read(step)
        return self.rows

    def _claim(self, step: str) -> None:
        requests = self.system.services.requests
        self.call(
            step,
            "designer",
            "GET /customizations/pending",
            lambda: requests.pending(self.designer, PageRequest(limit=20)),
        )
        self.act(step, self.designer, Assign())


# ---------------------------------------------------------------------------------------------
# totals, the report, the result


def totals(rows: list[Row]) -> dict[str, Any]:
    found = {
        "reads": sum(r.reads for r in rows),
        "writes": sum(r.writes for r in rows),
        "deletes": sum(r.deletes for r in rows),
        "ttl_deletes": sum(r.ttl_deletes for r in rows),
        "entries": sum(r.entries for r in rows),
        "api_calls": sum(r.who != "trigger" for r in rows),
        "events": sum(r.who == "trigger" and not r.call.startswith("(") for r in rows),
    }
    dollars = sum(found[kind] * price / 100_000 for kind, price in PRICES.items())
    found["usd_per_1000"] = round(dollars * 1000, 4)
    return found


def lifecycle_line(total: dict[str, Any]) -> str:
    return (
        f"lifecycle: {total['reads']} reads, {total['writes']} writes, {total['deletes']} deletes, "
        f"{total['entries']} index entries, ${total['usd_per_1000']:.3f} per 1,000 requests"
    )


def report(rows: list[Row]) -> list[str]:
    """The printed table; its last line is the lifecycle's."""
    total = totals(rows)
    head = f"{'step':<10} {'who':<9} {'call or event':<58}"
    lines = [
        "One request's life as the web app drives it: every API call and every trigger event",
        f"{head} {'reads':>6} {'writes':>6} {'deletes':>7} {'entries':>7}",
    ]
    for r in rows:
        lines.append(
            f"{r.step:<10} {r.who:<9} {r.call:<58} {r.reads:>6} {r.writes:>6} {r.deletes:>7} {r.entries:>7}"
        )
    by_who: dict[str, list[int]] = {}
    for r in rows:
        sums = by_who.setdefault(r.who, [0, 0, 0, 0])
        for i, value in enumerate((r.reads, r.writes, r.deletes, r.entries)):
            sums[i] += value
    lines.append("")
    for who, (reads, writes, deletes, entries) in sorted(by_who.items()):
        lines.append(
            f"  by {who:<9} {reads:>6} reads, {writes:>4} writes, {deletes:>3} deletes, {entries:>5} entries"
        )
    lines += [
        f"{total['api_calls']} API calls, {total['events']} trigger events; deletes include "
        f"{total['ttl_deletes']} TTL deletions to come (documents created with a TTL field)",
        f"prices: {PRICE_SOURCE}; index entries are not billed as operations (storage and write latency)",
        lifecycle_line(total),
    ]
    return [line.rstrip() for line in lines]


def as_json(rows: list[Row], lines: list[str]) -> dict[str, Any]:
    return {
        "commit": capacity.commit_name(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": doc_pages.machine(),
        "warm_requests": WARM_REQUESTS,
        "prices_per_100000": PRICES,
        "price_source": PRICE_SOURCE,
        "rows": [asdict(r) for r in rows],
        "totals": totals(rows),
        "report": lines,
    }


def measure(warm: int = WARM_REQUESTS) -> list[Row]:
    return Lifecycle(warm).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=RESULTS)
    parser.add_argument(
        "--page", type=Path, help="the page to render (default: docs/cost.md, with the default --json)"
    )
    parser.add_argument(
        "--baseline", action="store_true", help=f"also keep the run as {BASELINE.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    rows = measure()
    lines = report(rows)
    print(f"Cost model at commit {capacity.commit_name()}")
    print("\n".join(lines))
    result = as_json(rows, lines)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n")
    if args.baseline:
        BASELINE.write_text(json.dumps(result, indent=2) + "\n")
    page = args.page or (doc_pages.COST_PAGE if args.json == RESULTS else None)
    if page is not None:
        doc_pages.write_cost(result, page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
