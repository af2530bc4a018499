"""RequestStore's contract (tests/contracts/requests_cases.py) on this tier's store."""

from tests.contracts.requests_cases import *  # noqa: F403
