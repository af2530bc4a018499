"""The web app in a real browser: the three roles take a request through its whole lifecycle in
separate browsers at once, the customer seeing the designer's work arrive without reloading; a
large file goes up through a resumable session with its progress shown; a refused action shows the
API's message; the pages pass axe-core with no serious violation and work from the keyboard."""

from __future__ import annotations

import os
import re
import time
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.conftest import axe_violations, open_as, screenshot
from tests.support.emulators import User, create_user, move_clock, ok, wait_for_triggers
from tests.support.images import png

MiB = 1 << 20


def pdf(size: int) -> bytes:
    """A file the API takes as a PDF (it is judged by its first bytes), of about this size."""
    return b"%PDF-1.7\n" + b"0" * (size - 9)


def files(name: str, mime: str, data: bytes) -> dict[str, Any]:
    return {"name": name, "mimeType": mime, "buffer": data}


def status_of(page: Page) -> Any:
    return page.locator(".status-line [data-status]")


def no_serious_violations(page: Page, where: str) -> None:
    found = axe_violations(page)
    assert found == [], f"{where}: {found}"


def image_shown(page: Page, selector: str) -> None:
    """Waits until the image is loaded and has pixels (a broken <img> has naturalWidth 0)."""
    image = page.locator(selector).first
    expect(image).to_be_visible()
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle())


