"""Who may do what: every endpoint for each role, allowed and refused, and 404 for what one may not see.

Every call checks its status and, for a refusal, its error code; every set-up step checks it
succeeded, so a test never passes on a set-up that silently failed.
"""

import base64
import json

import pytest
from customizations.api.routes import ROUTES

from tests.support.emulators import act, create_user, file_ref, ok, refused, sign_in, stub_file_ref


def test_only_health_and_openapi_are_public():
    assert {(r.method, r.path) for r in ROUTES if r.public} == {("GET", "/health"), ("GET", "/openapi.json")}


def test_every_route_but_the_public_ones_requires_a_valid_token(api, customer, new_request):
    # Path parameters name things that exist, so that only the missing token can be refused.
    session = {
        "kind": "customer_design",
        "fileName": "big.pdf",
        "size": 5000,
        "contentType": "application/pdf",
    }
    values = {
        "id": new_request(customerDesignFile=file_ref(customer, "customer_design", "sketch.pdf"))["id"],
        "uid": customer.uid,
        "field": "customerDesignFile",
        "message": "000001",
        "index": "0",
        "number": "1",
        "comment": "0001-0001",
    }
    upload_id = ok(api.post("/customizations/uploads", customer, session), 201)["uploadId"]
    guarded = [r for r in ROUTES if not r.public]
    assert len(guarded) == len(ROUTES) - 2
    for route in guarded:
        path = route.path.format(**values)
        if route.path.startswith("/customizations/uploads/"):
            path = route.path.format(id=upload_id)
        for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
            response = api.call(route.method, path, headers=headers, json_body={})
            refused(response, 401, "UNAUTHENTICATED")


def test_a_token_issued_for_another_project_is_refused(api, customer):
    header, payload, _ = customer.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["aud"] = "another-project"
    other = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    response = api.get("/customizations", headers={"Authorization": f"Bearer {header}.{other}."})
    refused(response, 401, "UNAUTHENTICATED")


def test_a_designer_cannot_create_a_request(api, designer, product):
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "x"}
    refused(api.post("/customizations", designer, body), 403, "FORBIDDEN")


def test_an_admin_can_create_a_request(api, admin, new_request):
    assert new_request(by=admin)["customerId"] == admin.uid


def test_a_user_without_a_role_claim_is_a_customer(api, new_request):
    plain = create_user(None)
    assert new_request(by=plain)["customerId"] == plain.uid


def test_someone_elses_request_is_not_found_for_a_customer(api, other_customer, new_request):
    rid = new_request()["id"]
    for response in (
        api.get(f"/customizations/{rid}", other_customer),
        act(api, other_customer, rid, "cancel"),
        api.delete(f"/customizations/{rid}", other_customer),
    ):
        refused(response, 404, "NOT_FOUND")


def test_a_missing_request_is_not_found(api, admin):
    refused(api.get("/customizations/does-not-exist", admin), 404, "NOT_FOUND")


def test_any_designer_sees_a_pending_request_but_only_its_designer_once_claimed(
    api, designer, other_designer, new_request
):
    rid = new_request()["id"]
    assert ok(api.get(f"/customizations/{rid}", other_designer))["id"] == rid
    ok(act(api, designer, rid, "assign"))
    assert ok(api.get(f"/customizations/{rid}", designer))["designerId"] == designer.uid
    refused(api.get(f"/customizations/{rid}", other_designer), 404, "NOT_FOUND")


