"""Uploads, large-file sessions, downloads and clean-up against the Storage and Firestore emulators."""

from datetime import timedelta

import pytest
import requests
from customizations.adapters.clients import storage_client
from customizations.adapters.clock import utc_now
from customizations.adapters.firestore_uploads import FirestoreUploads
from customizations.adapters.firestore_usage import FirestoreUsage
from customizations.adapters.storage import CloudStorage
from customizations.domain.quotas import PRODUCTION
from customizations.services.quotas import QuotaGuard
from customizations.services.uploads import UploadService
from google.cloud.firestore_v1.base_query import FieldFilter

from tests.support.emulators import (
    SAMPLES,
    act,
    file_ref,
    firestore_client,
    ok,
    refused,
    stub_file_ref,
    upload,
    wait_for_triggers,
)

BUCKET = "demo-customizations.appspot.com"
MiB = 1 << 20


def stored(path):
    return storage_client.get().bucket(BUCKET).get_blob(path)


def error_code(response):
    return response.json()["error"]["code"]


@pytest.mark.parametrize("suffix", [".png", ".jpg", ".gif", ".webp", ".pdf", ".ai", ".psd", ".svg"])
def test_each_design_format_is_accepted_and_stored_where_the_seed_says(api, designer, suffix):
    response = upload(api, designer, "designer_final", f"final{suffix}")
    assert response.status_code == 201, response.text
    ref = response.json()["data"]
    assert ref["path"].startswith(f"customizations/{designer.uid}/designer_final/")
    assert ref["path"].endswith(f"_final{'.jpg' if suffix == '.jpg' else suffix}")
    assert ref["fileSize"] == len(SAMPLES[suffix])
    blob = stored(ref["path"])
    assert blob.download_as_bytes() == SAMPLES[suffix]
    assert blob.metadata["originalName"] == f"final{suffix}"


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("final.pdf", SAMPLES[".png"], None),
        ("final.png", SAMPLES[".pdf"], None),
        ("final.png", b"MZ\x90\x00" + b"\x00" * 60, None),
        ("final.png", SAMPLES[".png"], "application/pdf"),
        ("final.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', None),
        ("final.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', None),
    ],
)
def test_a_disguised_or_active_file_is_refused_and_nothing_is_stored(api, designer, name, data, content_type):
    response = upload(api, designer, "designer_final", name, data, content_type)
    refused(response, 415, "UNSUPPORTED_MEDIA_TYPE")
    assert list(storage_client.get().list_blobs(BUCKET, prefix=f"customizations/{designer.uid}/")) == []


def test_the_preview_limit_is_exact(api, customer):
    limit = 10 * MiB
    png = SAMPLES[".png"]
    exact = upload(api, customer, "preview", "big.png", png + b"\x00" * (limit - len(png)))
    assert exact.status_code == 201, exact.text[:200]
    over = upload(api, customer, "preview", "big.png", png + b"\x00" * (limit - len(png) + 1))
    refused(over, 413, "PAYLOAD_TOO_LARGE")


def test_an_empty_file_is_a_validation_error(api, customer):
    refused(upload(api, customer, "preview", "empty.png", b""), 400, "VALIDATION_ERROR")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("a" * 600 + ".png", "a" * 96 + ".png"),
        ("Ｄｅｓｉｇｎ\u202e.png", "Design.png"),
        ("invoice.pdf.png", "invoice_pdf.png"),
    ],
)
def test_hostile_names_are_made_safe_and_the_original_is_kept_in_metadata(api, customer, name, expected):
    response = upload(api, customer, "preview", name, SAMPLES[".png"])
    assert response.status_code == 201, response.text
    ref = response.json()["data"]
    assert ref["fileName"] == expected
    assert ref["path"].count("/") == 3 and ".." not in ref["path"]
    assert stored(ref["path"]).metadata["originalName"] == name[:500]


@pytest.mark.parametrize(
    ("who", "kind", "status"),
    [
        ("customer", "customer_design", 201),
        ("customer", "preview", 201),
        ("customer", "designer_final", 403),
        ("designer", "designer_final", 201),
        ("designer", "preview", 201),
        ("designer", "customer_design", 403),
        ("admin", "customer_design", 201),
        ("admin", "designer_final", 201),
        ("admin", "avatar", 400),
    ],
)
def test_each_role_uploads_its_own_kinds(api, customer, designer, admin, who, kind, status):
    user = {"customer": customer, "designer": designer, "admin": admin}[who]
    response = upload(api, user, kind, "x.png")
    if status == 201:
        assert ok(response, 201)["path"].startswith(f"customizations/{user.uid}/{kind}/")
    else:
        refused(response, status, {400: "VALIDATION_ERROR", 403: "FORBIDDEN"}[status])


