"""The contract of stats (tests/contracts/stats_cases.py) on this tier's store."""

from tests.contracts.stats_cases import *  # noqa: F403
