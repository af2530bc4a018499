"""Who may do what: every endpoint for each role, allowed and refused, and 404 for what one may not see."""

import base64
import json

import pytest

from tests.support.emulators import act, create_user, file_ref, stub_file_ref


def test_every_endpoint_but_health_and_openapi_requires_a_valid_token(api):
    paths = [
        ("GET", "/customizations"),
        ("POST", "/customizations"),
        ("GET", "/customizations/pending"),
        ("GET", "/customizations/x"),
        ("PATCH", "/customizations/x"),
        ("DELETE", "/customizations/x"),
        ("GET", "/customizations/stats"),
        ("GET", "/customizations/workload"),
        ("PUT", "/users/x/role"),
    ]
    for method, path in paths:
        for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic abc"}):
            response = api.call(method, path, headers=headers, json_body={})
            assert response.status_code == 401, (method, path, headers, response.text)
            assert response.json()["error"]["code"] == "UNAUTHENTICATED"


def test_a_token_issued_for_another_project_is_refused(api, customer):
    header, payload, _ = customer.token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["aud"] = "another-project"
    other = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    response = api.get("/customizations", headers={"Authorization": f"Bearer {header}.{other}."})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHENTICATED"


def test_a_designer_cannot_create_a_request(api, designer, product):
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "x"}
    response = api.post("/customizations", designer, body)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"


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
        assert response.status_code == 404, response.text
        assert response.json()["error"]["code"] == "NOT_FOUND"


def test_a_missing_request_is_not_found(api, admin):
    response = api.get("/customizations/does-not-exist", admin)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "NOT_FOUND"


def test_any_designer_sees_a_pending_request_but_only_its_designer_once_claimed(
    api, designer, other_designer, new_request
):
    rid = new_request()["id"]
    assert api.get(f"/customizations/{rid}", other_designer).status_code == 200
    assert act(api, designer, rid, "assign").status_code == 200
    assert api.get(f"/customizations/{rid}", designer).status_code == 200
    assert api.get(f"/customizations/{rid}", other_designer).status_code == 404


def test_a_designer_claiming_a_claimed_request_gets_409_not_404(api, designer, other_designer, new_request):
    rid = new_request()["id"]
    assert act(api, designer, rid, "assign").status_code == 200
    late = act(api, other_designer, rid, "assign")
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "INVALID_TRANSITION"


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
    response = act(api, customer, rid, action, **body)
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "FORBIDDEN"


@pytest.mark.parametrize("action,fields", [("approve", {}), ("reject", {"reason": "no"}), ("cancel", {})])
def test_a_designer_may_not_take_customer_actions(api, designer, action, fields, new_request):
    rid = new_request()["id"]
    act(api, designer, rid, "assign")
    response = act(api, designer, rid, action, **fields)
    assert response.status_code == 403, response.text
    assert api.delete(f"/customizations/{rid}", designer).status_code == 403


def test_only_the_assigned_designer_uploads_a_design(api, designer, other_designer, admin, new_request):
    rid = new_request()["id"]
    act(api, designer, rid, "assign")
    intruder = act(
        api, other_designer, rid, "uploadFinal", designerFinalFile=file_ref(other_designer, "designer_final")
    )
    assert intruder.status_code == 404
    by_admin = act(api, admin, rid, "uploadFinal", designerFinalFile=file_ref(admin, "designer_final"))
    assert by_admin.status_code == 200


def test_a_designer_may_not_assign_a_request_to_someone_else(api, designer, other_designer, new_request):
    rid = new_request()["id"]
    response = act(api, designer, rid, "assign", designerId=other_designer.uid)
    assert response.status_code == 403


def test_only_an_admin_completes_an_approved_request(api, customer, designer, new_request):
    rid = new_request()["id"]
    act(api, designer, rid, "assign")
    act(api, designer, rid, "uploadFinal", designerFinalFile=file_ref(designer, "designer_final"))
    act(api, customer, rid, "approve")
    assert act(api, customer, rid, "complete", orderId="o1").status_code == 403
    assert act(api, designer, rid, "complete", orderId="o1").status_code == 403


def test_the_pending_queue_is_for_designers_and_admins(api, customer, designer, admin):
    assert api.get("/customizations/pending", customer).status_code == 403
    assert api.get("/customizations/pending", designer).status_code == 200
    assert api.get("/customizations/pending", admin).status_code == 200


def test_lists_show_each_role_only_its_own(
    api, customer, other_customer, designer, other_designer, admin, new_request
):
    mine = new_request()["id"]
    theirs = new_request(by=other_customer)["id"]
    act(api, designer, mine, "assign")
    act(api, other_designer, theirs, "assign")

    def ids(user, query=""):
        response = api.get(f"/customizations{query}", user)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["data"]}

    assert ids(customer) == {mine}
    assert ids(designer) == {mine}
    assert ids(admin) == {mine, theirs}
    assert ids(admin, f"?customerId={other_customer.uid}") == {theirs}
    assert ids(admin, f"?designerId={designer.uid}") == {mine}
    assert ids(admin, "?status=in_progress") == {mine, theirs}
    assert ids(customer, "?status=pending_designer_review") == set()
    assert api.get(f"/customizations?customerId={other_customer.uid}", customer).status_code == 403
    assert api.get(f"/customizations?designerId={other_designer.uid}", designer).status_code == 403


def test_only_admins_set_roles_and_the_new_role_takes_effect(api, admin, customer, designer):
    from tests.support.emulators import sign_in

    assert api.put(f"/users/{customer.uid}/role", designer, {"role": "admin"}).status_code == 403
    assert api.put(f"/users/{customer.uid}/role", customer, {"role": "admin"}).status_code == 403
    response = api.put(f"/users/{customer.uid}/role", admin, {"role": "designer"})
    assert response.status_code == 200, response.text
    assert response.json()["data"] == {"uid": customer.uid, "role": "designer"}
    token = sign_in(customer.email, customer.password)
    queue = api.get("/customizations/pending", headers={"Authorization": f"Bearer {token}"})
    assert queue.status_code == 200
    assert api.put("/users/nobody-here/role", admin, {"role": "designer"}).status_code == 404
    bad = api.put(f"/users/{customer.uid}/role", admin, {"role": "root"})
    assert bad.status_code == 400 and bad.json()["error"]["details"][0]["field"] == "role"
