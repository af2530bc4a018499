"""Generated hostile input against the real app (on in-memory services): header values, cursors and
path segments drawn from Unicode categories and from the cursor's own encoding. Whatever they are,
the answer is never a 5xx and always the error envelope; and what the cursor decoder lets through
is something the Firestore client can send.

The emulator suite (tests/emulator/test_hostile_input.py) runs a fixed corpus against the deployed
function; these cover the space between its cases, hundreds of examples a run.
"""

import base64
import json
import os

import pytest
from customizations.api.app import create_app
from customizations.domain.actors import Actor
from customizations.domain.commands import CreateRequest
from customizations.domain.lifecycle import Role
from customizations.domain.records import decode_cursor, encode_cursor
from customizations.errors import HTTP_STATUS, AppError, ErrorCode
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.support.fakes import Stack

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "150"))
OWNER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")
TOKENS = {"customer": OWNER, "admin": ADMIN}

# What an HTTP header can carry as text (WSGI hands headers over as latin-1): every category of it,
# the superscript digits among them.
header_text = st.text(st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40)
# Any text at all, lone surrogates included, for what travels inside JSON or a path.
# (a list joined: `st.text` merges the two alphabets and drops the surrogates again)
any_text = st.lists(st.one_of(st.characters(), st.characters(categories=["Cs"])), max_size=60).map("".join)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | any_text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(any_text, inner, max_size=3),
    max_leaves=8,
)
iso_times = st.builds(
    lambda y, mo, d, h, offset: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:00:00{offset}",
    st.integers(1, 9999),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.sampled_from(["", "Z", "+00:00", "+14:00", "-14:00", "+23:59", "-23:59"]),
)
cursor_payloads = st.tuples(
    st.one_of(iso_times, st.integers(), json_values), st.one_of(any_text, json_values)
).map(lambda pair: json.dumps(list(pair)).encode())
cursors = st.one_of(
    cursor_payloads.map(lambda raw: base64.urlsafe_b64encode(raw).decode().rstrip("=")),
    st.text(st.characters(codec="ascii"), min_size=1, max_size=80),
)
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def client():
    stack = Stack(OWNER, ADMIN)
    stack.product()
    created = stack.services.requests.create(OWNER, CreateRequest("mug", 1, "Gold rim"), None)
    os.environ.pop("FIREBASE_AUTH_EMULATOR_HOST", None)

    def verify(token, fresh):
        actor = TOKENS.get(token)
        if actor is None:
            raise AppError(ErrorCode.UNAUTHENTICATED, "A valid Firebase ID token is required")
        return {"uid": actor.uid, "role": actor.role.value, "email": actor.email}

    app_client = create_app(lambda: stack.services, verify).test_client()
    app_client.request_id = created["id"]
    app_client.new_request = lambda: stack.services.requests.create(
        OWNER, CreateRequest("mug", 1, "Gold rim"), None
    )["id"]
    return app_client


def assert_answered(response):
    """A status the contract knows, the envelope, and never a server error."""
    assert response.status_code < 500, response.get_data(as_text=True)
    body = response.get_json()
    assert body is not None, (response.status_code, response.request.path, response.headers)
    if response.status_code >= 400:
        code = ErrorCode(body["error"]["code"])
        assert HTTP_STATUS[code] == response.status_code
    else:
        assert body["success"] is True


def expected_for_if_match(value: str, current: int) -> int:
    """The status an If-Match value must get on an action the request allows, by the contract
    (`3`, `"3"` or `W/"3"` name a version; anything else is malformed), written out apart from the
    code under test."""
    text = value.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text or len(text) > 12 or any(c not in "0123456789" for c in text):
        return 400
    return 200 if int(text) == current else 412


@SETTINGS
@given(value=header_text)
@example(value="1")
@example(value='"1"')
@example(value='W/"1"')
@example(value="2")
def test_any_if_match_header_gets_the_answer_its_version_calls_for(client, value):
    """On a cancel the request allows, a malformed If-Match is a 400, another version a 412 that
    changes nothing, and the current version lets the action through (then a new request is used)."""
    response = client.patch(
        f"/customizations/{client.request_id}",
        json={"action": "cancel"},
        headers={"Authorization": "Bearer customer", "If-Match": value},
    )
    assert_answered(response)
    assert response.status_code == expected_for_if_match(value, 1), (value, response.get_json())
    if response.status_code == 200:
        client.request_id = client.new_request()


@SETTINGS
@given(key=header_text, authorization=header_text)
def test_any_idempotency_key_or_authorization_header_is_answered_without_a_server_error(
    client, key, authorization
):
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "x"}
    assert_answered(client.post("/customizations", json=body, headers={"Authorization": authorization}))
    keyed = client.post(
        "/customizations", json=body, headers={"Authorization": "Bearer customer", "Idempotency-Key": key}
    )
    assert_answered(keyed)


@SETTINGS
@given(cursor=cursors, path=st.sampled_from(["/customizations", "/customizations/pending", "/notifications"]))
def test_any_cursor_is_answered_without_a_server_error(client, cursor, path):
    response = client.get(path, query_string={"cursor": cursor}, headers={"Authorization": "Bearer admin"})
    assert_answered(response)


@SETTINGS
@given(segment=any_text.filter(lambda s: s not in ("", ".", "..")))
def test_any_path_segment_is_answered_without_a_server_error(client, segment):
    quoted = segment.encode("utf-8", "surrogatepass").hex()  # every byte, percent-encoded
    encoded = "".join(f"%{quoted[i : i + 2]}" for i in range(0, len(quoted), 2))
    for method, template in (
        ("GET", "/customizations/{}"),
        ("GET", "/customizations/{}/events"),
        ("GET", "/customizations/{}/files/designerFinalFile"),
        ("POST", "/notifications/{}/read"),
        ("PUT", "/users/{}/role"),
    ):
        body = {"role": "designer"} if method == "PUT" else None
        response = client.open(
            template.format(encoded), method=method, json=body, headers={"Authorization": "Bearer admin"}
        )
        assert_answered(response)


@SETTINGS
@given(cursor=cursors)
def test_what_the_cursor_decoder_lets_through_the_firestore_client_can_send(cursor):
    from google.auth.credentials import AnonymousCredentials
    from google.cloud import firestore
    from google.cloud.firestore_v1 import _helpers

    try:
        value, doc_id = decode_cursor(cursor)
    except AppError as refused:
        assert refused.code is ErrorCode.VALIDATION_ERROR
        return
    client = firestore.Client(project="demo-check", credentials=AnonymousCredentials())
    client.collection("customizationRequests").document(doc_id)._document_path.encode("utf-8")
    _helpers.encode_value(value)
    assert decode_cursor(encode_cursor(value, doc_id)) == (value, doc_id)
