"""ProfileStore's and DigestStore's contract: what they store, merge and refuse, and in which
order. Run on the fake (tests/unit/contracts) and on Firestore (tests/emulator/contracts)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from customizations.domain.events import Effects

from .requests_cases import make, request
from .tiers import Stores

T0 = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_a_profile_update_merges_maps_and_keeps_the_other_fields(stores: Stores):
    assert stores.profiles.profile("u1") is None
    stores.profiles.update_profile("u1", {"name": "Ann", "preferences": {"emailDigest": "daily"}})

    stores.profiles.update_profile("u1", {"preferences": {"push": True}})
    stores.profiles.save_role("u1", {"role": "designer"}, {"uid": "u1", "role": "designer", "by": "admin"})
    assert stores.profiles.profile("u1") == {
        "name": "Ann",
        "role": "designer",
        "preferences": {"emailDigest": "daily", "push": True},
    }


def test_devices_are_replaced_whole_with_what_the_change_gives(stores: Stores):
    stores.profiles.update_profile("u1", {"name": "Ann", "devices": {"d1": {"token": "t1"}}})

    before, after = stores.profiles.update_devices("u1", lambda d: {**d, "d2": {"token": "t2"}})
    assert before == {"d1": {"token": "t1"}} and after == {"d1": {"token": "t1"}, "d2": {"token": "t2"}}
    before, after = stores.profiles.update_devices("u1", lambda d: {"d2": d["d2"]})
    assert after == {"d2": {"token": "t2"}}
    assert stores.profiles.profile("u1") == {"name": "Ann", "devices": {"d2": {"token": "t2"}}}
    assert stores.profiles.update_devices("u2", lambda d: d) == ({}, {})


def test_a_device_claimed_by_another_user_names_the_one_who_had_it(stores: Stores):
    assert stores.profiles.claim_device("d1", "ann", T0) is None
    assert stores.profiles.claim_device("d1", "ann", T0) is None

    assert stores.profiles.claim_device("d1", "bob", T0) == "ann"
    stores.profiles.release_device("d1", "ann")  # no longer Ann's: kept
    assert stores.profiles.claim_device("d1", "cat", T0) == "bob"
    stores.profiles.release_device("d1", "cat")
    assert stores.profiles.claim_device("d1", "dan", T0) is None


def test_digest_recipients_come_by_uid_a_page_at_a_time(stores: Stores):
    for uid, digest in (("u3", "daily"), ("u1", "daily"), ("u2", "hourly"), ("u4", "daily")):
        stores.profiles.update_profile(uid, {"preferences": {"emailDigest": digest}})

    assert [p["id"] for p in stores.digests.recipients("daily", None, 2)] == ["u1", "u3"]
    assert [p["id"] for p in stores.digests.recipients("daily", "u3", 2)] == ["u4"]
    assert [p["id"] for p in stores.digests.recipients("hourly", None, 5)] == ["u2"]


def test_a_digest_is_sent_once_under_its_id(stores: Stores):
    stores.profiles.update_profile("u1", {"name": "Ann"})

    assert stores.digests.send_digest("u1", "digest-u1-1", {"to": "ann@example.com"}, T0)
    assert not stores.digests.send_digest("u1", "digest-u1-1", {"to": "ann@example.com"}, T0 + timedelta(1))
    assert stores.profiles.profile("u1") == {"name": "Ann", "lastDigestAt": T0}


def test_unread_notifications_in_a_window_come_newest_first(stores: Stores):
    notes = {
        f"n{n}": {"recipientId": "u1", "createdAt": T0 + timedelta(hours=n), "readAt": None, "title": "t"}
        for n in range(5)
    }
    notes["other"] = {**notes["n2"], "recipientId": "u2"}
    stores.fanout.commit_once("r1", "r1-v1", Effects(notifications=notes))
    stores.history.mark_read("n3", T0)

    found = stores.digests.unread_since("u1", T0, T0 + timedelta(hours=4), 10)
    assert [n["id"] for n in found] == ["n4", "n2", "n1"]
    assert [n["id"] for n in stores.digests.unread_since("u1", T0, T0 + timedelta(hours=4), 2)] == [
        "n4",
        "n2",
    ]


def test_announcements_are_counted_in_a_window_up_to_a_cap(stores: Stores):
    for n in range(5):
        make(stores, f"r{n}", request(n * 60))  # one an hour from T0

    assert stores.digests.count_announcements(T0, 10) == 4
    assert stores.digests.count_announcements(T0, 2) == 2
    assert stores.digests.count_announcements(T0, 10, until=T0 + timedelta(hours=2)) == 2
    assert (
        stores.history.count_announcements(T0 + timedelta(minutes=30), 10, until=T0 + timedelta(hours=3)) == 3
    )
