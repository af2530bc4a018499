"""firestore.rules, case by case over the emulator's REST API with end-user tokens.

Each row is one cell of the access matrix; a rule loosened anywhere turns some row's 403 into 200.
Denied means exactly the rules' 403 PERMISSION_DENIED, and every document a case reads or changes
exists, so that a permissive rule is seen as the 200 it gives, never hidden behind a 404.
"""

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.support.emulators import firestore_client
from tests.support.firestore_rest import As, allowed, load_rules, token

RULES = Path(__file__).resolve().parents[2] / "firestore.rules"
NOW = datetime(2026, 11, 25, tzinfo=UTC)
# When the API revoked adm3's tokens (an admin demoted to customer): Auth's time, to the second.
REVOKED_AT = int(time.time()) - 600

USERS = {
    "owner": As(token("cust", "customer")),
    "noclaim": As(token("cust")),  # no role claim: still a customer, and the owner
    "other": As(token("other", "customer")),
    "designer": As(token("des", "designer")),
    "other_designer": As(token("des2", "designer")),
    "admin": As(token("adm", "admin")),
    "anon": As(None),
    "fake_admin": As(token("adm2", "Admin")),  # claims are case-sensitive
    "demoted_designer": As(token("des", "customer")),  # worked on working1, no longer a designer
    "owner_as_designer": As(token("cust", "designer")),  # the owner, now a designer
    # adm3's tokens: signed in as an admin before the revocation, in its very second, and again after
    "revoked_admin": As(token("adm3", "admin", auth_time=REVOKED_AT - 1)),
    "revoked_in_its_second": As(token("adm3", "admin", auth_time=REVOKED_AT)),
    "signed_in_again": As(token("adm3", "customer", auth_time=REVOKED_AT + 1)),
}
# No designer yet. Written around the API, as a fixture: with the admin override marker, so that the
# trigger keeps it (docs/workflow.md) instead of rolling it back.
REQUEST = {
    "customerId": "cust",
    "status": "pending_designer_review",
    "version": 1,
    "adminOverride": {"reason": "rules test fixture"},
}


COUNTER = "cust_requests_20261125T0000"  # the owner's quota counter for one hour


@pytest.fixture(scope="module", autouse=True)
def rules_under_test():
    load_rules(RULES)


@pytest.fixture(autouse=True)
def seeded(clean_stack):
    db = firestore_client()
    requests_ = db.collection("customizationRequests")
    requests_.document("pending1").set(REQUEST)
    working = {**REQUEST, "designerId": "des", "status": "in_progress"}
    requests_.document("working1").set(working)
    requests_.document("working1").collection("events").document("e1").set({"event": "x", "at": NOW})
    requests_.document("working1").collection("revisions").document("r1").set({"submittedAt": NOW})
    requests_.document("working1").collection("messages").document("m1").set({"text": "Hi", "seq": 1})
    requests_.document("working1").collection("comments").document("c1").set({"text": "Here", "revision": 1})
    for request_id in ("pending1", "working1"):
        requests_.document(request_id).collection("private").document("contact").set(
            {"customerEmail": "cust@example.com"}
        )
    db.collection("notifications").document("n1").set(
        {"recipientId": "cust", "title": "Hi", "readAt": None, "createdAt": NOW}
    )
    db.collection("statistics").document("global").set({"figures": {"total": 1}, "asOf": NOW})
    db.collection("designerLoads").document("des").set({"designerId": "des", "total": 1, "active": 1})
    db.collection("designerSeats").document("des").set({"designerId": "des", "available": True, "active": 1})
    # (what the override's trigger writes too: the request as it legally stands)
    requests_.document("working1").collection("private").document("state").set({"state": working})
    db.collection("products").document("mug").set({"name": "Mug"})
    db.collection("users").document("cust").set(
        {
            "role": "customer",
            "name": "C",
            "devices": {"d1": {"token": "secret-push-token", "platform": "ios"}},
        }
    )
    db.collection("users").document("des").collection("reads").document("pending1-v1").set({"readAt": NOW})
    db.collection("idempotencyKeys").document("k1").set({"requestId": "pending1"})
    db.collection("usage").document(COUNTER).set({"count": 1, "expireAt": NOW})
    db.collection("tokenRevocations").document("adm3").set({"revokedAt": REVOKED_AT})
    db.collection("users").document("adm3").set({"role": "customer", "name": "A"})
    requests_.document("theirs1").set({**REQUEST, "customerId": "adm3"})
    requests_.document("theirs1").collection("private").document("contact").set(
        {"customerEmail": "adm3@example.com"}
    )
    notice = {"recipientId": "adm3", "title": "Hi", "readAt": None, "createdAt": NOW}
    db.collection("notifications").document("n3").set(notice)
    db.collection("anything").document("x").set({"a": 1})


