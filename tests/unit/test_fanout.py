"""The fan-out handlers on an in-memory store: who is notified, pushes, and exactly-once effects."""

from datetime import UTC, datetime

import pytest
from customizations.domain import retention
from customizations.domain.events import Effects
from customizations.domain.lifecycle import Event
from customizations.domain.notices import recipient_ids
from customizations.services.bus import EventBus, HandlerFailed, handle_write, told_by_name
from customizations.services.fanout import Fanout

from tests.support.fakes import FakeEvents, FakePush, World

T = datetime(2026, 11, 25, 12, tzinfo=UTC)


PROFILES = [
    {
        "id": "c1",
        "role": "customer",
        "devices": {"a": {"token": "phone-c1"}},
        "email": "c1@example.com",
        "emailVerified": True,
    },
    {"id": "d1", "role": "designer", "devices": {"b": {"token": "phone-d1"}, "c": {"token": "tablet-d1"}}},
    {"id": "d2", "role": "designer"},
]


def request(status, version, event, actor, **extra):
    return {
        "customerId": "c1",
        "designerId": None,
        "productName": "Mug",
        "customerName": "Casey",
        "status": status,
        "version": version,
        "lastEvent": {"event": event.value, "actorId": actor, "at": T},
        **extra,
    }


def events(profiles):
    """The fan-out's store in memory, with these user profiles."""
    return FakeEvents(World(users={p["id"]: {k: v for k, v in p.items() if k != "id"} for p in profiles}))


def audit_entries(store):
    return [entry for per_request in store.world.audit.values() for entry in per_request.values()]


@pytest.fixture
def world():
    store, push = events(PROFILES), FakePush()
    return store, push, Fanout(store, push).bus()


@pytest.mark.parametrize("designers", [2, 10_000])
def test_a_new_request_is_told_to_every_designer_at_a_constant_cost(designers):
    profiles = PROFILES + [{"id": f"d{n:05d}", "role": "designer"} for n in range(designers - 2)]
    store, push = events(profiles), FakePush()
    bus = Fanout(store, push, email=True).bus()
    handle_write(bus, "r1", None, request("pending_designer_review", 1, Event.REQUEST_CREATED, "c1"), T)
    # No document per designer (their inboxes show the request itself), one push to their topic.
    assert store.world.notifications == {} and store.world.mail == {}
    assert push.topics == [("designers", "New customization request")] and push.sent == []
    assert store.world.loads == {} and len(store.world.processed) == 1  # no designer's load yet


def test_an_event_with_named_parties_notifies_and_pushes_to_their_devices(world):
    store, push, bus = world
    working = request("in_progress", 2, Event.DESIGNER_ASSIGNED, "d1", designerId="d1")
    cancelled = request("cancelled", 3, Event.REQUEST_CANCELLED, "admin", designerId="d1")
    handle_write(bus, "r1", working, cancelled, T)
    assert sorted(n["recipientId"] for n in store.world.notifications.values()) == ["c1", "d1"]
    assert push.sent == [(["phone-c1", "phone-d1", "tablet-d1"], "Request cancelled")]
    assert push.topics == []


def test_the_profiles_read_with_the_legal_copy_serve_the_notifications_with_no_read_of_their_own(world):
    store, push, bus = world
    working = request("in_progress", 2, Event.DESIGNER_ASSIGNED, "d1", designerId="d1")
    cancelled = request("cancelled", 3, Event.REQUEST_CANCELLED, "admin", designerId="d1")
    _, people = store.legal_and_people("r1", told_by_name("r1", working, cancelled, T))
    assert sorted(people) == ["c1", "d1"]
    read = []
    users = store.users
    store.users = lambda uids: read.append(sorted(uids)) or users(uids)

    handle_write(bus, "r1", working, cancelled, T, people=people)

    assert read == []
    assert sorted(n["recipientId"] for n in store.world.notifications.values()) == ["c1", "d1"]
    assert push.sent == [(["phone-c1", "phone-d1", "tablet-d1"], "Request cancelled")]
    handle_write(bus, "r2", working, cancelled, T)  # none read ahead: the fan-out reads them
    assert read == [["c1", "d1"]]


