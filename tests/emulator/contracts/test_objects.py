"""The contract of objects (tests/contracts/objects_cases.py) on this tier's bucket."""

from tests.contracts.objects_cases import *  # noqa: F403
