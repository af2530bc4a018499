"""People on in-memory stores: the directory following tokens however roles were set, each user's
profile, preferences and devices, dead tokens, the designers' topic, unread counts, read-all and
digests."""

from datetime import timedelta

import pytest
from customizations.domain.actors import Actor
from customizations.domain.commands import Assign, CreateRequest, RegisterDevice, UpdateProfile
from customizations.domain.lifecycle import Event, Role
from customizations.domain.preferences import Channel, Digest
from customizations.domain.profiles import MAX_DEVICES, Platform, device_id
from customizations.errors import AppError, ErrorCode
from customizations.services import activity
from customizations.services.digests import DigestService

from tests.support.fakes import Stack

CUSTOMER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")
TOKEN = "fcm-token-" + "x" * 40


@pytest.fixture
def stack():
    s = Stack(CUSTOMER, DESIGNER, ADMIN)
    s.product()
    return s


def create(stack, by=CUSTOMER):
    return stack.services.requests.create(by, CreateRequest("mug", 1, "Gold rim"), None)["id"]


def token(n=0):
    return f"{TOKEN}-{n:03d}"


# ---- the directory follows the tokens ----


def test_a_designer_whose_role_was_set_outside_the_api_is_known_by_their_first_call(stack):
    outsider = Actor("d9", Role.DESIGNER, "Olu", "olu@example.com")  # claim set by a script
    assert "d9" not in stack.world.users
    writes = []
    real = stack.profiles.update_profile
    stack.profiles.update_profile = lambda uid, fields: writes.append(uid) or real(uid, fields)
    for _ in range(3):
        stack.services.users.seen(outsider)
    assert writes == ["d9"]  # once; the next calls cost nothing
    profile = stack.world.users["d9"]
    assert (profile["role"], profile["name"], profile["email"]) == ("designer", "Olu", "olu@example.com")
    workload = stack.services.reports.workload(ADMIN, activity.PageRequest()).items
    assert "d9" in [w["designerId"] for w in workload]

    stack.services.users.seen(Actor("d9", Role.DESIGNER, "Olu", "olu@new.example.com"))
    assert stack.world.users["d9"]["email"] == "olu@new.example.com" and writes == ["d9", "d9"]


def test_a_sync_over_every_user_brings_profiles_in_step_with_roles_set_elsewhere(stack):
    stack.directory.users["d8"] = Actor("d8", Role.DESIGNER, "Ife", "ife@example.com")
    stack.directory.users["c8"] = Actor("c8", Role.CUSTOMER, "Kai", "kai@example.com")
    stack.world.users["c1"]["synced"] = {"role": "customer", "email": CUSTOMER.email, "name": "Casey"}
    result = stack.services.users.sync_directory()
    assert result["users"] == 5 and result["profilesChanged"] >= 2
    assert stack.world.users["d8"]["role"] == "designer" and "d8" in stack.world.loads
    assert stack.world.users["c8"]["role"] == "customer"
    assert stack.services.users.sync_directory()["profilesChanged"] == 0


def test_a_name_changed_by_its_user_is_not_undone_by_their_older_token(stack):
    stack.services.users.seen(CUSTOMER)
    shown = stack.services.users.update_me(CUSTOMER, UpdateProfile(name="Casey K."))
    assert shown["name"] == "Casey K." and stack.directory.users["c1"].name == "Casey K."
    stack.services.users._synced.clear()  # another instance, the old token
    stack.services.users.seen(CUSTOMER)
    assert stack.world.users["c1"]["name"] == "Casey K."
    stack.services.users.seen(Actor("c1", Role.CUSTOMER, "Casey K.", CUSTOMER.email))  # the new token
    assert stack.world.users["c1"]["name"] == "Casey K."


# ---- preferences ----


def test_preferences_default_to_everything_on_and_mail_as_it_happens(stack):
    shown = stack.services.users.me(CUSTOMER)["preferences"]
    assert all(shown["inApp"].values()) and all(shown["push"].values()) and all(shown["email"].values())
    assert shown["emailDigest"] == "immediate" and set(shown["push"]) == {e.value for e in Event}


