"""The web app listens without asking the API again per change: while a burst of new requests
arrives through the designers' queue listener, the designer's inbox (GET /notifications) and queue
by urgency (GET /customizations/pending) are fetched a few times, coalesced (one fetch at a time, at
most one per half second), not once per change; and what they show at the end is current."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import open_as
from tests.support.emulators import ok, wait_for_triggers

NEW_REQUESTS = 24
WAIT_S = 0.5  # web/src/live.ts, REFETCH_WAIT_MS


# Every GET the app itself asks for (its API client calls fetch), with when: what the app does,
# apart from the network's own retries of a request.
RECORD_GETS = """
window.__gets = [];
const original = window.fetch;
window.fetch = function (input, init) {
  const request = input instanceof Request ? input : new Request(input, init);
  if (request.method === "GET") window.__gets.push([new URL(request.url).pathname, performance.now() / 1000]);
  return original.apply(this, arguments);
};
"""


def recording(page: Page) -> Page:
    """The page reloaded with every GET it makes recorded (the session stays signed in)."""
    page.add_init_script(RECORD_GETS)
    page.reload()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def gets(page: Page, path: str, since: float) -> list[float]:
    """When the page asked for this API path since then (seconds on the page's clock)."""
    return [at for called, at in page.evaluate("window.__gets") if called == path and at >= since]


def clock(page: Page) -> float:
    """The page's clock, in seconds."""
    return page.evaluate("performance.now() / 1000")


def burst(world: dict[str, Any]) -> float:
    """NEW_REQUESTS asked for at once by the customer through the API; how long they took."""
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "Our logo"}
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        for created in pool.map(
            lambda _: world["api"].post("/customizations", world["customer"], body), range(NEW_REQUESTS)
        ):
            ok(created, 201)
    return time.monotonic() - started


def test_a_burst_of_new_requests_is_fetched_a_few_times_not_once_per_change(world, launch):
    browser = launch()
    inbox = recording(open_as(browser, world["designer"]))
    inbox.goto(inbox.url.split("#")[0] + "#/notifications")
    expect(inbox.get_by_text("Nothing yet.")).to_be_visible()
    queue = recording(open_as(browser, world["designer"]))
    queue.get_by_label("Most urgent first").check()
    expect(queue.get_by_text("Nothing is waiting.", exact=False)).to_be_visible()
    time.sleep(2 * WAIT_S)  # the pages' first fetches are done
    since = {"inbox": clock(inbox), "queue": clock(queue)}

    burst(world)
    expect(queue.locator("table.queue tbody tr")).to_have_count(NEW_REQUESTS)  # the last change fetched
    wait_for_triggers()
    time.sleep(3 * WAIT_S)  # any fetch still coming has come
    listed = len(ok(world["api"].get("/notifications?limit=30", world["designer"])))
    expect(inbox.locator("ul.notices li")).to_have_count(listed)

    # Coalesced: far fewer fetches than changes, never two within half a second of each other.
    asked = {
        "inbox": gets(inbox, "/api/notifications", since["inbox"]),
        "queue": gets(queue, "/api/customizations/pending", since["queue"]),
    }
    # (The changes go on while the triggers write each new request: a few seconds on the stack.)
    for name, times in asked.items():
        gaps = [round(later - earlier, 3) for earlier, later in zip(times, times[1:], strict=False)]
        assert all(gap >= WAIT_S * 0.9 for gap in gaps), (name, gaps)
        assert 1 <= len(times) <= NEW_REQUESTS // 2, (name, len(times))
