"""A demoted or disabled user's ID token stops counting for direct Firestore reads at once, with
real Auth-emulator tokens: the API's role change and disable revoke the user's refresh tokens and
record when, and firestore.rules refuses a token from an earlier sign-in (the token would
otherwise live up to an hour). A new sign-in has exactly the user's new role."""

import time
from pathlib import Path

import pytest

from tests.support.emulators import create_user, firestore_client, ok, sign_in
from tests.support.firestore_rest import As, allowed, load_rules

RULES = Path(__file__).resolve().parents[2] / "firestore.rules"


@pytest.fixture(scope="module", autouse=True)
def rules_under_test():
    load_rules(RULES)


def next_second() -> None:
    """Auth records a revocation to the second, and a sign-in's auth_time too: what the rules tell
    apart lies in different seconds."""
    time.sleep(1.1)


def seed(customer_uid: str) -> None:
    """A request of the customer's with its contact details, another customer's, and a product."""
    db = firestore_client()
    requests_ = db.collection("customizationRequests")
    for request_id, owner in (("theirs", customer_uid), ("someone", "someone-else")):
        marker = {"adminOverride": {"reason": "rules test fixture"}}
        requests_.document(request_id).set(
            {"customerId": owner, "status": "pending_designer_review", "version": 1, **marker}
        )
        requests_.document(request_id).collection("private").document("contact").set(
            {"customerEmail": f"{owner}@example.com"}
        )
    db.collection("products").document("mug").set({"name": "Mug"})
    db.collection("users").document(customer_uid).set({"role": "customer", "name": "C"})
    db.collection("users").document("someone-else").set({"role": "customer", "name": "S"})


def test_a_demoted_admins_old_token_reads_and_writes_nothing_and_a_new_one_has_the_new_role(api):
    boss, demoted = create_user("admin"), create_user("admin")
    seed(demoted.uid)
    old = As(demoted.token)
    assert allowed(old.list("users"))  # an admin's, before
    assert allowed(old.get("customizationRequests/someone/private/contact"))
    next_second()
    assert ok(api.put(f"/users/{demoted.uid}/role", boss, {"role": "customer"})) == {
        "uid": demoted.uid,
        "role": "customer",
    }
    assert not allowed(old.list("users"))
    assert not allowed(old.get("users/someone-else"))
    assert not allowed(old.get("customizationRequests/someone/private/contact"))
    assert not allowed(old.get("customizationRequests/theirs"))  # not even as the customer it now is
    assert not allowed(old.create("products", "cheap", {"name": "Cheap", "imageUrl": "http://x.example/a"}))
    assert not allowed(old.update("products/mug", {"name": "<b>Mug</b>"}))
    next_second()
    again = As(sign_in(demoted.email, demoted.password))
    assert not allowed(again.list("users"))
    assert not allowed(again.get("customizationRequests/someone/private/contact"))
    assert allowed(again.get("users/" + demoted.uid))
    assert allowed(again.get("customizationRequests/theirs/private/contact"))
    assert allowed(again.query("customizationRequests", {"customerId": demoted.uid}))
    assert allowed(again.get("products/mug"))
    assert firestore_client().collection("products").document("mug").get().to_dict() == {"name": "Mug"}


def test_a_disabled_users_old_token_reads_nothing_and_once_enabled_a_new_sign_in_reads_again(api):
    admin, customer = create_user("admin"), create_user("customer")
    seed(customer.uid)
    old = As(customer.token)
    readable = ["users/" + customer.uid, "customizationRequests/theirs", "products/mug"]
    readable.append("customizationRequests/theirs/private/contact")
    for path in readable:
        assert allowed(old.get(path)), path
    next_second()
    ok(api.put(f"/users/{customer.uid}/disabled", admin, {"disabled": True}))
    for path in readable:
        assert not allowed(old.get(path)), path
    assert not allowed(old.query("customizationRequests", {"customerId": customer.uid}))
    ok(api.put(f"/users/{customer.uid}/disabled", admin, {"disabled": False}))
    next_second()
    again = As(sign_in(customer.email, customer.password))
    for path in readable:
        assert allowed(again.get(path)), path
    assert not allowed(again.list("users"))


def test_only_an_admin_disables_and_never_themselves(api):
    admin, customer = create_user("admin"), create_user("customer")
    for who, uid in ((customer, admin.uid), (admin, admin.uid)):
        refused = api.put(f"/users/{uid}/disabled", who, {"disabled": True})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "FORBIDDEN"
    missing = api.put("/users/nobody/disabled", admin, {"disabled": True})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "NOT_FOUND"
    ok(api.get("/me", customer))  # nobody was disabled
