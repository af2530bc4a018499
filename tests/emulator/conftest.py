"""Fixtures for tests against the local stack (run them through scripts/with-emulators)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.support.emulators import (
    Api,
    User,
    create_user,
    reset_auth,
    reset_clock,
    reset_firestore,
    seed_product,
    wait_for_triggers,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("FIRESTORE_EMULATOR_HOST"):
        raise pytest.UsageError("emulator tests need the stack: scripts/with-emulators pytest tests/emulator")


@pytest.fixture(autouse=True)
def clean_stack() -> Iterator[None]:
    """Every test starts from empty Firestore and Auth emulators, and leaves no trigger running
    that could write into the next test's data."""
    reset_firestore()
    reset_auth()
    reset_clock()
    yield
    wait_for_triggers()
    reset_clock()


@pytest.fixture
def api() -> Api:
    return Api()


@pytest.fixture
def product() -> dict[str, Any]:
    return seed_product()


@pytest.fixture
def customer() -> User:
    return create_user("customer", name="Casey Customer")


@pytest.fixture
def other_customer() -> User:
    return create_user("customer", name="Olive Other")


@pytest.fixture
def designer() -> User:
    return create_user("designer", name="Dana Designer")


@pytest.fixture
def other_designer() -> User:
    return create_user("designer", name="Drew Designer")


@pytest.fixture
def admin() -> User:
    return create_user("admin", name="Ada Admin")


@pytest.fixture
def new_request(api: Api, customer: User, product: dict[str, Any]) -> Callable[..., dict[str, Any]]:
    """Creates a request as the customer (or as `by`) and returns its JSON."""

    def make(by: User | None = None, **fields: Any) -> dict[str, Any]:
        body = {"productId": product["id"], "quantity": 2, "customizationNotes": "Blue, please", **fields}
        response = api.post("/customizations", by or customer, body)
        assert response.status_code == 201, response.text
        return dict(response.json()["data"])

    return make