def test_uploads_need_a_token_multipart_and_both_fields(api, customer):
    refused(upload(api, None, "preview", "x.png"), 401, "UNAUTHENTICATED")
    as_json = api.post("/customizations/upload", customer, {"kind": "preview"})
    refused(as_json, 415, "UNSUPPORTED_MEDIA_TYPE")
    no_file = api.call(
        "POST",
        "/customizations/upload",
        customer,
        data={"kind": "preview"},
        files={"other": ("x.png", SAMPLES[".png"])},
    )
    assert refused(no_file, 400, "VALIDATION_ERROR")["details"] == [{"field": "file", "message": "required"}]


def send_in_chunks(url, data, chunk=256 * 1024):
    for start in range(0, len(data), chunk):
        end = min(start + chunk, len(data)) - 1
        response = requests.put(
            url,
            data=data[start : end + 1],
            headers={"Content-Range": f"bytes {start}-{end}/{len(data)}"},
            timeout=60,
        )
        assert response.status_code in (200, 201, 308), response.text
    return response


def start_session(api, user, size, name="large.pdf", content_type="application/pdf", kind="designer_final"):
    return api.post(
        "/customizations/uploads",
        user,
        {"kind": kind, "fileName": name, "size": size, "contentType": content_type},
    )


def test_a_large_file_goes_straight_to_storage_and_is_checked_before_use(
    api, customer, designer, new_request
):
    data = SAMPLES[".pdf"] + b"\x00" * (3 * MiB)
    session = start_session(api, designer, len(data))
    assert session.status_code == 201, session.text
    body = session.json()["data"]
    assert body["path"].startswith(f"customizations/{designer.uid}/designer_final/")
    early = api.post(f"/customizations/uploads/{body['uploadId']}/complete", designer)
    refused(early, 409, "CONFLICT")

    send_in_chunks(body["uploadUrl"], data)
    refused(api.post(f"/customizations/uploads/{body['uploadId']}/complete", customer), 404, "NOT_FOUND")
    done = api.post(f"/customizations/uploads/{body['uploadId']}/complete", designer)
    assert done.status_code == 200, done.text
    ref = done.json()["data"]
    assert (ref["fileSize"], ref["contentType"]) == (len(data), "application/pdf")

    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    assert act(api, designer, rid, "uploadFinal", designerFinalFile=ref).status_code == 200
    download = api.get(f"/customizations/{rid}/files/designerFinalFile", customer)
    assert download.status_code == 200 and download.content == data


def test_an_unfinished_session_cannot_be_used(api, designer, new_request):
    body = ok(start_session(api, designer, 1000), 201)
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    pending_ref = {**stub_file_ref(designer.uid, "designer_final"), "path": body["path"]}
    response = act(api, designer, rid, "uploadFinal", designerFinalFile=pending_ref)
    error = refused(response, 400, "VALIDATION_ERROR")
    assert error["details"] == [{"field": "designerFinalFile", "message": "no such upload"}]


@pytest.mark.parametrize(
    ("declared", "sent", "status", "code"),
    [
        (5000, SAMPLES[".pdf"] + b"\x00" * 4000, 400, "VALIDATION_ERROR"),  # fewer bytes than declared
        (5000, SAMPLES[".png"] + b"\x00" * (5000 - len(SAMPLES[".png"])), 415, "UNSUPPORTED_MEDIA_TYPE"),
    ],  # not a PDF
)
def test_a_session_whose_bytes_disappoint_is_refused_and_removed(api, designer, declared, sent, status, code):
    body = ok(start_session(api, designer, declared), 201)
    requests.put(
        body["uploadUrl"],
        data=sent,
        headers={"Content-Range": f"bytes 0-{len(sent) - 1}/{len(sent)}"},
        timeout=60,
    )
    response = api.post(f"/customizations/uploads/{body['uploadId']}/complete", designer)
    refused(response, status, code)
    assert stored(body["path"]) is None
    refused(api.post(f"/customizations/uploads/{body['uploadId']}/complete", designer), 404, "NOT_FOUND")


