"""The conversation around a request against the emulators: the thread and its attachments, the
notifications its deployed triggers send, comments pinned to a design and a rejection pointing at
them, ratings and the figures they feed."""

from google.cloud.firestore_v1.base_query import FieldFilter

from tests.support.emulators import act, file_ref, firestore_client, ok, refused, wait_for_triggers


def designed(api, customer, designer, new_request):
    """A request the designer claimed and submitted a design for (triggers settled)."""
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    ok(
        act(
            api,
            designer,
            rid,
            "uploadFinal",
            designerFinalFile=file_ref(designer, "designer_final", "v1.png"),
        )
    )
    wait_for_triggers()
    return rid


def test_a_thread_tells_the_other_party_counts_unread_messages_and_serves_its_attachments(
    api, customer, designer, other_designer, new_request
):
    rid = designed(api, customer, designer, new_request)
    sketch = file_ref(customer, "preview", "sketch.png")
    posted = ok(
        api.post(
            f"/customizations/{rid}/messages", customer, {"text": "Like this?", "attachments": [sketch]}
        ),
        201,
    )
    assert (posted["seq"], posted["authorRole"], posted["attachments"][0]["path"]) == (
        1,
        "customer",
        sketch["path"],
    )
    ok(api.post(f"/customizations/{rid}/messages", designer, {"text": "Got it"}), 201)
    wait_for_triggers()
    told = [n for n in ok(api.get("/notifications", designer)) if n["type"] == "customization.message.posted"]
    assert [n["body"] for n in told] == ["Casey Customer: Like this?"]
    assert ok(api.get(f"/customizations/{rid}", customer))["unreadMessages"] == 1
    assert [r["unreadMessages"] for r in ok(api.get("/customizations", customer))] == [1]
    assert ok(api.post(f"/customizations/{rid}/messages/read", customer))["unreadMessages"] == 0
    assert ok(api.get(f"/customizations/{rid}", customer))["unreadMessages"] == 0
    thread = ok(api.get(f"/customizations/{rid}/messages?limit=1", designer))
    assert [m["text"] for m in thread] == ["Like this?"]
    download = api.get(f"/customizations/{rid}/messages/{posted['id']}/files/0", designer)
    assert download.status_code == 200 and download.content[:4] == b"\x89PNG"
    refused(api.get(f"/customizations/{rid}/messages/{posted['id']}/files/1", designer), 404, "NOT_FOUND")
    refused(api.get(f"/customizations/{rid}/messages", other_designer), 404, "NOT_FOUND")
    for bad in ({"text": ""}, {"text": "   "}, {"text": "x" * 2001}, {"text": "hi", "extra": 1}):
        refused(api.post(f"/customizations/{rid}/messages", customer, bad), 400, "VALIDATION_ERROR")
    uploads = firestore_client().collection("uploads")
    stored = uploads.where(filter=FieldFilter("path", "==", sketch["path"])).get()
    assert stored[0].get("attachedTo") == rid  # taken by the request: never cleaned up as an orphan


def test_comments_pinned_to_a_design_reach_the_revisions_and_a_rejection_points_at_them(
    api, customer, designer, new_request
):
    rid = designed(api, customer, designer, new_request)
    url = f"/customizations/{rid}/revisions/1/comments"
    pinned = ok(api.post(url, customer, {"text": "Logo bigger", "x": 0.4, "y": 0.6}), 201)
    reply = ok(api.post(url, designer, {"text": "How much?", "replyTo": pinned["id"]}), 201)
    assert (reply["x"], reply["y"]) == (0.4, 0.6)
    for bad in ({"text": "x", "x": 1.5, "y": 0.1}, {"text": "x", "x": "0.1", "y": 0.1}, {"text": "no point"}):
        refused(api.post(url, customer, bad), 400, "VALIDATION_ERROR")
    refused(
        api.post(f"/customizations/{rid}/revisions/2/comments", customer, {"text": "x", "x": 0, "y": 0}),
        409,
        "CONFLICT",
    )
    refused(
        api.post(f"/customizations/{rid}/revisions/x1/comments", customer, {"text": "x", "x": 0, "y": 0}),
        404,
        "NOT_FOUND",
    )
    ok(act(api, customer, rid, "reject", reason="See the comment", commentIds=[pinned["id"]]))
    resolved = ok(api.post(f"{url}/{pinned['id']}/resolve", designer))
    assert resolved["resolved"] is True and resolved["resolvedBy"] == designer.uid
    wait_for_triggers()
    (revision,) = ok(api.get(f"/customizations/{rid}/revisions", customer))
    assert revision["rejectionCommentIds"] == [pinned["id"]]
    (comment,) = revision["comments"]
    assert comment["resolved"] is True and [r["text"] for r in comment["replies"]] == ["How much?"]
    told = [n["type"] for n in ok(api.get("/notifications", customer))]
    assert "customization.comment.added" in told


def test_the_customer_rates_an_approved_design_and_the_figures_and_workload_follow(
    api, customer, designer, admin, new_request
):
    rid = designed(api, customer, designer, new_request)
    refused(act(api, customer, rid, "rate", stars=5), 409, "INVALID_TRANSITION")
    ok(act(api, customer, rid, "approve"))
    refused(act(api, designer, rid, "rate", stars=5), 403, "FORBIDDEN")
    refused(act(api, customer, rid, "rate", stars=6), 400, "VALIDATION_ERROR")
    rated = ok(act(api, customer, rid, "rate", stars=4, comment="Lovely"))
    assert (rated["status"], rated["rating"]["stars"]) == ("approved", 4)
    wait_for_triggers()
    assert "customization.request.rated" in [n["type"] for n in ok(api.get("/notifications", designer))]
    figures = ok(api.get("/customizations/stats", admin))
    assert (figures["averageRating"], figures["satisfactionRate"]) == (4.0, 1.0)
    (load,) = [w for w in ok(api.get("/customizations/workload", admin)) if w["designerId"] == designer.uid]
    assert (load["averageRating"], load["ratingCount"]) == (4.0, 1)
    trail = [e["event"] for e in ok(api.get(f"/customizations/{rid}/events", customer))]
    assert trail[-1] == "customization.request.rated"