def test_the_fan_out_honours_preferences_and_always_writes_the_inbox(stack):
    stack = Stack(CUSTOMER, DESIGNER, ADMIN, email=True)
    stack.product()
    stack.services.users.add_device(CUSTOMER, RegisterDevice(token(1), Platform.IOS, "phone"))
    off = {Channel.PUSH: {Event.DESIGNER_ASSIGNED: False}, Channel.EMAIL: {Event.DESIGNER_ASSIGNED: False}}
    stack.services.users.update_me(CUSTOMER, UpdateProfile(channels=off))
    rid = create(stack)
    stack.services.requests.act(DESIGNER, rid, Assign(), None)
    stack.settle()
    (note,) = [n for n in stack.world.notifications.values() if n["recipientId"] == "c1"]
    assert note["type"] == Event.DESIGNER_ASSIGNED
    assert stack.push.sent == [] and stack.world.mail == {}

    on = {Channel.PUSH: {Event.DESIGNER_ASSIGNED: True}}
    stack.services.users.update_me(CUSTOMER, UpdateProfile(channels=on, digest=Digest.DAILY))
    other = create(stack)
    stack.services.requests.act(DESIGNER, other, Assign(), None)
    stack.settle()
    assert stack.push.sent == [([token(1)], "A designer is on it")]
    assert stack.world.mail == {}  # email for this event is still off, and mail now comes daily


# ---- devices and the designers' topic ----


def test_devices_are_registered_once_shown_without_tokens_and_bounded(stack):
    users = stack.services.users
    first = users.add_device(CUSTOMER, RegisterDevice(token(0), Platform.ANDROID, "Pixel"))
    assert first == {
        "id": device_id(token(0)),
        "platform": "android",
        "label": "Pixel",
        "createdAt": stack.clock.now,
    }
    stack.clock.advance(minutes=1)
    assert (
        users.add_device(CUSTOMER, RegisterDevice(token(0), Platform.ANDROID, "Pixel"))["createdAt"]
        == first["createdAt"]
    )
    for n in range(1, MAX_DEVICES + 1):
        stack.clock.advance(minutes=1)
        users.add_device(CUSTOMER, RegisterDevice(token(n), Platform.WEB, f"Browser {n}"))
    shown = users.me(CUSTOMER)["devices"]
    assert len(shown) == MAX_DEVICES and first["id"] not in {d["id"] for d in shown}
    assert all("token" not in d for d in shown)
    removed = users.remove_device(CUSTOMER, device_id(token(1)))
    assert removed["label"] == "Browser 1" and len(users.me(CUSTOMER)["devices"]) == MAX_DEVICES - 1
    with pytest.raises(AppError) as missing:
        users.remove_device(CUSTOMER, device_id(token(1)))
    assert missing.value.code is ErrorCode.NOT_FOUND


def test_a_designers_devices_follow_the_topic_of_new_requests_as_role_and_preference_change(stack):
    users, topic = stack.services.users, lambda: stack.push.subscribed.get("designers", set())
    users.add_device(CUSTOMER, RegisterDevice(token(1), Platform.IOS, ""))
    assert topic() == set()
    users.set_role(ADMIN, CUSTOMER.uid, Role.DESIGNER)
    assert topic() == {token(1)}
    as_designer = Actor("c1", Role.DESIGNER, "Casey", CUSTOMER.email)
    users.update_me(as_designer, UpdateProfile(channels={Channel.PUSH: {Event.REQUEST_CREATED: False}}))
    assert topic() == set()
    users.update_me(as_designer, UpdateProfile(channels={Channel.PUSH: {Event.REQUEST_CREATED: True}}))
    users.add_device(as_designer, RegisterDevice(token(2), Platform.WEB, ""))
    assert topic() == {token(1), token(2)}
    users.remove_device(as_designer, device_id(token(2)))
    assert topic() == {token(1)}
    users.seen(Actor("c1", Role.CUSTOMER, "Casey", CUSTOMER.email))  # demoted outside the API
    assert topic() == set()