def test_sessions_are_refused_over_the_limit_or_for_a_format_the_kind_does_not_take(api, customer, designer):
    refused(start_session(api, designer, 500 * MiB + 1), 413, "PAYLOAD_TOO_LARGE")
    refused(
        start_session(api, designer, 100, "x.exe", "application/octet-stream"), 415, "UNSUPPORTED_MEDIA_TYPE"
    )
    refused(start_session(api, designer, 100, "x.pdf", "image/png"), 415, "UNSUPPORTED_MEDIA_TYPE")
    refused(start_session(api, customer, 100, kind="designer_final"), 403, "FORBIDDEN")
    refused(start_session(api, customer, 100, "p.pdf", kind="preview"), 415, "UNSUPPORTED_MEDIA_TYPE")


def test_a_file_can_serve_only_one_request(api, customer, new_request):
    ref = file_ref(customer, "customer_design", "sketch.pdf")
    new_request(customerDesignFile=ref)
    response = api.post(
        "/customizations",
        customer,
        {"productId": "mug", "quantity": 1, "customizationNotes": "again", "customerDesignFile": ref},
    )
    refused(response, 400, "VALIDATION_ERROR")
    assert response.json()["error"]["details"][0]["message"] == "already used by another request"


def test_the_stored_file_ref_is_the_servers_not_the_clients(api, customer, new_request):
    ref = file_ref(customer, "customer_design", "sketch.pdf")
    created = new_request(customerDesignFile={**ref, "fileSize": 999_999, "contentType": "text/html"})
    assert created["customerDesignFile"]["fileSize"] == ref["fileSize"]
    assert created["customerDesignFile"]["contentType"] == "application/pdf"


def test_downloads_are_for_participants_and_admins_only(
    api, customer, other_customer, designer, other_designer, admin, new_request
):
    svg = file_ref(customer, "customer_design", "logo.svg")
    preview = file_ref(customer, "preview", "look.png")
    rid = new_request(customerDesignFile=svg, customerPreviewImage=preview)["id"]
    path = f"/customizations/{rid}/files/customerDesignFile"
    refused(api.get(path, designer), 404, "NOT_FOUND")  # a designer who has not claimed it
    ok(act(api, designer, rid, "assign"))
    for user in (customer, designer, admin):
        response = api.get(path, user)
        assert response.status_code == 200, response.text
        assert response.content == SAMPLES[".svg"]
        assert response.headers["Content-Type"] == "image/svg+xml"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Disposition"].startswith("attachment;")
    image = api.get(f"/customizations/{rid}/files/customerPreviewImage", customer)
    assert image.headers["Content-Disposition"].startswith("inline;")
    for outsider in (other_customer, other_designer):
        refused(api.get(path, outsider), 404, "NOT_FOUND")
    refused(api.get(f"/customizations/{rid}/files/designerFinalFile", customer), 404, "NOT_FOUND")
    refused(api.get(f"/customizations/{rid}/files/secrets", customer), 404, "NOT_FOUND")


def upload_service(days_later):
    objects = CloudStorage(storage_client.get, BUCKET)
    clock = lambda: utc_now() + timedelta(days=days_later)  # noqa: E731
    guard = QuotaGuard(FirestoreUsage(firestore_client()), PRODUCTION, clock)
    return UploadService(FirestoreUploads(firestore_client()), objects, guard, clock, emulated=True)


def test_a_backlog_of_thousands_of_orphans_is_drained_over_runs_and_nothing_attached_is_touched(
    api, customer, new_request
):
    """2,500 orphans a week old (records written straight to Firestore, a few with objects), and
    uploads in use: a run with too little time stops with work left, the next one finishes."""
    from customizations.adapters.queries import upload_shard
    from customizations.domain.files import upload_id

    used = file_ref(customer, "customer_design", "used.pdf")
    rid = new_request(customerDesignFile=used)["id"]
    db, bucket = firestore_client(), storage_client.get().bucket(BUCKET)
    week_ago = utc_now() - timedelta(days=7)
    paths = [f"customizations/{customer.uid}/preview/{n:05d}_orphan.png" for n in range(2500)]
    for start in range(0, len(paths), 400):
        batch = db.batch()
        for path in paths[start : start + 400]:
            record = {
                "path": path,
                "ownerId": customer.uid,
                "kind": "preview",
                "fileName": "orphan.png",
                "createdAt": week_ago,
                "attachedTo": None,
                "status": "ready",
                "shard": upload_shard(path),
            }
            batch.set(db.collection("uploads").document(upload_id(path)), record)
        batch.commit()
    for path in paths[:10]:
        bucket.blob(path).upload_from_string(SAMPLES[".png"], content_type="image/png")

    service = upload_service(0)
    first = service.clean_up(until=utc_now() + timedelta(seconds=1))
    assert first["unfinished"] == 1 and 0 < first["orphans"] < len(paths)
    second = service.clean_up(until=utc_now() + timedelta(minutes=5))
    assert second["unfinished"] == 0 and first["orphans"] + second["orphans"] == len(paths)
    assert (
        db.collection("uploads").where(filter=FieldFilter("attachedTo", "==", None)).count().get()[0][0].value
        == 0
    )
    assert all(stored(path) is None for path in paths[:10])
    assert stored(used["path"]) is not None and upload_record(used["path"])[0].get("attachedTo") == rid


