"""The contract of talk (tests/contracts/talk_cases.py) on this tier's store."""

from tests.contracts.talk_cases import *  # noqa: F403
