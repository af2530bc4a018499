"""The contract of fanout (tests/contracts/fanout_cases.py) on this tier's store."""

from tests.contracts.fanout_cases import *  # noqa: F403
