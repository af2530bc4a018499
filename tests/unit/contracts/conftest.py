"""The contract cases (tests/contracts) on the in-memory fakes."""

from __future__ import annotations

import pytest
from customizations.services.ports import ObjectStore

from tests.contracts.tiers import Directory, Stores, Timers, fake_bucket, fake_directory, fake_timers, fakes
from tests.support.fakes import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stores(clock: Clock) -> Stores:
    return fakes(clock)


@pytest.fixture
def objects() -> ObjectStore:
    return fake_bucket()


@pytest.fixture
def directory() -> Directory:
    return fake_directory()


@pytest.fixture
def timers(clock: Clock) -> Timers:
    return fake_timers(clock)
