"""Deriving the event of a write from its before/after images, and the bus that dispatches it."""

from datetime import UTC, datetime

import pytest
from customizations.domain.events import derive
from customizations.domain.lifecycle import Event
from customizations.services.bus import EventBus

T = datetime(2026, 11, 25, 12, tzinfo=UTC)


def doc(status, version, event, actor="u1", **extra):
    return {
        "status": status,
        "version": version,
        "lastEvent": {"event": event, "actorId": actor, "at": T},
        "customerId": "c1",
        **extra,
    }


def test_a_created_request_is_the_created_event_keyed_by_id_and_version():
    occurrence = derive("r1", None, doc("pending_designer_review", 1, Event.REQUEST_CREATED.value), T)
    assert occurrence.event is Event.REQUEST_CREATED
    assert (occurrence.key, occurrence.actor_id, occurrence.version) == ("r1-v1", "u1", 1)


@pytest.mark.parametrize(
    ("before", "after", "event"),
    [
        ("pending_designer_review", "in_progress", Event.DESIGNER_ASSIGNED),
        ("in_progress", "awaiting_customer_approval", Event.DESIGN_COMPLETED),
        ("awaiting_customer_approval", "approved", Event.DESIGN_APPROVED),
        ("awaiting_customer_approval", "in_progress", Event.DESIGN_REJECTED),
        ("in_progress", "cancelled", Event.REQUEST_CANCELLED),
        ("approved", "completed", Event.REQUEST_COMPLETED),
    ],
)
def test_each_legal_transition_is_its_event(before, after, event):
    occurrence = derive("r1", doc(before, 3, "x"), doc(after, 4, event.value), T)
    assert occurrence.event is event and occurrence.key == "r1-v4"


def test_a_write_that_skips_the_state_machine_is_a_violation():
    occurrence = derive(
        "r1",
        doc("pending_designer_review", 1, Event.REQUEST_CREATED.value),
        doc("approved", 2, Event.DESIGN_APPROVED.value),
        T,
    )
    assert occurrence.event is None and occurrence.name == "violation"
    assert occurrence.key.startswith("r1-v2-violation-")


@pytest.mark.parametrize(
    "after",
    [
        doc("in_progress", 3, Event.DESIGNER_ASSIGNED.value),  # version not bumped by one
        doc("approved", 2, Event.DESIGN_APPROVED.value, designerId="d"),  # wrong edge
        doc("in_progress", 2, "customization.unknown"),  # unknown event
        doc("floating", 2, Event.DESIGNER_ASSIGNED.value),  # unknown status
        doc("in_progress", 1, Event.REQUEST_CREATED.value),  # status changed, version not
    ],
)
def test_other_forbidden_writes_are_violations(after):
    before = doc("pending_designer_review", 1, Event.REQUEST_CREATED.value)
    assert derive("r1", before, after, T).event is None


@pytest.mark.parametrize(
    ("changed", "why"),
    [
        ({"customerId": "c2"}, "customerId changed without a version bump"),
        ({"designerId": "d9"}, "designerId changed without a version bump"),
        ({"status": "approved", "designerId": "d9"}, "status, designerId changed without a version bump"),
    ],
)
def test_a_change_of_owner_or_designer_without_a_new_version_is_a_violation(changed, why):
    before = doc("in_progress", 2, Event.DESIGNER_ASSIGNED.value, designerId="d1")
    occurrence = derive("r1", before, {**before, **changed}, T)
    assert occurrence is not None and occurrence.name == "violation" and occurrence.reason == why


def test_a_deleted_request_is_a_violation_and_an_unchanged_one_is_nothing():
    before = doc("pending_designer_review", 1, Event.REQUEST_CREATED.value)
    assert derive("r1", before, None, T).event is None
    assert derive("r1", before, {**before, "productName": "Renamed"}, T) is None


def test_the_same_write_always_gets_the_same_key():
    before = doc("pending_designer_review", 1, Event.REQUEST_CREATED.value)
    after = doc("approved", 2, "x")
    assert derive("r1", before, after, T).key == derive("r1", before, after, T).key


def test_a_failing_handler_is_reported_the_others_run_and_nothing_is_committed():
    ran, committed = [], []

    def broken(occurrence, work):
        raise RuntimeError("down")

    def stage(occurrence, work):
        work.append(occurrence.key)
        ran.append(occurrence.key)

    def commit(occurrence, work):
        committed.append(work)

    bus = EventBus({Event.REQUEST_CREATED.value: [broken, stage]}, list, commit)
    occurrence = derive("r1", None, doc("pending_designer_review", 1, Event.REQUEST_CREATED.value), T)
    failures = bus.dispatch(occurrence)
    assert ran == ["r1-v1"] and committed == []
    assert [str(f) for f in failures] == ["down"]

    bus = EventBus(
        {Event.REQUEST_CREATED.value: [stage]}, list, lambda occurrence, work: committed.append(work)
    )
    assert bus.dispatch(occurrence) == []
    assert committed == [["r1-v1"]]
