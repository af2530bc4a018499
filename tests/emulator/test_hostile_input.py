"""A corpus of hostile inputs, one table, thrown at every endpoint that takes input.

Every case must get a 4xx in the error format, and leave Firestore exactly as it was.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from customizations.errors import HTTP_STATUS, ErrorCode

from tests.support.emulators import Api, User, create_user, firestore_client, seed_product

# The refusals of the error table: every code whose status is a 4xx.
ERROR_CODES = {code.value for code, status in HTTP_STATUS.items() if status < 500}


def nested(depth: int) -> bytes:
    return b'{"productId":' * depth + b"1" + b"}" * depth


JSON = "application/json"
# name -> (raw body, content type): sent to every endpoint that takes a JSON body.
BODIES: dict[str, tuple[bytes, str | None]] = {
    "deeply nested object": (nested(100_000), JSON),
    "deeply nested array": (b"[" * 100_000 + b"]" * 100_000, JSON),
    "a 2 MB string": (json.dumps({"productId": "mug", "customizationNotes": "x" * (2 << 20)}).encode(), JSON),
    "a 30 MB body": (b'{"a":"' + b"y" * (30 << 20) + b'"}', JSON),
    "huge integer": (b'{"productId":"mug","quantity":1' + b"0" * 5000 + b',"customizationNotes":"x"}', JSON),
    "negative quantity": (b'{"productId":"mug","quantity":-5,"customizationNotes":"x"}', JSON),
    "float quantity": (b'{"productId":"mug","quantity":1.5,"customizationNotes":"x"}', JSON),
    "NaN": (b'{"productId":"mug","quantity":NaN,"customizationNotes":"x"}', JSON),
    "Infinity": (b'{"productId":"mug","quantity":Infinity,"customizationNotes":"x"}', JSON),
    "string quantity": (b'{"productId":"mug","quantity":"2","customizationNotes":"x"}', JSON),
    "boolean quantity": (b'{"productId":"mug","quantity":true,"customizationNotes":"x"}', JSON),
    "all nulls": (
        b'{"productId":null,"quantity":null,"customizationNotes":null,"action":null,"role":null}',
        JSON,
    ),
    "null body": (b"null", JSON),
    "array body": (b"[]", JSON),
    "string body": (b'"assign"', JSON),
    "empty body": (b"", JSON),
    "truncated JSON": (b'{"productId":"mug",', JSON),
    "NUL bytes": (
        b'{"productId":"mu\\u0000g","quantity":1,"customizationNotes":"a\\u0000b","action":"\\u0000"}',
        JSON,
    ),
    "raw NUL byte": (b'{"productId":"mug\x00","quantity":1}', JSON),
    "lone surrogate": (b'{"productId":"\\ud800","quantity":1,"customizationNotes":"\\udfff"}', JSON),
    "invalid UTF-8": (b'{"productId":"\xff\xfe","quantity":1}', JSON),
    "UTF-16 body": ('{"productId":"mug","quantity":1}'.encode("utf-16"), JSON),
    "right-to-left and zero-width": (
        '{"productId":"\u202emug\u200b","quantity":1,"action":"assign\u200b"}'.encode(),
        JSON,
    ),
    "duplicated keys": (
        b'{"productId":"mug","productId":"other","quantity":1,"action":"assign","action":"approve"}',
        JSON,
    ),
    "unknown fields": (
        b'{"productId":"mug","quantity":1,"customizationNotes":"x","status":"approved","__proto__":{}}',
        JSON,
    ),
    "wrong content type": (b'{"productId":"mug","quantity":1,"customizationNotes":"x"}', "text/plain"),
    "form content type": (b"productId=mug&quantity=1", "application/x-www-form-urlencoded"),
    "missing content type": (b'{"productId":"mug","quantity":1,"customizationNotes":"x"}', None),
    "multipart instead of JSON": (b"--b\r\n\r\n--b--", "multipart/form-data; boundary=b"),
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
    seed_product()
    customer, designer, admin = create_user("customer"), create_user("designer"), create_user("admin")
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "real"}
    rid = api.post("/customizations", customer, body).json()["data"]["id"]
    return {"customer": customer, "designer": designer, "admin": admin, "rid": rid}


def everything() -> dict[str, Any]:
    """Every document the API itself writes, with its update time (trigger output left out)."""
    db = firestore_client()
    return {
        f"{name}/{s.id}": s.update_time
        for name in ("customizationRequests", "idempotencyKeys", "uploads", "users", "products")
        for s in db.collection(name).stream()
    }


def assert_refused(response: Any, case: str) -> None:
    assert 400 <= response.status_code < 500, f"{case}: {response.status_code} {response.text[:300]}"
    body = response.json()
    assert body["success"] is False, case
    assert body["error"]["code"] in ERROR_CODES, case
    assert HTTP_STATUS[ErrorCode(body["error"]["code"])] == response.status_code, case
    assert isinstance(body["error"]["message"], str) and "Traceback" not in response.text, case


# (method, path template, who calls): the endpoints that take a JSON body.
JSON_ENDPOINTS: list[tuple[str, str, str]] = [
    ("POST", "/customizations", "customer"),
    ("PATCH", "/customizations/{rid}", "designer"),
    ("PUT", "/users/{uid}/role", "admin"),
    ("POST", "/customizations/uploads", "customer"),
]


def send(api: Api, method: str, path: str, user: User, raw: bytes, content_type: str | None) -> Any:
    headers = {"Content-Type": content_type} if content_type else {}
    return api.call(method, path, user, headers=headers, data=raw)


@pytest.mark.parametrize(("method", "template", "who"), JSON_ENDPOINTS)
def test_hostile_bodies_are_refused_and_write_nothing(api, world, method, template, who):
    path = template.format(rid=world["rid"], uid=world["customer"].uid)
    before = everything()
    for case, (raw, content_type) in BODIES.items():
        assert_refused(send(api, method, path, world[who], raw, content_type), f"{method} {template}: {case}")
    assert everything() == before


ID_ENDPOINTS: list[tuple[str, str, str]] = [
    ("GET", "/customizations/{id}", "customer"),
    ("PATCH", "/customizations/{id}", "designer"),
    ("DELETE", "/customizations/{id}", "admin"),
    ("GET", "/customizations/{id}/events", "admin"),
    ("GET", "/customizations/{id}/revisions", "admin"),
    ("GET", "/customizations/{id}/files/designerFinalFile", "admin"),
    ("GET", "/customizations/rid/files/{id}", "admin"),
    ("POST", "/customizations/uploads/{id}/complete", "customer"),
    ("POST", "/notifications/{id}/read", "customer"),
    ("PUT", "/users/{id}/role", "admin"),
]


@pytest.mark.parametrize(("method", "template", "who"), ID_ENDPOINTS)
def test_hostile_ids_are_refused_and_write_nothing(api, world, method, template, who):
    before = everything()
    body: Callable[[], Any] = lambda: (  # noqa: E731
        {"action": "assign"} if method == "PATCH" else {"role": "designer"} if method == "PUT" else None
    )
    for case, value in IDS.items():
        path = template.replace("/rid/", f"/{world['rid']}/").format(id=value)
        response = api.call(method, path, world[who], body())
        assert_refused(response, f"{method} {template}: {case}")
    assert everything() == before


@pytest.mark.parametrize("path", ["/customizations", "/customizations/pending", "/notifications"])
def test_hostile_queries_are_refused(api, world, path):
    user = world["admin"] if path != "/notifications" else world["customer"]
    for query in QUERIES:
        assert_refused(api.get(f"{path}?{query}", user), f"{path}?{query}")


def test_hostile_uploads_are_refused_and_write_nothing(api, world):
    customer = world["customer"]
    before = everything()
    cases = {
        "no file": {"data": {"kind": "preview"}},
        "no kind": {"files": {"file": ("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")}},
        "unknown kind": {
            "files": {"file": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")},
            "data": {"kind": "x"},
        },
        "empty file": {"files": {"file": ("a.png", b"", "image/png")}, "data": {"kind": "preview"}},
        "NUL in name": {
            "files": {"file": ("a\x00.png", b"GIF89a", "image/png")},
            "data": {"kind": "preview"},
        },
        "executable as png": {
            "files": {"file": ("a.png", b"MZ\x90\x00", "image/png")},
            "data": {"kind": "preview"},
        },
        "script in svg": {
            "files": {
                "file": ("a.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "image/svg+xml")
            },
            "data": {"kind": "customer_design"},
        },
        "billion laughs": {
            "files": {
                "file": (
                    "a.svg",
                    b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">'
                    b'<!ENTITY b "&a;&a;&a;">]><svg>&b;</svg>',
                    "image/svg+xml",
                )
            },
            "data": {"kind": "customer_design"},
        },
        "designer kind by a customer": {
            "files": {"file": ("a.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10, "image/png")},
            "data": {"kind": "designer_final"},
        },
    }
    for case, parts in cases.items():
        response = api.post("/customizations/upload", customer, **parts)
        assert_refused(response, f"upload: {case}")
    assert everything() == before


def test_a_forged_unsigned_token_is_refused(api, world):
    """Outside the emulator the Admin SDK checks signatures; here we can at least show that a token
    for a user the Auth emulator never issued, or a malformed one, is refused."""
    # (A header over ~8 KB is refused by the Functions emulator's proxy itself, before the app.)
    for token in ("x", "a.b.c", "e30.e30.", "Bearer", "é" * 100, "a" * 5000):
        response = api.get("/customizations", headers={"Authorization": f"Bearer {token}"})
        assert_refused(response, f"token {token[:10]}")
        assert response.status_code == 401
