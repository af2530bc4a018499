"""Designers' seats, as routing and the people who hold them see them."""

from __future__ import annotations

from typing import Protocol

from ...domain.routing import Seat


class SeatStore(Protocol):
    """Designers' seats (domain.routing): availability, capacity, the active requests they hold."""

    def seat(self, uid: str) -> Seat:
        """A designer's seat (a capacity never set is the deployment's default; a designer with no
        seat yet has a vacant one, with no update time)."""
        ...

    def candidates(self, after: Seat | None, limit: int) -> list[Seat]:
        """Up to limit seats of available designers, least active first, then longest idle (never
        assigned first), from just after `after`."""
        ...

    def ensure_seat(self, uid: str, name: str, available: bool | None = None) -> None:
        """A designer has a seat (created available, holding nothing, if they had none); its
        availability set when given, its count untouched."""
        ...

    def save_seat(self, read: Seat, available: bool | None, capacity: int | None) -> bool:
        """Set a designer's availability and capacity, only if their seat is still as read (created
        if `read` had no document); False if it changed since."""
        ...
