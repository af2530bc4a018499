"""A sample of the generated hostile inputs (tests/unit/test_hostile_generated.py) against the
deployed function and the real Firestore emulator, where a value that slips through the API's checks
would reach Firestore's client: header values, cursors and path segments. Never a 5xx, always the
error envelope with its code's status."""

import os
from urllib.parse import quote

import pytest
from customizations.errors import HTTP_STATUS, ErrorCode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.emulators import Api
from tests.unit.test_hostile_generated import cursors, header_text

EXAMPLES = int(os.environ.get("HOSTILE_EMULATOR_EXAMPLES", "25"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)
# What reaches the function at all: a header without control characters or outer white space, and
# a path of valid UTF-8 without control characters. The rest is refused before the API: by the HTTP
# server or the emulator's proxy (a 400), or, for a control character in the path, by the functions
# framework's own router (an HTML 404; its `path` converter matches no newline).
sendable = header_text.filter(lambda value: value == value.strip() and all(" " <= c != "\x7f" for c in value))
any_segment = st.text(st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=60)


@pytest.fixture(scope="module")
def world(request):
    """A request and two users, made once for the module (the stack is reset only at its end)."""
    from tests.support.emulators import create_user, reset_auth, reset_firestore, seed_product

    reset_firestore()
    reset_auth()
    seed_product()
    customer, admin = create_user("customer"), create_user("admin")
    created = Api().post(
        "/customizations", customer, {"productId": "mug", "quantity": 1, "customizationNotes": "x"}
    )
    assert created.status_code == 201, created.text
    return {"customer": customer, "admin": admin, "request": created.json()["data"]["id"]}


@pytest.fixture(autouse=True)
def clean_stack():
    """Overrides the per-test reset: these tests share the module's world and write nothing."""
    yield


def answered(response):
    assert response.status_code < 500, response.text
    assert response.headers.get("Content-Type", "").startswith("application/json"), (
        response.request.method,
        response.request.path_url,
        response.status_code,
        response.text[:100],
    )
    if response.status_code >= 400:
        code = ErrorCode(response.json()["error"]["code"])
        assert HTTP_STATUS[code] == response.status_code


@SETTINGS
@given(value=sendable)
def test_any_if_match_is_answered_without_a_server_error(world, value):
    response = Api().patch(
        f"/customizations/{world['request']}",
        world["customer"],
        {"action": "approve"},
        headers={"If-Match": value},
    )
    answered(response)
    assert response.status_code in (400, 409, 412)


@SETTINGS
@given(cursor=cursors, path=st.sampled_from(["/customizations", "/customizations/pending", "/notifications"]))
def test_any_cursor_is_answered_without_a_server_error(world, cursor, path):
    answered(Api().get(f"{path}?cursor={quote(cursor, safe='')}", world["admin"]))


@SETTINGS
@given(segment=any_segment.filter(lambda s: s not in (".", "..")))
def test_any_path_segment_is_answered_without_a_server_error(world, segment):
    encoded = quote(segment.encode("utf-8"), safe="")
    for template in ("/customizations/{}", "/customizations/{}/events", "/notifications/{}/read"):
        method = "POST" if template.endswith("/read") else "GET"
        answered(Api().call(method, template.format(encoded), world["admin"]))
