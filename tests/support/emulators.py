"""Clients for the local stack started by scripts/with-emulators: users with roles, an API client,
direct Firestore access for seeding and checking, and resets between tests."""

from __future__ import annotations

import json
import math
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

PROJECT = os.environ.get("GCLOUD_PROJECT", "demo-customizations")
API_URL = os.environ.get("API_URL", f"http://127.0.0.1:5001/{PROJECT}/us-central1/api")
AUTH_HOST = os.environ.get("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")
FIRESTORE_HOST = os.environ.get("FIRESTORE_EMULATOR_HOST", "127.0.0.1:8080")

_IDENTITY = f"http://{AUTH_HOST}/identitytoolkit.googleapis.com/v1"
_OWNER = {"Authorization": "Bearer owner"}  # the emulators' admin credential


@dataclass(frozen=True)
class User:
    """A signed-up Auth-emulator user and an ID token carrying its role claim."""

    uid: str
    email: str
    password: str
    role: str | None
    token: str

    @property
    def headers(self) -> dict[str, str]:
        """The Authorization header for API calls as this user."""
        return {"Authorization": f"Bearer {self.token}"}


def sign_in(email: str, password: str) -> str:
    """A fresh ID token (with the current custom claims) for an existing user."""
    response = requests.post(
        f"{_IDENTITY}/accounts:signInWithPassword?key=fake-api-key",
        json={"email": email, "password": password, "returnSecureToken": True},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["idToken"])


def create_user(role: str | None, name: str | None = None, email: str | None = None) -> User:
    """A new Auth-emulator user with the custom claim `role` (None: no claim), signed in."""
    email = email or f"{role or 'user'}-{uuid.uuid4().hex[:10]}@example.com"
    password = "password-123"
    response = requests.post(
        f"{_IDENTITY}/accounts:signUp?key=fake-api-key",
        json={"email": email, "password": password, "displayName": name or email.split("@")[0]},
        timeout=30,
    )
    response.raise_for_status()
    uid = response.json()["localId"]
    if role is not None:
        set_claims(uid, {"role": role})
    return User(uid, email, password, role, sign_in(email, password))


def set_claims(uid: str, claims: dict[str, Any]) -> None:
    """Set a user's custom claims directly in the Auth emulator."""
    response = requests.post(
        f"{_IDENTITY}/projects/{PROJECT}/accounts:update",
        json={"localId": uid, "customAttributes": json.dumps(claims)},
        headers=_OWNER,
        timeout=30,
    )
    response.raise_for_status()


def ensure_user(uid: str) -> None:
    """A user with exactly this uid in the Auth emulator: the API refuses a token (even a forged
    one, which the emulator does not check) whose user does not exist."""
    response = requests.post(
        f"{_IDENTITY}/projects/{PROJECT}/accounts",
        json={"localId": uid, "email": f"{uid}@example.com", "password": "password-123"},
        headers=_OWNER,
        timeout=30,
    )
    if response.status_code != 200 and "DUPLICATE" not in response.text:
        response.raise_for_status()


def granted(api: Any, admin: User, user: User, role: str) -> User:
    """Set user's role through the API and sign them in again: the API revokes their refresh
    tokens when their role changes, so the token they had stops working (within the second)."""
    ok(api.put(f"/users/{user.uid}/role", admin, {"role": role}))
    return User(user.uid, user.email, user.password, role, sign_in(user.email, user.password))


def reset_firestore() -> None:
    """Delete every document in the Firestore emulator. The emulator refuses (409) while a
    transaction is open (a function's, finishing after the last test's checks): asked again, for
    up to 30 s."""
    import time

    deadline = time.monotonic() + 30
    while True:
        response = requests.delete(
            f"http://{FIRESTORE_HOST}/emulator/v1/projects/{PROJECT}/databases/(default)/documents",
            timeout=60,
        )
        if response.status_code != 409 or time.monotonic() > deadline:
            response.raise_for_status()
            return
        time.sleep(0.2)


def move_clock(**delta: float) -> datetime:
    """Move the stack's clock (what its functions and this process's clock.utc_now() read) by
    this much more (hours=25, days=3, ...); the time it now says."""
    from datetime import timedelta

    path = os.environ["EMULATOR_CLOCK_FILE"]
    offset = float(open(path).read().strip() or 0) + timedelta(**delta).total_seconds()  # noqa: SIM115
    _write_clock(path, offset)
    return datetime.now(UTC) + timedelta(seconds=offset)


def _write_clock(path: str, offset: float) -> None:
    """Replace the clock file whole (never seen half-written by a function reading it)."""
    with open(f"{path}.new", "w") as clock:
        clock.write(f"{offset}\n")
    os.replace(f"{path}.new", path)


def reset_clock() -> None:
    """The stack's clock back to the real time."""
    path = os.environ.get("EMULATOR_CLOCK_FILE")
    if path:
        _write_clock(path, 0.0)


