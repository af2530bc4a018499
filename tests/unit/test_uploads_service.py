"""The upload service on in-memory stores: uploads judged by their bytes, resumable sessions checked
after the fact, downloads for participants (the production redirect to a signed URL included), and
the clean-up of files nobody needs."""

import io
from datetime import timedelta

import pytest
from customizations.api.app import create_app
from customizations.domain.actors import Actor
from customizations.domain.commands import Assign, Cancel, CreateRequest, StartUpload, UploadFinal
from customizations.domain.files import FileField
from customizations.domain.lifecycle import Role
from customizations.errors import AppError, ErrorCode
from customizations.services.uploads import CANCELLED_RETENTION, ORPHAN_TTL

from tests.support.emulators import SAMPLES
from tests.support.fakes import Stack

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
OTHER_DESIGNER = Actor("d2", Role.DESIGNER, "Drew", "drew@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")
ACTIVE_SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


def stack_for(emulated=True):
    s = Stack(CUSTOMER, DESIGNER, OTHER_DESIGNER, ADMIN, emulated=emulated)
    s.product()
    return s


@pytest.fixture
def stack():
    return stack_for()


def upload(stack, actor, kind, name, data=None):
    body = io.BytesIO(SAMPLES["." + name.rsplit(".", 1)[1]] if data is None else data)
    return stack.services.uploads.upload(actor, kind, name, None, body)


def submitted_request(stack):
    """A request with the customer's preview and the designer's SVG design submitted."""
    preview = upload(stack, CUSTOMER, "preview", "idea.png")["path"]
    command = CreateRequest("mug", 1, "Gold rim", {FileField.CUSTOMER_PREVIEW_IMAGE: preview})
    request_id = stack.services.requests.create(CUSTOMER, command, None)["id"]
    stack.services.requests.act(DESIGNER, request_id, Assign(), None)
    final = upload(stack, DESIGNER, "designer_final", "final.svg")["path"]
    stack.services.requests.act(
        DESIGNER, request_id, UploadFinal({FileField.DESIGNER_FINAL_FILE: final}), None
    )
    return request_id


def test_an_upload_is_stored_under_the_servers_path_with_a_safe_name(stack):
    ref = upload(stack, CUSTOMER, "customer_design", "../../My Logo (final).pdf")
    assert ref["path"].startswith("customizations/c1/customer_design/")
    assert ref["path"].endswith("_My_Logo_final.pdf")
    assert (ref["fileName"], ref["contentType"], ref["fileSize"]) == (
        "My_Logo_final.pdf",
        "application/pdf",
        64,
    )
    assert stack.bucket.objects[ref["path"]] == SAMPLES[".pdf"]
    assert stack.uploads_store.record(ref["path"])["status"] == "ready"


def test_an_active_svg_is_refused_and_nothing_is_kept(stack):
    with pytest.raises(AppError) as refused:
        upload(stack, DESIGNER, "designer_final", "x.svg", ACTIVE_SVG)
    assert refused.value.code is ErrorCode.UNSUPPORTED_MEDIA_TYPE
    assert stack.bucket.objects == {} and stack.world.uploads == {}


def test_a_resumable_upload_is_usable_only_once_its_bytes_are_checked(stack):
    session = stack.services.uploads.start_upload(
        CUSTOMER, StartUpload("customer_design", "big.pdf", 64, "application/pdf"), None
    )
    with pytest.raises(AppError) as early:
        stack.services.uploads.complete_upload(CUSTOMER, session["uploadId"])
    assert early.value.code is ErrorCode.CONFLICT
    stack.bucket.send(session["uploadUrl"], SAMPLES[".pdf"])
    with pytest.raises(AppError) as not_theirs:
        stack.services.uploads.complete_upload(DESIGNER, session["uploadId"])
    assert not_theirs.value.code is ErrorCode.NOT_FOUND
    ref = stack.services.uploads.complete_upload(CUSTOMER, session["uploadId"])
    assert (ref["path"], ref["contentType"]) == (session["path"], "application/pdf")


@pytest.mark.parametrize(
    ("sent", "code"),
    [
        (SAMPLES[".pdf"] + b"more", ErrorCode.VALIDATION_ERROR),  # not the declared size
        (b"MZ" + b"\x00" * 62, ErrorCode.UNSUPPORTED_MEDIA_TYPE),  # not a PDF at all
    ],
)
def test_a_resumable_upload_whose_bytes_fail_the_check_is_deleted(stack, sent, code):
    session = stack.services.uploads.start_upload(
        CUSTOMER, StartUpload("customer_design", "big.pdf", 64, "application/pdf"), None
    )
    stack.bucket.send(session["uploadUrl"], sent)
    with pytest.raises(AppError) as refused:
        stack.services.uploads.complete_upload(CUSTOMER, session["uploadId"])
    assert refused.value.code is code
    assert stack.bucket.objects == {} and stack.world.uploads == {}