REQUEST_CASES = [
    # who, document, may get
    ("owner", "pending1", True),
    ("noclaim", "pending1", True),
    ("other", "pending1", False),
    ("designer", "pending1", True),
    ("anon", "pending1", False),
    ("admin", "pending1", True),
    ("fake_admin", "working1", False),
    ("owner", "working1", True),
    ("designer", "working1", True),
    ("other_designer", "working1", False),
    ("other", "working1", False),
    ("admin", "working1", True),
    ("demoted_designer", "working1", False),
    ("owner_as_designer", "working1", False),
]


@pytest.mark.parametrize(("who", "doc", "may"), REQUEST_CASES)
def test_request_get(who, doc, may):
    assert allowed(USERS[who].get(f"customizationRequests/{doc}")) is may


QUERY_CASES = [
    ("owner", {"customerId": "cust"}, True),
    ("owner", {}, False),
    ("other", {"customerId": "cust"}, False),
    ("designer", {"designerId": "des"}, True),
    ("designer", {"status": "pending_designer_review"}, True),
    ("designer", {"status": "in_progress"}, False),
    ("designer", {}, False),
    ("other_designer", {"designerId": "des"}, False),
    ("admin", {}, True),
    ("anon", {"customerId": "cust"}, False),
]


@pytest.mark.parametrize(("who", "where", "may"), QUERY_CASES)
def test_request_queries_pass_only_when_constrained_to_what_the_caller_may_read(who, where, may):
    assert allowed(USERS[who].query("customizationRequests", where)) is may


@pytest.mark.parametrize("who", ["owner", "designer", "admin", "anon"])
def test_no_client_creates_updates_or_deletes_a_request(who):
    user = USERS[who]
    assert not allowed(user.create("customizationRequests", "new1", REQUEST))
    assert not allowed(user.update("customizationRequests/pending1", {"status": "approved"}))
    assert not allowed(user.delete("customizationRequests/pending1"))


@pytest.mark.parametrize("sub", ["events", "revisions", "messages", "comments"])
@pytest.mark.parametrize(
    ("who", "may"),
    [
        ("owner", True),
        ("designer", True),
        ("admin", True),
        ("other", False),
        ("other_designer", False),
        ("anon", False),
    ],
)
def test_a_requests_history_and_conversation_are_read_by_participants_and_written_by_nobody(sub, who, may):
    user = USERS[who]
    first = {"events": "e1", "revisions": "r1", "messages": "m1", "comments": "c1"}[sub]
    assert allowed(user.get(f"customizationRequests/working1/{sub}/{first}")) is may
    assert allowed(user.query(sub, {}, parent="customizationRequests/working1")) is may
    assert not allowed(user.create(f"customizationRequests/working1/{sub}", "x", {"event": "forged"}))
    assert not allowed(user.update(f"customizationRequests/working1/{sub}/{first}", {"event": "edited"}))
    assert not allowed(user.delete(f"customizationRequests/working1/{sub}/{first}"))


@pytest.mark.parametrize(
    ("who", "may"), [("owner", True), ("other", False), ("admin", False), ("anon", False)]
)
def test_only_the_recipient_reads_a_notification(who, may):
    user = USERS[who]
    assert allowed(user.get("notifications/n1")) is may
    assert allowed(user.query("notifications", {"recipientId": "cust"})) is may


def test_the_recipient_may_set_read_at_once_to_the_servers_time_and_nothing_else():
    owner = USERS["owner"]
    assert not allowed(owner.update("notifications/n1", {"title": "Changed"}))
    assert not allowed(owner.update("notifications/n1", {"readAt": NOW, "title": "Changed"}))
    assert not allowed(owner.update("notifications/n1", {"readAt": "yesterday"}))
    assert not allowed(owner.update("notifications/n1", {"recipientId": "other"}))
    assert not allowed(owner.update("notifications/n1", {"readAt": NOW}))  # a time of the client's choosing
    assert not allowed(USERS["other"].stamp("notifications/n1", "readAt"))
    assert allowed(owner.stamp("notifications/n1", "readAt"))
    assert not allowed(owner.stamp("notifications/n1", "readAt"))  # once


