"""The contract cases (tests/contracts) on the in-memory fakes."""

from __future__ import annotations

import pytest

from tests.contracts.tiers import Stores, fakes
from tests.support.fakes import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stores(clock: Clock) -> Stores:
    return fakes(clock)