def reset_auth() -> None:
    """Delete every Auth-emulator user."""
    requests.delete(
        f"http://{AUTH_HOST}/emulator/v1/projects/{PROJECT}/accounts", headers=_OWNER, timeout=60
    ).raise_for_status()


def firestore_client() -> Any:
    """A Firestore client on the emulator (it talks as the owner: rules do not apply)."""
    from google.cloud import firestore

    return firestore.Client(project=PROJECT)


class Api:
    """A small HTTP client for the API."""

    def __init__(self, base_url: str = API_URL) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()

    def call(
        self,
        method: str,
        path: str,
        user: User | None = None,
        json_body: Any = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        """Send one request; json_body is sent as JSON unless data= is given."""
        all_headers = {**(user.headers if user else {}), **(headers or {})}
        if json_body is not None:
            kwargs["json"] = json_body
        return self.session.request(method, self.base_url + path, headers=all_headers, timeout=60, **kwargs)

    def get(self, path: str, user: User | None = None, **kw: Any) -> requests.Response:
        return self.call("GET", path, user, **kw)

    def post(self, path: str, user: User | None = None, body: Any = None, **kw: Any) -> requests.Response:
        return self.call("POST", path, user, body, **kw)

    def patch(self, path: str, user: User | None = None, body: Any = None, **kw: Any) -> requests.Response:
        return self.call("PATCH", path, user, body, **kw)

    def put(self, path: str, user: User | None = None, body: Any = None, **kw: Any) -> requests.Response:
        return self.call("PUT", path, user, body, **kw)

    def delete(self, path: str, user: User | None = None, **kw: Any) -> requests.Response:
        return self.call("DELETE", path, user, **kw)


def seed_product(
    product_id: str = "mug", name: str = "Ceramic mug", customizable: bool | None = True
) -> dict[str, Any]:
    """Write a product straight to Firestore."""
    data: dict[str, Any] = {"name": name, "imageUrl": f"https://example.com/{product_id}.png"}
    if customizable is not None:
        data["isCustomizable"] = customizable
    firestore_client().collection("products").document(product_id).set(data)
    return {"id": product_id, **data}


# The smallest byte strings each accepted format is recognised by.
SAMPLES = {
    ".png": b"\x89PNG\r\n\x1a\n" + b"\x00" * 56,
    ".jpg": b"\xff\xd8\xff\xe0" + b"\x00" * 60,
    ".gif": b"GIF89a" + b"\x00" * 58,
    ".webp": b"RIFF\x00\x00\x00\x00WEBPVP8 " + b"\x00" * 48,
    ".pdf": b"%PDF-1.7\n" + b"\x00" * 55,
    ".ai": b"%PDF-1.5\n%AI" + b"\x00" * 52,
    ".psd": b"8BPS\x00\x01" + b"\x00" * 58,
    ".svg": b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" height="9"/></svg>',
}


def upload(
    api: Api,
    user: Any,
    kind: str,
    name: str = "design.png",
    data: bytes | None = None,
    content_type: str | None = None,
) -> requests.Response:
    """POST /customizations/upload with one file."""
    body = SAMPLES[os.path.splitext(name)[1].lower()] if data is None else data
    file_part = (name, body, content_type) if content_type else (name, body)
    return api.call("POST", "/customizations/upload", user, files={"file": file_part}, data={"kind": kind})


def file_ref(user: Any, kind: str, name: str = "design.png") -> dict[str, Any]:
    """A FileRef to a real upload by user (a small file of the format the name says)."""
    return dict(ok(upload(Api(), user, kind, name), 201))


def stub_file_ref(uid: str, kind: str, name: str = "design.png") -> dict[str, Any]:
    """A well-formed FileRef to nothing, for calls refused before any file is looked at."""
    path = f"customizations/{uid}/{kind}/1700000000000_{name}"
    return {
        "url": f"gs://bucket/{path}",
        "path": path,
        "fileName": name,
        "fileSize": 64,
        "contentType": "image/png",
        "uploadedAt": datetime(2026, 11, 1, tzinfo=UTC).isoformat(),
    }


def act(api: Api, user: Any, request_id: str, action: str, **fields: Any) -> requests.Response:
    """PATCH one action onto a request."""
    return api.patch(f"/customizations/{request_id}", user, {"action": action, **fields})


def ok(response: requests.Response, status: int = 200) -> Any:
    """The data of an answer that must be a success with this status (a set-up step, a create in a
    loop): anything else stops the test there, with the answer."""
    assert response.status_code == status, (
        f"{response.request.method} {response.request.path_url}: expected {status}, got "
        f"{response.status_code} {response.text[:500]}"
    )
    body = response.json()
    assert body["success"] is True, body
    return body["data"]


def all_pages(api: Api, path: str, user: Any, most: int = 100) -> list[dict[str, Any]]:
    """Every item of a paged list, following its cursors (at most `most` pages)."""
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    for _ in range(most):
        separator = "&" if "?" in path else "?"
        response = api.get(path + (f"{separator}cursor={cursor}" if cursor else ""), user)
        items += ok(response)
        cursor = response.json()["nextCursor"]
        if cursor is None:
            return items
    raise AssertionError(f"{path} had more than {most} pages")


def refused(response: requests.Response, status: int, code: str) -> dict[str, Any]:
    """The error of an answer that must be a refusal with this status and error code."""
    assert (response.status_code, _code(response)) == (status, code), (
        f"{response.request.method} {response.request.path_url}: expected {status} {code}, got "
        f"{response.status_code} {response.text[:500]}"
    )
    return dict(response.json()["error"])


def _code(response: requests.Response) -> str | None:
    try:
        return str(response.json()["error"]["code"])
    except (ValueError, KeyError, TypeError):
        return None


def wait_for_triggers(timeout: float = 30.0) -> None:
    """Wait until the event triggers have fully handled every write of every request, and every
    message and comment posted about one.

    Each trigger commits an event's effects with a marker in `processedEvents`: `{requestId}-v
    {version}` (with a `-violation-…` suffix for a write the lifecycle forbids), `{requestId}-message-
    {messageId}`, `{requestId}-comment-{commentId}`. So all is settled when each is there.
    Aggregations (markers vs versions, messages and comments) say cheaply whether it can be settled
    yet; only then is every one checked.
    """
    import time

    db = firestore_client()
    requests_ = db.collection("customizationRequests")
    deadline = time.monotonic() + timeout
    while True:
        markers_count = db.collection("processedEvents").count().get()[0][0].value
        versions = requests_.sum("version").get()[0][0].value or 0
        said = sum(db.collection_group(kind).count().get()[0][0].value for kind in ("messages", "comments"))
        if markers_count >= versions + said:
            markers = {ref.id for ref in db.collection("processedEvents").list_documents()}
            # A request written around the API with an admin override has the override's marker for
            # its versions; whether that was taken is whether it is in step (out_of_step, below).
            overridden = {m.split("-override-")[0] for m in markers if "-override-" in m}
            unsettled = [
                f"{snapshot.id}-v{n}"
                for snapshot in requests_.select(["version"]).stream()
                if snapshot.id not in overridden
                for n in range(1, int(snapshot.get("version") or 0) + 1)
                if f"{snapshot.id}-v{n}" not in markers
                and not any(m.startswith(f"{snapshot.id}-v{n}-violation") for m in markers)
            ]
            for kind in ("messages", "comments"):
                for doc in db.collection_group(kind).select([]).stream():
                    key = f"{doc.reference.parent.parent.id}-{kind[:-1]}-{doc.id}"
                    if key not in markers:
                        unsettled.append(key)
            unsettled += out_of_step(db)
            if not unsettled:
                return
        else:
            unsettled = [f"{versions + said - markers_count} events"]
        if time.monotonic() > deadline:
            raise AssertionError(f"the event triggers did not settle: {unsettled[:5]}")
        time.sleep(0.2)


def out_of_step(db: Any) -> list[str]:
    """Requests that differ from their last legal state in what the workflow guards: a write around
    the API whose rollback has not landed yet (or, with an override, whose acceptance)."""
    from customizations.domain.integrity import in_step

    docs = {s.id: s.to_dict() or {} for s in db.collection("customizationRequests").stream()}
    refs = [
        db.collection("customizationRequests").document(i).collection("private").document("state")
        for i in docs
    ]
    legal = {s.reference.parent.parent.id: s.to_dict() or {} for s in db.get_all(refs) if s.exists}
    return [
        f"{i} (being restored)"
        for i, doc in docs.items()
        if i in legal and not in_step(doc, legal[i].get("state"))
    ]


def counters_equal_recount() -> None:
    """Every designer's load says what a recount of their requests says (and the recount by
    aggregation queries says what the requests themselves do)."""
    from customizations.adapters.firestore_stats import FirestoreStats
    from customizations.domain import statistics

    stats = FirestoreStats(firestore_client())
    requests_ = [s.to_dict() or {} for s in firestore_client().collection("customizationRequests").stream()]
    designers = {r["designerId"] for r in requests_ if r.get("designerId")}
    loads = stats.designer_loads(
        sorted(designers | {s.id for s in firestore_client().collection("designerLoads").stream()})
    )

    def numbers(figures: dict[str, Any]) -> dict[str, float]:
        return {k: v for k, v in figures.items() if isinstance(v, int | float) and abs(v) > 1e-9}

    def same(a: dict[str, float], b: dict[str, float]) -> bool:
        # Hours are floats summed in another order: equal up to rounding.
        return set(a) == set(b) and all(math.isclose(a[k], b[k], rel_tol=1e-9, abs_tol=1e-9) for k in a)

    wrong = {}
    for uid in set(loads) | designers:
        truth = numbers(statistics.tally([r for r in requests_ if r.get("designerId") == uid]))
        counted = numbers(loads.get(uid, {}))
        if not same(counted, truth):
            wrong[uid] = (counted, truth)
    assert not wrong, f"designer: (load, recount) {wrong}"
    assert same(numbers(stats.tally()), numbers(statistics.tally(requests_))), "aggregations disagree"
