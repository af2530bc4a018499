"""Only an address Auth verified becomes a request's contact or gets mail (anyone may sign up with
someone else's address); UNVERIFIED_EMAILS takes any, for the local stack, whose users are
unverified."""

from datetime import UTC, datetime, timedelta

import pytest
from customizations.domain.actors import Actor, actor_from_claims
from customizations.domain.commands import Assign, CreateRequest, UpdateProfile
from customizations.domain.lifecycle import Event, Role
from customizations.domain.preferences import Digest
from customizations.services.bus import handle_write
from customizations.services.digests import DigestService
from customizations.services.fanout import Fanout

from tests.support.fakes import FakeEvents, FakePush, Stack, World

T = datetime(2026, 11, 25, 12, tzinfo=UTC)
VERIFIED = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com", email_verified=True)
UNVERIFIED = Actor("c2", Role.CUSTOMER, "Cody", "victim@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com", email_verified=True)
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com", email_verified=True)


def test_a_token_says_its_address_is_verified_only_with_email_verified_true():
    claims = {"uid": "u1", "email": "a@b.c"}
    assert actor_from_claims({**claims, "email_verified": True}).email_verified is True
    for said in ({}, {"email_verified": False}, {"email_verified": "true"}):
        assert actor_from_claims({**claims, **said}).email_verified is False


@pytest.mark.parametrize(("unverified_ok", "contacts"), [(False, [None]), (True, ["victim@example.com"])])
def test_an_unverified_address_becomes_a_contact_only_where_the_setting_takes_it(unverified_ok, contacts):
    stack = Stack(VERIFIED, UNVERIFIED, DESIGNER, ADMIN, unverified_emails=unverified_ok)
    stack.product()
    command = CreateRequest("mug", 1, "Blue", {})
    mine = stack.services.requests.create(VERIFIED, command, None)["id"]
    theirs = stack.services.requests.create(UNVERIFIED, command, None)["id"]
    for request_id in (mine, theirs):
        stack.services.requests.act(DESIGNER, request_id, Assign(), None)
    seen = [stack.services.requests.get(who, theirs)["customerEmail"] for who in (DESIGNER, ADMIN)]
    assert seen == contacts * 2
    assert stack.services.requests.get(DESIGNER, mine)["customerEmail"] == "casey@example.com"
    assert (
        stack.services.requests.get(UNVERIFIED, theirs)["customerEmail"] == "victim@example.com"
    )  # their own


def _assigned(customer_id: str, version: int) -> tuple[dict, dict]:
    created = {
        "customerId": customer_id,
        "designerId": None,
        "productName": "Mug",
        "customerName": "C",
        "status": "pending_designer_review",
        "version": version,
        "lastEvent": {"event": Event.REQUEST_CREATED.value, "actorId": customer_id, "at": T},
    }
    assigned = {
        **created,
        "status": "in_progress",
        "version": version + 1,
        "designerId": "d1",
        "designerName": "Dana",
        "lastEvent": {"event": Event.DESIGNER_ASSIGNED.value, "actorId": "d1", "at": T},
    }
    return created, assigned


@pytest.mark.parametrize(
    ("unverified_ok", "mailed"),
    [(False, ["c1@example.com"]), (True, ["c1@example.com", "c2@example.com"])],
)
def test_mail_goes_to_a_verified_address_and_to_an_unverified_one_only_where_the_setting_takes_it(
    unverified_ok, mailed
):
    users = {
        "c1": {"role": "customer", "email": "c1@example.com", "emailVerified": True},
        "c2": {"role": "customer", "email": "c2@example.com", "emailVerified": False},
    }
    store = FakeEvents(World(users=users))
    bus = Fanout(store, FakePush(), email=True, unverified_emails=unverified_ok).bus()
    for n, customer in enumerate(("c1", "c2")):
        handle_write(bus, f"r{n}", *_assigned(customer, 1), T)
    assert sorted(m["to"] for m in store.world.mail.values()) == mailed
    assert len(store.world.notifications) == 2  # in-app notices go to both either way


@pytest.mark.parametrize(("unverified_ok", "sent"), [(False, 1), (True, 2)])
def test_a_digest_goes_to_a_verified_address_and_to_an_unverified_one_only_where_the_setting_takes_it(
    unverified_ok, sent
):
    stack = Stack(VERIFIED, UNVERIFIED, DESIGNER, unverified_emails=True)
    stack.product()
    stack.clock.advance(minutes=1)  # into the hour the digest covers
    for customer in (VERIFIED, UNVERIFIED):
        stack.services.users.seen(customer)  # the profile follows the token: verified or not
        stack.services.users.update_me(customer, UpdateProfile(digest=Digest.HOURLY))
        request_id = stack.services.requests.create(customer, CreateRequest("mug", 1, "Blue", {}), None)["id"]
        stack.services.requests.act(DESIGNER, request_id, Assign(), None)
    stack.settle()
    assert (
        stack.world.users["c1"]["emailVerified"] is True and stack.world.users["c2"]["emailVerified"] is False
    )
    scheduled = stack.clock.now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    digests = DigestService(stack.profiles, stack.clock, email=True, unverified_emails=unverified_ok)
    assert digests.send_due(scheduled)["sent"] == sent
    assert ("victim@example.com" in {m["to"] for m in stack.world.mail.values()}) is unverified_ok
