"""The quota counts against the Firestore emulator: the aggregation queries count exactly what the
API made, per user, inside the window. (The limits themselves are tested low in tests/unit; the
local stack's are high, functions/.env.local, so that nothing else here is throttled.)"""

from datetime import UTC, datetime, timedelta

from customizations.adapters.firestore_usage import FirestoreUsage

from tests.support.emulators import SAMPLES, firestore_client, upload


def usage():
    return FirestoreUsage(firestore_client())


def test_requests_created_are_counted_per_customer_from_the_window_start(
    new_request, customer, other_customer
):
    before = datetime.now(UTC) - timedelta(seconds=5)
    for _ in range(3):
        new_request()
    new_request(by=other_customer)
    assert usage().requests_created_since(customer.uid, before) == 3
    assert usage().requests_created_since(other_customer.uid, before) == 1
    assert usage().requests_created_since(customer.uid, datetime.now(UTC) + timedelta(seconds=5)) == 0


def test_uploaded_bytes_and_open_sessions_are_counted_per_uploader(api, customer, designer):
    before = datetime.now(UTC) - timedelta(seconds=5)
    for name in ("a.png", "b.pdf"):
        assert (
            upload(api, customer, "preview" if name.endswith("png") else "customer_design", name).status_code
            == 201
        )
    session = {
        "kind": "customer_design",
        "fileName": "big.pdf",
        "size": 5000,
        "contentType": "application/pdf",
    }
    assert api.post("/customizations/uploads", customer, session).status_code == 201
    assert upload(api, designer, "preview", "c.png").status_code == 201
    assert (
        usage().bytes_uploaded_since(customer.uid, before)
        == len(SAMPLES[".png"]) + len(SAMPLES[".pdf"]) + 5000
    )
    assert usage().open_sessions(customer.uid) == 1
    assert usage().open_sessions(designer.uid) == 0


def test_role_changes_are_logged_and_counted_per_admin(api, admin, customer, other_customer):
    before = datetime.now(UTC) - timedelta(seconds=5)
    for user in (customer, other_customer):
        assert api.put(f"/users/{user.uid}/role", admin, {"role": "designer"}).status_code == 200
    assert usage().role_changes_since(admin.uid, before) == 2
    logged = [s.to_dict() for s in firestore_client().collection("roleChanges").stream()]
    assert sorted(entry["uid"] for entry in logged) == sorted([customer.uid, other_customer.uid])