def test_uploads_never_attached_are_removed_after_a_day(api, customer, new_request):
    orphan = file_ref(customer, "preview", "orphan.png")
    used = file_ref(customer, "customer_design", "used.pdf")
    new_request(customerDesignFile=used)
    assert upload_service(0.5).clean_up()["orphans"] == 0
    assert upload_service(2).clean_up()["orphans"] == 1
    assert stored(orphan["path"]) is None and stored(used["path"]) is not None
    uploads = firestore_client().collection("uploads")
    assert uploads.where(filter=FieldFilter("path", "==", orphan["path"])).get() == []


def test_files_of_a_cancelled_request_are_kept_for_a_while_then_removed(api, customer, new_request):
    ref = file_ref(customer, "customer_design", "sketch.pdf")
    rid = new_request(customerDesignFile=ref)["id"]
    ok(act(api, customer, rid, "cancel"))
    wait_for_triggers()
    assert upload_service(10).clean_up()["cancelledRequests"] == 0
    assert stored(ref["path"]) is not None
    assert upload_service(31).clean_up()["cancelledRequests"] == 1
    assert stored(ref["path"]) is None
    assert upload_service(32).clean_up()["cancelledRequests"] == 0
    wait_for_triggers()
    trail = api.get(f"/customizations/{rid}/events", customer).json()["data"]
    assert [e["event"] for e in trail][-1] == "customization.request.cancelled"  # no violation


def as_scheduled(function):
    """Call a deployed scheduled function the way Cloud Scheduler and the Functions Framework do:
    a POST with the scheduler's headers (the event is made from them), inside a Flask app."""
    import flask

    headers = {
        "X-CloudScheduler-JobName": "firebase-schedule-clean_up_files-us-central1",
        "X-CloudScheduler-ScheduleTime": "2026-11-27T04:00:00Z",
    }
    with flask.Flask("functions-framework").test_request_context(method="POST", headers=headers):
        return function(flask.request)


@pytest.mark.parametrize("days_later", [0.5, 2])
def test_the_deployed_daily_clean_up_removes_an_orphan_older_than_a_day(
    api, customer, new_request, monkeypatch, days_later
):
    import main
    from customizations import bootstrap
    from customizations.adapters import clock

    orphan = file_ref(customer, "preview", "orphan.png")
    used = file_ref(customer, "customer_design", "used.pdf")
    new_request(customerDesignFile=used)
    now = clock.utc_now
    monkeypatch.setattr(clock, "utc_now", lambda: now() + timedelta(days=days_later))
    monkeypatch.setattr(bootstrap.graph, "_value", None)  # the services are built again, on that clock
    monkeypatch.setenv("LIVE_READS", "off")  # no listeners in the test process

    response = as_scheduled(main.clean_up_files)

    assert response.status_code == 200, response.get_data(as_text=True)
    removed = days_later > 1
    assert (stored(orphan["path"]) is None, upload_record(orphan["path"]) == []) == (removed, removed)
    assert stored(used["path"]) is not None and len(upload_record(used["path"])) == 1


def test_concurrent_uploads_of_one_name_each_get_their_own_object(customer):
    from concurrent.futures import ThreadPoolExecutor

    from tests.support.emulators import Api

    def send(n):
        return upload(Api(), customer, "preview", "same.png", SAMPLES[".png"] + bytes([n]))

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(send, range(8)))
    assert {r.status_code for r in responses} == {201}
    paths = {r.json()["data"]["path"] for r in responses}
    assert len(paths) == 8
    assert sorted(stored(p).download_as_bytes()[-1] for p in paths) == list(range(8))


def test_a_body_over_the_function_limit_is_refused_while_it_is_read(api, designer):
    response = upload(api, designer, "designer_final", "huge.pdf", SAMPLES[".pdf"] + b"\x00" * (33 * MiB))
    assert response.status_code == 413
    assert error_code(response) == "PAYLOAD_TOO_LARGE"