def test_the_trigger_reads_ahead_only_whom_the_writes_event_tells_by_name():
    created = request("pending_designer_review", 1, Event.REQUEST_CREATED, "c1")
    assert told_by_name("r1", None, created, T) == set()  # every designer, by their topic
    submitted = request("awaiting_customer_approval", 3, Event.DESIGN_COMPLETED, "d1", designerId="d1")
    approved = request("approved", 4, Event.DESIGN_APPROVED, "c1", designerId="d1")
    assert told_by_name("r1", submitted, approved, T) == {"d1"}  # not the customer who approved
    assert told_by_name("r1", None, None, T) == set()


def test_a_malformed_write_around_the_api_reads_no_profile_ahead_and_is_still_judged_a_violation():
    store, push = events(PROFILES), FakePush()
    bus = Fanout(store, push).bus()
    working = request("in_progress", 2, Event.DESIGNER_ASSIGNED, "d1", designerId="d1")
    cancelled = request("cancelled", 3, Event.REQUEST_CANCELLED, "c1")
    forged = {**cancelled, "designerId": "x/y"}  # a cancellation by its shape, naming no document id
    assert told_by_name("r1", working, forged, T) == set()
    no_version = {**working, "status": "cancelled", "version": "three", "adminOverride": {"reason": "fix"}}
    assert told_by_name("r1", working, no_version, T) == set()  # its shape cannot be judged
    store.world.legal["r1"], store.world.legal_times["r1"] = dict(working), T.timestamp() - 60
    legal, people = store.legal_and_people("r1", told_by_name("r1", working, forged, T))
    occurrence = handle_write(bus, "r1", working, forged, T, legal=legal, people=people)
    assert occurrence is not None and occurrence.name == "violation"


def test_a_redelivered_event_changes_nothing_and_pushes_nothing_more(world):
    store, push, bus = world
    created = request("pending_designer_review", 1, Event.REQUEST_CREATED, "c1")
    for _ in range(3):
        handle_write(bus, "r1", None, created, T)
    assert len(push.topics) == 1 and len(audit_entries(store)) == 1 and len(store.world.processed) == 1
    working = request("in_progress", 2, Event.DESIGNER_ASSIGNED, "d1", designerId="d1")
    for _ in range(3):
        handle_write(bus, "r1", created, working, T)
    assert len(store.world.notifications) == 1 and len(push.sent) == 1 and len(audit_entries(store)) == 2


@pytest.mark.parametrize(
    ("event", "actor", "designer", "expected"),
    [
        (Event.DESIGNER_ASSIGNED, "d1", "d1", {"c1"}),
        (Event.DESIGN_COMPLETED, "d1", "d1", {"c1"}),
        (Event.DESIGN_APPROVED, "c1", "d1", {"d1"}),
        (Event.DESIGN_REJECTED, "c1", "d1", {"d1"}),
        (Event.REQUEST_CANCELLED, "c1", "d1", {"d1"}),
        (Event.REQUEST_CANCELLED, "admin", "d1", {"c1", "d1"}),
        (Event.REQUEST_CANCELLED, "c1", None, set()),
        (Event.REQUEST_COMPLETED, "admin", "d1", {"c1", "d1"}),
    ],
)
def test_each_event_reaches_the_parties_design_names(event, actor, designer, expected):
    from customizations.domain.events import Occurrence

    after = request("in_progress", 2, event, actor, designerId=designer)
    occurrence = Occurrence("r1", event, None, after, "r1-v2", actor, T)
    assert recipient_ids(occurrence) == expected


