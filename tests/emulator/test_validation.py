"""Bad input gets a 400 (or 413/415) in the error format with field paths, and nothing is written."""

import pytest

from tests.support.emulators import act, file_ref, firestore_client, ok, refused, seed_product, stub_file_ref

GOOD = {"productId": "mug", "quantity": 2, "customizationNotes": "Blue"}


def request_count():
    return len(list(firestore_client().collection("customizationRequests").stream()))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({k: v for k, v in GOOD.items() if k != "productId"}, "productId"),
        ({**GOOD, "quantity": 0}, "quantity"),
        ({**GOOD, "quantity": "2"}, "quantity"),
        ({**GOOD, "quantity": 2.5}, "quantity"),
        ({**GOOD, "quantity": True}, "quantity"),
        ({**GOOD, "quantity": None}, "quantity"),
        ({**GOOD, "customizationNotes": ""}, "customizationNotes"),
        ({**GOOD, "customizationNotes": "   "}, "customizationNotes"),
        ({**GOOD, "customizationNotes": "x" * 5001}, "customizationNotes"),
        ({**GOOD, "productId": "../products/mug"}, "productId"),
        ({**GOOD, "productId": "no-such-product"}, "productId"),
        ({**GOOD, "status": "approved"}, "status"),
        ({**GOOD, "customerDesignFile": {"url": "x"}}, "customerDesignFile.path"),
    ],
)
def test_a_bad_create_body_names_the_field_and_writes_nothing(api, customer, product, body, field):
    response = api.post("/customizations", customer, body)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "VALIDATION_ERROR"
    assert field in [d["field"] for d in error["details"]]
    assert request_count() == 0


def test_a_product_that_is_not_customizable_is_refused(api, customer):
    seed_product("poster", customizable=False)
    response = api.post("/customizations", customer, {**GOOD, "productId": "poster"})
    assert refused(response, 400, "VALIDATION_ERROR")["details"][0]["field"] == "productId"
    assert request_count() == 0


def test_someone_elses_file_the_wrong_kind_or_no_upload_at_all_is_refused(
    api, customer, other_customer, product
):
    refs = (
        file_ref(other_customer, "customer_design"),
        file_ref(customer, "preview"),
        stub_file_ref(customer.uid, "customer_design"),
    )
    for ref in refs:
        response = api.post("/customizations", customer, {**GOOD, "customerDesignFile": ref})
        assert refused(response, 400, "VALIDATION_ERROR")["details"][0]["field"] == "customerDesignFile"
    assert request_count() == 0


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 400, "VALIDATION_ERROR"),
        (b"[1, 2]", "application/json", 400, "VALIDATION_ERROR"),
        (b'"text"', "application/json", 400, "VALIDATION_ERROR"),
        (b'{"quantity": 1, "quantity": 2}', "application/json", 400, "VALIDATION_ERROR"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", 400, "VALIDATION_ERROR"),
        (b"productId=mug", "application/x-www-form-urlencoded", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b'{"productId": "mug"}', "text/plain", 415, "UNSUPPORTED_MEDIA_TYPE"),
        (b'{"n": "' + b"x" * (1 << 20) + b'"}', "application/json", 413, "PAYLOAD_TOO_LARGE"),
    ],
)
def test_bodies_that_are_not_a_json_object_are_refused(
    api, customer, product, data, content_type, status, code
):
    response = api.call(
        "POST", "/customizations", customer, headers={"Content-Type": content_type}, data=data
    )
    assert response.status_code == status, response.text[:300]
    assert response.json()["error"]["code"] == code
    assert request_count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"action": "fly"}, "action"),
        ({}, "action"),
        ({"action": 3}, "action"),
        ({"action": "reject"}, "reason"),
        ({"action": "reject", "reason": "   "}, "reason"),
        ({"action": "complete"}, "orderId"),
        ({"action": "approve", "extra": 1}, "extra"),
        ({"action": "uploadFinal"}, "designerFinalFile"),
    ],
)
def test_a_bad_action_body_is_refused_and_the_request_is_unchanged(
    api, customer, admin, new_request, body, field
):
    rid = new_request()["id"]
    response = api.patch(f"/customizations/{rid}", admin, body)
    assert field in [d["field"] for d in refused(response, 400, "VALIDATION_ERROR")["details"]]
    stored = api.get(f"/customizations/{rid}", customer).json()["data"]
    assert (stored["status"], stored["version"]) == ("pending_designer_review", 1)


def test_a_blank_rejection_reason_leaves_the_design_awaiting_approval(api, customer, designer, new_request):
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    ok(act(api, designer, rid, "uploadFinal", designerFinalFile=file_ref(designer, "designer_final")))
    refused(act(api, customer, rid, "reject", reason="  "), 400, "VALIDATION_ERROR")
    stored = api.get(f"/customizations/{rid}", customer).json()["data"]
    assert (stored["status"], stored["version"]) == ("awaiting_customer_approval", 3)


@pytest.mark.parametrize("header", ["abc", "-1", '"x"', "1" * 20])
def test_a_malformed_if_match_is_a_validation_error(api, designer, new_request, header):
    rid = new_request()["id"]
    response = api.patch(
        f"/customizations/{rid}", designer, {"action": "assign"}, headers={"If-Match": header}
    )
    refused(response, 400, "VALIDATION_ERROR")
    assert ok(api.get(f"/customizations/{rid}", designer))["version"] == 1


def test_unknown_paths_and_methods_answer_in_the_error_format(api, customer):
    refused(api.get("/nothing-here", customer), 404, "NOT_FOUND")
    wrong = api.call("PUT", "/customizations", customer, json_body={})
    refused(wrong, 405, "METHOD_NOT_ALLOWED")
    assert set(wrong.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