def test_tokens_the_push_service_reports_dead_are_forgotten(stack):
    stack.services.users.add_device(CUSTOMER, RegisterDevice(token(1), Platform.IOS, "old"))
    stack.services.users.add_device(CUSTOMER, RegisterDevice(token(2), Platform.IOS, "new"))
    stack.push.dead = {token(1)}
    rid = create(stack)
    stack.services.requests.act(DESIGNER, rid, Assign(), None)
    stack.settle()
    assert stack.push.sent == [(sorted([token(1), token(2)]), "A designer is on it")]
    assert [d["label"] for d in stack.services.users.me(CUSTOMER)["devices"]] == ["new"]


# ---- unread counts and read-all ----


def test_the_unread_count_covers_own_notifications_and_announcements_and_read_all_clears_both(stack):
    rids = [create(stack) for _ in range(3)]
    for rid in rids[:2]:
        stack.services.requests.act(DESIGNER, rid, Assign(), None)
    stack.settle()
    count = stack.services.activity.unread_count
    assert count(CUSTOMER) == {"unreadCount": 2, "unreadCountCapped": False}
    assert count(DESIGNER) == {"unreadCount": 3, "unreadCountCapped": False}  # three new requests
    stack.services.activity.mark_read(DESIGNER, f"{rids[0]}-v1")
    assert count(DESIGNER)["unreadCount"] == 2
    assert stack.services.activity.mark_all_read(DESIGNER) == {"marked": 0, "more": False}
    assert count(DESIGNER)["unreadCount"] == 0
    unread = stack.services.activity.notifications(DESIGNER, True, activity.PageRequest()).items
    assert unread == []
    assert stack.services.activity.mark_all_read(CUSTOMER) == {"marked": 2, "more": False}
    assert count(CUSTOMER)["unreadCount"] == 0
    assert stack.services.activity.mark_all_read(CUSTOMER) == {"marked": 0, "more": False}
    stack.clock.advance(minutes=1)
    newer = create(stack)
    stack.settle()
    assert [
        n["requestId"]
        for n in stack.services.activity.notifications(DESIGNER, True, activity.PageRequest()).items
    ] == [newer]


def test_read_all_works_in_bounded_batches_and_says_when_to_call_again(stack, monkeypatch):
    monkeypatch.setattr(activity, "READ_ALL_BATCH", 2)
    monkeypatch.setattr(activity, "READ_ALL_BATCHES", 2)
    for _ in range(5):
        stack.services.requests.act(DESIGNER, create(stack), Assign(), None)
    stack.settle()
    assert stack.services.activity.mark_all_read(CUSTOMER) == {"marked": 4, "more": True}
    assert stack.services.activity.mark_all_read(CUSTOMER) == {"marked": 1, "more": False}


def test_the_unread_count_stops_at_its_cap(stack, monkeypatch):
    monkeypatch.setattr(activity, "UNREAD_CAP", 3)
    for _ in range(4):
        create(stack)
    stack.settle()
    assert stack.services.activity.unread_count(DESIGNER) == {"unreadCount": 3, "unreadCountCapped": True}


# ---- digests ----


def digests(stack, email=True, unverified_emails=True):
    """The digests, taking the test users' unverified addresses as the Stack does."""
    return DigestService(stack.profiles, stack.clock, email, unverified_emails)


