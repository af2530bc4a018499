"""storage.rules against the Firebase Storage emulator, which scripts/with-emulators starts wherever
it can: it runs on firebase-tools' Cloud Storage rules runtime, a jar downloaded on first use. Where
the jar is missing and cannot be downloaded, these tests skip with the precise reason
with-emulators gives (the API's own files go to gcp-storage-emulator, which enforces no rules).

Allowed means a 200 with the bytes; denied means exactly the rules' 403 ("Permission denied. No READ
permission." or "No WRITE permission."): the emulator's other 403, for a ruleset that did not load,
is no denial by these rules, and fails a case.
"""

import os
from urllib.parse import quote

import pytest
import requests

from tests.support.firestore_rest import token

HOST = os.environ.get("FIREBASE_STORAGE_EMULATOR_HOST")
BUCKET = f"{os.environ.get('GCLOUD_PROJECT', 'demo-customizations')}.appspot.com"
PATH = "customizations/cust/customer_design/1700000000000_sketch.png"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 56

pytestmark = pytest.mark.skipif(
    not HOST,
    reason=os.environ.get("STORAGE_RULES_EMULATOR_MISSING")
    or "no Firebase Storage emulator: run these tests through scripts/with-emulators",
)


def url(path: str) -> str:
    return f"http://{HOST}/v0/b/{BUCKET}/o/{quote(path, safe='')}"


def headers(uid: str | None, role: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(uid, role)}"} if uid else {}


def denied(response: requests.Response, permission: str) -> None:
    assert response.status_code == 403, (response.status_code, response.text[:300])
    assert response.json()["error"]["message"] == f"Permission denied. No {permission} permission."


@pytest.fixture(autouse=True)
def stored_file():
    """The file under test, stored with the emulator's admin credential (rules do not apply)."""
    response = requests.post(
        f"http://{HOST}/upload/storage/v1/b/{BUCKET}/o?uploadType=media&name={quote(PATH, safe='')}",
        data=PNG,
        headers={"Authorization": "Bearer owner", "Content-Type": "image/png"},
        timeout=30,
    )
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("uid", "role", "may"),
    [
        ("cust", "customer", True),
        ("other", "customer", False),
        ("des", "designer", False),
        ("adm", "admin", False),
        (None, None, False),
    ],
)
def test_only_the_uploader_reads_a_file_directly(uid, role, may):
    response = requests.get(url(PATH) + "?alt=media", headers=headers(uid, role), timeout=30)
    if may:
        assert response.status_code == 200, response.text[:300]
        assert response.content == PNG
    else:
        denied(response, "READ")


@pytest.mark.parametrize(("uid", "role"), [("cust", "customer"), ("des", "designer"), ("adm", "admin")])
def test_no_client_writes_or_deletes_directly(uid, role):
    for path in (f"customizations/{uid}/preview/1_x.png", PATH, "elsewhere/x.png"):
        upload = requests.post(
            f"http://{HOST}/v0/b/{BUCKET}/o?name={quote(path, safe='')}",
            data=PNG,
            headers={**headers(uid, role), "Content-Type": "image/png"},
            timeout=30,
        )
        denied(upload, "WRITE")
    denied(requests.delete(url(PATH), headers=headers(uid, role), timeout=30), "WRITE")
    still = requests.get(url(PATH) + "?alt=media", headers={"Authorization": "Bearer owner"}, timeout=30)
    assert (still.status_code, still.content) == (200, PNG)
