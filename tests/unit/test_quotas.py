"""Per-user quotas with low limits: each refuses the call past it with 429 RATE_LIMITED and a
Retry-After that says when its window resets, counts only the caller's own use, and lets the call
through again once the window has moved on. Counted quotas (new requests, refused input) decide
each call by one atomic increment: at a limit of N, N calls pass however they interleave."""

import io
from datetime import UTC, datetime

import pytest
from customizations.api.app import create_app
from customizations.domain import retention
from customizations.domain.actors import Actor
from customizations.domain.commands import CreateRequest, StartUpload
from customizations.domain.lifecycle import Role
from customizations.domain.quotas import Counted, Quota, Quotas, Window, counter_id
from customizations.domain.records import Conflict
from customizations.errors import AppError, ErrorCode, validation
from customizations.services.quotas import QuotaGuard

from tests.support import usage_contract
from tests.support.emulators import SAMPLES
from tests.support.fakes import FakeUsage, Stack, World

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
OTHER = Actor("c2", Role.CUSTOMER, "Olive", "olive@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")
LOW = Quotas.of(requests_per_hour=2, upload_bytes_per_day=200, open_sessions=1, role_changes=1, refusals=3)


@pytest.fixture
def stack():
    s = Stack(CUSTOMER, OTHER, ADMIN, quotas=LOW)
    s.product()
    s.clock.now = datetime(2026, 11, 2, 9, 59, 30, tzinfo=UTC)  # 30 s before the hour turns
    return s


def refused(call):
    with pytest.raises(AppError) as caught:
        call()
    assert caught.value.code is ErrorCode.RATE_LIMITED
    return caught.value


def create(stack, actor=CUSTOMER):
    return stack.services.requests.create(actor, CreateRequest("mug", 1, "Gold rim"), None)


def test_requests_per_hour_stop_at_the_limit_until_the_hour_turns(stack):
    create(stack)
    create(stack)
    error = refused(lambda: create(stack))
    assert error.headers == {"Retry-After": "30"}
    assert error.details == {"quota": "requests created", "limit": 2, "used": 2}
    create(stack, OTHER)  # someone else's quota is their own
    stack.clock.advance(seconds=31)
    create(stack)


def test_a_retried_create_is_a_replay_not_a_new_request_and_costs_no_quota(stack):
    command = CreateRequest("mug", 1, "Gold rim")
    first = stack.services.requests.create(CUSTOMER, command, "key")
    create(stack)
    assert stack.services.requests.create(CUSTOMER, command, "key")["id"] == first["id"]


def test_bytes_uploaded_per_day_count_every_upload_and_every_session_opened(stack):
    def upload():
        data = io.BytesIO(SAMPLES[".png"])  # 64 bytes
        return stack.services.uploads.upload(CUSTOMER, "preview", "a.png", None, data)

    upload()
    upload()
    error = refused(
        lambda: stack.services.uploads.start_upload(
            CUSTOMER, StartUpload("preview", "b.png", 100, "image/png"), None
        )
    )
    assert error.headers["Retry-After"] == str(14 * 3600 + 30)  # until midnight UTC
    upload()  # 192 bytes of 200
    refused(upload)


def test_open_sessions_are_limited_until_one_is_completed(stack):
    start = StartUpload("customer_design", "big.pdf", 64, "application/pdf")
    session = stack.services.uploads.start_upload(CUSTOMER, start, None)
    assert refused(lambda: stack.services.uploads.start_upload(CUSTOMER, start, None)).headers == {
        "Retry-After": "60"
    }
    stack.bucket.send(session["uploadUrl"], SAMPLES[".pdf"])
    stack.services.uploads.complete_upload(CUSTOMER, session["uploadId"])
    stack.clock.advance(days=1)  # the bytes of the day before no longer count
    stack.services.uploads.start_upload(CUSTOMER, start, None)


