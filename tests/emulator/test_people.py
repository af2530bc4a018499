"""People against the emulators: the directory following roles set with the Admin SDK (by a first
call, or by the sync over every Auth user), /me, devices, read-all and the unread count, and a
digest sent once per period on real Firestore, to verified addresses only."""

import json
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from customizations.adapters.firestore_profiles import FirestoreProfiles
from customizations.services.digests import DigestService

from tests.support.emulators import (
    _IDENTITY,
    _OWNER,
    PROJECT,
    act,
    create_user,
    firestore_client,
    ok,
    refused,
    sign_in,
    wait_for_triggers,
)

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"token": "fcm-registration-token-" + "p" * 40, "platform": "android", "label": "Pixel"}


def profile(uid):
    snapshot = firestore_client().collection("users").document(uid).get()
    return snapshot.to_dict() if snapshot.exists else None


def test_a_designer_whose_claim_was_set_with_the_admin_sdk_is_listed_and_told_of_new_requests(
    api, admin, customer, new_request
):
    outsider = create_user("designer", name="Olu Outsider")  # the claim set straight in Auth
    assert profile(outsider.uid) is None
    rid = new_request()["id"]
    wait_for_triggers()
    announced = ok(api.get("/notifications", outsider))
    assert [n["id"] for n in announced] == [f"{rid}-v1"]
    assert profile(outsider.uid)["role"] == "designer"  # their first call wrote it
    ok(act(api, outsider, rid, "assign"))
    wait_for_triggers()
    workload = ok(api.get("/customizations/workload?limit=100", admin))
    (row,) = [w for w in workload if w["designerId"] == outsider.uid]
    assert (row["active"], row["designerName"]) == (1, "Olu Outsider")