def throttle_uploads(page: Page, bytes_per_second: int) -> None:
    """Slows what this page sends, so that an upload takes seconds and its progress can be seen."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": bytes_per_second},
    )


def submit_design(page: Page, color: tuple[int, int, int], notes: str) -> None:
    page.get_by_label("Final design").set_input_files(files("final.png", "image/png", png(64, 48, color)))
    preview = png(320, 200, color, 40)
    page.get_by_label("Preview image (shown to the customer)").set_input_files(
        files("preview.png", "image/png", preview)
    )
    page.get_by_label("Notes for the customer").fill(notes)
    page.get_by_role("button", name="Submit for approval").click()


def test_the_three_roles_take_a_request_through_its_lifecycle_while_the_customer_watches_live(world, launch):
    customer = open_as(launch(), world["customer"])
    designer = open_as(launch(), world["designer"])
    # The designer's queue is open before the request exists: it arrives there live.
    expect(designer.get_by_role("heading", name="Queue and my work")).to_be_visible()
    expect(designer.get_by_text("Nothing is waiting")).to_be_visible()
    no_serious_violations(designer, "designer's queue")

    request_id = customer_asks_with_a_large_file(customer, world)
    designer_claims_and_opens_the_customers_files(designer, customer)
    a_design_is_sent_back_then_a_second_one_approved(designer, customer)
    admin = open_as(launch(), world["admin"])
    the_admin_completes_it_with_an_order(admin, customer, request_id)
    the_customer_reads_every_notification(customer)


def customer_asks_with_a_large_file(customer: Page, world: dict[str, Any]) -> str:
    """The customer asks for a design with a large file (a resumable session, its progress shown)
    and a preview; the request they land on is what they asked for."""
    expect(customer.locator("li[data-product=mug] img")).to_be_visible()
    screenshot(customer, "customer")
    no_serious_violations(customer, "customer's products")
    customer.get_by_role("button", name="Customize Ceramic mug").click()
    expect(customer.get_by_label("Product", exact=True)).to_be_focused()
    customer.get_by_label("Quantity").fill("3")
    customer.get_by_label("What should the design say or show?").fill("Our logo, navy blue, on both sides")
    customer.get_by_label("Your design (optional)", exact=True).set_input_files(
        files("logo.pdf", "application/pdf", pdf(6 * MiB))
    )
    customer.get_by_label("A preview image (optional)", exact=True).set_input_files(
        files("idea.png", "image/png", png(200, 120, (200, 120, 20), 20))
    )
    throttle_uploads(customer, 3 * MiB)
    customer.get_by_role("button", name="Send request").click()
    expect(customer.get_by_role("button", name="Send request")).to_be_disabled()  # in flight
    progress = customer.get_by_label("Upload progress: Your design (optional)")
    expect(progress).to_be_visible()
    # Part way: the bar shows a value between 0 and 100 while the bytes go.
    midway = progress.evaluate(
        """bar => new Promise(done => {
            const look = () => (bar.value > 0 && bar.value < 100 ? done(bar.value) : setTimeout(look, 20));
            look();
        })"""
    )
    assert 0 < midway < 100
    expect(customer.get_by_role("heading", name="Ceramic mug × 3")).to_be_visible(timeout=30_000)
    throttle_uploads(customer, -1)
    expect(status_of(customer)).to_have_text("Waiting for a designer")
    request_id = customer.url.rsplit("/", 1)[1]
    stored = ok(world["api"].get(f"/customizations/{request_id}", world["customer"]))
    assert (stored["quantity"], stored["customerDesignFile"]["fileSize"]) == (3, 6 * MiB)
    assert stored["customerDesignFile"]["contentType"] == "application/pdf"
    return request_id


def designer_claims_and_opens_the_customers_files(designer: Page, customer: Page) -> None:
    claim = designer.get_by_role("button", name="Claim Ceramic mug for Casey Customer")
    expect(claim).to_be_visible()
    expect(designer.locator("table.queue tbody tr")).to_have_count(1)
    expect(designer.get_by_role("table", name="Your load")).to_be_visible()
    screenshot(designer, "designer")
    no_serious_violations(designer, "designer's queue with a request")
    claim.click()
    expect(designer.get_by_role("heading", name="Ceramic mug × 3")).to_be_visible()
    expect(status_of(designer)).to_have_text("In progress")
    expect(status_of(customer)).to_have_text("In progress")  # live, no reload
    expect(customer.get_by_text("Dana Designer")).to_be_visible()
    image_shown(designer, "figure[data-field=customerPreviewImage] img")
    download = designer.locator("figure[data-field=customerDesignFile] a.download")
    answer = designer.request.get(download.get_attribute("href"))
    assert answer.status == 200 and len(answer.body()) == 6 * MiB
    assert answer.headers["content-disposition"].startswith("attachment")  # a PDF is never inline
    # They talk it over: each sees the other's message arrive.
    designer.get_by_label("Your message").fill("Which blue: navy or royal?")
    designer.get_by_role("button", name="Send message").click()
    expect(customer.locator("ol.thread li").filter(has_text="Which blue: navy or royal?")).to_be_visible()
    customer.get_by_label("Your message").fill("Navy, please")
    customer.get_by_role("button", name="Send message").click()
    expect(designer.locator("ol.thread li").filter(has_text="Navy, please")).to_be_visible()


def a_design_is_sent_back_then_a_second_one_approved(designer: Page, customer: Page) -> None:
    submit_design(designer, (164, 22, 6), "First idea")
    expect(status_of(designer)).to_have_text("Awaiting approval")
    expect(status_of(customer)).to_have_text("Awaiting approval")
    image_shown(customer, "figure[data-field=designerPreviewImage] img")
    no_serious_violations(customer, "the request page")
    customer.get_by_label("What should change?").fill("The logo a little larger, please")
    customer.get_by_role("button", name="Send it back").click()
    expect(status_of(customer)).to_have_text("In progress")
    expect(status_of(designer)).to_have_text("In progress")
    expect(designer.get_by_text("Sent back: The logo a little larger, please")).to_be_visible()
    # A second design: both are shown side by side, each with its own preview.
    submit_design(designer, (29, 94, 2), "Larger logo")
    expect(status_of(customer)).to_have_text("Awaiting approval")
    expect(customer.locator("article.revision")).to_have_count(2)
    for number in (1, 2):
        image_shown(
            customer, f"article[data-revision='{number}'] figure[data-field=designerPreviewImage] img"
        )
    expect(customer.locator("figure.file:not(:has(a.download))")).to_have_count(0)  # every link in
    screenshot(customer, "request")
    customer.get_by_role("button", name="Approve this design").click()
    expect(status_of(customer)).to_have_text("Approved")
    expect(status_of(designer)).to_have_text("Approved")
    customer.get_by_label("Stars").select_option("5")
    customer.get_by_role("button", name="Send the rating").click()
    expect(designer.get_by_text("★★★★★")).to_be_visible()  # the designer sees the rating live


def the_admin_completes_it_with_an_order(admin: Page, customer: Page, request_id: str) -> None:
    expect(admin.get_by_role("heading", name="Requests and figures")).to_be_visible()
    expect(admin.locator("table.workload")).to_be_visible()
    expect(admin.locator("svg.chart")).to_be_visible()
    screenshot(admin, "admin")
    no_serious_violations(admin, "admin's requests and figures")
    admin.get_by_label("Status", exact=True).select_option("approved")
    admin.get_by_role("button", name="Show").click()
    admin.get_by_role("link", name="Open Ceramic mug for Casey Customer").click()
    assert admin.url.endswith(f"#/requests/{request_id}")
    admin.get_by_label("Order id").fill("order-2041")
    admin.get_by_role("button", name="Complete with this order").click()
    expect(status_of(admin)).to_have_text("Completed")
    expect(status_of(customer)).to_have_text("Completed")
    expect(customer.get_by_text("order-2041")).to_be_visible()


def the_customer_reads_every_notification(customer: Page) -> None:
    badge = customer.locator("header .count")
    expect(badge).not_to_have_text("0")
    customer.get_by_role("link", name=re.compile("^Notifications")).click()
    expect(customer.locator("ul.notices li.unread").first).to_be_visible()
    no_serious_violations(customer, "notifications")
    customer.get_by_role("button", name="Mark all read").click()
    expect(badge).to_have_text("0")
    expect(customer.locator("ul.notices li.unread")).to_have_count(0)


def test_a_refused_action_shows_the_apis_message_and_is_disabled_while_in_flight(world, launch):
    customer = open_as(launch(), world["customer"])
    expect(customer.locator("li[data-product=mug]")).to_be_visible()
    # The admin retires the mug while the customer has the catalogue open.
    ok(world["api"].patch("/products/mug", world["admin"], {"isCustomizable": False}))
    customer.get_by_label("Product", exact=True).select_option("mug")
    customer.get_by_label("What should the design say or show?").fill("A mug, please")
    held: list[Any] = []

    def hold(route: Any) -> None:  # the create waits here until the test lets it go
        held.append(route)

    customer.route("**/api/customizations", hold)
    send = customer.get_by_role("button", name="Send request")
    send.click()
    customer.wait_for_function("() => document.querySelector('form.request-form[aria-busy]') !== null")
    expect(send).to_be_disabled()
    expect(customer.get_by_label("Quantity")).to_be_disabled()
    customer.wait_for_timeout(100)  # the route handler runs on this thread: let it take the call
    assert len(held) == 1, "the form sent once"
    held[0].continue_()
    alert = customer.locator("form.request-form [role=alert]")
    expect(alert).to_have_text("Product is not customizable")
    expect(send).to_be_enabled()


def test_sign_in_and_a_claim_work_from_the_keyboard(world, launch):
    created = world["api"].post(
        "/customizations",
        world["customer"],
        {"productId": "tote", "quantity": 1, "customizationNotes": "Stripes"},
    )
    ok(created, 201)
    browser = launch()
    page = browser.new_page()
    page.goto(os.environ["HOSTING_URL"] + "/")
    page.keyboard.press("Tab")  # the skip link first
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.get_by_label("Email").focus()
    page.keyboard.type(world["designer"].email)
    page.keyboard.press("Tab")
    page.keyboard.type(world["designer"].password)
    page.keyboard.press("Enter")
    claim = page.get_by_role("button", name="Claim Canvas tote bag for Casey Customer")
    expect(claim).to_be_visible()
    for _ in range(40):  # tab through the page until the claim button has the focus
        page.keyboard.press("Tab")
        if claim.evaluate("el => el === document.activeElement"):
            break
    expect(claim).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Canvas tote bag × 1")).to_be_visible()
    expect(status_of(page)).to_have_text("In progress")


def test_a_designer_clicks_claim_next_and_gets_a_waiting_request(world, launch):
    for product_id, notes in (("mug", "Blue"), ("tote", "Stripes")):
        body = {"productId": product_id, "quantity": 1, "customizationNotes": notes}
        ok(world["api"].post("/customizations", world["customer"], body), 201)
    page = open_as(launch(), world["designer"])
    expect(page.get_by_role("button", name="Claim Canvas tote bag for Casey Customer")).to_be_visible()
    page.get_by_role("button", name="Claim next waiting request").click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^(Ceramic mug|Canvas tote bag) × 1$"))
    ).to_be_visible()
    expect(status_of(page)).to_have_text("In progress")
    mine = ok(world["api"].get("/customizations", world["designer"]))
    assert [(r["status"], r["designerId"]) for r in mine] == [("in_progress", world["designer"].uid)]


def test_an_admin_manages_the_catalogue_and_roles(world, launch):
    admin = open_as(launch(), world["admin"])
    admin.get_by_role("link", name="Catalogue").click()
    expect(admin.locator("table.catalogue")).to_be_visible()
    no_serious_violations(admin, "catalogue")
    admin.get_by_label("Id (optional)").fill("cap")
    admin.get_by_label("Name", exact=True).fill("Baseball cap")
    admin.get_by_role("button", name="Add").click()
    expect(admin.get_by_label("Name of Baseball cap")).to_be_visible()
    admin.get_by_label("Baseball cap can be customized").uncheck()
    admin.get_by_role("button", name="Save Baseball cap").click()
    expect(admin.get_by_text("Saved: retired (no new requests).")).to_be_visible()
    assert ok(world["api"].get("/products/cap", world["customer"]))["isCustomizable"] is False
    listed = ok(world["api"].get("/products", world["customer"]))
    assert [p["id"] for p in listed] == ["tote", "mug"]  # by name: Canvas tote bag, Ceramic mug

    admin.get_by_role("link", name="People").click()
    email = world["customer"].email
    admin.get_by_label(f"Role of {email}", exact=True).select_option("designer")
    admin.get_by_role("button", name=f"Save the role of {email}").click()
    expect(admin.get_by_text("Now designer.")).to_be_visible()
    no_serious_violations(admin, "people")


# ---- the workflow: due times, the queue by urgency, release, capacity, reassignment ----


def queue_rows(page: Page) -> Any:
    return page.locator("table.queue tbody tr")


def the_stack_takes_its_timed_steps_until(check: Any, seconds: float = 60.0) -> None:
    """Has every timed step due by the stack's (moved) clock taken, as scripts/run-timers does,
    until check() holds (a step may make the next one due)."""
    from customizations import jobs

    deadline = time.monotonic() + seconds
    while True:
        wait_for_triggers()
        jobs.run_due_timers("browser")
        if check():
            return
        assert time.monotonic() < deadline, "the timed steps did not get there"
        time.sleep(0.5)


def test_the_workflow_shows_on_each_roles_pages_release_urgency_capacity_overdue_and_reassignment(
    world, launch, monkeypatch
):
    from customizations import bootstrap

    # run_due_timers in this process: bootstrap built afresh, reading Firestore, as the stack is set.
    monkeypatch.setenv("LIVE_READS", "off")
    monkeypatch.setenv("DESIGNER_CAPACITY", "10000")
    monkeypatch.setattr(bootstrap.graph, "_value", None)
    api = world["api"]
    drew = create_user("designer", "Drew Designer")
    ok(api.get("/me", drew))  # known to the directory, so listed in the workload
    asked = {"quantity": 1, "customizationNotes": "Our logo"}
    mug = ok(api.post("/customizations", world["customer"], {**asked, "productId": "mug"}), 201)["id"]
    ok(api.post("/customizations", world["customer"], {**asked, "productId": "tote"}), 201)

    designer, customer = open_as(launch(), world["designer"]), open_as(launch(), world["customer"])
    customer.get_by_role("link", name="My requests").click()
    expect(customer.locator("table.requests .due").first).not_to_have_text("—")  # due times listed
    customer.get_by_role("link", name="Open Ceramic mug").click()
    expect(customer.locator("dd[data-fact=Due]")).to_be_visible()

    the_designer_gives_a_claim_back_and_the_customer_sees_it(designer, customer)
    the_queue_by_urgency_and_a_capacity_of_one(designer, world)
    # A day on, the mug has waited past its due time: overdue, live in the designer's queue.
    move_clock(hours=25)
    the_stack_takes_its_timed_steps_until(
        lambda: ok(api.get(f"/customizations/{mug}", world["admin"]))["overdue"] is True
    )
    mug_row = queue_rows(designer).filter(has_text="Ceramic mug")
    expect(mug_row.locator("[data-overdue]")).to_have_text("Overdue")
    expect(customer.locator("dd[data-fact=Due] [data-overdue]")).to_be_visible()
    screenshot(designer, "designer-workflow")
    the_admin_finds_it_overdue_and_reassigns_the_other(open_as(launch(), world["admin"]), designer, drew)


def the_designer_gives_a_claim_back_and_the_customer_sees_it(designer: Page, customer: Page) -> None:
    expect(queue_rows(designer)).to_have_count(2)
    designer.get_by_role("button", name="Claim Ceramic mug for Casey Customer").click()
    expect(status_of(designer)).to_have_text("In progress")
    expect(status_of(customer)).to_have_text("In progress")
    no_serious_violations(designer, "the designer's request page")
    designer.get_by_label("Why are you giving it back?").fill("Not my style")
    designer.get_by_role("button", name="Give it back to the queue").click()
    expect(status_of(designer)).to_have_text("Waiting for a designer")
    expect(status_of(customer)).to_have_text("Waiting for a designer")
    expect(customer.locator("dd[data-fact='Given back because']")).to_have_text("Not my style")


def the_queue_by_urgency_and_a_capacity_of_one(designer: Page, world: dict[str, Any]) -> None:
    """The mug was asked for first, but its wait began again when it was given back, so the tote
    is due sooner; with a capacity of one, a second claim is refused with the API's message."""
    designer.get_by_role("link", name="Queue and my work").click()
    expect(queue_rows(designer).first).to_contain_text("Ceramic mug")
    designer.get_by_label("Most urgent first").check()
    expect(designer.get_by_role("table", name="Requests waiting, the soonest due first")).to_be_visible()
    expect(queue_rows(designer).first).to_contain_text("Canvas tote bag")
    expect(queue_rows(designer).nth(1)).to_contain_text("Ceramic mug")
    designer.get_by_label("Capacity", exact=True).fill("1")
    designer.get_by_role("button", name="Save availability").click()
    expect(designer.locator("[data-seat]")).to_contain_text("Saved: you hold 0 of 1 active requests")
    assert ok(world["api"].get("/me", world["designer"]))["availability"]["capacity"] == 1
    no_serious_violations(designer, "the designer's queue by urgency, with availability")
    designer.get_by_role("button", name="Claim Canvas tote bag for Casey Customer").click()
    expect(status_of(designer)).to_have_text("In progress")
    designer.get_by_role("link", name="Queue and my work").click()
    expect(designer.get_by_label("Most urgent first")).to_be_checked()  # the choice is kept
    designer.get_by_role("button", name="Claim Ceramic mug for Casey Customer").click()
    expect(designer.locator("table.queue [role=alert]")).to_have_text(
        "You have 1 active requests, the capacity set (1)"
    )


