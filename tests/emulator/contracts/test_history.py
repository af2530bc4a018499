"""The contract of history (tests/contracts/history_cases.py) on this tier's store."""

from tests.contracts.history_cases import *  # noqa: F403
