"""Per-user quotas with low limits: each refuses the call past it with 429 RATE_LIMITED and a
Retry-After that says when its window resets, counts only the caller's own use, and lets the call
through again once the window has moved on."""

import io
from datetime import UTC, datetime

import pytest
from customizations.api.app import create_app
from customizations.domain import retention
from customizations.domain.actors import Actor
from customizations.domain.commands import CreateRequest, StartUpload
from customizations.domain.lifecycle import Role
from customizations.domain.quotas import Quota, Quotas, Window
from customizations.errors import AppError, ErrorCode

from tests.support.emulators import SAMPLES
from tests.support.fakes import Stack

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
OTHER = Actor("c2", Role.CUSTOMER, "Olive", "olive@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")
LOW = Quotas.of(requests_per_hour=2, upload_bytes_per_day=200, open_sessions=1, role_changes=1)


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