def test_a_submission_becomes_a_revision_and_a_rejection_annotates_it(world):
    store, _, bus = world
    working = request("in_progress", 2, Event.DESIGNER_ASSIGNED, "d1", designerId="d1")
    submitted = request(
        "awaiting_customer_approval",
        3,
        Event.DESIGN_COMPLETED,
        "d1",
        designerId="d1",
        designsSubmitted=1,
        designerNotes="v1",
        completedAt=T,
    )
    rejected = {
        **submitted,
        "status": "in_progress",
        "version": 4,
        "rejectionReason": "Bigger",
        "lastEvent": {"event": Event.DESIGN_REJECTED.value, "actorId": "c1", "at": T},
    }
    handle_write(bus, "r1", working, submitted, T)
    handle_write(bus, "r1", submitted, rejected, T)
    assert store.world.revisions["r1"][1]["designerNotes"] == "v1"
    assert store.world.revisions["r1"][1]["rejectionReason"] == "Bigger"


def test_a_violation_is_audited_without_notifications_or_counter_changes(world):
    store, push, bus = world
    before = request("pending_designer_review", 1, Event.REQUEST_CREATED, "c1")
    after = {**before, "status": "approved", "version": 2}
    handle_write(bus, "r1", before, after, T)
    (entry,) = audit_entries(store)
    assert entry["event"] == "violation" and entry["toStatus"] == "approved"
    assert store.world.notifications == {} and store.world.loads == {} and push.sent == []
    assert len(store.world.processed) == 1


def test_mail_for_the_trigger_email_extension_is_off_by_default_and_queued_once_when_on():
    created = request("pending_designer_review", 1, Event.REQUEST_CREATED, "c1")
    assigned = {
        **created,
        "status": "in_progress",
        "version": 2,
        "designerId": "d1",
        "designerName": "Dana",
        "lastEvent": {"event": Event.DESIGNER_ASSIGNED.value, "actorId": "d1", "at": T},
    }
    quiet = events(PROFILES)
    handle_write(Fanout(quiet, FakePush()).bus(), "r1", created, assigned, T)
    assert quiet.world.mail == {}

    store = events(PROFILES)
    bus = Fanout(store, FakePush(), email=True).bus()
    handle_write(bus, "r1", created, assigned, T)
    store.world.mail.clear()
    handle_write(bus, "r1", created, assigned, T)  # redelivered: nothing new to send
    assert store.world.mail == {}
    handle_write(bus, "r2", created, {**assigned, "lastEvent": {**assigned["lastEvent"]}}, T)
    (mail,) = store.world.mail.values()
    assert mail == {
        "to": "c1@example.com",
        "message": {"subject": "A designer is on it", "text": "Dana is working on your Mug."},
        "expireAt": T + retention.MAIL,
    }


def test_a_failing_handler_or_commit_writes_nothing_and_the_redelivery_lands_everything_once(world):
    store, push, bus = world
    created = request("pending_designer_review", 1, Event.REQUEST_CREATED, "c1")
    store.fail_commits = 1
    with pytest.raises(HandlerFailed):
        handle_write(bus, "r1", None, created, T)
    assert audit_entries(store) == [] and store.world.processed == set() and push.topics == []

    def broken(occurrence, effects):
        raise RuntimeError("designers unavailable")

    flaky = EventBus({Event.REQUEST_CREATED.value: [broken]}, Effects, Fanout(store, push).commit)
    with pytest.raises(HandlerFailed):
        handle_write(flaky, "r1", None, created, T)
    assert store.world.processed == set()

    for _ in range(2):
        handle_write(bus, "r1", None, created, T)
    assert len(audit_entries(store)) == 1 and len(push.topics) == 1 and len(store.world.processed) == 1


def test_a_push_that_fails_after_the_commit_is_logged_and_never_fails_the_event():
    store, push = events(PROFILES), FakePush(error=RuntimeError("FCM unavailable"))
    created = request("pending_designer_review", 1, Event.REQUEST_CREATED, "c1")
    assert handle_write(Fanout(store, push).bus(), "r1", None, created, T) is not None
    assert len(audit_entries(store)) == 1 and len(store.world.processed) == 1