def test_role_changes_per_hour_are_limited_per_admin(stack):
    stack.services.users.set_role(ADMIN, CUSTOMER.uid, Role.DESIGNER)
    refused(lambda: stack.services.users.set_role(ADMIN, OTHER.uid, Role.DESIGNER))
    assert stack.directory.user(OTHER.uid).role is Role.CUSTOMER
    assert stack.world.role_changes == [
        {
            "actorId": "a1",
            "uid": "c1",
            "role": "designer",
            "at": stack.clock.now,
            "expireAt": stack.clock.now + retention.ROLE_CHANGE,
        },
    ]


def test_the_api_answers_429_with_retry_after_in_the_error_format(stack, monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    claims = {"uid": CUSTOMER.uid, "role": "customer", "email": CUSTOMER.email}
    client = create_app(lambda: stack.services, verify=lambda token, fresh: claims).test_client()
    body = {"productId": "mug", "quantity": 1, "customizationNotes": "Gold rim"}
    for _ in range(2):
        assert (
            client.post("/customizations", json=body, headers={"Authorization": "Bearer t"}).status_code
            == 201
        )
    response = client.post("/customizations", json=body, headers={"Authorization": "Bearer t"})
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "30"
    assert response.get_json()["error"]["code"] == "RATE_LIMITED"


@pytest.mark.parametrize(
    ("window", "now", "since", "retry"),
    [
        (Window.HOUR, datetime(2026, 1, 1, 10, 0, 0, tzinfo=UTC), datetime(2026, 1, 1, 10, tzinfo=UTC), 3600),
        (
            Window.HOUR,
            datetime(2026, 1, 1, 10, 59, 59, 500000, tzinfo=UTC),
            datetime(2026, 1, 1, 10, tzinfo=UTC),
            1,
        ),
        (Window.DAY, datetime(2026, 1, 1, 23, 0, 0, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC), 3600),
    ],
)
def test_windows_are_the_current_utc_hour_or_day(window, now, since, retry):
    quota = Quota(1, window, "things")
    assert quota.since(now) == since
    assert quota.retry_after(now) == retry


@pytest.mark.parametrize("case", usage_contract.CASES, ids=lambda case: case.__name__)
def test_the_fake_usage_counter_keeps_the_adapters_contract(case):
    world = World()
    case(FakeUsage(world), world.usage.get)


def test_creates_that_counted_while_none_was_written_yet_still_stop_at_the_limit(stack):
    """The quota is decided by the counter, not by a count of the requests written: two takes in
    flight (neither request written yet) leave none for a third."""
    guard = QuotaGuard(FakeUsage(stack.world), LOW, stack.clock)
    guard.creating_request(CUSTOMER)
    guard.creating_request(CUSTOMER)
    error = refused(lambda: guard.creating_request(CUSTOMER))
    assert error.details == {"quota": "requests created", "limit": 2, "used": 2}
    assert stack.world.requests == {}


def test_a_user_past_the_limit_is_refused_again_without_another_write(stack):
    create(stack)
    create(stack)
    refused(lambda: create(stack))
    hour = stack.clock.now.replace(minute=0, second=0)
    counter = stack.world.usage[counter_id(CUSTOMER.uid, Counted.REQUESTS, hour)]
    assert counter["count"] == 3
    refused(lambda: create(stack))
    assert counter["count"] == 3  # this instance remembers the hour is spent


def test_a_create_refused_for_its_input_takes_nothing_from_the_quota(stack):
    for _ in range(3):
        with pytest.raises(AppError) as caught:
            stack.services.requests.create(CUSTOMER, CreateRequest("no-such-product", 1, "Gold rim"), None)
        assert caught.value.code is ErrorCode.VALIDATION_ERROR
    create(stack)
    create(stack)


def test_a_create_whose_write_fails_gives_its_use_back(stack, monkeypatch):
    written = stack.store.create

    def conflicting(*args, **kwargs):
        monkeypatch.setattr(stack.store, "create", written)
        raise Conflict("an upload changed since it was read")

    monkeypatch.setattr(stack.store, "create", conflicting)
    with pytest.raises(AppError) as caught:
        create(stack)
    assert caught.value.code is ErrorCode.CONFLICT
    create(stack)
    create(stack)


def test_refused_input_counts_until_the_refusal_quota_then_429_until_the_window_ends(stack):
    guard, bad = stack.services.quotas, validation("Invalid request body")
    for _ in range(3):
        assert guard.refused(CUSTOMER, bad) is bad
    limited = guard.refused(CUSTOMER, bad)
    assert limited.code is ErrorCode.RATE_LIMITED
    assert limited.headers == {"Retry-After": "30"}  # the 10-minute window ends with the hour
    assert limited.details == {"quota": "calls refused for their input", "limit": 3, "used": 3}
    assert guard.refused(OTHER, bad) is bad  # someone else's refusals are their own
    assert refused(lambda: guard.admitting(CUSTOMER)).headers == {"Retry-After": "30"}
    guard.admitting(OTHER)
    stack.clock.advance(seconds=31)
    guard.admitting(CUSTOMER)
    assert guard.refused(CUSTOMER, bad) is bad


def api_as(stack, *actors):
    claims = {a.uid: {"uid": a.uid, "role": a.role.value, "email": a.email} for a in actors}
    client = create_app(lambda: stack.services, verify=lambda token, fresh: claims[token]).test_client()

    def call(method, path, actor=None, **kwargs):
        headers = {"Authorization": f"Bearer {actor.uid}"} if actor else {}
        return client.open(path, method=method, headers=headers, **kwargs)

    return call


GOOD = {"productId": "mug", "quantity": 1, "customizationNotes": "Gold rim"}


def test_a_caller_who_keeps_sending_bad_input_gets_429_and_others_do_not(stack, monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    call = api_as(stack, CUSTOMER, OTHER)
    bad_bodies = [
        {"data": b'{"productId": ', "content_type": "application/json"},  # not JSON
        {"json": {**GOOD, "quantity": 0}},  # invalid
        {"data": b"x" * ((1 << 20) + 1), "content_type": "application/json"},  # too large
    ]
    for bad in bad_bodies:
        assert call("POST", "/customizations", CUSTOMER, **bad).status_code in (400, 413)
    response = call("POST", "/customizations", CUSTOMER, data=b"productId=mug", content_type="text/plain")
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "RATE_LIMITED"
    assert response.headers["Retry-After"] == "30"
    # This instance refuses the caller's writes before reading them, until the window ends; reads
    # still pass, and another caller's bad input is answered as such.
    assert call("POST", "/customizations", CUSTOMER, json=GOOD).status_code == 429
    assert call("GET", "/customizations", CUSTOMER).status_code == 200
    assert call("POST", "/customizations", OTHER, json={**GOOD, "quantity": 0}).status_code == 400
    assert call("POST", "/customizations", OTHER, json=GOOD).status_code == 201
    stack.clock.advance(seconds=31)
    assert call("POST", "/customizations", CUSTOMER, json=GOOD).status_code == 201


def test_a_refused_upload_counts_as_refused_input(stack, monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    call = api_as(stack, CUSTOMER)

    def upload(data):
        form = {"kind": "preview", "file": (io.BytesIO(data), "a.png")}
        return call("POST", "/customizations/upload", CUSTOMER, data=form, content_type="multipart/form-data")

    codes = [upload(b"not an image at all").status_code for _ in range(4)]
    assert codes == [415, 415, 415, 429]
    key = counter_id(CUSTOMER.uid, Counted.REFUSALS, stack.clock.now.replace(minute=50, second=0))
    assert stack.world.usage[key]["count"] == 4


def test_a_caller_not_signed_in_is_refused_before_their_body_and_counts_nothing(stack, monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    call = api_as(stack, CUSTOMER)
    for _ in range(5):
        response = call("POST", "/customizations", data=b"{", content_type="application/json")
        assert response.status_code == 401
    assert stack.world.usage == {}


def test_reads_and_refusals_other_than_of_input_are_not_counted(stack, monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    call = api_as(stack, CUSTOMER)
    for _ in range(5):
        assert call("GET", "/customizations?limit=0", CUSTOMER).status_code == 400  # a read
        assert call("GET", "/customizations/nope", CUSTOMER).status_code == 404
        assert call("PATCH", "/customizations/nope", CUSTOMER, json={"action": "approve"}).status_code == 404
    assert not any(Counted.REFUSALS.value in key for key in stack.world.usage)