def test_nobody_creates_or_deletes_notifications():
    for who in ("owner", "admin"):
        assert not allowed(USERS[who].create("notifications", "n2", {"recipientId": "cust"}))
        assert not allowed(USERS[who].delete("notifications/n1"))


@pytest.mark.parametrize(
    ("who", "doc", "may"),
    [
        ("owner", "statistics/global", False),
        ("designer", "statistics/global", False),
        ("admin", "statistics/global", True),
        ("anon", "statistics/global", False),
        ("designer", "designerLoads/des", True),
        ("other_designer", "designerLoads/des", False),
        ("demoted_designer", "designerLoads/des", False),  # their uid, no longer a designer
        ("owner", "designerLoads/des", False),
        ("admin", "designerLoads/des", True),
        ("designer", "designerSeats/des", True),
        ("other_designer", "designerSeats/des", False),
        ("demoted_designer", "designerSeats/des", False),
        ("owner", "designerSeats/des", False),
        ("admin", "designerSeats/des", True),
    ],
)
def test_figures_are_read_by_the_designer_whose_load_they_are_and_admins(who, doc, may):
    assert allowed(USERS[who].get(doc)) is may
    assert not allowed(USERS[who].update(doc, {"total": 99}))
    assert not allowed(USERS[who].delete(doc))


@pytest.mark.parametrize("who", ["owner", "admin"])
def test_nobody_creates_figures(who):
    assert not allowed(USERS[who].create("statistics", "mine", {"figures": {}}))
    assert not allowed(USERS[who].create("designerLoads", "mine", {"total": 0}))
    assert not allowed(USERS[who].create("designerSeats", "mine", {"capacity": 100}))


@pytest.mark.parametrize("who", ["owner", "designer", "admin", "other_designer"])
def test_a_requests_last_legal_state_is_for_the_functions_alone(who):
    path = "customizationRequests/working1/private/state"
    assert not allowed(USERS[who].get(path))
    assert not allowed(USERS[who].update(path, {"state": {"status": "approved"}}))


@pytest.mark.parametrize(
    ("who", "may"), [("owner", True), ("designer", True), ("admin", True), ("anon", False)]
)
def test_any_signed_in_user_reads_products(who, may):
    assert allowed(USERS[who].get("products/mug")) is may
    assert allowed(USERS[who].list("products")) is may


@pytest.mark.parametrize("who", ["owner", "designer", "admin", "anon"])
def test_nobody_writes_products_directly_an_admin_included(who):
    """The API checks what every customer's page shows (an https image, a plain name); the rules
    could only check types, so products are written through the API alone."""
    user = USERS[who]
    assert not allowed(user.create("products", "p1", {"name": "Cap", "isCustomizable": True}))
    assert not allowed(
        user.create("products", "p2", {"name": "<b>Cap</b>", "imageUrl": "http://x.example/a"})
    )
    assert not allowed(user.update("products/mug", {"name": "Big mug"}))
    assert not allowed(user.update("products/mug", {"imageUrl": "http://evil.example/x.png"}))
    assert not allowed(user.delete("products/mug"))


def test_user_profiles_and_their_devices_are_read_by_their_user_and_admins_and_written_by_nobody():
    assert allowed(USERS["owner"].get("users/cust"))
    assert not allowed(USERS["other"].get("users/cust"))
    assert allowed(USERS["admin"].get("users/cust"))
    assert not allowed(USERS["owner"].list("users"))
    assert allowed(USERS["admin"].list("users"))
    assert not allowed(USERS["owner"].update("users/cust", {"role": "admin"}))
    assert not allowed(USERS["owner"].create("users", "other", {"role": "admin"}))
    assert not allowed(USERS["admin"].update("users/cust", {"role": "admin"}))
    assert not allowed(USERS["owner"].delete("users/cust"))


def test_a_designers_reads_of_announcements_are_theirs_alone_and_written_by_nobody():
    assert allowed(USERS["designer"].get("users/des/reads/pending1-v1"))
    assert allowed(USERS["designer"].list("users/des/reads"))
    for who in ("other_designer", "owner", "admin", "anon"):
        assert not allowed(USERS[who].get("users/des/reads/pending1-v1")), who
        assert not allowed(USERS[who].list("users/des/reads")), who
    assert not allowed(USERS["designer"].create("users/des/reads", "working1-v1", {"readAt": NOW}))
    assert not allowed(USERS["designer"].update("users/des/reads/pending1-v1", {"readAt": NOW}))
    assert not allowed(USERS["designer"].delete("users/des/reads/pending1-v1"))


