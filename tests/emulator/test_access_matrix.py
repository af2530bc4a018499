"""Every endpoint x role x ownership, from one table: the seed's access control matrix as statuses.

Each row names an endpoint, the state the request is put in first, and the status each caller gets.
Callers: the request's customer, another customer, the request's designer (for a pending request,
any designer), another designer, an admin, and nobody.
"""

from dataclasses import dataclass

import pytest

from tests.support.emulators import create_user, ensure_user, file_ref, ok, set_claims, stub_file_ref
from tests.support.firestore_rest import token


@dataclass(frozen=True)
class Caller:
    uid: str
    role: str | None

    @property
    def headers(self):
        return {"Authorization": f"Bearer {token(self.uid, self.role)}"} if self.role else {}


CALLERS = {
    "owner": Caller("cust", "customer"),
    "other_customer": Caller("cust2", "customer"),
    "designer": Caller("des", "designer"),
    "other_designer": Caller("des2", "designer"),
    "admin": Caller("adm", "admin"),
    "nobody": Caller("anon", None),
}
ORDER = list(CALLERS)


@pytest.fixture(autouse=True)
def callers_exist():
    """The callers' tokens are forged (the emulator does not check signatures), but their users must
    exist: the API refuses a token whose user was deleted."""
    for caller in CALLERS.values():
        if caller.role is not None:
            ensure_user(caller.uid)
            set_claims(caller.uid, {"role": caller.role})  # the directory knows their role too


# endpoint, request state beforehand, statuses in ORDER (owner, other customer, designer, other
# designer, admin, nobody)
MATRIX = [
    ("GET /customizations/{id}", "pending", (200, 404, 200, 200, 200, 401)),
    ("GET /customizations/{id}", "in_progress", (200, 404, 200, 404, 200, 401)),
    ("PATCH assign", "pending", (403, 404, 200, 200, 200, 401)),
    ("PATCH uploadFinal", "in_progress", (403, 404, 200, 404, 200, 401)),
    ("PATCH approve", "awaiting", (200, 404, 403, 404, 200, 401)),
    ("PATCH reject", "awaiting", (200, 404, 403, 404, 200, 401)),
    ("PATCH cancel", "pending", (200, 404, 403, 403, 200, 401)),
    ("PATCH cancel", "in_progress", (200, 404, 403, 404, 200, 401)),
    ("DELETE /customizations/{id}", "awaiting", (200, 404, 403, 404, 200, 401)),
    ("PATCH complete", "approved", (403, 404, 403, 404, 200, 401)),
    ("POST /customizations", None, (201, 201, 403, 403, 201, 401)),
    ("GET /customizations", None, (200, 200, 200, 200, 200, 401)),
    ("GET /customizations/pending", None, (403, 403, 200, 200, 200, 401)),
    # claim next: designers only (an admin assigns a request by id, to whom they choose)
    ("POST /customizations/pending/claim", "pending", (403, 403, 200, 200, 403, 401)),
    ("GET /customizations/stats", None, (200, 200, 200, 200, 200, 401)),
    ("GET /customizations/workload", None, (403, 403, 200, 200, 200, 401)),
    ("PUT /users/{uid}/role", None, (403, 403, 403, 403, 200, 401)),
    ("GET /me", None, (200, 200, 200, 200, 200, 401)),
    ("PATCH /me", None, (200, 200, 200, 200, 200, 401)),
    ("POST /me/devices", None, (201, 201, 201, 201, 201, 401)),
    ("DELETE /me/devices/{id}", "device", (200, 404, 404, 404, 404, 401)),  # the owner's device
    ("POST /notifications/read-all", None, (200, 200, 200, 200, 200, 401)),
    ("GET /customizations/{id}/messages", "in_progress", (200, 404, 200, 404, 200, 401)),
    ("POST /customizations/{id}/messages", "pending", (201, 404, 404, 404, 201, 401)),
    ("POST /customizations/{id}/messages", "in_progress", (201, 404, 201, 404, 201, 401)),
    ("POST /customizations/{id}/messages/read", "in_progress", (200, 404, 200, 404, 200, 401)),
    ("POST /customizations/{id}/revisions/1/comments", "awaiting", (201, 404, 201, 404, 201, 401)),
    ("POST /customizations/{id}/revisions/1/comments", "approved", (409, 404, 409, 404, 409, 401)),
    ("PATCH rate", "approved", (200, 404, 403, 404, 403, 401)),
    ("GET /customizations/{id}/files/designerFinalFile/url", "awaiting", (200, 404, 200, 404, 200, 401)),
    ("GET /products", None, (200, 200, 200, 200, 200, 401)),
    ("GET /products?includeRetired=true", None, (403, 403, 403, 403, 200, 401)),
    ("POST /products", None, (403, 403, 403, 403, 201, 401)),
    ("GET /products/{id}", "product", (200, 200, 200, 200, 200, 401)),
    ("PATCH /products/{id}", "product", (403, 403, 403, 403, 200, 401)),
    # The workflow's edges: its designer gives a claim back; an admin gives it to another designer
    # (des2) or allows more rounds of changes; a designer's availability is theirs to set.
    ("PATCH release", "in_progress", (403, 404, 200, 404, 200, 401)),
    ("PATCH reassign", "in_progress", (403, 404, 403, 404, 200, 401)),
    ("PATCH allowRevision", "awaiting", (403, 404, 403, 404, 200, 401)),
    ("PATCH /me availability", None, (403, 403, 200, 200, 403, 401)),
    ("GET /customizations?overdue=true", None, (200, 200, 200, 200, 200, 401)),
    ("GET /customizations/pending?sort=dueAt", None, (403, 403, 200, 200, 200, 401)),
]

