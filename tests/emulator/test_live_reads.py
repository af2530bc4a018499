"""Reads served from listener-held copies (live.py) stay what Firestore holds: a caller reads its own
writes at once, and a write made anywhere else reaches the API's copy."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from tests.support.emulators import act, firestore_client, refused


def eventually(read: Callable[[], Any], expected: Any, seconds: float = 10.0) -> Any:
    """Poll read() until it returns expected (a listener delivers in milliseconds; the bound is slack)."""
    deadline = time.monotonic() + seconds
    while (value := read()) != expected and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def test_a_caller_reads_its_own_write_immediately(api, customer, designer, new_request):
    for _ in range(10):
        rid = new_request()["id"]
        assert api.get(f"/customizations/{rid}", customer).json()["data"]["version"] == 1
        assert act(api, designer, rid, "assign").status_code == 200
        seen = api.get(f"/customizations/{rid}", designer)
        assert seen.json()["data"]["version"] == 2, seen.text
        assert seen.headers["ETag"] == '"2"'
        assert act(api, customer, rid, "cancel", reason="changed my mind").status_code == 200
        assert api.get(f"/customizations/{rid}", customer).json()["data"]["status"] == "cancelled"


def test_a_write_made_elsewhere_reaches_the_api(api, customer, new_request):
    rid = new_request()["id"]
    assert api.get(f"/customizations/{rid}", customer).json()["data"]["customizationNotes"] == "Blue, please"
    firestore_client().collection("customizationRequests").document(rid).update(
        {"customizationNotes": "Green, actually"}
    )

    def notes() -> str:
        return api.get(f"/customizations/{rid}", customer).json()["data"]["customizationNotes"]

    assert eventually(notes, "Green, actually") == "Green, actually"


def test_a_request_deleted_elsewhere_is_gone_from_the_api(api, customer, new_request):
    rid = new_request()["id"]
    assert api.get(f"/customizations/{rid}", customer).status_code == 200
    firestore_client().collection("customizationRequests").document(rid).delete()
    assert eventually(lambda: api.get(f"/customizations/{rid}", customer).status_code, 404) == 404
    refused(api.get(f"/customizations/{rid}", customer), 404, "NOT_FOUND")


def test_a_product_withdrawn_elsewhere_is_refused_by_the_next_creates(api, customer, product, new_request):
    new_request()  # the API now holds the product
    firestore_client().collection("products").document(product["id"]).update({"isCustomizable": False})
    body = {"productId": product["id"], "quantity": 1, "customizationNotes": "x"}

    def status() -> int:
        response = api.post("/customizations", customer, body)
        return response.status_code

    assert eventually(status, 400) == 400
    error = refused(api.post("/customizations", customer, body), 400, "VALIDATION_ERROR")
    assert error["details"][0]["field"] == "productId"