def sync_directory():
    """scripts/sync-directory, against this stack: what it reports."""
    done = subprocess.run(
        [str(ROOT / "scripts" / "sync-directory")], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(done.stdout.rsplit("sync-directory:", 1)[1])


def test_the_directory_sync_writes_profiles_for_roles_set_outside_the_api(api, admin):
    quiet = [create_user("designer", name=f"Quiet {n}") for n in range(3)]  # never call the API
    assert all(profile(u.uid) is None for u in quiet)
    result = sync_directory()
    assert result["users"] >= 4 and result["profilesChanged"] >= 3
    assert all(profile(u.uid)["role"] == "designer" for u in quiet)
    workload = {w["designerId"] for w in ok(api.get("/customizations/workload?limit=100", admin))}
    assert {u.uid for u in quiet} <= workload  # listed, idle
    assert sync_directory()["profilesChanged"] == 0


def test_me_shows_and_changes_the_callers_profile_and_preferences(api, customer):
    me = ok(api.get("/me", customer))
    assert (me["uid"], me["email"], me["role"]) == (customer.uid, customer.email, "customer")
    assert me["preferences"]["emailDigest"] == "immediate" and all(me["preferences"]["inApp"].values())
    assert (me["unreadCount"], me["unreadCountCapped"], me["devices"]) == (0, False, [])
    changed = ok(
        api.patch(
            "/me",
            customer,
            {
                "name": "Casey K.",
                "preferences": {"push": {"customization.designer.assigned": False}, "emailDigest": "daily"},
            },
        )
    )
    assert changed["name"] == "Casey K." and changed["preferences"]["emailDigest"] == "daily"
    assert changed["preferences"]["push"]["customization.designer.assigned"] is False
    assert changed["preferences"]["email"]["customization.designer.assigned"] is True
    assert ok(api.get("/me", customer))["name"] == "Casey K."
    for bad in (
        {"name": ""},
        {"name": "   "},
        {"name": "Casey\nK."},
        {"name": "Casey\x00"},
        {"name": "x" * 101},
        {"preferences": {"push": {"no.such.event": True}}},
        {"preferences": {"inApp": {"customization.designer.assigned": False}}},
        {"preferences": {"emailDigest": "weekly"}},
        {"preferences": {"push": {"customization.designer.assigned": "no"}}},
        {"role": "admin"},
    ):
        refused(api.patch("/me", customer, bad), 400, "VALIDATION_ERROR")
    assert ok(api.get("/me", customer))["role"] == "customer"


def test_devices_are_registered_once_never_shown_with_their_tokens_and_removed_by_their_owner_only(
    api, customer, other_customer
):
    first = ok(api.post("/me/devices", customer, PHONE), 201)
    again = ok(api.post("/me/devices", customer, PHONE), 201)
    assert again["id"] == first["id"] and again["createdAt"] == first["createdAt"]
    (shown,) = ok(api.get("/me", customer))["devices"]
    assert shown == first and PHONE["token"] not in str(ok(api.get("/me", customer)))
    refused(api.delete(f"/me/devices/{first['id']}", other_customer), 404, "NOT_FOUND")
    for bad in (
        {**PHONE, "token": "short"},
        {**PHONE, "token": "has spaces " + "x" * 30},
        {**PHONE, "platform": "blackberry"},
        {**PHONE, "label": "x" * 101},
        {"token": PHONE["token"]},
    ):
        refused(api.post("/me/devices", customer, bad), 400, "VALIDATION_ERROR")
    assert ok(api.delete(f"/me/devices/{first['id']}", customer))["id"] == first["id"]
    refused(api.delete(f"/me/devices/{first['id']}", customer), 404, "NOT_FOUND")
    assert ok(api.get("/me", customer))["devices"] == []


def test_the_unread_count_and_read_all_cover_own_notifications_and_announcements(
    api, customer, designer, new_request
):
    rids = [new_request()["id"] for _ in range(3)]
    for rid in rids[:2]:
        ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    assert ok(api.get("/me", customer))["unreadCount"] == 2
    assert ok(api.get("/me", designer))["unreadCount"] == 3  # three new requests
    ok(api.post(f"/notifications/{rids[2]}-v1/read", designer))
    assert ok(api.get("/me", designer))["unreadCount"] == 2
    assert ok(api.post("/notifications/read-all", customer)) == {"marked": 2, "more": False}
    assert ok(api.post("/notifications/read-all", customer)) == {"marked": 0, "more": False}
    assert ok(api.get("/notifications?unread=true", customer)) == []
    ok(api.post("/notifications/read-all", designer))
    assert ok(api.get("/me", designer))["unreadCount"] == 0
    assert ok(api.get("/notifications?unread=true", designer)) == []
    assert all(n["readAt"] for n in ok(api.get("/notifications", designer)))


def test_a_digest_is_sent_once_per_period_on_real_firestore(api, customer, designer, new_request):
    ok(api.patch("/me", customer, {"preferences": {"emailDigest": "hourly"}}))
    rid = new_request()["id"]
    ok(act(api, designer, rid, "assign"))
    wait_for_triggers()
    scheduled = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    # The stack's users are unverified: their addresses are taken as functions/.env.local says.
    digests = DigestService(
        FirestoreProfiles(firestore_client()), lambda: datetime.now(UTC), email=True, unverified_emails=True
    )
    assert digests.send_due(scheduled)["sent"] == 1
    assert digests.send_due(scheduled)["sent"] == 0  # a retried run
    mails = [s.to_dict() for s in firestore_client().collection("mail").stream()]
    assert len(mails) == 1 and mails[0]["to"] == customer.email
    assert "A designer is on it" in mails[0]["message"]["text"]
    assert profile(customer.uid)["lastDigestAt"] == scheduled


def test_with_unverified_addresses_refused_only_the_verified_one_gets_its_digest(api, designer, new_request):
    verified, unverified = create_user("customer"), create_user("customer")
    requests.post(
        f"{_IDENTITY}/projects/{PROJECT}/accounts:update",
        json={"localId": verified.uid, "emailVerified": True},
        headers=_OWNER,
        timeout=30,
    ).raise_for_status()
    verified = replace(verified, token=sign_in(verified.email, verified.password))  # says email_verified
    for customer in (verified, unverified):
        ok(api.patch("/me", customer, {"preferences": {"emailDigest": "hourly"}}))
        ok(act(api, designer, new_request(by=customer)["id"], "assign"))
    wait_for_triggers()
    assert [profile(u.uid)["emailVerified"] for u in (verified, unverified)] == [True, False]
    scheduled = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    digests = DigestService(FirestoreProfiles(firestore_client()), lambda: datetime.now(UTC), email=True)
    assert digests.send_due(scheduled)["sent"] == 1  # the production setting (UNVERIFIED_EMAILS=false)
    mails = [s.to_dict() for s in firestore_client().collection("mail").stream()]
    assert [m["to"] for m in mails] == [verified.email]