def upload_record(path):
    return firestore_client().collection("uploads").where(filter=FieldFilter("path", "==", path)).get()


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
# Well-formed and harmless, but over the 5 MiB an SVG may have (it is parsed whole).
SVG_OVERSIZED = SAMPLES[".svg"][:-6] + b"<!--" + b" " * (5 * MiB) + b"--></svg>"


@pytest.mark.parametrize(
    ("svg", "status", "code"),
    [(SVG_SCRIPT, 415, "UNSUPPORTED_MEDIA_TYPE"), (SVG_OVERSIZED, 413, "PAYLOAD_TOO_LARGE")],
    ids=["with a script", "over 5 MiB"],
)
def test_an_svg_sent_through_a_session_is_checked_when_completed_and_removed_if_refused(
    api, customer, svg, status, code
):
    session = start_session(api, customer, len(svg), "logo.svg", "image/svg+xml", kind="customer_design")
    body = ok(session, 201)
    send_in_chunks(body["uploadUrl"], svg, chunk=4 * MiB)
    assert stored(body["path"]).size == len(svg)  # the bytes arrived whole
    assert len(upload_record(body["path"])) == 1

    response = api.post(f"/customizations/uploads/{body['uploadId']}/complete", customer)
    assert response.status_code == status, response.text
    assert error_code(response) == code
    assert stored(body["path"]) is None
    assert upload_record(body["path"]) == []
    gone = api.post(f"/customizations/uploads/{body['uploadId']}/complete", customer)
    assert (gone.status_code, error_code(gone)) == (404, "NOT_FOUND")


def test_a_file_link_works_in_a_page_inline_for_images_and_as_an_attachment_for_anything_active(
    api, customer, other_customer, designer, other_designer, new_request
):
    svg = file_ref(customer, "customer_design", "logo.svg")
    preview = file_ref(customer, "preview", "look.png")
    rid = new_request(customerDesignFile=svg, customerPreviewImage=preview)["id"]
    link = f"/customizations/{rid}/files/customerPreviewImage/url"
    refused(api.get(link, designer), 404, "NOT_FOUND")  # any designer sees it waiting, not its files
    ok(act(api, designer, rid, "assign"))
    for outsider in (other_customer, other_designer):
        refused(api.get(link, outsider), 404, "NOT_FOUND")
    page = "http://127.0.0.1:5050"
    shown = ok(api.get(link, designer))
    assert (shown["disposition"], shown["fileName"], shown["contentType"]) == (
        "inline",
        "look.png",
        "image/png",
    )
    image = requests.get(shown["url"], headers={"Origin": page}, timeout=30)  # as <img src> fetches it
    assert image.status_code == 200 and image.content == SAMPLES[".png"]
    assert image.headers["Content-Type"] == "image/png"
    assert image.headers["Content-Disposition"] == 'inline; filename="look.png"'
    assert image.headers["X-Content-Type-Options"] == "nosniff"
    active = ok(api.get(f"/customizations/{rid}/files/customerDesignFile/url", customer))
    download = requests.get(active["url"], timeout=30)
    assert active["disposition"] == "attachment" and download.content == SAMPLES[".svg"]
    assert download.headers["Content-Disposition"] == 'attachment; filename="logo.svg"'
    assert download.headers["Content-Type"] == "image/svg+xml"


def test_a_page_may_send_a_large_files_bytes_to_its_session_from_its_own_origin(api, customer):
    """A browser sends the bytes of a resumable session itself: the preflight and the PUT must get
    CORS answers for the page's origin, as Cloud Storage gives for a session opened from it."""
    page = "http://127.0.0.1:5050"
    data = SAMPLES[".pdf"] + b"\x00" * MiB
    body = {
        "kind": "customer_design",
        "fileName": "big.pdf",
        "size": len(data),
        "contentType": "application/pdf",
    }
    session = ok(api.post("/customizations/uploads", customer, body, headers={"Origin": page}), 201)
    preflight = requests.options(
        session["uploadUrl"],
        headers={
            "Origin": page,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=30,
    )
    assert preflight.status_code == 204
    assert preflight.headers["Access-Control-Allow-Origin"] == page
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]
    sent = requests.put(session["uploadUrl"], data=data, headers={"Origin": page}, timeout=60)
    assert sent.status_code == 200 and sent.headers["Access-Control-Allow-Origin"] == page
    ref = ok(api.post(f"/customizations/uploads/{session['uploadId']}/complete", customer))
    assert (ref["fileSize"], ref["contentType"]) == (len(data), "application/pdf")
