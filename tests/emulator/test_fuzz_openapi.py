"""Schemathesis against the API's own /openapi.json: every operation, as every role and as nobody.

Each generated case must get no 5xx and a response the document describes (status, content type,
body schema). `make test` runs a smoke-sized sample; `make fuzz` sets FUZZ_EXAMPLES for 1,000+.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
import schemathesis
from customizations.api import openapi
from customizations.api.routes import RESERVED_IDS, ROUTES
from hypothesis import HealthCheck, reject, settings
from hypothesis import seed as hypothesis_seed
from schemathesis.checks import positive_data_acceptance

from tests.support.emulators import API_URL, User, create_user, seed_product

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
SEED = int(os.environ.get("FUZZ_SEED", "20261125"))

# The document /openapi.json serves (test_openapi checks they are the same), without a request at import.
schema = schemathesis.openapi.from_dict(json.loads(openapi.document_json(ROUTES)))
schema.config.update(base_url=API_URL)
ROLES = ("nobody", "customer", "designer", "admin")
CASES: dict[str, int] = {}  # operation -> cases run, for the summary


@pytest.fixture(scope="module", autouse=True)
def summary() -> Any:
    """After the module, how many cases ran (for the record of `make fuzz`)."""
    yield
    operations = {op.ok().label for op in schema.get_all_operations()}
    total = sum(CASES.values())
    print(f"\nschemathesis: {total} cases over {len(CASES)} of {len(operations)} operations")


@pytest.fixture(autouse=True)
def some_case_reached_the_api(request: pytest.FixtureRequest) -> Any:
    """Each operation and caller got cases that reached the API: none was all filtered out. (Checked
    per test, so that it holds however the tests are selected or ordered.)"""
    before = sum(CASES.values())
    yield
    assert sum(CASES.values()) > before, f"{request.node.name}: no generated case reached the API"


@pytest.fixture(params=ROLES)
def caller(request: pytest.FixtureRequest) -> User | None:
    seed_product()
    return None if request.param == "nobody" else create_user(request.param)


@schema.parametrize()
@hypothesis_seed(SEED)
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=False,
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_every_operation_answers_what_the_document_says(case: schemathesis.Case, caller: User | None) -> None:
    # A path parameter that is "stats", holds a "/" or is a dot segment names another URL (OpenAPI
    # matches concrete paths first), so it is not a case of this operation.
    values = [str(v) for v in (case.path_parameters or {}).values()]
    if any(v in RESERVED_IDS or "/" in v or v in (".", "..") for v in values):
        reject()
    headers = dict(caller.headers) if caller else {}
    # Schema-valid data may still be refused on the data's merits (an unknown product, a request
    # in the wrong state): 400/409 then. Every other check runs, negative data rejection included.
    response = case.call_and_validate(headers=headers, timeout=60, excluded_checks=[positive_data_acceptance])
    assert response.status_code < 500, response.text
    CASES[case.operation.label] = CASES.get(case.operation.label, 0) + 1
