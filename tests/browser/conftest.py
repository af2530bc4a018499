"""Browser tests: the web app that Hosting serves, in Chromium driven by Playwright, against the
stack scripts/with-emulators starts (`make test` runs them after the emulator tests).

The machine's Chromium is used where there is one (scripts/chromium says which: Debian's package,
or $CHROMIUM), else Playwright's own. Screenshots go to .artifacts/screenshots/ for review.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.emulators import (
    Api,
    User,
    create_user,
    ok,
    reset_auth,
    reset_clock,
    reset_firestore,
    wait_for_triggers,
)

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / ".artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# Headless Chromium on a machine without a network: no background calls home, no sandbox as root.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 20_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("HOSTING_URL"):
        raise pytest.UsageError("browser tests need the stack: scripts/with-emulators pytest tests/browser")


def chromium() -> str | None:
    """The Chromium to drive: a path, or None for Playwright's own (a clear failure if neither)."""
    found = subprocess.run([ROOT / "scripts" / "chromium"], capture_output=True, text=True, check=False)
    if found.returncode != 0:
        pytest.fail(
            f"no Chromium for the browser tests: {found.stderr.strip()} (scripts/bootstrap installs one)"
        )
    path = found.stdout.strip()
    return None if path == "playwright" else path


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import expect, sync_playwright

    # What a page waits for may wait on the Functions emulator, which starts a new worker (seconds)
    # when the others are busy: expectations get as long as actions, not Playwright's 5 seconds.
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        p.selectors.set_test_id_attribute("data-test")
        yield p


@pytest.fixture(scope="session")
def launch(playwright: Any) -> Iterator[Callable[[], Any]]:
    """Starts a Chromium of its own (a separate browser: its own process, storage and session)."""
    path, started = chromium(), []

    def start() -> Any:
        browser = playwright.chromium.launch(executable_path=path, args=FLAGS)
        started.append(browser)
        return browser

    yield start
    for browser in started:
        browser.close()


@pytest.fixture
def world() -> Iterator[dict[str, Any]]:
    """Empty emulators on the real time, three people with roles (password 'password-123'), and a
    catalogue made by the admin through the API; afterwards, no trigger left running and the clock
    put back (a test may move it)."""
    reset_firestore()
    reset_auth()
    reset_clock()
    people = {
        "customer": create_user("customer", "Casey Customer"),
        "designer": create_user("designer", "Dana Designer"),
        "admin": create_user("admin", "Ada Admin"),
    }
    api = Api()
    for product_id, name in (("mug", "Ceramic mug"), ("tote", "Canvas tote bag")):
        body = {"id": product_id, "name": name, "imageUrl": f"/img/{product_id}.svg"}
        ok(api.post("/products", people["admin"], body), 201)
    for user in people.values():
        ok(api.get("/me", user))  # each has a profile, as after a first visit
    yield {**people, "api": api}
    wait_for_triggers()
    reset_clock()


def open_as(
    browser: Any,
    user: User,
    viewport: tuple[int, int] = (1280, 900),
    prepare: Callable[[Any], None] = lambda context: None,
) -> Any:
    """A new page in its own context (given to prepare before the page opens), signed in as user
    through the sign-in form."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    context.set_default_timeout(TIMEOUT_MS)
    prepare(context)
    page = context.new_page()
    page.goto(os.environ["HOSTING_URL"] + "/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(user.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return page


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical accessibility violations axe-core finds on the page as it is."""
    # Evaluated through the DevTools protocol: a <script> tag of its own would be inline code, which
    # the site's Content-Security-Policy refuses.
    page.evaluate(AXE.read_text())
    found = page.evaluate(
        """async () => (await axe.run(document, { resultTypes: ["violations"] })).violations
            .map(v => ({ id: v.id, impact: v.impact, help: v.help,
                         nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5) }))"""
    )
    return [v for v in found if v["impact"] in ("serious", "critical")]


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
