"""The quota counts against the Firestore emulator: the counters take each call atomically (at a
limit of N, N of 20 concurrent creates pass), refused input counts per caller, and the aggregation
queries count exactly what the API made, per user, inside the window. The stack's own limits are
high (functions/.env.local), so that nothing else here is throttled: the tests that need a low
limit serve the API in this process, on the emulators, with that limit set."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from customizations.adapters.firestore_usage import FirestoreUsage
from google.cloud.firestore_v1.base_query import FieldFilter

from tests.support import usage_contract
from tests.support.emulators import SAMPLES, firestore_client, upload


def usage():
    return FirestoreUsage(firestore_client())


def stored_counter(counter_id):
    snapshot = firestore_client().collection("usage").document(counter_id).get()
    return snapshot.to_dict() if snapshot.exists else None


@pytest.mark.parametrize("case", usage_contract.CASES, ids=lambda case: case.__name__)
def test_the_firestore_usage_counter_keeps_the_contract(case):
    case(usage(), stored_counter)


@pytest.fixture
def serve_with(monkeypatch):
    """The API served in this process on the emulators (bootstrap's own wiring), with these
    parameters: a Flask test client."""
    from customizations import bootstrap
    from customizations.api.app import create_app

    def serve(**params):
        monkeypatch.setenv("LIVE_READS", "off")  # no listeners in the test process
        monkeypatch.setenv("FUNCTIONS_EMULATOR", "true")  # the emulator's tokens are unsigned
        for name, value in params.items():
            monkeypatch.setenv(name, str(value))
        monkeypatch.setattr(bootstrap.graph, "_value", None)
        return create_app(lambda: bootstrap.graph.get().services, bootstrap.token_verifier.get())

    return serve


def test_at_a_limit_of_3_exactly_3_of_20_concurrent_creates_pass(serve_with, customer, product):
    app = serve_with(QUOTA_REQUESTS_PER_HOUR=3)
    body = {"productId": product["id"], "quantity": 1, "customizationNotes": "Blue, please"}

    def create(_):
        return app.test_client().post("/customizations", json=body, headers=customer.headers)

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(create, range(20)))
    codes = sorted(r.status_code for r in responses)
    assert codes == [201] * 3 + [429] * 17, codes
    for response in responses:
        if response.status_code == 429:
            assert response.get_json()["error"]["code"] == "RATE_LIMITED"
            assert 1 <= int(response.headers["Retry-After"]) <= 3600
    made = (
        firestore_client()
        .collection("customizationRequests")
        .where(filter=FieldFilter("customerId", "==", customer.uid))
    )
    assert made.count().get()[0][0].value == 3


def test_a_caller_sending_bad_bodies_past_the_limit_gets_429_and_another_caller_does_not(
    serve_with, customer, other_customer
):
    client = serve_with(QUOTA_REFUSALS_PER_10_MINUTES=3).test_client()
    bad = {"productId": "mug", "quantity": 0, "customizationNotes": ""}
    codes = [client.post("/customizations", json=bad, headers=customer.headers).status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    response = client.post("/customizations", json=bad, headers=customer.headers)
    assert response.get_json()["error"]["code"] == "RATE_LIMITED"
    assert 1 <= int(response.headers["Retry-After"]) <= 600
    assert client.post("/customizations", json=bad, headers=other_customer.headers).status_code == 400


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
