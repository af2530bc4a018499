"""The contract of profiles (tests/contracts/profiles_cases.py) on this tier's store."""

from tests.contracts.profiles_cases import *  # noqa: F403
