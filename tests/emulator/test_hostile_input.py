"""A corpus of hostile inputs, one table, thrown at every endpoint that takes input.

Every case must get the exact status and error code its row names, in the error format, and leave
Firestore exactly as it was. Since a route that is gone answers 404 (or 405), the cases that expect
a 404 (hostile ids) first call the same route with ids that exist and must get its real answer.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from customizations.errors import HTTP_STATUS, ErrorCode

from tests.support.emulators import (
    Api,
    User,
    act,
    create_user,
    file_ref,
    firestore_client,
    ok,
    seed_product,
    wait_for_triggers,
)

BAD = ErrorCode.VALIDATION_ERROR  # 400
TOO_LARGE = ErrorCode.PAYLOAD_TOO_LARGE  # 413: over the 1 MiB a JSON body may have
WRONG_TYPE = ErrorCode.UNSUPPORTED_MEDIA_TYPE  # 415: a content type or file format the endpoint does not take


def nested(depth: int) -> bytes:
    return b'{"productId":' * depth + b"1" + b"}" * depth


JSON = "application/json"
# name -> (raw body, content type, the error every endpoint that takes a JSON body must answer).
BODIES: dict[str, tuple[bytes, str | None, ErrorCode]] = {
    "deeply nested object": (nested(100_000), JSON, TOO_LARGE),  # 1.3 MB
    "deeply nested array": (b"[" * 100_000 + b"]" * 100_000, JSON, BAD),
    "a 2 MB string": (
        json.dumps({"productId": "mug", "customizationNotes": "x" * (2 << 20)}).encode(),
        JSON,
        TOO_LARGE,
    ),
    "a 30 MB body": (b'{"a":"' + b"y" * (30 << 20) + b'"}', JSON, TOO_LARGE),
    "huge integer": (
        b'{"productId":"mug","quantity":1' + b"0" * 5000 + b',"customizationNotes":"x"}',
        JSON,
        BAD,
    ),
    "negative quantity": (b'{"productId":"mug","quantity":-5,"customizationNotes":"x"}', JSON, BAD),
    "float quantity": (b'{"productId":"mug","quantity":1.5,"customizationNotes":"x"}', JSON, BAD),
    "NaN": (b'{"productId":"mug","quantity":NaN,"customizationNotes":"x"}', JSON, BAD),
    "Infinity": (b'{"productId":"mug","quantity":Infinity,"customizationNotes":"x"}', JSON, BAD),
    "string quantity": (b'{"productId":"mug","quantity":"2","customizationNotes":"x"}', JSON, BAD),
    "boolean quantity": (b'{"productId":"mug","quantity":true,"customizationNotes":"x"}', JSON, BAD),
    "all nulls": (
        b'{"productId":null,"quantity":null,"customizationNotes":null,"action":null,"role":null}',
        JSON,
        BAD,
    ),
    "null body": (b"null", JSON, BAD),
    "array body": (b"[]", JSON, BAD),
    "string body": (b'"assign"', JSON, BAD),
    "empty body": (b"", JSON, BAD),
    "truncated JSON": (b'{"productId":"mug",', JSON, BAD),
    "NUL bytes": (
        b'{"productId":"mu\\u0000g","quantity":1,"customizationNotes":"a\\u0000b","action":"\\u0000"}',
        JSON,
        BAD,
    ),
    "raw NUL byte": (b'{"productId":"mug\x00","quantity":1}', JSON, BAD),
    "lone surrogate": (b'{"productId":"\\ud800","quantity":1,"customizationNotes":"\\udfff"}', JSON, BAD),
    "invalid UTF-8": (b'{"productId":"\xff\xfe","quantity":1}', JSON, BAD),
    "UTF-16 body": ('{"productId":"mug","quantity":1}'.encode("utf-16"), JSON, BAD),
    "right-to-left and zero-width": (
        '{"productId":"\u202emug\u200b","quantity":1,"action":"assign\u200b"}'.encode(),
        JSON,
        BAD,
    ),
    "duplicated keys": (
        b'{"productId":"mug","productId":"other","quantity":1,"action":"assign","action":"approve"}',
        JSON,
        BAD,
    ),
    "unknown fields": (
        b'{"productId":"mug","quantity":1,"customizationNotes":"x","status":"approved","__proto__":{}}',
        JSON,
        BAD,
    ),
    "wrong content type": (
        b'{"productId":"mug","quantity":1,"customizationNotes":"x"}',
        "text/plain",
        WRONG_TYPE,
    ),
    "form content type": (b"productId=mug&quantity=1", "application/x-www-form-urlencoded", WRONG_TYPE),
    "missing content type": (b'{"productId":"mug","quantity":1,"customizationNotes":"x"}', None, WRONG_TYPE),
    "multipart instead of JSON": (b"--b\r\n\r\n--b--", "multipart/form-data; boundary=b", WRONG_TYPE),
}

IDS = {
    "slash": "abc%2Fdef",
    "dot dot": "..%2F..%2Fusers",
    "2,000 characters": "a" * 2000,
    "NUL": "abc%00def",
    "percent-encoded unicode": "%E2%80%AE%F0%9F%92%A5",
    "double-encoded slash": "abc%252Fdef",
    "reserved Firestore name": "__name__",
    "backslash": "a%5Cb",
}

QUERIES = [
    "limit=-1",
    "limit=0",
    "limit=99999999999999999999",
    "limit=abc",
    "limit=1.5",
    "cursor=%00",
    "cursor=" + "A" * 5000,
    "cursor=eyJ2IjoiX19uYW1lX18ifQ",
    "status=approved%00",
    "status=" + "x" * 2000,
    "unread=maybe",
    "limit=10&limit=20",
    "customerId[]=x",
    "designerId=" + "%F0%9F%92%A5" * 100,
]


@pytest.fixture
def world(api: Api) -> dict[str, Any]:
    """A customer's request with a design file, another one claimed (so the customer has a
    notification), an open upload session, and the people who made them."""
    seed_product()
    customer, designer, admin = create_user("customer"), create_user("designer"), create_user("admin")
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "real"}
    design = file_ref(customer, "customer_design", "sketch.pdf")
    rid = ok(api.post("/customizations", customer, {**body, "customerDesignFile": design}), 201)["id"]
    claimed = ok(api.post("/customizations", customer, body), 201)["id"]
    ok(act(api, designer, claimed, "assign"))
    session = {
        "kind": "customer_design",
        "fileName": "big.pdf",
        "size": 5000,
        "contentType": "application/pdf",
    }
    upload_id = ok(api.post("/customizations/uploads", customer, session), 201)["uploadId"]
    for user in (customer, designer, admin):
        ok(api.get("/me", user))  # a first call writes the caller's profile: done before the snapshot
    attached = file_ref(customer, "preview", "attached.png")
    note = {"text": "real", "attachments": [attached]}
    message = ok(api.post(f"/customizations/{rid}/messages", customer, note), 201)["id"]
    phone = {"token": "device-token-" + "t" * 40, "platform": "ios", "label": "phone"}
    device = ok(api.post("/me/devices", customer, phone), 201)["id"]
    wait_for_triggers()
    (notification,) = ok(api.get("/notifications", customer))
    return {
        "customer": customer,
        "designer": designer,
        "admin": admin,
        "rid": rid,
        "upload": upload_id,
        "notification": notification["id"],
        "device": device,
        "message": message,
    }


def everything() -> dict[str, Any]:
    """Every document the API itself writes, with its update time (trigger output left out)."""
    db = firestore_client()
    return {
        f"{name}/{s.id}": s.update_time
        for name in ("customizationRequests", "idempotencyKeys", "uploads", "users", "products")
        for s in db.collection(name).stream()
    }


def assert_refused(response: Any, case: str, code: ErrorCode) -> None:
    """The exact refusal the case must get: its status, its code, the error format, no traceback."""
    status = HTTP_STATUS[code]
    got = f"{case}: expected {status} {code}, got {response.status_code} {response.text[:300]}"
    assert response.status_code == status, got
    body = response.json()
    assert body["success"] is False, got
    assert body["error"]["code"] == code.value, got
    assert isinstance(body["error"]["message"], str) and "Traceback" not in response.text, case


# (method, path template, who calls): the endpoints that take a JSON body.
JSON_ENDPOINTS: list[tuple[str, str, str]] = [
    ("POST", "/customizations", "customer"),
    ("PATCH", "/customizations/{rid}", "designer"),
    ("PUT", "/users/{uid}/role", "admin"),
    ("POST", "/customizations/uploads", "customer"),
    ("PATCH", "/me", "customer"),
    ("POST", "/me/devices", "designer"),
    ("POST", "/customizations/{rid}/messages", "customer"),
    ("POST", "/customizations/{rid}/revisions/1/comments", "admin"),
    ("POST", "/products", "admin"),
    ("PATCH", "/products/mug", "admin"),
]


def send(api: Api, method: str, path: str, user: User, raw: bytes, content_type: str | None) -> Any:
    headers = {"Content-Type": content_type} if content_type else {}
    return api.call(method, path, user, headers=headers, data=raw)


@pytest.mark.parametrize(("method", "template", "who"), JSON_ENDPOINTS)
def test_hostile_bodies_are_refused_and_write_nothing(api, world, method, template, who):
    path = template.format(rid=world["rid"], uid=world["customer"].uid)
    before = everything()
    for case, (raw, content_type, code) in BODIES.items():
        response = send(api, method, path, world[who], raw, content_type)
        assert_refused(response, f"{method} {template}: {case}", code)
    assert everything() == before


# (method, path template, who calls, the control: the same call with ids that exist, and its status).
# Every hostile id names nothing there is (404); the control shows the route itself is there.
ID_ENDPOINTS: list[tuple[str, str, str, int]] = [
    ("GET", "/customizations/{id}", "customer", 200),
    ("PATCH", "/customizations/{id}", "designer", 200),
    ("DELETE", "/customizations/{id}", "admin", 200),
    ("GET", "/customizations/{id}/events", "admin", 200),
    ("GET", "/customizations/{id}/revisions", "admin", 200),
    ("GET", "/customizations/{id}/files/customerDesignFile", "admin", 200),
    ("GET", "/customizations/rid/files/{id}", "admin", 200),
    ("POST", "/customizations/uploads/{id}/complete", "customer", 409),  # no bytes sent yet
    ("POST", "/notifications/{id}/read", "customer", 200),
    ("PUT", "/users/{id}/role", "admin", 200),
    ("DELETE", "/me/devices/{id}", "customer", 200),
    ("GET", "/customizations/{id}/messages", "customer", 200),
    ("GET", "/customizations/rid/messages/{id}/files/0", "customer", 200),
    ("GET", "/customizations/{id}/files/customerDesignFile/url", "customer", 200),
    ("GET", "/customizations/rid/files/{id}/url", "customer", 200),
    ("GET", "/products/{id}", "designer", 200),
    ("PATCH", "/products/{id}", "admin", 200),
]


def real_id(template: str, world: dict[str, Any]) -> str:
    """The id that exists for the {id} of this template."""
    by_prefix = {
        "/customizations/rid/files/": "customerDesignFile",
        "/customizations/uploads/": str(world["upload"]),
        "/notifications/": str(world["notification"]),
        "/users/": str(world["customer"].uid),
        "/me/devices/": str(world["device"]),
        "/customizations/rid/messages/": str(world["message"]),
        "/products/": "mug",
    }
    found = [value for prefix, value in by_prefix.items() if template.startswith(prefix)]
    return found[0] if found else str(world["rid"])


@pytest.mark.parametrize(("method", "template", "who", "control"), ID_ENDPOINTS)
def test_hostile_ids_are_refused_and_write_nothing(api, world, method, template, who, control):
    def body() -> Any:
        if template.startswith("/products/"):
            return {"name": "Ceramic mug"} if method == "PATCH" else None
        return (
            {"action": "assign"} if method == "PATCH" else {"role": "designer"} if method == "PUT" else None
        )

    def path(value: str) -> str:
        return template.replace("/rid/", f"/{world['rid']}/").format(id=value)

    real = api.call(method, path(real_id(template, world)), world[who], body())
    assert real.status_code == control, f"{method} {template} with ids that exist: {real.text[:300]}"
    before = everything()
    for case, value in IDS.items():
        response = api.call(method, path(value), world[who], body())
        assert_refused(response, f"{method} {template}: {case}", ErrorCode.NOT_FOUND)
    assert everything() == before


@pytest.mark.parametrize(
    "path", ["/customizations", "/customizations/pending", "/notifications", "/me", "/products"]
)
def test_hostile_queries_are_refused(api, world, path):
    user = world["admin"] if path not in ("/notifications", "/me", "/products") else world["customer"]
    assert ok(api.get(path, user)) is not None  # the route is there, and answers the caller
    for query in QUERIES:
        assert_refused(api.get(f"{path}?{query}", user), f"{path}?{query}", BAD)


def test_hostile_uploads_are_refused_and_write_nothing(api, world):
    customer = world["customer"]
    before = everything()
    png = b"\x89PNG\r\n\x1a\n"
    svg = "image/svg+xml"
    # case -> (the multipart parts, the error it must get)
    cases: dict[str, tuple[dict[str, Any], ErrorCode]] = {
        "a form without a file, not multipart": ({"data": {"kind": "preview"}}, WRONG_TYPE),
        "no file in the multipart": (
            {"files": {"other": ("a.png", png + b"0" * 100, "image/png")}, "data": {"kind": "preview"}},
            BAD,
        ),
        "no kind": ({"files": {"file": ("a.png", png + b"0" * 100, "image/png")}}, BAD),
        "unknown kind": ({"files": {"file": ("a.png", png, "image/png")}, "data": {"kind": "x"}}, BAD),
        "empty file": ({"files": {"file": ("a.png", b"", "image/png")}, "data": {"kind": "preview"}}, BAD),
        "NUL in name": (
            {"files": {"file": ("a\x00.png", b"GIF89a", "image/png")}, "data": {"kind": "preview"}},
            WRONG_TYPE,  # bytes of a GIF under a .png name
        ),
        "executable as png": (
            {"files": {"file": ("a.png", b"MZ\x90\x00", "image/png")}, "data": {"kind": "preview"}},
            WRONG_TYPE,
        ),
        "script in svg": (
            {
                "files": {"file": ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", svg)},
                "data": {"kind": "customer_design"},
            },
            WRONG_TYPE,
        ),
        "billion laughs": (
            {
                "files": {
                    "file": (
                        "a.svg",
                        b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
                        b'<!ENTITY b "&a;&a;&a;">]><svg>&b;</svg>',
                        svg,
                    )
                },
                "data": {"kind": "customer_design"},
            },
            WRONG_TYPE,
        ),
        "designer kind by a customer": (
            {"files": {"file": ("a.png", png + b"0" * 10, "image/png")}, "data": {"kind": "designer_final"}},
            ErrorCode.FORBIDDEN,
        ),
    }
    for case, (parts, code) in cases.items():
        response = api.post("/customizations/upload", customer, **parts)
        assert_refused(response, f"upload: {case}", code)
    assert everything() == before


def test_a_forged_unsigned_token_is_refused(api, world):
    """Outside the emulator the Admin SDK checks signatures; here we can at least show that a token
    for a user the Auth emulator never issued, or a malformed one, is refused."""
    # (A header over ~8 KB is refused by the Functions emulator's proxy itself, before the app.)
    for token in ("x", "a.b.c", "e30.e30.", "Bearer", "é" * 100, "a" * 5000):
        response = api.get("/customizations", headers={"Authorization": f"Bearer {token}"})
        assert_refused(response, f"token {token[:10]}", ErrorCode.UNAUTHENTICATED)