def test_in_production_a_participant_is_redirected_to_a_signed_url(stack):
    production = stack_for(emulated=False)
    request_id = submitted_request(production)
    found = production.services.requests.download(CUSTOMER, request_id, "designerFinalFile")
    assert found.redirect_url is not None and "X-Goog-Signature=fake" in found.redirect_url
    assert found.attachment is True  # SVG is active: never rendered inline
    preview = production.services.requests.download(DESIGNER, request_id, "customerPreviewImage")
    assert preview.attachment is False
    assert [attachment for _, attachment in production.bucket.signed] == [True, False]


def test_the_production_download_answers_302_to_the_signed_url_with_safe_headers(monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    production = stack_for(emulated=False)
    request_id = submitted_request(production)
    claims = {"uid": CUSTOMER.uid, "role": "customer", "email": CUSTOMER.email}
    client = create_app(lambda: production.services, verify=lambda token, fresh: claims).test_client()
    response = client.get(
        f"/customizations/{request_id}/files/designerFinalFile", headers={"Authorization": "Bearer t"}
    )
    assert response.status_code == 302
    assert response.headers["Location"].startswith("https://storage.example/")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(("field", "who"), [("designerFinalFile", OTHER_DESIGNER), ("secrets", CUSTOMER)])
def test_files_are_for_participants_and_real_fields_only(stack, field, who):
    request_id = submitted_request(stack)
    with pytest.raises(AppError) as hidden:
        stack.services.requests.download(who, request_id, field)
    assert hidden.value.code is ErrorCode.NOT_FOUND


def test_clean_up_removes_orphans_after_a_day_and_cancelled_requests_files_after_the_retention(stack):
    orphan = upload(stack, CUSTOMER, "preview", "orphan.png")["path"]
    request_id = submitted_request(stack)
    kept = stack.world.requests[request_id]["designerFinalFile"]["path"]
    stack.clock.advance(hours=12)
    assert stack.services.uploads.clean_up() == {"orphans": 0, "cancelledRequests": 0, "unfinished": 0}
    stack.clock.advance(seconds=ORPHAN_TTL.total_seconds())
    assert stack.services.uploads.clean_up() == {"orphans": 1, "cancelledRequests": 0, "unfinished": 0}
    assert orphan not in stack.bucket.objects and kept in stack.bucket.objects

    stack.services.requests.act(ADMIN, request_id, Cancel("fraud"), None)
    stack.clock.advance(seconds=CANCELLED_RETENTION.total_seconds() - 60)
    assert stack.services.uploads.clean_up()["cancelledRequests"] == 0
    stack.clock.advance(minutes=2)
    assert stack.services.uploads.clean_up()["cancelledRequests"] == 1
    assert kept not in stack.bucket.objects
    assert stack.world.requests[request_id]["filesPurged"] is True
    assert stack.services.uploads.clean_up()["cancelledRequests"] == 0


def test_two_creates_naming_one_upload_give_it_to_exactly_one_and_the_other_a_409(stack):
    design = upload(stack, CUSTOMER, "customer_design", "brief.pdf")["path"]
    command = CreateRequest("mug", 1, "Gold rim", {FileField.CUSTOMER_DESIGN_FILE: design})
    real_create = stack.store.create

    def rival_takes_it_first(*args, **kwargs):
        stack.store.create = real_create
        stack.services.requests.create(CUSTOMER, command, None)  # resolves and commits in between
        return real_create(*args, **kwargs)

    stack.store.create = rival_takes_it_first
    with pytest.raises(AppError) as refused:
        stack.services.requests.create(CUSTOMER, command, None)
    assert refused.value.code is ErrorCode.CONFLICT
    (winner,) = stack.world.requests
    assert stack.uploads_store.record(design)["attachedTo"] == winner


def test_clean_up_keeps_an_upload_a_request_takes_while_it_runs(stack):
    orphan = upload(stack, CUSTOMER, "customer_design", "late.pdf")["path"]
    stack.clock.advance(days=2)
    listed = stack.uploads_store.unattached_before

    def taken_after_listing(cutoff, limit):
        found = listed(cutoff, limit)
        command = CreateRequest("mug", 1, "Gold rim", {FileField.CUSTOMER_DESIGN_FILE: orphan})
        stack.services.requests.create(CUSTOMER, command, None)
        return found

    stack.uploads_store.unattached_before = taken_after_listing
    assert stack.services.uploads.clean_up()["orphans"] == 0
    assert orphan in stack.bucket.objects and stack.uploads_store.record(orphan)["attachedTo"] is not None


def test_clean_up_drains_a_backlog_page_by_page_until_its_time_is_up_and_the_next_run_goes_on(stack):
    from customizations.services.uploads import CLEAN_UP_PAGE

    backlog = CLEAN_UP_PAGE * 3 + 7
    for n in range(backlog):
        upload(stack, CUSTOMER, "preview", f"orphan{n}.png")
    stack.clock.advance(days=2)
    pages = []
    listed = stack.uploads_store.unattached_before

    def slow_page(cutoff, limit):
        pages.append(limit)
        stack.clock.advance(minutes=10)  # each page takes ten minutes of the run's time
        return listed(cutoff, limit)

    stack.uploads_store.unattached_before = slow_page
    first = stack.services.uploads.clean_up(until=stack.clock.now + timedelta(minutes=25))
    assert first == {"orphans": CLEAN_UP_PAGE * 3, "cancelledRequests": 0, "unfinished": 1}
    second = stack.services.uploads.clean_up(until=stack.clock.now + timedelta(hours=1))
    assert second == {"orphans": 7, "cancelledRequests": 0, "unfinished": 0}
    assert stack.world.uploads == {} and not stack.bucket.objects
    assert stack.services.uploads.clean_up() == {"orphans": 0, "cancelledRequests": 0, "unfinished": 0}


def test_a_file_link_is_a_signed_url_inline_for_images_and_an_attachment_for_anything_active(stack):
    request_id = submitted_request(stack)
    preview = stack.services.requests.file_link(DESIGNER, request_id, "customerPreviewImage")
    design = stack.services.requests.file_link(CUSTOMER, request_id, "designerFinalFile")
    assert preview["url"].startswith("https://storage.example/") and preview["disposition"] == "inline"
    assert design["disposition"] == "attachment"  # SVG is active: a download, never rendered
    assert (design["fileName"], design["contentType"]) == ("final.svg", "image/svg+xml")
    assert preview["expiresAt"] == stack.clock() + timedelta(minutes=10)
    assert [attachment for _, attachment in stack.bucket.signed] == [False, True]


@pytest.mark.parametrize(("field", "who"), [("designerFinalFile", OTHER_DESIGNER), ("secrets", CUSTOMER)])
def test_file_links_are_for_participants_and_real_fields_only(stack, field, who):
    request_id = submitted_request(stack)
    with pytest.raises(AppError) as hidden:
        stack.services.requests.file_link(who, request_id, field)
    assert hidden.value.code is ErrorCode.NOT_FOUND
    assert stack.bucket.signed == []


def test_a_designer_who_may_see_a_waiting_request_gets_no_link_to_its_files(stack):
    preview = upload(stack, CUSTOMER, "preview", "idea.png")["path"]
    command = CreateRequest("mug", 1, "Gold rim", {FileField.CUSTOMER_PREVIEW_IMAGE: preview})
    request_id = stack.services.requests.create(CUSTOMER, command, None)["id"]
    assert stack.services.requests.get(OTHER_DESIGNER, request_id)["id"] == request_id
    with pytest.raises(AppError) as hidden:
        stack.services.requests.file_link(OTHER_DESIGNER, request_id, "customerPreviewImage")
    assert hidden.value.code is ErrorCode.NOT_FOUND


def test_the_emulator_link_asks_the_storage_emulator_for_a_signed_urls_headers():
    from urllib.parse import parse_qs, urlsplit

    from customizations.adapters.storage import CloudStorage

    class Buckets:
        def bucket(self, name):
            return object()

    storage = CloudStorage(Buckets, "demo.appspot.com", emulator="http://127.0.0.1:9198/")
    url = storage.signed_url("customizations/u1/preview/1_a b.png", "a b.png", "image/png", attachment=False)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == "http://127.0.0.1:9198"
    assert (
        parts.path == "/download/storage/v1/b/demo.appspot.com/o/customizations%2Fu1%2Fpreview%2F1_a%20b.png"
    )
    assert parse_qs(parts.query) == {
        "alt": ["media"],
        "response-content-disposition": ['inline; filename="a b.png"'],
        "response-content-type": ["image/png"],
    }


def test_a_file_link_can_name_an_earlier_revisions_design(stack):
    from customizations.domain.commands import Reject

    request_id = submitted_request(stack)
    stack.settle()
    stack.services.requests.act(CUSTOMER, request_id, Reject("Bigger"), None)
    second = upload(stack, DESIGNER, "designer_final", "second.png")["path"]
    stack.services.requests.act(
        DESIGNER, request_id, UploadFinal({FileField.DESIGNER_FINAL_FILE: second}), None
    )
    stack.settle()
    first = stack.services.requests.file_link(CUSTOMER, request_id, "designerFinalFile", revision=1)
    now = stack.services.requests.file_link(CUSTOMER, request_id, "designerFinalFile")
    assert (first["fileName"], now["fileName"]) == ("final.svg", "second.png")
    for number in (3, 1):
        with pytest.raises(AppError) as missing:
            who = CUSTOMER if number == 3 else OTHER_DESIGNER
            stack.services.requests.file_link(who, request_id, "designerFinalFile", revision=number)
        assert missing.value.code is ErrorCode.NOT_FOUND


def test_how_long_unused_files_are_kept_is_a_deployment_setting(stack):
    from datetime import timedelta as td

    from customizations.services.uploads import Retention, UploadService

    short = UploadService(
        stack.uploads_store,
        stack.bucket,
        stack.services.uploads._guard,
        stack.clock,
        True,
        Retention(td(hours=2)),
    )
    orphan = upload(stack, CUSTOMER, "preview", "orphan.png")["path"]
    stack.clock.advance(hours=1)
    assert short.clean_up()["orphans"] == 0
    stack.clock.advance(hours=2)
    assert short.clean_up()["orphans"] == 1 and orphan not in stack.bucket.objects
