"""What the deployed code writes for Firestore's TTL policies and indexes to act on: every document
of a growing collection carries its `expireAt`, at the lifetime declared for it, and a request
waiting for a designer carries no designerId (a null would be an index hotspot)."""

from datetime import datetime, timedelta

from customizations.domain import retention

from tests.support.emulators import act, firestore_client, granted, ok, wait_for_triggers

SLACK = timedelta(minutes=2)  # between the stored time and the moment the test reads the clock


def near(value: datetime, expected: datetime) -> bool:
    return abs(value - expected) <= SLACK


def test_every_growing_collection_is_written_with_its_expiry(api, admin, customer, designer, product):
    designer = granted(api, admin, designer, "designer")  # a role change: roleChanges
    now = datetime.now().astimezone()
    response = api.post(
        "/customizations",
        customer,
        {"productId": "mug", "quantity": 1, "customizationNotes": "Gold"},
        headers={"Idempotency-Key": "retention-1"},
    )
    rid = ok(response, 201)["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    db = firestore_client()

    (change,) = [s.to_dict() for s in db.collection("roleChanges").stream()]
    assert near(change["expireAt"], now + retention.ROLE_CHANGE)
    (key,) = [s.to_dict() for s in db.collection("idempotencyKeys").stream()]
    assert near(key["expireAt"], now + retention.IDEMPOTENCY_KEY)
    markers = [s.to_dict() for s in db.collection("processedEvents").stream()]
    assert len(markers) == 2 and all(near(m["expireAt"], now + retention.PROCESSED_EVENT) for m in markers)

    (notification,) = list(db.collection("notifications").stream())
    assert near(notification.get("expireAt"), now + retention.UNREAD_NOTIFICATION)
    ok(api.post(f"/notifications/{notification.id}/read", customer))
    assert near(notification.reference.get().get("expireAt"), now + retention.READ_NOTIFICATION)

    ok(api.post(f"/notifications/{rid}-v1/read", designer))
    reads = db.collection("users").document(designer.uid).collection("reads")
    (read,) = [s.to_dict() for s in reads.stream()]
    created = db.collection("customizationRequests").document(rid).get().get("createdAt")
    assert read["expireAt"] == created + retention.ANNOUNCEMENT_READ


def test_a_request_has_no_designer_field_until_one_claims_it(api, customer, designer, new_request):
    rid = new_request()["id"]
    stored = firestore_client().collection("customizationRequests").document(rid)
    assert "designerId" not in stored.get().to_dict()
    assert ok(api.get(f"/customizations/{rid}", customer))["designerId"] is None
    ok(act(api, designer, rid, "assign"))
    assert stored.get().get("designerId") == designer.uid
