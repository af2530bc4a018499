"""Firestore emulator REST calls as a given end user, so that security rules apply.

The Python server client always authenticates as the owner and bypasses rules; the REST API with
an ID token does not. The emulator accepts unsigned tokens, so tests mint them here.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from tests.support.emulators import FIRESTORE_HOST, PROJECT

ROOT = f"http://{FIRESTORE_HOST}/v1/projects/{PROJECT}/databases/(default)/documents"


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def token(uid: str, role: str | None = None, auth_time: int | None = None) -> str:
    """An unsigned Firebase ID token for uid, with the custom claim role when given, from a sign-in
    at auth_time (seconds; now if not given)."""
    now = int(time.time())
    claims: dict[str, Any] = {
        "iss": f"https://securetoken.google.com/{PROJECT}",
        "aud": PROJECT,
        "sub": uid,
        "user_id": uid,
        "iat": now,
        "exp": now + 3600,
        "auth_time": now if auth_time is None else auth_time,
        "email": f"{uid}@example.com",
        "firebase": {"sign_in_provider": "password", "identities": {}},
    }
    if role is not None:
        claims["role"] = role
    return f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."


def load_rules(path: Path) -> None:
    """Make the emulator enforce the rules file under test."""
    body = {"rules": {"files": [{"name": path.name, "content": path.read_text()}]}}
    requests.put(
        f"http://{FIRESTORE_HOST}/emulator/v1/projects/{PROJECT}:securityRules", json=body, timeout=30
    ).raise_for_status()


# Python type -> how the REST API spells a value of it (bool before int: a bool is an int).
_ENCODINGS: list[tuple[type, Callable[[Any], dict[str, Any]]]] = [
    (type(None), lambda v: {"nullValue": None}),
    (bool, lambda v: {"booleanValue": v}),
    (int, lambda v: {"integerValue": str(v)}),
    (float, lambda v: {"doubleValue": v}),
    (datetime, lambda v: {"timestampValue": v.isoformat().replace("+00:00", "Z")}),
    (dict, lambda v: {"mapValue": {"fields": {k: encode(x) for k, x in v.items()}}}),
    (list | tuple, lambda v: {"arrayValue": {"values": [encode(x) for x in v]}}),
]


def encode(value: Any) -> dict[str, Any]:
    """A Python value as a Firestore REST Value."""
    for kind, spell in _ENCODINGS:
        if isinstance(value, kind):
            return spell(value)
    return {"stringValue": str(value)}


def allowed(response: requests.Response) -> bool:
    """Whether the rules let a call through: True for a 200, False for exactly the rules' denial
    (403 PERMISSION_DENIED). Anything else fails the test, a 404 above all: a read of a missing
    document says nothing about the rules, so the cases read documents that exist."""
    if response.status_code == 200:
        return True
    try:
        body = response.json()
        error = (body[0] if isinstance(body, list) else body)["error"]
    except (ValueError, KeyError, IndexError, TypeError):
        error = {}
    assert (response.status_code, error.get("status")) == (403, "PERMISSION_DENIED"), (
        f"{response.request.method} {response.request.path_url}: neither allowed nor denied by the "
        f"rules: {response.status_code} {response.text[:300]}"
    )
    return False


class As:
    """REST calls made as one signed-in user (or signed out when token is None)."""

    def __init__(self, auth_token: str | None) -> None:
        self.headers = {"Authorization": f"Bearer {auth_token}"} if auth_token else {}

    def get(self, path: str) -> requests.Response:
        return requests.get(f"{ROOT}/{path}", headers=self.headers, timeout=30)

    def list(self, collection: str) -> requests.Response:
        return requests.get(f"{ROOT}/{collection}", headers=self.headers, timeout=30)

    def query(self, collection: str, where: dict[str, Any], parent: str = "") -> requests.Response:
        filters = [
            {"fieldFilter": {"field": {"fieldPath": k}, "op": "EQUAL", "value": encode(v)}}
            for k, v in where.items()
        ]
        structured: dict[str, Any] = {"from": [{"collectionId": collection}]}
        if filters:
            structured["where"] = (
                {"compositeFilter": {"op": "AND", "filters": filters}} if len(filters) > 1 else filters[0]
            )
        url = f"{ROOT}/{parent}:runQuery" if parent else f"{ROOT}:runQuery"
        return requests.post(url, json={"structuredQuery": structured}, headers=self.headers, timeout=30)

    def create(self, collection: str, doc_id: str, fields: dict[str, Any]) -> requests.Response:
        return requests.post(
            f"{ROOT}/{collection}?documentId={doc_id}",
            json={"fields": {k: encode(v) for k, v in fields.items()}},
            headers=self.headers,
            timeout=30,
        )

    def update(self, path: str, fields: dict[str, Any]) -> requests.Response:
        mask = "&".join(f"updateMask.fieldPaths={k}" for k in fields)
        return requests.patch(
            f"{ROOT}/{path}?{mask}&currentDocument.exists=true",
            json={"fields": {k: encode(v) for k, v in fields.items()}},
            headers=self.headers,
            timeout=30,
        )

    def stamp(self, path: str, field: str) -> requests.Response:
        """Set field to the server's time, as serverTimestamp() does (a transform in a commit)."""
        write = {
            "update": {"name": f"projects/{PROJECT}/databases/(default)/documents/{path}", "fields": {}},
            "updateMask": {"fieldPaths": []},
            "updateTransforms": [{"fieldPath": field, "setToServerValue": "REQUEST_TIME"}],
            "currentDocument": {"exists": True},
        }
        return requests.post(f"{ROOT}:commit", json={"writes": [write]}, headers=self.headers, timeout=30)

    def delete(self, path: str) -> requests.Response:
        return requests.delete(f"{ROOT}/{path}", headers=self.headers, timeout=30)
