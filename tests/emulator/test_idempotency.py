"""Idempotency-Key on create: a retry returns the first result and makes nothing new."""

from concurrent.futures import ThreadPoolExecutor

from tests.support.emulators import Api, firestore_client, ok

BODY = {"productId": "mug", "quantity": 1, "customizationNotes": "Gold rim"}


def stored_requests():
    return list(firestore_client().collection("customizationRequests").stream())


def test_a_retried_create_returns_the_first_request(api, customer, product):
    headers = {"Idempotency-Key": "order-form-1"}
    first = api.post("/customizations", customer, BODY, headers=headers)
    second = api.post("/customizations", customer, BODY, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["data"]["id"] == second.json()["data"]["id"]
    assert len(stored_requests()) == 1


def test_concurrent_retries_make_one_request(customer, product):
    def send(_):
        return Api().post("/customizations", customer, BODY, headers={"Idempotency-Key": "burst"})

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(send, range(8)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["data"]["id"] for r in responses}) == 1
    assert len(stored_requests()) == 1


def test_the_same_key_from_another_user_is_a_different_request(api, customer, other_customer, product):
    headers = {"Idempotency-Key": "shared"}
    a = ok(api.post("/customizations", customer, BODY, headers=headers), 201)["id"]
    b = ok(api.post("/customizations", other_customer, BODY, headers=headers), 201)["id"]
    assert a != b
    assert len(stored_requests()) == 2


def test_reusing_a_key_with_another_body_is_a_conflict(api, customer, product):
    headers = {"Idempotency-Key": "k"}
    assert api.post("/customizations", customer, BODY, headers=headers).status_code == 201
    response = api.post("/customizations", customer, {**BODY, "quantity": 3}, headers=headers)
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "CONFLICT"
    assert len(stored_requests()) == 1
