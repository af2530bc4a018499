"""The contract of uploads (tests/contracts/uploads_cases.py) on this tier's store."""

from tests.contracts.uploads_cases import *  # noqa: F403
