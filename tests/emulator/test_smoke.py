def test_health_answers_ok_without_a_token(api):
    response = api.get("/health")
    assert response.status_code == 200
    assert response.json() == {"success": True, "data": {"status": "ok"}}


def test_a_customer_creates_and_reads_a_request(api, customer, new_request):
    created = new_request()
    assert created["status"] == "pending_designer_review"
    response = api.get(f"/customizations/{created['id']}", customer)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["id"] == created["id"]