def the_admin_finds_it_overdue_and_reassigns_the_other(admin: Page, designer: Page, drew: User) -> None:
    admin.get_by_label("Overdue only").check()
    admin.get_by_role("button", name="Show").click()
    expect(admin.locator("table.requests tbody tr")).to_have_count(1)
    expect(admin.locator("table.requests tbody tr [data-overdue]")).to_be_visible()
    expect(admin.locator("table.requests tbody tr")).to_contain_text("Ceramic mug")
    admin.get_by_label("Overdue only").uncheck()
    admin.get_by_label("Status", exact=True).select_option("in_progress")
    admin.get_by_role("button", name="Show").click()
    expect(admin.locator("table.requests tbody tr")).to_have_count(1)
    admin.get_by_role("link", name="Open Canvas tote bag for Casey Customer").click()
    expect(admin.get_by_label("Hand it to").locator("option")).to_have_count(1)  # Dana has it already
    admin.get_by_label("Hand it to").select_option(drew.uid)
    admin.get_by_role("button", name="Reassign").click()
    expect(admin.locator("dd[data-fact=Designer]")).to_have_text("Drew Designer")
    expect(status_of(admin)).to_have_text("In progress")
    admin.get_by_role("button", name="Allow one more round of changes").click()
    expect(admin.locator("dd[data-fact='Changes asked']")).to_have_text("0 of 4")
    no_serious_violations(admin, "the admin's request page")
    screenshot(admin, "admin-request")
    # The tote went from Dana to Drew: her work list follows, live.
    expect(designer.get_by_text("You have no requests yet")).to_be_visible()
