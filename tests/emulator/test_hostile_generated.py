"""A sample of the generated hostile inputs (tests/unit/test_hostile_generated.py) against the
deployed function and the real Firestore emulator, where a value that slips through the API's checks
would reach Firestore's client: header values, cursors and path segments. Never a 5xx, always the
error envelope with its code's status."""

import os
from urllib.parse import quote

import pytest
from customizations.errors import HTTP_STATUS, ErrorCode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.emulators import Api
from tests.unit.test_hostile_generated import cursors, expected_for_if_match, header_text

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
    return {"customer": customer, "admin": admin, "request": new_request(customer)}


def new_request(customer):
    """A new request of the customer's, pending (version 1)."""
    created = Api().post(
        "/customizations", customer, {"productId": "mug", "quantity": 1, "customizationNotes": "x"}
    )
    assert created.status_code == 201, created.text
    return created.json()["data"]["id"]


@pytest.fixture(autouse=True)
def clean_stack():
    """Overrides the per-test reset: these tests share the module's world (a cancel that gets
    through moves it on to a new request)."""
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
@example(value="1")
@example(value='W/"1"')
@example(value="2")
def test_any_if_match_gets_the_answer_its_version_calls_for(world, value):
    """On a cancel the request allows: malformed 400, another version 412, the current one 200
    (then the module's world moves on to a new request)."""
    response = Api().patch(
        f"/customizations/{world['request']}",
        world["customer"],
        {"action": "cancel"},
        headers={"If-Match": value},
    )
    answered(response)
    assert response.status_code == expected_for_if_match(value, 1), (value, response.text[:300])
    if response.status_code == 200:
        world["request"] = new_request(world["customer"])


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
