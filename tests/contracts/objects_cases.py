"""ObjectStore's contract: what it stores and gives back, and deleting what is gone. Run on the fake
(tests/unit/contracts) and on the Storage emulator (tests/emulator/contracts)."""

from __future__ import annotations

import io
import uuid

from customizations.services.ports import ObjectStore

DATA = bytes(range(256)) * 40  # 10,240 bytes


def path() -> str:
    return f"contracts/{uuid.uuid4().hex}/design.png"


def test_a_stored_object_is_read_back_with_its_size_and_type(objects: ObjectStore):
    where = path()
    objects.put(where, io.BytesIO(DATA), len(DATA), "image/png", {"uid": "cust-a"})

    assert objects.object_info(where) == (len(DATA), "image/png")
    assert objects.read(where, 8) == DATA[:8]
    assert b"".join(objects.chunks(where)) == DATA
    assert objects.object_info(path()) is None


def test_deleting_an_object_twice_is_fine(objects: ObjectStore):
    where = path()
    objects.put(where, io.BytesIO(DATA), len(DATA), "image/png", {})

    objects.delete_object(where)
    objects.delete_object(where)
    assert objects.object_info(where) is None


def test_a_download_url_and_an_upload_session_are_urls(objects: ObjectStore):
    where = path()
    objects.put(where, io.BytesIO(DATA), len(DATA), "image/png", {})

    assert objects.signed_url(where, "design.png", "image/png", attachment=True).startswith("http")
    assert objects.start_resumable(path(), "image/png", 10, None).startswith("http")
    assert objects.bucket_name
