"""storage.rules against the Firebase Storage emulator, where it can run.

This machine has no Firebase Storage emulator: it needs the cloud-storage-rules-runtime jar, which
firebase-tools downloads and which cannot be had offline (the API's own files go to
gcp-storage-emulator, which enforces no rules). Where it runs, start it with
`firebase emulators:start --only storage` and set FIREBASE_STORAGE_EMULATOR_HOST=127.0.0.1:9199.
"""

import os
from urllib.parse import quote

import pytest
import requests

from tests.support.firestore_rest import token

HOST = os.environ.get("FIREBASE_STORAGE_EMULATOR_HOST")
BUCKET = f"{os.environ.get('GCLOUD_PROJECT', 'demo-customizations')}.appspot.com"
PATH = "customizations/cust/customer_design/1700000000000_sketch.png"

pytestmark = pytest.mark.skipif(
    not HOST,
    reason="no Firebase Storage emulator here: its rules-runtime jar cannot be downloaded offline "
    "(set FIREBASE_STORAGE_EMULATOR_HOST where it runs)",
)


def url(path: str) -> str:
    return f"http://{HOST}/v0/b/{BUCKET}/o/{quote(path, safe='')}"


def headers(uid: str | None, role: str | None = None) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(uid, role)}"} if uid else {}


@pytest.fixture(autouse=True)
def stored_file():
    response = requests.post(
        f"http://{HOST}/upload/storage/v1/b/{BUCKET}/o?uploadType=media&name={quote(PATH, safe='')}",
        data=b"\x89PNG\r\n\x1a\n",
        headers={"Authorization": "Bearer owner", "Content-Type": "image/png"},
        timeout=30,
    )
    response.raise_for_status()


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
    assert (response.status_code == 200) is may


@pytest.mark.parametrize(("uid", "role"), [("cust", "customer"), ("des", "designer"), ("adm", "admin")])
def test_no_client_writes_or_deletes_directly(uid, role):
    for path in (f"customizations/{uid}/preview/1_x.png", PATH, "elsewhere/x.png"):
        upload = requests.post(
            f"http://{HOST}/v0/b/{BUCKET}/o?name={quote(path, safe='')}",
            data=b"\x89PNG\r\n\x1a\n",
            headers={**headers(uid, role), "Content-Type": "image/png"},
            timeout=30,
        )
        assert upload.status_code == 403, (path, upload.status_code)
    assert requests.delete(url(PATH), headers=headers(uid, role), timeout=30).status_code == 403
