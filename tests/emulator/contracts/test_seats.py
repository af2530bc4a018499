"""SeatStore's contract (tests/contracts/seats_cases.py) on this tier's store."""

from tests.contracts.seats_cases import *  # noqa: F403
