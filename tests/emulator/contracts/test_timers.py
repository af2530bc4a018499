"""The contract of the timer queue (tests/contracts/timers_cases.py) on this tier's queue."""

from tests.contracts.timers_cases import *  # noqa: F403
