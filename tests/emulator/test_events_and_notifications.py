"""The event trigger on the emulators: audit trail, revisions, notifications, counters, exactly once."""

import json
import random
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from customizations.adapters.fcm import NoPush
from customizations.adapters.firestore_events import FirestoreEvents
from customizations.domain import statistics
from customizations.services.bus import HandlerFailed, handle_write
from customizations.services.fanout import Fanout
from customizations.services.reports import reconcile_loads
from google.cloud.firestore_v1.base_query import FieldFilter

from tests.support.emulators import (
    act,
    all_pages,
    counters_equal_recount,
    create_user,
    file_ref,
    firestore_client,
    granted,
    ok,
    refused,
    wait_for_triggers,
)
from tests.support.fakes import FakePush


def notifications_of(api, user, query=""):
    response = api.get(f"/notifications{query}", user)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def run_lifecycle(api, customer, designer, admin, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    ok(
        act(
            api,
            designer,
            rid,
            "uploadFinal",
            designerFinalFile=file_ref(designer, "designer_final", "v1.png"),
            designerNotes="First",
        )
    )
    ok(act(api, customer, rid, "reject", reason="Bigger logo"))
    ok(
        act(
            api,
            designer,
            rid,
            "uploadFinal",
            designerFinalFile=file_ref(designer, "designer_final", "v2.png"),
        )
    )
    ok(act(api, customer, rid, "approve"))
    ok(act(api, admin, rid, "complete", orderId="o-1"))
    wait_for_triggers()
    return rid


def test_the_audit_trail_lists_every_transition_oldest_first(
    api, customer, designer, admin, new_request, other_customer, other_designer
):
    rid = run_lifecycle(api, customer, designer, admin, new_request)
    response = api.get(f"/customizations/{rid}/events", customer)
    assert response.status_code == 200, response.text
    trail = response.json()["data"]
    assert [e["event"].rsplit(".", 1)[1] for e in trail] == [
        "created",
        "assigned",
        "completed",
        "rejected",
        "completed",
        "approved",
        "completed",
    ]
    assert [e["version"] for e in trail] == list(range(1, 8))
    assert trail[3] == {
        **trail[3],
        "fromStatus": "awaiting_customer_approval",
        "toStatus": "in_progress",
        "actorId": customer.uid,
    }
    assert api.get(f"/customizations/{rid}/events", designer).status_code == 200
    assert api.get(f"/customizations/{rid}/events", admin).status_code == 200
    for outsider in (other_customer, other_designer):
        refused(api.get(f"/customizations/{rid}/events", outsider), 404, "NOT_FOUND")


def test_revisions_keep_every_design_and_the_reason_each_was_rejected(
    api, customer, designer, admin, new_request, other_designer
):
    rid = run_lifecycle(api, customer, designer, admin, new_request)
    response = api.get(f"/customizations/{rid}/revisions", customer)
    assert response.status_code == 200, response.text
    first, second = response.json()["data"]
    assert (first["number"], first["designerFinalFile"]["fileName"], first["designerNotes"]) == (
        1,
        "v1.png",
        "First",
    )
    assert first["rejectionReason"] == "Bigger logo" and first["approvedAt"] is None
    assert second["designerFinalFile"]["fileName"] == "v2.png" and second["rejectionReason"] is None
    assert second["approvedAt"] is not None
    current = api.get(f"/customizations/{rid}", customer).json()["data"]
    assert current["designerFinalFile"]["fileName"] == "v2.png"
    refused(api.get(f"/customizations/{rid}/revisions", other_designer), 404, "NOT_FOUND")


def test_each_event_notifies_the_parties_once(api, customer, designer, other_designer, admin, new_request):
    designer = granted(api, admin, designer, "designer")
    other_designer = granted(api, admin, other_designer, "designer")
    run_lifecycle(api, customer, designer, admin, new_request)
    kinds = lambda user: sorted(n["type"].split(".", 1)[1] for n in notifications_of(api, user))  # noqa: E731
    assert kinds(customer) == [
        "design.completed",
        "design.completed",
        "designer.assigned",
        "request.completed",
    ]
    assert kinds(designer) == ["design.approved", "design.rejected", "request.completed", "request.created"]
    assert kinds(other_designer) == ["request.created"]
    assert kinds(admin) == []


def test_notifications_page_newest_first_filter_unread_and_are_marked_read_by_their_recipient_only(
    api, customer, designer, other_customer, new_request
):
    rids = [new_request()["id"] for _ in range(3)]
    for rid in rids:
        ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    first = api.get("/notifications?limit=2", customer).json()
    assert [n["requestId"] for n in first["data"]] == rids[::-1][:2] and first["nextCursor"]
    rest = api.get(f"/notifications?limit=2&cursor={first['nextCursor']}", customer).json()
    assert [n["requestId"] for n in rest["data"]] == [rids[0]] and rest["nextCursor"] is None

    target = first["data"][0]["id"]
    refused(api.post(f"/notifications/{target}/read", other_customer), 404, "NOT_FOUND")
    refused(api.post(f"/notifications/{target}/read", designer), 404, "NOT_FOUND")
    marked = api.post(f"/notifications/{target}/read", customer)
    assert marked.status_code == 200, marked.text
    read_at = marked.json()["data"]["readAt"]
    assert read_at is not None
    again = api.post(f"/notifications/{target}/read", customer).json()["data"]
    assert again["readAt"] == read_at
    unread = notifications_of(api, customer, "?unread=true")
    assert sorted(n["id"] for n in unread) == sorted(n["id"] for n in first["data"][1:] + rest["data"])
    refused(api.post("/notifications/nope/read", customer), 404, "NOT_FOUND")


def test_announcements_follow_the_role_a_user_has_now(api, admin, other_customer, new_request):
    first = new_request()["id"]
    wait_for_triggers()
    assert notifications_of(api, other_customer) == []
    promoted = granted(api, admin, other_customer, "designer")  # a new designer sees recent requests
    second = new_request()["id"]
    wait_for_triggers()
    assert [n["requestId"] for n in notifications_of(api, promoted)] == [second, first]
    demoted = granted(api, admin, promoted, "customer")
    assert notifications_of(api, demoted) == []
    refused(api.post(f"/notifications/{second}-v1/read", demoted), 404, "NOT_FOUND")


def stats():
    from customizations.adapters.firestore_stats import FirestoreStats

    return FirestoreStats(firestore_client())


def store():
    return FirestoreEvents(firestore_client())


def claimed_request(api, designer, new_request):
    """A request a designer just claimed (trigger settled): its id, stored snapshot, and the
    before and after images of the claim."""
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    snapshot = firestore_client().collection("customizationRequests").document(rid).get()
    after = snapshot.to_dict()
    before = {
        **after,
        "status": "pending_designer_review",
        "version": 1,
        "designerId": None,
        "designerName": None,
        "assignedAt": None,
        "assignedCount": 0,
        "responseHours": 0,
        "lastEvent": {**after["lastEvent"], "event": "customization.request.created"},
    }
    return rid, snapshot, before, after


def effects(api, user, rid):
    """Everything the fan-out writes that a redelivery could double: notifications, the audit trail,
    designers' loads (the only counters), and the figures the user reads."""
    db = firestore_client()
    audit = db.collection("customizationRequests").document(rid).collection("events")
    figures = {k: v for k, v in api.get("/customizations/stats", user).json()["data"].items() if k != "asOf"}
    return (
        sorted(s.id for s in db.collection("notifications").stream()),
        sorted(s.id for s in audit.stream()),
        figures,
        {s.id: s.to_dict() for s in db.collection("designerLoads").stream()},
    )


def test_a_duplicate_delivery_changes_nothing(api, customer, designer, new_request):
    rid, snapshot, before, after = claimed_request(api, designer, new_request)
    settled = effects(api, customer, rid)
    bus = Fanout(store(), NoPush()).bus()
    for _ in range(2):  # as if the platform delivered the assign event twice more
        handle_write(bus, rid, before, after, snapshot.update_time)
    assert effects(api, customer, rid) == settled
    counters_equal_recount()


def test_a_write_that_bypasses_the_api_is_recorded_as_a_violation_and_rolled_back_once(
    api, customer, designer, admin, new_request
):
    designer = granted(api, admin, designer, "designer")
    rid = new_request()["id"]
    wait_for_triggers()
    loads_before = effects(api, admin, rid)[3]
    notes_before = len(notifications_of(api, customer)) + len(notifications_of(api, designer))
    firestore_client().collection("customizationRequests").document(rid).update(
        {"status": "approved", "version": 2, "lastEvent.event": "customization.design.approved"}
    )
    wait_for_triggers()  # the violation, then its rollback and the restoration's own event
    trail = api.get(f"/customizations/{rid}/events", admin).json()["data"]
    assert [e["event"] for e in trail] == ["customization.request.created", "violation", "restored"]
    assert (trail[1]["fromStatus"], trail[1]["toStatus"], trail[1]["rolledBack"]) == (
        "pending_designer_review",
        "approved",
        True,
    )
    assert (trail[1]["illegal"]["status"], trail[1]["illegal"]["version"]) == ("approved", 2)  # kept
    assert (trail[2]["actorId"], trail[2]["toStatus"], trail[2]["version"]) == (
        "system",
        "pending_designer_review",
        1,
    )
    back = ok(api.get(f"/customizations/{rid}", admin))
    assert (back["status"], back["version"], back["lastEvent"]["event"]) == (
        "pending_designer_review",
        1,
        "customization.request.created",
    )
    assert len(notifications_of(api, customer)) + len(notifications_of(api, designer)) == notes_before
    assert effects(api, admin, rid)[3] == loads_before  # no counter moved
    assert ok(api.get("/customizations/stats", admin))["byStatus"]["approved"] == 0
    ok(act(api, designer, rid, "assign"))  # and the request goes on from where it legally was


def test_a_new_request_writes_nothing_per_designer_and_each_designer_reads_it_as_their_own(
    api, admin, customer, designer, other_designer, new_request
):
    designer = granted(api, admin, designer, "designer")
    other_designer = granted(api, admin, other_designer, "designer")
    db = firestore_client()
    rid = new_request()["id"]
    wait_for_triggers()
    assert list(db.collection("notifications").stream()) == []
    snapshot = db.collection("customizationRequests").document(rid).get()
    push = FakePush()
    handle_write(Fanout(store(), push).bus(), rid, None, snapshot.to_dict(), snapshot.update_time)
    assert push.topics == []  # a redelivery: handled already, nothing pushed again

    announced = f"{rid}-v1"
    for someone in (designer, other_designer):
        (item,) = notifications_of(api, someone)
        assert (item["id"], item["recipientId"], item["readAt"]) == (announced, someone.uid, None)
    marked = ok(api.post(f"/notifications/{announced}/read", designer))
    assert marked["readAt"] is not None
    assert ok(api.post(f"/notifications/{announced}/read", designer))["readAt"] == marked["readAt"]
    assert notifications_of(api, designer, "?unread=true") == []
    assert [n["id"] for n in notifications_of(api, other_designer, "?unread=true")] == [announced]
    refused(api.post(f"/notifications/{announced}/read", customer), 404, "NOT_FOUND")
    assert notifications_of(api, designer)[0]["readAt"] == marked["readAt"]
    for nonsense in ("__x__-v1", "..-v1", ".-v1", "-v1"):  # names no request there could be
        refused(api.post(f"/notifications/{nonsense}/read", designer), 404, "NOT_FOUND")


def test_a_designers_inbox_pages_through_ties_between_its_sources(api, admin, designer, new_request):
    """Announcements (requests) and the designer's own notifications at the very same instants,
    on real Firestore queries: every page size gives the same list, newest first, own first."""
    designer = granted(api, admin, designer, "designer")
    db = firestore_client()
    rids = [new_request()["id"] for _ in range(4)]
    wait_for_triggers()
    requests = db.collection("customizationRequests")
    times = [requests.document(rid).get().get("createdAt") for rid in rids]
    batch = db.batch()
    for n, at in enumerate([times[0], times[0], times[2], times[3] + timedelta(seconds=1)]):
        batch.set(
            db.collection("notifications").document(f"own-{n}"),
            {
                "recipientId": designer.uid,
                "type": "customization.design.approved",
                "requestId": rids[0],
                "title": "t",
                "body": "b",
                "createdAt": at,
                "readAt": None,
                "version": 5,
            },
        )
    batch.commit()
    whole = notifications_of(api, designer, "?limit=100")
    assert len(whole) == 8
    ranked = [
        (datetime.fromisoformat(n["createdAt"]), n["type"] != "customization.request.created", n["id"])
        for n in whole
    ]
    assert ranked == sorted(ranked, reverse=True)
    for limit in (1, 2, 3):
        assert all_pages(api, f"/notifications?limit={limit}", designer) == whole
    ok(api.post("/notifications/own-0/read", designer))
    ok(api.post(f"/notifications/{rids[2]}-v1/read", designer))
    unread = [n for n in whole if n["id"] not in {"own-0", f"{rids[2]}-v1"}]
    for limit in (1, 3):
        assert all_pages(api, f"/notifications?unread=true&limit={limit}", designer) == unread


def test_counters_equal_a_recount_after_random_histories(
    api, customer, other_customer, designer, other_designer, admin, product
):
    """Random actions by random parties: each answers as a model of the lifecycle says (taken when
    the party may take it from the request's state, refused otherwise), every action is taken at
    least once, and the counters then equal a recount."""
    rng = random.Random(11)
    customers, designers = [customer, other_customer], [designer, other_designer]
    model: dict[str, dict[str, Any]] = {}  # request id -> status, owner, designer, rejections
    taken: Counter[str] = Counter()
    for _ in range(60):
        if rng.random() < 0.2 or not model:
            owner = rng.choice(customers)
            body = {"productId": "mug", "quantity": 1, "customizationNotes": "r"}
            created = ok(api.post("/customizations", owner, body), 201)
            model[created["id"]] = {"status": "pending_designer_review", "owner": owner, "designer": None}
            model[created["id"]]["rejections"] = 0
            continue
        rid = rng.choice(list(model))
        request = model[rid]
        holder = next((d for d in designers if d.uid == request["designer"]), None)
        who_designer = holder if holder and rng.random() < 0.7 else rng.choice(designers)
        steps = [
            ("assign", who_designer, {}),
            ("uploadFinal", who_designer, {"designerFinalFile": file_ref(who_designer, "designer_final")}),
            ("approve", request["owner"], {}),
            ("reject", request["owner"], {"reason": "again"}),
            ("cancel", request["owner"], {}),
            ("complete", admin, {"orderId": "o"}),
        ]
        # Mostly a step the request's state allows (onwards rather than a cancel), so that every
        # action is taken; otherwise anything, which must be refused where the model says so.
        onwards = [step for step in steps if step[0] != "cancel" and request["status"] in MODEL[step[0]][0]]
        action, user, fields = rng.choice(onwards if onwards and rng.random() < 0.7 else steps)
        expected = _model_step(request, action, user)
        answer = act(api, user, rid, action, **fields)
        if expected is None:
            assert answer.status_code in (403, 404, 409), (action, request["status"], answer.text[:300])
        else:
            assert answer.status_code == 200, (action, request["status"], answer.text[:300])
            assert answer.json()["data"]["status"] == expected
            request["status"] = expected
            taken[action] += 1
    assert set(taken) == {"assign", "uploadFinal", "approve", "reject", "cancel", "complete"}, taken
    wait_for_triggers(timeout=60)
    counters_equal_recount()
    total = api.get("/customizations/stats", admin).json()["data"]["total"]
    assert total == len(model)


OPEN = ("pending_designer_review", "in_progress", "awaiting_customer_approval")
# action -> (the statuses it is taken from, the status it leads to), by the product's contract
MODEL = {
    "assign": (("pending_designer_review",), "in_progress"),
    "uploadFinal": (("in_progress",), "awaiting_customer_approval"),
    "approve": (("awaiting_customer_approval",), "approved"),
    "reject": (("awaiting_customer_approval",), "in_progress"),
    "cancel": (OPEN, "cancelled"),
    "complete": (("approved",), "completed"),
}


def _model_step(request: dict[str, Any], action: str, user: Any) -> str | None:
    """The status an action leads to by the product's rules, written out independently of the code
    under test, or None where it must be refused (the designer's steps by the one who holds it, three
    rounds of changes); records who holds the request."""
    sources, target = MODEL[action]
    if request["status"] not in sources:
        return None
    if action == "uploadFinal" and request["designer"] != user.uid:
        return None
    if action == "reject":
        if request["rejections"] >= 3:
            return None
        request["rejections"] += 1
    if action == "assign":
        request["designer"] = user.uid
    return target


def test_reconciliation_repairs_loads_that_were_made_wrong(api, customer, designer, admin, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()

    def figures():
        return {k: v for k, v in ok(api.get("/customizations/stats", designer)).items() if k != "asOf"}

    right = figures()
    loads = firestore_client().collection("designerLoads")
    today = datetime.now(UTC).date().isoformat()
    loads.document(designer.uid).update({"total": 6, "byStatus.approved": 2})
    loads.document("ghost").set({"designerId": "ghost", "total": 3, "touchedOn": today})
    assert figures() != right

    def reconcile():
        return reconcile_loads(stats(), datetime.now(UTC), timedelta(0))

    corrections = reconcile()
    assert corrections == {designer.uid: {"total": -5, "byStatus.approved": -2}, "ghost": {"total": -3}}
    assert figures() == right
    counters_equal_recount()
    assert reconcile() == {}


def test_reconciliation_makes_a_seat_written_blind_whole_and_right(api, designer, new_request):
    """Handing work back writes the designer's seat blind (no read on the way): a designer with no
    seat document (work held from before seats) gets one routing cannot see, until the recount
    makes its count right and gives it what routing needs."""
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    seat = firestore_client().collection("designerSeats").document(designer.uid)
    seat.delete()
    ok(act(api, designer, rid, "release", reason="Not for me this week"))
    wait_for_triggers()
    assert seat.get().to_dict() == {"designerId": designer.uid, "active": -1}

    corrections = reconcile_loads(stats(), datetime.now(UTC), timedelta(0))

    assert corrections[designer.uid] == {"seat.active": 1, "seat.completed": 1}
    whole = seat.get().to_dict()
    assert (whole["active"], whole["available"], whole["lastAssignedAt"]) == (0, True, None)
    shown = ok(api.get("/me", designer))["availability"]
    assert (shown["available"], shown["active"]) == (True, 0)
    assert reconcile_loads(stats(), datetime.now(UTC), timedelta(0)) == {}


def test_reconciliation_running_while_designers_claim_never_makes_a_load_wrong(
    api, customer, designer, other_designer, admin, new_request
):
    """Reconciliation runs again and again while two designers claim and submit; a third
    designer's load, broken beforehand and left idle, is repaired meanwhile. Once the trigger
    settles, every load equals a recount with no run after the traffic: the runs added no drift."""
    import threading

    idle = granted(api, admin, create_user("designer"), "designer")
    broken = new_request()["id"]
    ok(act(api, idle, broken, "assign"))
    rids = [new_request()["id"] for _ in range(12)]
    wait_for_triggers()
    loads = firestore_client().collection("designerLoads")
    loads.document(idle.uid).update({"total": 9})  # a drift, as a lost event would leave
    margin = timedelta(seconds=2)  # the local stack's RECONCILE_MARGIN_SECONDS
    stop, runs, repaired = threading.Event(), [], threading.Event()

    def reconcile_until_stopped():
        while not stop.is_set():
            corrections = reconcile_loads(stats(), datetime.now(UTC), margin)
            runs.append(corrections)
            if idle.uid in corrections:
                repaired.set()
            time.sleep(0.2)

    running = threading.Thread(target=reconcile_until_stopped)
    running.start()
    try:
        for n, rid in enumerate(rids):
            worker = designer if n % 2 else other_designer
            ok(act(api, worker, rid, "assign"))
            if n % 3 == 0:
                ok(act(api, worker, rid, "uploadFinal", designerFinalFile=file_ref(worker, "designer_final")))
        assert repaired.wait(timeout=30), "the idle designer's load was never repaired"
    finally:
        stop.set()
        running.join()
    wait_for_triggers()
    assert len(runs) >= 3
    counters_equal_recount()


def test_notification_timestamps_are_the_events_time(api, customer, designer, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    (note,) = notifications_of(api, customer)
    request = api.get(f"/customizations/{rid}", customer).json()["data"]
    assert note["createdAt"] == request["lastEvent"]["at"]
    assert datetime.fromisoformat(note["createdAt"]) <= datetime.now(UTC)


def cloud_event(event_id, rid, before, after, update_time):
    """The CloudEvent the platform sends for one write, in its JSON form (before None: a create)."""
    from cloudevents.http import CloudEvent

    from tests.support.firestore_rest import encode

    name = f"projects/demo-customizations/databases/(default)/documents/customizationRequests/{rid}"

    def image(doc):
        stamp = update_time.isoformat().replace("+00:00", "Z")
        return {
            "name": name,
            "fields": {k: encode(v) for k, v in doc.items()},
            "createTime": stamp,
            "updateTime": stamp,
        }

    attributes = {
        "id": event_id,
        "type": "google.cloud.firestore.document.v1.written",
        "specversion": "1.0",
        "source": "//firestore.googleapis.com/projects/demo-customizations/databases/(default)",
        "datacontenttype": "application/json",
        "time": update_time.isoformat().replace("+00:00", "Z"),
        "location": "us-central1",
        "project": "demo-customizations",
        "namespace": "(default)",
        "database": "(default)",
        "document": f"customizationRequests/{rid}",
        "subject": f"documents/customizationRequests/{rid}",
    }
    data = {"value": image(after)} if before is None else {"oldValue": image(before), "value": image(after)}
    return CloudEvent(attributes, json.dumps(data))


def undo_first_delivery(rid, before, after):
    """Take back what the emulator's own delivery of the claim wrote, as if it had failed."""
    db, key = firestore_client(), f"{rid}-v2"
    db.collection("processedEvents").document(key).delete()
    db.collection("customizationRequests").document(rid).collection("events").document(key).delete()
    for note in db.collection("notifications").where(filter=FieldFilter("requestId", "==", rid)).stream():
        if note.id.startswith(f"{key}-"):
            note.reference.delete()
    for uid, figures in statistics.designer_delta(before, after).items():
        stats().correct(uid, {name: -value for name, value in figures.items()})


@pytest.mark.parametrize(
    ("failing", "raised"),
    [
        ("legal_and_people", RuntimeError),  # the read before the handlers (the legal copy, the people named)
        ("commit_once", HandlerFailed),  # the commit, after every handler ran
    ],
)
def test_the_deployed_trigger_retried_after_a_failure_lands_its_effects_once(
    api, customer, designer, new_request, monkeypatch, failing, raised
):
    import main

    monkeypatch.setenv("FUNCTIONS_EMULATOR", "true")  # no FCM from the test process
    rid, snapshot, before, after = claimed_request(api, designer, new_request)
    settled = effects(api, customer, rid)
    undo_first_delivery(rid, before, after)
    assert effects(api, customer, rid) != settled

    real, failures = getattr(FirestoreEvents, failing), [RuntimeError("Firestore unavailable")]

    def fails_once(self, *args):
        if failures:
            raise failures.pop()
        return real(self, *args)

    monkeypatch.setattr(FirestoreEvents, failing, fails_once)
    with pytest.raises(raised):  # the platform retries a trigger that raised
        main.on_request_written(cloud_event("delivery-1", rid, before, after, snapshot.update_time))
    assert effects(api, customer, rid)[:2] == ([], [f"{rid}-v1"])  # nothing of the failed delivery
    for event_id in ("delivery-2", "delivery-3"):  # the retry, then a duplicate with a new event id
        main.on_request_written(cloud_event(event_id, rid, before, after, snapshot.update_time))
    assert effects(api, customer, rid) == settled
    counters_equal_recount()


def test_the_audit_trail_and_revisions_page_with_a_cursor(api, customer, designer, admin, new_request):
    rid = run_lifecycle(api, customer, designer, admin, new_request)
    for path, key, limit in (
        (f"/customizations/{rid}/events", "version", 2),
        (f"/customizations/{rid}/revisions", "number", 1),
    ):
        whole = api.get(path, customer).json()
        assert whole["nextCursor"] is None
        pages, cursor = [], None
        while True:
            response = api.get(path + f"?limit={limit}" + (f"&cursor={cursor}" if cursor else ""), customer)
            assert response.status_code == 200, response.text
            pages.append(response.json()["data"])
            cursor = response.json()["nextCursor"]
            if cursor is None:
                break
        assert [item[key] for page in pages for item in page] == [item[key] for item in whole["data"]]
        assert all(len(page) <= limit for page in pages) and len(pages) > 1
    refused(api.get(f"/customizations/{rid}/events?limit=0", customer), 400, "VALIDATION_ERROR")
    refused(api.get(f"/customizations/{rid}/events?cursor=nonsense", customer), 400, "VALIDATION_ERROR")
