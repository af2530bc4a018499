"""Contract cases, each written once and run on a fake and on its adapter (tests/contracts/tiers.py)."""

import pkgutil

import pytest

# The cases live outside test modules: have pytest explain their failed asserts all the same.
pytest.register_assert_rewrite(*(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)))
