"""What people write comes back as they wrote it, through the deployed API on the emulators: a
display name, a request's notes, a designer's notes, a message and a rejection's reason holding
markup, quotes and ampersands are answered byte for byte (and quoted so in the notification they
cause); a control character is refused naming its field."""

from dataclasses import replace

from tests.support.emulators import act, file_ref, ok, refused, sign_in, wait_for_triggers

WRITTEN = 'height < 5 cm & "quoted" <b>bold</b>'


def test_text_with_markup_quotes_and_ampersands_comes_back_byte_for_byte(api, customer, designer, product):
    named = ok(api.patch("/me", customer, {"name": WRITTEN}))
    assert named["name"] == WRITTEN and ok(api.get("/me", customer))["name"] == WRITTEN
    customer = replace(customer, token=sign_in(customer.email, customer.password))  # carries the new name
    notes = f"  {WRITTEN}\n\tsecond line, indented \r\n"
    created = ok(
        api.post(
            "/customizations",
            customer,
            {"productId": product["id"], "quantity": 1, "customizationNotes": notes},
        ),
        201,
    )
    rid = created["id"]
    assert (created["customizationNotes"], created["customerName"]) == (notes, WRITTEN)
    ok(act(api, designer, rid, "assign"))
    final = file_ref(designer, "designer_final", "v1.png")
    ok(act(api, designer, rid, "uploadFinal", designerFinalFile=final, designerNotes=WRITTEN))
    posted = ok(api.post(f"/customizations/{rid}/messages", customer, {"text": WRITTEN}), 201)
    assert (posted["text"], posted["authorName"]) == (WRITTEN, WRITTEN)
    ok(act(api, customer, rid, "reject", reason=WRITTEN))
    wait_for_triggers()

    shown = ok(api.get(f"/customizations/{rid}", designer))
    assert (shown["customizationNotes"], shown["customerName"]) == (notes, WRITTEN)
    assert (shown["designerNotes"], shown["rejectionReason"]) == (WRITTEN, WRITTEN)
    (message,) = ok(api.get(f"/customizations/{rid}/messages", designer))
    assert (message["text"], message["authorName"]) == (WRITTEN, WRITTEN)
    (revision,) = ok(api.get(f"/customizations/{rid}/revisions", customer))
    assert (revision["designerNotes"], revision["rejectionReason"]) == (WRITTEN, WRITTEN)
    told = {n["type"]: n["body"] for n in ok(api.get("/notifications", designer))}
    assert told["customization.design.rejected"] == f"{WRITTEN} asked for changes: {WRITTEN}"
    assert told["customization.message.posted"] == f"{WRITTEN}: {WRITTEN}"


def test_a_control_character_is_refused_naming_its_field(api, customer, product):
    for path, body, field in (
        (
            "/customizations",
            {"productId": product["id"], "quantity": 1, "customizationNotes": "a\x00b"},
            "customizationNotes",
        ),
        ("/me", {"name": "Casey\nK."}, "name"),
    ):
        call = api.patch if path == "/me" else api.post
        error = refused(call(path, customer, body), 400, "VALIDATION_ERROR")
        assert [d["field"] for d in error["details"]] == [field]
