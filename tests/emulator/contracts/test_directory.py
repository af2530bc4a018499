"""The contract of the user directory (tests/contracts/directory_cases.py) on this tier's directory."""

from tests.contracts.directory_cases import *  # noqa: F403