def test_a_digest_goes_out_once_per_period_with_what_is_unread_and_never_empty(stack):
    stack.services.users.update_me(CUSTOMER, UpdateProfile(digest=Digest.HOURLY))
    hour = stack.clock.now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    assert digests(stack).send_due(hour) == {"sent": 0, "skipped": 1}  # nothing unread: no mail
    stack.clock.advance(hours=1, minutes=1)
    rid = create(stack)
    stack.services.requests.act(DESIGNER, rid, Assign(), None)
    stack.settle()
    next_hour = hour + timedelta(hours=1)
    assert digests(stack).send_due(next_hour) == {"sent": 1, "skipped": 0}
    assert digests(stack).send_due(next_hour) == {"sent": 0, "skipped": 1}  # the retry sends none
    (mail,) = stack.world.mail.values()
    assert mail["to"] == CUSTOMER.email and "A designer is on it" in mail["message"]["text"]
    assert mail["message"]["subject"] == "Your hourly digest: 1 unread notification(s)"
    assert stack.world.users["c1"]["lastDigestAt"] == next_hour
    assert digests(stack).send_due(next_hour + timedelta(hours=1))["sent"] == 0  # nothing new since


def test_a_daily_digest_tells_a_designer_of_new_requests_at_its_hour_only(stack):
    stack.services.users.update_me(DESIGNER, UpdateProfile(digest=Digest.DAILY))
    create(stack)
    stack.settle()
    morning = (stack.clock.now + timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    assert digests(stack).send_due(morning - timedelta(hours=1))["sent"] == 0
    assert digests(stack).send_due(morning)["sent"] == 1
    (mail,) = stack.world.mail.values()
    assert "1 new customization request(s)" in mail["message"]["text"]
    assert digests(stack, email=False).send_due(morning + timedelta(days=1)) == {"sent": 0, "skipped": 0}


def test_a_token_registered_by_another_user_leaves_the_one_who_had_it(stack):
    stack.services.users.add_device(CUSTOMER, RegisterDevice(token(1), Platform.WEB, "shared browser"))
    stack.services.users.add_device(DESIGNER, RegisterDevice(token(1), Platform.WEB, "shared browser"))
    assert stack.services.users.me(CUSTOMER)["devices"] == []
    assert [d["label"] for d in stack.services.users.me(DESIGNER)["devices"]] == ["shared browser"]
    assert stack.push.subscribed["designers"] == {token(1)}  # now a designer's


def test_a_topic_change_the_push_service_refused_is_made_on_the_users_next_first_call(stack):
    users = stack.services.users
    users.add_device(CUSTOMER, RegisterDevice(token(1), Platform.IOS, ""))
    failing = stack.push.subscribe
    stack.push.subscribe = lambda tokens, topic: (_ for _ in ()).throw(RuntimeError("FCM unavailable"))
    users.set_role(ADMIN, CUSTOMER.uid, Role.DESIGNER)  # answers all the same
    assert stack.push.subscribed.get("designers", set()) == set()
    stack.push.subscribe = failing
    users._synced.clear()  # another instance, or this one after a while
    users.seen(Actor("c1", Role.DESIGNER, "Casey", CUSTOMER.email))
    assert stack.push.subscribed["designers"] == {token(1)}
    users.seen(Actor("c1", Role.DESIGNER, "Casey", CUSTOMER.email))  # nothing more to do


def test_a_digest_leaves_out_what_its_reader_turned_email_off_for_and_what_came_after_its_time(stack):
    off = {Channel.EMAIL: {Event.DESIGNER_ASSIGNED: False}}
    stack.services.users.update_me(CUSTOMER, UpdateProfile(channels=off, digest=Digest.HOURLY))
    stack.clock.advance(minutes=1)
    stack.services.requests.act(DESIGNER, create(stack), Assign(), None)
    stack.settle()
    hour = stack.clock.now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    assert digests(stack).send_due(hour)["sent"] == 0
    stack.services.users.update_me(
        CUSTOMER, UpdateProfile(channels={Channel.EMAIL: {Event.DESIGNER_ASSIGNED: True}})
    )
    stack.clock.now = hour + timedelta(minutes=5)  # the run is late: this one came after its time
    stack.services.requests.act(DESIGNER, create(stack), Assign(), None)
    stack.settle()
    digests(stack).send_due(hour)
    (mail,) = stack.world.mail.values()
    assert mail["message"]["subject"] == "Your hourly digest: 1 unread notification(s)"
