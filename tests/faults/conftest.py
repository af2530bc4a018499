"""Fault tests run on a stack of their own (they kill its workers): the emulator suite's fixtures."""

from tests.emulator.conftest import (  # noqa: F401 - fixtures pytest finds by name
    api,
    clean_stack,
    customer,
    product,
    pytest_collection_modifyitems,
)