STEPS = {
    "pending": [],
    "in_progress": [("designer", {"action": "assign"})],
    "awaiting": [("designer", {"action": "assign"}), ("designer", "upload")],
    "approved": [
        ("designer", {"action": "assign"}),
        ("designer", "upload"),
        ("owner", {"action": "approve"}),
    ],
}

CASES = [
    pytest.param(endpoint, state, who, expected, id=f"{endpoint}-{state}-{who}")
    for endpoint, state, statuses in MATRIX
    for who, expected in zip(ORDER, statuses, strict=True)
]


def upload_body(caller):
    # Those who may upload designs send a real one; for the others the call is refused first.
    may_upload = caller.role in ("designer", "admin")
    ref = file_ref(caller, "designer_final") if may_upload else stub_file_ref(caller.uid, "designer_final")
    return {"action": "uploadFinal", "designerFinalFile": ref}


DEVICE = {"token": "matrix-device-token-" + "d" * 30, "platform": "android", "label": "Pixel"}


def prepare(api, state):
    if state == "device":
        return ok(api.post("/me/devices", CALLERS["owner"], DEVICE), 201)["id"]
    if state == "product":
        return "mug"
    created = api.post(
        "/customizations",
        CALLERS["owner"],
        {"productId": "mug", "quantity": 1, "customizationNotes": "Matrix"},
    )
    assert created.status_code == 201, created.text
    rid = created.json()["data"]["id"]
    for who, step in STEPS[state]:
        body = upload_body(CALLERS[who]) if step == "upload" else step
        ok(api.patch(f"/customizations/{rid}", CALLERS[who], body))
    return rid


def call(api, endpoint, caller, rid):
    if endpoint.startswith("PATCH ") and not endpoint.startswith("PATCH /"):
        action = endpoint.split()[1]
        body = {
            "uploadFinal": upload_body(caller),
            "reject": {"action": "reject", "reason": "Not quite"},
            "complete": {"action": "complete", "orderId": "order-1"},
            "rate": {"action": "rate", "stars": 5},
            "release": {"action": "release", "reason": "Out sick"},
            "reassign": {"action": "reassign", "designerId": CALLERS["other_designer"].uid},
        }.get(action, {"action": action})
        return api.patch(f"/customizations/{rid}", caller, body)
    if endpoint == "PATCH /me availability":
        return api.patch("/me", caller, {"availability": {"available": False, "capacity": 5}})
    method, path = endpoint.split()
    if path == "/users/{uid}/role":
        target = create_user("customer")
        return api.put(f"/users/{target.uid}/role", caller, {"role": "designer"})
    bodies = {
        "/customizations": {"productId": "mug", "quantity": 1, "customizationNotes": "New"},
        "/me": {"preferences": {"emailDigest": "daily"}},
        "/me/devices": {**DEVICE, "token": f"token-of-{caller.uid}-" + "e" * 30},
        "/customizations/{id}/messages": {"text": "Hello"},
        "/customizations/{id}/revisions/1/comments": {"text": "Here", "x": 0.5, "y": 0.5},
        "/products": {"name": "Baseball cap"},
        "/products/{id}": {"name": "Ceramic mug"},
    }
    body = bodies.get(path) if method in ("POST", "PATCH") else None
    return api.call(method, path.replace("{id}", rid or "x"), caller, body)


@pytest.mark.parametrize(("endpoint", "state", "who", "expected"), CASES)
def test_access_matrix(api, product, endpoint, state, who, expected):
    rid = prepare(api, state) if state else None
    response = call(api, endpoint, CALLERS[who], rid)
    assert response.status_code == expected, response.text
    if expected >= 400:
        code = {401: "UNAUTHENTICATED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "INVALID_TRANSITION"}[
            expected
        ]
        assert response.json()["error"]["code"] == code
    else:
        assert response.json()["success"] is True
