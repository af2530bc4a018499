"""Claim next on the fakes: which requests a designer tries, and what a lost race does."""

from __future__ import annotations

import pytest
from customizations.domain.actors import Actor
from customizations.domain.claiming import CLAIM_TRIES, claim_order
from customizations.domain.commands import Assign, CreateRequest, Release
from customizations.domain.lifecycle import Role, Status
from customizations.errors import AppError, ErrorCode

from tests.support.fakes import Stack

OWNER = Actor("c1", Role.CUSTOMER, "Casey", "casey@example.com")
DESIGNER = Actor("d1", Role.DESIGNER, "Dana", "dana@example.com")
RIVAL = Actor("d2", Role.DESIGNER, "Drew", "drew@example.com")
ADMIN = Actor("a1", Role.ADMIN, "Ada", "ada@example.com")


@pytest.fixture
def stack():
    s = Stack(OWNER, DESIGNER, RIVAL, ADMIN)
    s.world.products["mug"] = {"name": "Mug", "isCustomizable": True}
    return s


def waiting(stack, n):
    """n new requests of OWNER's, oldest first; their ids."""
    ids = []
    for _ in range(n):
        ids.append(stack.services.requests.create(OWNER, CreateRequest("mug", 1, "Blue", {}), None)["id"])
        stack.clock.advance(seconds=1)
    return ids


def claims(stack, actor, tries=CLAIM_TRIES):
    return stack.services.claims.claim_next(actor, tries)


def refusal(call):
    with pytest.raises(AppError) as caught:
        call()
    return caught.value


def test_callers_at_once_start_on_different_requests_of_the_same_window():
    window = [{"id": f"r{i:03d}"} for i in range(200)]
    firsts = [claim_order(window, f"designer-{n}", "salt")[0] for n in range(100)]
    # Rendezvous hashing spreads a hundred callers over about 80 distinct requests of 200 (all
    # taking the oldest would be 1); each caller's order is theirs, the same for the same salt.
    assert len(set(firsts)) >= 70
    assert claim_order(window, "designer-1", "salt") == claim_order(window, "designer-1", "salt")
    assert claim_order(window, "designer-1", "salt") != claim_order(window, "designer-1", "other")


def test_a_designer_is_never_offered_a_request_they_gave_back():
    window = [{"id": "given-back", "releasedBy": ["d1"]}, {"id": "fresh"}]
    assert claim_order(window, "d1", "salt") == ["fresh"]
    assert claim_order(window, "d9", "salt", most=1) in (["given-back"], ["fresh"])


def test_a_designer_claims_one_waiting_request_with_no_conflict(stack):
    ids = waiting(stack, 3)
    claimed = claims(stack, DESIGNER)
    assert claimed.request["id"] in ids
    assert (claimed.request["status"], claimed.request["designerId"]) == ("in_progress", DESIGNER.uid)
    assert (claimed.attempts, claimed.conflicts) == (1, 0)
    assert stack.seats.seat(DESIGNER.uid).active == 1


def test_a_claim_that_loses_a_race_moves_on_to_the_next_request(stack):
    ids = waiting(stack, 3)
    raced: list[str] = []

    def rival_claims_first(request_id):
        if not raced:  # the first request tried is taken by a rival between the read and the write
            raced.append(request_id)
            stack.services.requests.act(RIVAL, request_id, Assign(), None)

    stack.store.on_update = rival_claims_first
    claimed = claims(stack, DESIGNER)
    stack.store.on_update = None
    assert (claimed.attempts, claimed.conflicts) == (2, 1)
    assert claimed.request["id"] in ids and claimed.request["id"] != raced[0]
    assert stack.world.requests[raced[0]]["designerId"] == RIVAL.uid
    assert stack.world.requests[claimed.request["id"]]["designerId"] == DESIGNER.uid


def test_a_claim_that_loses_every_race_it_tries_answers_409_conflict(stack):
    waiting(stack, 4)

    def rival_claims_each(request_id):
        stack.store.on_update = None
        stack.services.requests.act(RIVAL, request_id, Assign(), None)
        stack.store.on_update = rival_claims_each

    stack.store.on_update = rival_claims_each
    error = refusal(lambda: claims(stack, DESIGNER, tries=3))
    stack.store.on_update = None
    assert (error.status, error.code) == (409, ErrorCode.CONFLICT)
    assert error.details == {"attempts": 3, "conflicts": 3}
    assert stack.seats.seat(DESIGNER.uid).active == 0


def test_designers_claiming_in_turn_get_every_waiting_request_once_then_404(stack):
    ids = waiting(stack, 2)
    got = {claims(stack, DESIGNER).request["id"], claims(stack, RIVAL).request["id"]}
    assert got == set(ids)
    error = refusal(lambda: claims(stack, DESIGNER))
    assert (error.status, error.code) == (404, ErrorCode.NOT_FOUND)


def test_a_request_the_designer_gave_back_is_not_claimed_again_by_them(stack):
    (rid,) = waiting(stack, 1)
    stack.services.requests.act(DESIGNER, rid, Assign(), None)
    stack.services.requests.act(DESIGNER, rid, Release("Out sick"), None)
    assert stack.world.requests[rid]["status"] == Status.PENDING
    error = refusal(lambda: claims(stack, DESIGNER))
    assert (error.status, error.code) == (404, ErrorCode.NOT_FOUND)
    assert claims(stack, RIVAL).request["id"] == rid


def test_a_designer_at_capacity_hears_409_capacity_reached_and_nothing_is_claimed(stack):
    waiting(stack, 2)
    seat = stack.seats.seat(DESIGNER.uid)
    stack.seats.save_seat(seat, None, 0)
    error = refusal(lambda: claims(stack, DESIGNER))
    assert (error.status, error.code) == (409, ErrorCode.CAPACITY_REACHED)
    assert all(r["status"] == Status.PENDING for r in stack.world.requests.values())


@pytest.mark.parametrize("actor", [OWNER, ADMIN], ids=["customer", "admin"])
def test_only_designers_claim_the_next_request(stack, actor):
    waiting(stack, 1)
    error = refusal(lambda: claims(stack, actor))
    assert (error.status, error.code) == (403, ErrorCode.FORBIDDEN)
