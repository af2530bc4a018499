"""ProductStore's contract (tests/contracts/products_cases.py) on this tier's store."""

from tests.contracts.products_cases import *  # noqa: F403
