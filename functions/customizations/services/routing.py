"""Auto-assignment: a waiting request goes to the available designer with the least active work who
has room (ties: the longest idle), by the system, through the lifecycle table's assign edge.

Race-free by the write itself: the assignment is one atomic write of the request (still waiting,
as read) and the designer's seat (still as read, so still with room); a routing that loses a race
reads again and picks again. With nobody free the request waits in the queue, and is routed when
someone frees up (the event trigger drains the queue after every event that frees a seat, and
after a designer says they are available or takes more).
"""

from __future__ import annotations

from firebase_functions import logger

from ..domain import routing
from ..domain.actors import SYSTEM
from ..domain.commands import Assign
from ..domain.lifecycle import Status
from ..domain.records import PageRequest
from ..errors import AppError, ErrorCode
from .ports import RoutedRequests, SeatStore
from .requests import RequestService

_ATTEMPTS = 8  # routings of one request that lose a race before it is left for the next drain
_CANDIDATE_PAGE = 50  # seats read at a time, least loaded first
_CANDIDATE_PAGES = 4  # how far a routing looks past designers who are full or gave the request up
DRAIN_MOST = 10  # waiting requests one drain routes (a seat that frees up takes one)


class Router:
    """Routes waiting requests to designers (when the AUTO_ASSIGN param turns it on)."""

    def __init__(
        self, requests: RequestService, store: RoutedRequests, seats: SeatStore, enabled: bool
    ) -> None:
        self._requests = requests
        self._store = store
        self._seats = seats
        self.enabled = enabled

    def route(self, request_id: str) -> str | None:
        """Give one waiting request to the designer it should go to; their uid, or None if it is no
        longer waiting, nobody has room, or auto-assignment is off."""
        if not self.enabled:
            return None
        refused: list[str] = []  # seats whose designer the directory no longer knows as one
        for _ in range(_ATTEMPTS):
            record = self._store.get(request_id, fresh=True)
            if record is None or record.data.get("status") != Status.PENDING.value:
                return None
            seat = self._pick([*(record.data.get("releasedBy") or []), *refused])
            if seat is None:
                return None
            try:
                self._requests.act(SYSTEM, request_id, Assign(designer_id=seat.uid), None)
            except AppError as exc:
                if exc.code is ErrorCode.VALIDATION_ERROR:
                    # Not a designer any more (demoted or deleted outside the API): their seat is
                    # closed, so that it stops coming first for every request.
                    logger.warn("Seat of a former designer closed", designerId=seat.uid)
                    self._seats.ensure_seat(seat.uid, seat.name or "", False)
                    refused.append(seat.uid)
                    continue
                # taken meanwhile, or the seat filled or closed: look again
                logger.info("Routing lost a race", requestId=request_id, designerId=seat.uid, code=exc.code)
                continue
            logger.info("Request routed", requestId=request_id, designerId=seat.uid)
            return seat.uid
        return None

    def _pick(self, passed_by: list[str]) -> routing.Seat | None:
        after = None
        for _ in range(_CANDIDATE_PAGES):
            seats = self._seats.candidates(after, _CANDIDATE_PAGE)
            found = routing.pick(seats, passed_by)
            if found is not None or len(seats) < _CANDIDATE_PAGE:
                return found
            after = seats[-1]
        return None

    def drain(self, most: int = DRAIN_MOST) -> int:
        """Route the oldest waiting requests while designers have room, up to `most`; how many."""
        if not self.enabled:
            return 0
        routed = 0
        for request in self._store.pending(PageRequest(limit=most)).items:
            if self.route(str(request["id"])) is None:
                # Nobody takes it (or it was taken meanwhile): older ones first, so stop unless
                # it was simply no longer waiting.
                record = self._store.get(str(request["id"]), fresh=True)
                if record is not None and record.data.get("status") == Status.PENDING.value:
                    break
                continue
            routed += 1
        return routed
