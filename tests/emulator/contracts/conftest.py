"""The contract cases (tests/contracts) on the Firestore adapters, against the Firestore emulator.

They run on a database of their own (`contracts`): the stack's functions listen to the default
one, so no trigger writes beside what a case writes, and each case starts from an empty database
without waiting for the stack's triggers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from customizations.services.ports import ObjectStore

from tests.contracts.tiers import (
    Directory,
    Stores,
    auth_directory,
    cloud_bucket,
    firestore,
)
from tests.support.emulators import FIRESTORE_HOST, PROJECT, reset_auth
from tests.support.fakes import Clock

DATABASE = "contracts"


def _reset() -> None:
    url = f"http://{FIRESTORE_HOST}/emulator/v1/projects/{PROJECT}/databases/{DATABASE}/documents"
    requests.delete(url, timeout=60).raise_for_status()


@pytest.fixture(autouse=True)
def clean_stack() -> Iterator[None]:
    """Overrides the emulator tier's: a case starts from an empty database of its own."""
    _reset()
    yield


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def stores(clock: Clock) -> Stores:
    from google.cloud import firestore as cloud

    return firestore(cloud.Client(project=PROJECT, database=DATABASE), clock)


@pytest.fixture
def objects() -> ObjectStore:
    return cloud_bucket()


@pytest.fixture
def directory() -> Directory:
    """Auth's users are the stack's (Auth has no database of its own): emptied for the case."""
    from google.cloud import firestore as cloud

    reset_auth()
    return auth_directory(cloud.Client(project=PROJECT, database=DATABASE))