@pytest.mark.parametrize("who", ["owner", "admin", "anon"])
def test_idempotency_records_and_unknown_collections_are_closed(who):
    user = USERS[who]
    assert not allowed(user.get("idempotencyKeys/k1"))
    assert not allowed(user.list("idempotencyKeys"))
    assert not allowed(user.create("anything", "x", {"a": 1}))
    assert not allowed(user.get("anything/x"))
    assert not allowed(user.get("tokenRevocations/adm3"))
    assert not allowed(user.delete("tokenRevocations/adm3"))


@pytest.mark.parametrize("who", ["owner", "admin", "anon"])
def test_quota_counters_are_the_apis_alone_not_even_their_users(who):
    user = USERS[who]
    assert not allowed(user.get(f"usage/{COUNTER}"))
    assert not allowed(user.list("usage"))
    assert not allowed(user.update(f"usage/{COUNTER}", {"count": 0}))
    assert not allowed(user.delete(f"usage/{COUNTER}"))
    assert not allowed(user.create("usage", "cust_requests_20261125T0100", {"count": 0}))


@pytest.mark.parametrize(
    ("who", "path", "may"),
    [
        ("designer", "customizationRequests/working1/events/e1", True),
        ("demoted_designer", "customizationRequests/working1/events/e1", False),
        ("designer", "customizationRequests/working1/revisions/r1", True),
        ("demoted_designer", "customizationRequests/working1/revisions/r1", False),
        ("owner", "customizationRequests/working1/events/e1", True),
        ("owner_as_designer", "customizationRequests/working1/events/e1", False),
    ],
)
def test_participants_read_the_history_only_while_their_role_says_they_take_part(who, path, may):
    assert allowed(USERS[who].get(path)) is may


def test_a_demoted_designer_can_no_longer_list_the_requests_they_worked_on():
    assert allowed(USERS["designer"].query("customizationRequests", {"designerId": "des"})) is True
    assert allowed(USERS["demoted_designer"].query("customizationRequests", {"designerId": "des"})) is False


@pytest.mark.parametrize(
    ("who", "request_id", "may"),
    [
        ("owner", "pending1", True),
        ("admin", "pending1", True),
        (
            "designer",
            "pending1",
            False,
        ),  # any designer reads a pending request, not how to reach its customer
        ("other_designer", "working1", False),
        ("designer", "working1", True),  # its designer, once claimed
        ("demoted_designer", "working1", False),
        ("other", "pending1", False),
        ("anon", "pending1", False),
    ],
)
def test_the_customers_contact_details_are_for_its_participants_only(who, request_id, may):
    path = f"customizationRequests/{request_id}/private/contact"
    assert allowed(USERS[who].get(path)) is may


def test_nobody_writes_contact_details():
    for who in ("owner", "admin"):
        changed = USERS[who].update(
            "customizationRequests/pending1/private/contact", {"customerEmail": "x@y.z"}
        )
        assert not allowed(changed)


# What each of adm3's tokens reads: a profile list and figures (an admin's), their own profile, a
# request, contact and notification of their own, the catalogue.
AS_ADMIN = ["users", "statistics/global", "customizationRequests/working1/private/contact"]
AS_ANYONE = [
    "users/adm3",
    "customizationRequests/theirs1",
    "customizationRequests/theirs1/private/contact",
    "notifications/n3",
    "products/mug",
]


@pytest.mark.parametrize("who", ["revoked_admin", "revoked_in_its_second"])
def test_a_token_from_a_sign_in_before_its_users_revocation_reads_nothing(who):
    user = USERS[who]
    for path in AS_ADMIN + AS_ANYONE:
        assert not allowed(user.get(path)), path
    assert not allowed(user.query("customizationRequests", {}))
    assert not allowed(user.query("notifications", {"recipientId": "adm3"}))
    assert not allowed(user.stamp("notifications/n3", "readAt"))


def test_a_sign_in_after_the_revocation_has_exactly_the_role_it_carries():
    again = USERS["signed_in_again"]
    for path in AS_ADMIN:
        assert not allowed(again.get(path)), path
    for path in AS_ANYONE:
        assert allowed(again.get(path)), path
    assert allowed(again.query("notifications", {"recipientId": "adm3"}))
    assert allowed(again.query("customizationRequests", {"customerId": "adm3"}))
    assert not allowed(again.query("customizationRequests", {}))
