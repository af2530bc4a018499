"""Identity is current and contact details stay private, against the Auth and Firestore emulators:
deleted and disabled users and revoked tokens get 401, a role change ends the old role's token,
and designers see a customer's email only once one of them claims the request."""

import time
from concurrent.futures import ThreadPoolExecutor

import requests

from tests.support.emulators import (
    _IDENTITY,
    _OWNER,
    PROJECT,
    Api,
    act,
    file_ref,
    granted,
    ok,
    sign_in,
)


def auth_admin(path: str, body: dict) -> None:
    response = requests.post(f"{_IDENTITY}/projects/{PROJECT}/{path}", json=body, headers=_OWNER, timeout=30)
    response.raise_for_status()


BODY = {"productId": "mug", "quantity": 1, "customizationNotes": "x"}


def refused(response: requests.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


def next_second() -> None:
    """Auth records revocations to the second: a token must come from an earlier one to be revoked."""
    time.sleep(1.1)


def test_a_disabled_user_is_refused_and_may_sign_in_again_once_enabled(api, customer):
    ok(api.get("/customizations", customer))
    auth_admin("accounts:update", {"localId": customer.uid, "disableUser": True})
    refused(api.post("/customizations", customer, BODY))  # a write reads the user afresh
    auth_admin("accounts:update", {"localId": customer.uid, "disableUser": False})
    again = sign_in(customer.email, customer.password)
    ok(api.get("/notifications", None, headers={"Authorization": f"Bearer {again}"}))


def test_a_deleted_user_is_refused(api, customer):
    ok(api.get("/customizations", customer))
    auth_admin("accounts:delete", {"localId": customer.uid})
    # A write reads the user afresh; reads trust what the instance read for up to 30 s (docs/security.md).
    refused(api.post("/customizations", customer, BODY))


def test_a_token_issued_before_its_users_tokens_were_revoked_is_refused_for_writes_at_once(
    api, customer, product
):
    next_second()
    auth_admin("accounts:update", {"localId": customer.uid, "validSince": str(int(time.time()))})
    refused(api.post("/customizations", customer, BODY))
    fresh = sign_in(customer.email, customer.password)
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "x"}
    assert (
        api.post("/customizations", None, body, headers={"Authorization": f"Bearer {fresh}"}).status_code
        == 201
    )


def test_a_demoted_admin_cannot_use_the_token_they_had(api, admin, customer, other_customer):
    from tests.support.emulators import create_user

    second_admin = create_user("admin")
    next_second()
    granted(api, admin, second_admin, "customer")  # revokes the second admin's tokens
    refused(api.put(f"/users/{customer.uid}/role", second_admin, {"role": "admin"}))
    refused(api.get("/customizations", second_admin))  # an admin token is checked afresh on reads too


def test_a_designer_demoted_to_customer_no_longer_sees_what_they_worked_on(api, admin, designer, new_request):
    request_id = new_request()["id"]
    ok(act(api, designer, request_id, "assign"))
    next_second()
    demoted = granted(api, admin, designer, "customer")
    refused(api.get(f"/customizations/{request_id}", designer))  # the old designer token
    hidden = api.get(f"/customizations/{request_id}", demoted)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "NOT_FOUND"


def test_designers_see_the_customers_email_only_once_one_claims_the_request(
    api, customer, designer, other_designer, admin, new_request
):
    created = new_request()
    assert created["customerEmail"] == customer.email  # the customer sees their own
    request_id = created["id"]
    assert ok(api.get(f"/customizations/{request_id}", designer))["customerEmail"] is None
    assert [r["customerEmail"] for r in ok(api.get("/customizations/pending", designer))] == [None]
    assert ok(api.get(f"/customizations/{request_id}", admin))["customerEmail"] == customer.email
    assert ok(act(api, designer, request_id, "assign"))["customerEmail"] == customer.email
    assert ok(api.get(f"/customizations/{request_id}", designer))["customerEmail"] == customer.email
    hidden = api.get(f"/customizations/{request_id}", other_designer)
    assert hidden.status_code == 404 and hidden.json()["error"]["code"] == "NOT_FOUND"


def test_two_creates_naming_one_upload_give_it_to_exactly_one(customer, product):
    design = file_ref(customer, "customer_design", "brief.pdf")
    body = {
        "productId": product["id"],
        "quantity": 1,
        "customizationNotes": "Gold",
        "customerDesignFile": design,
    }

    def create(_):
        return Api().post("/customizations", customer, body)

    for _ in range(3):
        design = file_ref(customer, "customer_design", "brief.pdf")
        body["customerDesignFile"] = design
        with ThreadPoolExecutor(max_workers=2) as pool:
            answers = list(pool.map(create, range(2)))
        codes = sorted(a.status_code for a in answers)
        assert codes[0] == 201 and codes[1] in (400, 409), [a.text for a in answers]
        loser = next(a for a in answers if a.status_code != 201).json()["error"]["code"]
        assert loser in ("CONFLICT", "VALIDATION_ERROR")  # taken meanwhile, or already taken when read
