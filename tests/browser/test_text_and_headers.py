"""The web app under the headers Hosting sends (firebase.json): what people wrote is shown as text,
markup and all, never made into elements; and a walk through every main page of each role, with a
request that has images and a thread, meets no Content-Security-Policy violation and logs no error
or warning."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import open_as
from tests.support.emulators import act, file_ref, ok, sign_in, wait_for_triggers

WRITTEN = 'height < 5 cm & "quoted" <b>bold</b>'


def rejected_request(world: dict[str, Any], words: str) -> str:
    """A request whose customer is named `words`, asked in those words, got a design with those
    notes and sent it back for that reason (all through the API)."""
    api, designer = world["api"], world["designer"]
    ok(api.patch("/me", world["customer"], {"name": words}))
    customer = replace(world["customer"], token=sign_in(world["customer"].email, world["customer"].password))
    body = {"productId": "mug", "quantity": 1, "customizationNotes": words}
    rid = ok(api.post("/customizations", customer, body), 201)["id"]
    ok(act(api, designer, rid, "assign"))
    final = file_ref(designer, "designer_final", "v1.png")
    ok(act(api, designer, rid, "uploadFinal", designerFinalFile=final, designerNotes=words))
    ok(act(api, customer, rid, "reject", reason=words))
    wait_for_triggers()
    return rid


def test_what_people_wrote_is_shown_as_text_markup_and_all(world, launch):
    rid = rejected_request(world, WRITTEN)
    customer = open_as(launch(), world["customer"])
    customer.goto(f"{os.environ['HOSTING_URL']}/#/requests/{rid}")
    customer.get_by_label("Your message").fill(WRITTEN)
    customer.get_by_role("button", name="Send message").click()

    designer = open_as(launch(), world["designer"])
    designer.goto(f"{os.environ['HOSTING_URL']}/#/requests/{rid}")
    message = designer.locator("ol.thread li").first
    expect(message.locator("p")).to_have_text(WRITTEN)
    expect(message.locator("strong")).to_have_text(f"{WRITTEN} (customer)")
    for fact in ("Notes", "Designer's notes", "Last rejection"):
        expect(designer.locator(f'dd[data-fact="{fact}"]')).to_have_text(WRITTEN)
    expect(designer.locator('dd[data-fact="Asked by"]')).to_have_text(
        f"{WRITTEN} <{world['customer'].email}>"
    )
    expect(designer.locator("article.revision p.verdict")).to_have_text(f"Sent back: {WRITTEN}")
    expect(designer.get_by_text(WRITTEN, exact=True).first).to_be_visible()
    for page in (designer, customer):
        assert page.locator("b").count() == 0  # the markup is characters on the screen, not an element


# Every main page of each role (a request's own page and the notifications included).
WALK = {
    "customer": ["#/products", "#/requests", "#/requests/{rid}", "#/notifications"],
    "designer": ["#/queue", "#/requests/{rid}", "#/notifications"],
    "admin": ["#/admin", "#/people", "#/catalogue", "#/requests/{rid}", "#/notifications"],
}
HEADINGS = {
    "#/products": "Products",
    "#/requests": "My requests",
    "#/notifications": "Notifications",
    "#/queue": "Queue and my work",
    "#/admin": "Requests and figures",
    "#/people": "People",
    "#/catalogue": "Catalogue",
    "#/requests/{rid}": "Ceramic mug × 1",
}
# Reported by each page from its first script on, before the app's own code runs.
LISTEN = """document.addEventListener("securitypolicyviolation", (e) => window.reportViolation(
    `${e.effectiveDirective} refused ${e.blockedURI} (${e.sourceFile}:${e.lineNumber})`));"""


def watched(found: list[str], documents: list[dict[str, str]]) -> Any:
    """Prepares a context so that its pages report every CSP violation and console error or warning,
    and keep the headers each page was served with."""

    def prepare(context: Any) -> None:
        context.on(
            "response",
            lambda r: documents.append(r.headers) if r.request.resource_type == "document" else None,
        )
        context.expose_function("reportViolation", lambda text: found.append(f"violation: {text}"))
        context.add_init_script(LISTEN)
        context.on(
            "console",
            lambda m: found.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None,
        )
        context.on("weberror", lambda e: found.append(f"uncaught: {e.error}"))

    return prepare


def visit(page: Page, route: str, rid: str) -> None:
    page.goto(f"{os.environ['HOSTING_URL']}/{route.format(rid=rid)}")
    expect(page.get_by_role("heading", level=1)).to_have_text(HEADINGS[route])
    if route == "#/products":
        page.wait_for_function(
            "() => [...document.querySelectorAll('li[data-product] img')].every(i => i.complete)"
        )
    if route == "#/requests/{rid}":
        expect(page.locator("ol.thread li")).not_to_have_count(0)
        if page.locator("figure img").count():
            page.wait_for_function(
                "() => [...document.querySelectorAll('figure img')].every(i => i.complete)"
            )
    if route == "#/admin":
        expect(page.locator("svg.chart")).to_be_visible()
    page.wait_for_timeout(300)  # what a page does right after it shows, reported too


def csp_in_firebase_json() -> str | None:
    hosting = json.loads((Path(__file__).resolve().parents[2] / "firebase.json").read_text())["hosting"]
    headers = [h for rule in hosting.get("headers", []) for h in rule["headers"]]
    return next((h["value"] for h in headers if h["key"] == "Content-Security-Policy"), None)


def test_every_main_page_of_each_role_runs_under_the_headers_with_a_clean_console(world, launch):
    policy = csp_in_firebase_json()
    assert policy and "script-src 'self'" in policy
    rid = rejected_request(world, "Navy blue, please")
    ok(
        world["api"].post(f"/customizations/{rid}/messages", world["designer"], {"text": "A darker navy?"}),
        201,
    )
    wait_for_triggers()
    browser = launch()
    for role, routes in WALK.items():
        found: list[str] = []
        documents: list[dict[str, str]] = []
        page = open_as(browser, world[role], prepare=watched(found, documents))
        for route in routes:
            visit(page, route, rid)
        page.context.close()
        assert documents and all(d.get("content-security-policy") == policy for d in documents), role
        assert found == [], f"{role}: {found}"