def test_a_designer_claiming_a_claimed_request_gets_409_not_404(api, designer, other_designer, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    refused(act(api, other_designer, rid, "assign"), 409, "INVALID_TRANSITION")


@pytest.mark.parametrize("action", ["assign", "uploadFinal", "complete"])
def test_a_customer_may_not_take_designer_or_admin_actions(api, customer, action, new_request):
    rid = new_request()["id"]
    body = (
        {"designerFinalFile": stub_file_ref(customer.uid, "designer_final")}
        if action == "uploadFinal"
        else {}
    )
    if action == "complete":
        body = {"orderId": "o1"}
    refused(act(api, customer, rid, action, **body), 403, "FORBIDDEN")


@pytest.mark.parametrize("action,fields", [("approve", {}), ("reject", {"reason": "no"}), ("cancel", {})])
def test_a_designer_may_not_take_customer_actions(api, designer, action, fields, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    refused(act(api, designer, rid, action, **fields), 403, "FORBIDDEN")
    refused(api.delete(f"/customizations/{rid}", designer), 403, "FORBIDDEN")


def test_only_the_assigned_designer_uploads_a_design(api, designer, other_designer, admin, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    intruder = act(
        api, other_designer, rid, "uploadFinal", designerFinalFile=file_ref(other_designer, "designer_final")
    )
    refused(intruder, 404, "NOT_FOUND")
    by_admin = act(api, admin, rid, "uploadFinal", designerFinalFile=file_ref(admin, "designer_final"))
    assert ok(by_admin)["status"] == "awaiting_customer_approval"


def test_a_designer_may_not_assign_a_request_to_someone_else(api, designer, other_designer, new_request):
    rid = new_request()["id"]
    refused(act(api, designer, rid, "assign", designerId=other_designer.uid), 403, "FORBIDDEN")


def test_only_an_admin_completes_an_approved_request(api, customer, designer, admin, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    ok(act(api, designer, rid, "uploadFinal", designerFinalFile=file_ref(designer, "designer_final")))
    ok(act(api, customer, rid, "approve"))
    refused(act(api, customer, rid, "complete", orderId="o1"), 403, "FORBIDDEN")
    refused(act(api, designer, rid, "complete", orderId="o1"), 403, "FORBIDDEN")
    assert ok(act(api, admin, rid, "complete", orderId="o1"))["status"] == "completed"


def test_the_pending_queue_is_for_designers_and_admins(api, customer, designer, admin):
    refused(api.get("/customizations/pending", customer), 403, "FORBIDDEN")
    assert ok(api.get("/customizations/pending", designer)) == []
    assert ok(api.get("/customizations/pending", admin)) == []


def test_lists_show_each_role_only_its_own(
    api, customer, other_customer, designer, other_designer, admin, new_request
):
    mine = new_request()["id"]
    theirs = new_request(by=other_customer)["id"]
    ok(act(api, designer, mine, "assign"))
    ok(act(api, other_designer, theirs, "assign"))

    def ids(user, query=""):
        return {item["id"] for item in ok(api.get(f"/customizations{query}", user))}

    assert ids(customer) == {mine}
    assert ids(designer) == {mine}
    assert ids(admin) == {mine, theirs}
    assert ids(admin, f"?customerId={other_customer.uid}") == {theirs}
    assert ids(admin, f"?designerId={designer.uid}") == {mine}
    assert ids(admin, "?status=in_progress") == {mine, theirs}
    assert ids(customer, "?status=pending_designer_review") == set()
    refused(api.get(f"/customizations?customerId={other_customer.uid}", customer), 403, "FORBIDDEN")
    refused(api.get(f"/customizations?designerId={other_designer.uid}", designer), 403, "FORBIDDEN")


def test_only_admins_set_roles_and_the_new_role_takes_effect(api, admin, customer, designer):
    refused(api.put(f"/users/{customer.uid}/role", designer, {"role": "admin"}), 403, "FORBIDDEN")
    refused(api.put(f"/users/{customer.uid}/role", customer, {"role": "admin"}), 403, "FORBIDDEN")
    response = api.put(f"/users/{customer.uid}/role", admin, {"role": "designer"})
    assert ok(response) == {"uid": customer.uid, "role": "designer"}
    token = sign_in(customer.email, customer.password)
    queue = api.get("/customizations/pending", headers={"Authorization": f"Bearer {token}"})
    assert ok(queue) == []
    refused(api.put("/users/nobody-here/role", admin, {"role": "designer"}), 404, "NOT_FOUND")
    bad = refused(api.put(f"/users/{customer.uid}/role", admin, {"role": "root"}), 400, "VALIDATION_ERROR")
    assert bad["details"][0]["field"] == "role"
