"""The whole workflow over HTTP: create, claim, submit, reject, resubmit, approve, complete."""

from tests.support.emulators import act, file_ref, firestore_client, refused


def test_a_request_goes_through_a_rejection_round_to_completion(api, customer, designer, admin, new_request):
    created = new_request(customerDesignFile=file_ref(customer, "customer_design", "sketch.pdf"))
    rid = created["id"]
    assert created["version"] == 1
    assert created["productName"] == "Ceramic mug"
    assert created["customerName"] == "Casey Customer"
    assert created["lastEvent"]["event"] == "customization.request.created"
    assert created["requestedAt"].endswith("Z")

    claimed = act(api, designer, rid, "assign")
    assert claimed.status_code == 200, claimed.text
    data = claimed.json()["data"]
    assert (data["status"], data["designerId"], data["version"]) == ("in_progress", designer.uid, 2)
    assert data["designerName"] == "Dana Designer"
    assert data["lastEvent"]["actorId"] == designer.uid
    assert data["assignedAt"] is not None

    submitted = act(
        api,
        designer,
        rid,
        "uploadFinal",
        designerFinalFile=file_ref(designer, "designer_final"),
        designerPreviewImage=file_ref(designer, "preview"),
        designerNotes="First go",
    )
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["data"]["status"] == "awaiting_customer_approval"

    rejected = act(api, customer, rid, "reject", reason="Darker blue")
    assert rejected.status_code == 200, rejected.text
    data = rejected.json()["data"]
    assert (data["status"], data["rejectionReason"]) == ("in_progress", "Darker blue")
    assert data["lastEvent"]["event"] == "customization.design.rejected"

    resubmitted = act(
        api, designer, rid, "uploadFinal", designerFinalFile=file_ref(designer, "designer_final", "v2.png")
    )
    assert resubmitted.status_code == 200, resubmitted.text

    approved = act(api, customer, rid, "approve")
    assert approved.status_code == 200, approved.text
    assert approved.json()["data"]["approvedAt"] is not None

    completed = act(api, admin, rid, "complete", orderId="order-42")
    assert completed.status_code == 200, completed.text
    data = completed.json()["data"]
    assert (data["status"], data["orderId"], data["version"]) == ("completed", "order-42", 7)

    stored = firestore_client().collection("customizationRequests").document(rid).get().to_dict()
    assert stored["status"] == "completed" and stored["version"] == 7
    assert stored["lastEvent"]["event"] == "customization.request.completed"
    assert stored["designerFinalFile"]["fileName"] == "v2.png"


def test_a_terminal_request_refuses_every_further_action(api, customer, admin, new_request):
    rid = new_request()["id"]
    assert act(api, customer, rid, "cancel", reason="Changed my mind").status_code == 200
    for action, fields in [("assign", {}), ("approve", {}), ("cancel", {}), ("reject", {"reason": "x"})]:
        response = act(api, admin, rid, action, **fields)
        assert response.status_code == 409, (action, response.text)
        assert response.json()["error"]["code"] == "INVALID_TRANSITION"


def test_delete_cancels_and_keeps_the_record(api, customer, new_request):
    rid = new_request()["id"]
    response = api.delete(f"/customizations/{rid}", customer)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["status"] == "cancelled"
    assert api.get(f"/customizations/{rid}", customer).json()["data"]["status"] == "cancelled"


def test_if_match_with_a_stale_version_is_refused_and_writes_nothing(api, customer, designer, new_request):
    rid = new_request()["id"]
    stale = api.patch(f"/customizations/{rid}", designer, {"action": "assign"}, headers={"If-Match": "7"})
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "PRECONDITION_FAILED"
    assert api.get(f"/customizations/{rid}", customer).json()["data"]["version"] == 1
    fresh = api.patch(f"/customizations/{rid}", designer, {"action": "assign"}, headers={"If-Match": '"1"'})
    assert fresh.status_code == 200
    assert fresh.headers["ETag"] == '"2"'


def test_an_admin_assigns_a_request_to_a_named_designer(api, admin, designer, customer, new_request):
    rid = new_request()["id"]
    response = act(api, admin, rid, "assign", designerId=designer.uid)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["designerId"] == designer.uid
    assert response.json()["data"]["designerName"] == "Dana Designer"


def test_an_admin_cannot_assign_to_someone_who_is_not_a_designer(api, admin, customer, new_request):
    rid = new_request()["id"]
    response = act(api, admin, rid, "assign", designerId=customer.uid)
    assert refused(response, 400, "VALIDATION_ERROR")["details"][0]["field"] == "designerId"
    assert api.get(f"/customizations/{rid}", admin).json()["data"]["status"] == "pending_designer_review"


def test_the_api_is_served_under_the_hosting_api_prefix_too(api, customer, new_request):
    rid = new_request()["id"]
    prefixed = api.call("GET", f"/api/customizations/{rid}", customer)
    assert prefixed.status_code == 200
    assert prefixed.json()["data"]["id"] == rid
