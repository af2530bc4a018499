"""The OpenAPI document describes every route the app serves."""

import json

from customizations.api import openapi
from customizations.api.routes import ROUTES


def test_the_openapi_document_lists_every_route_and_its_error_statuses(api):
    response = api.get("/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.")
    served = {(r.method.lower(), r.path) for r in ROUTES}
    documented = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert served == documented
    patch = doc["paths"]["/customizations/{id}"]["patch"]
    assert {"200", "400", "401", "403", "404", "409", "412"} <= set(patch["responses"])
    assert "CreateRequestBody" in doc["components"]["schemas"]
    assert doc == json.loads(openapi.document_json(ROUTES))  # what the fuzz test generates cases from


def test_the_hosting_rewrite_reaches_the_api(customer, product):
    import os

    import requests

    response = requests.get(f"{os.environ['HOSTING_URL']}/api/health", timeout=30)
    assert response.status_code == 200
    assert response.json()["data"] == {"status": "ok"}


def test_list_parameters_are_documented(api):
    doc = api.get("/openapi.json").json()
    params = {p["name"] for p in doc["paths"]["/customizations"]["get"]["parameters"]}
    assert {"limit", "cursor", "status", "customerId", "designerId"} <= params
