"""The lifecycle table against DESIGN.md's state machine, written out here independently."""

import itertools

import pytest
from customizations.domain import lifecycle as sm
from customizations.domain.lifecycle import Action, Event, Party, Role, Status

P, IP, AW, AP, CO, CA = (
    Status.PENDING,
    Status.IN_PROGRESS,
    Status.AWAITING_APPROVAL,
    Status.APPROVED,
    Status.COMPLETED,
    Status.CANCELLED,
)

# (from, action) -> (to, roles that may take it on a request they stand in the right relation to)
EXPECTED = {
    (None, Action.CREATE): (P, {Role.CUSTOMER, Role.ADMIN}),
    (P, Action.ASSIGN): (IP, {Role.DESIGNER, Role.ADMIN}),
    (IP, Action.UPLOAD_FINAL): (AW, {Role.DESIGNER, Role.ADMIN}),
    (AW, Action.APPROVE): (AP, {Role.CUSTOMER, Role.ADMIN}),
    (AW, Action.REJECT): (IP, {Role.CUSTOMER, Role.ADMIN}),
    (P, Action.CANCEL): (CA, {Role.CUSTOMER, Role.ADMIN}),
    (IP, Action.CANCEL): (CA, {Role.CUSTOMER, Role.ADMIN}),
    (AW, Action.CANCEL): (CA, {Role.CUSTOMER, Role.ADMIN}),
    (AP, Action.COMPLETE): (CO, {Role.ADMIN}),
    (AP, Action.RATE): (AP, {Role.CUSTOMER}),  # a rating keeps the request where it is
    (CO, Action.RATE): (CO, {Role.CUSTOMER}),
}

ALL_STATUSES = [None, *Status]


@pytest.mark.parametrize(("status", "action", "role"), list(itertools.product(ALL_STATUSES, Action, Role)))
def test_every_status_action_and_role_is_allowed_exactly_as_designed(status, action, role):
    edge = sm.transition(status, action)
    expected = EXPECTED.get((status, action))
    if expected is None:
        assert edge is None
        return
    assert edge is not None and edge.to == expected[0]
    assert bool(sm.ROLE_PARTIES[role] & edge.parties) == (role in expected[1])


def test_terminal_states_are_completed_and_cancelled():
    assert {CO, CA} == sm.TERMINAL


def test_a_customer_acts_only_as_the_owner_and_a_designer_uploads_only_when_assigned():
    assert sm.transition(AW, Action.APPROVE).parties == {Party.OWNER, Party.ADMIN}
    assert sm.transition(IP, Action.UPLOAD_FINAL).parties == {Party.ASSIGNED_DESIGNER, Party.ADMIN}
    assert sm.transition(P, Action.ASSIGN).parties == {Party.ANY_DESIGNER, Party.ADMIN}


@pytest.mark.parametrize(
    ("role", "action", "may"),
    [
        (Role.CUSTOMER, Action.ASSIGN, False),
        (Role.CUSTOMER, Action.UPLOAD_FINAL, False),
        (Role.CUSTOMER, Action.COMPLETE, False),
        (Role.CUSTOMER, Action.CANCEL, True),
        (Role.DESIGNER, Action.APPROVE, False),
        (Role.DESIGNER, Action.CANCEL, False),
        (Role.DESIGNER, Action.CREATE, False),
        (Role.DESIGNER, Action.UPLOAD_FINAL, True),
        (Role.ADMIN, Action.COMPLETE, True),
    ],
)
def test_role_may_says_whether_a_role_can_ever_take_an_action(role, action, may):
    assert sm.role_may(role, action) is may


def test_each_edge_emits_the_event_design_names():
    events = {key: edge.event for key, edge in sm.TRANSITIONS.items()}
    assert events[(None, Action.CREATE)] is Event.REQUEST_CREATED
    assert events[(P, Action.ASSIGN)] is Event.DESIGNER_ASSIGNED
    assert events[(IP, Action.UPLOAD_FINAL)] is Event.DESIGN_COMPLETED
    assert events[(AW, Action.APPROVE)] is Event.DESIGN_APPROVED
    assert events[(AW, Action.REJECT)] is Event.DESIGN_REJECTED
    assert events[(AP, Action.COMPLETE)] is Event.REQUEST_COMPLETED
    assert {events[(s, Action.CANCEL)] for s in (P, IP, AW)} == {Event.REQUEST_CANCELLED}


def test_edge_for_event_finds_only_edges_in_the_table():
    assert sm.edge_for_event(Event.DESIGN_REJECTED, AW, IP) is not None
    assert sm.edge_for_event(Event.DESIGN_APPROVED, P, AP) is None
