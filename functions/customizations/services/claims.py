"""Claim next: a designer asks for work and gets the next suitable waiting request, through the
lifecycle table's assign edge (atomic with their seat), designers claiming at once spread over
different requests (domain.claiming)."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from firebase_functions import logger

from ..domain.actors import Actor
from ..domain.claiming import CLAIM_TRIES, CLAIM_WINDOW, claim_order
from ..domain.commands import Assign
from ..domain.lifecycle import Role
from ..domain.records import PageRequest
from ..errors import AppError, ErrorCode, forbidden
from .ports import RequestStore, SeatStore
from .request_queries import Request
from .requests import RequestService

# What a try answers when another caller changed the request first: claimed (no longer waiting, or
# no longer visible to the caller), or changed under every attempt of the conditional write.
_LOST = frozenset({ErrorCode.INVALID_TRANSITION, ErrorCode.NOT_FOUND, ErrorCode.CONFLICT})


@dataclass(frozen=True)
class Claimed:
    """The request claimed, how many requests were tried, and how many of those tries lost a race."""

    request: Request
    attempts: int
    conflicts: int


class ClaimService:
    """Claims the next suitable waiting request for a designer."""

    def __init__(
        self,
        requests: RequestService,
        store: RequestStore,
        seats: SeatStore,
        salt: Callable[[], str] = lambda: secrets.token_hex(8),
    ) -> None:
        self._requests = requests
        self._store = store
        self._seats = seats
        self._salt = salt

    def claim_next(self, actor: Actor, tries: int = CLAIM_TRIES) -> Claimed:
        """Claim one of the oldest waiting requests for this designer, trying up to `tries` of them
        (409 CAPACITY_REACHED when they have no room, 404 when nothing suitable waits, 409 CONFLICT
        when others took every one tried)."""
        if actor.role is not Role.DESIGNER:
            raise forbidden("Only designers claim the next request (admins assign one by id)")
        seat = self._seats.seat(actor.uid)
        if not seat.has_room:  # said before any request is read; the claim's write checks it again
            raise AppError(
                ErrorCode.CAPACITY_REACHED,
                f"You have {seat.active} active requests, the capacity set ({seat.capacity})",
                {"active": seat.active, "capacity": seat.capacity},
            )
        window = self._store.pending(PageRequest(limit=CLAIM_WINDOW)).items
        order = claim_order(window, actor.uid, self._salt(), tries)
        if not order:
            raise AppError(ErrorCode.NOT_FOUND, "No waiting request to claim")
        conflicts = 0
        for request_id in order:
            try:
                claimed = self._requests.act(actor, request_id, Assign(), None)
            except AppError as exc:
                if exc.code not in _LOST:
                    raise  # the caller's own state (capacity, quota): trying another changes nothing
                conflicts += 1
                logger.info("Claim lost a race", requestId=request_id, designerId=actor.uid, code=exc.code)
                continue
            return Claimed(claimed, conflicts + 1, conflicts)
        raise AppError(
            ErrorCode.CONFLICT,
            "Other designers claimed every request tried; try again",
            {"attempts": len(order), "conflicts": conflicts},
        )
