"""Contract cases, each written once and run on a fake and on its adapter (tests/contracts/tiers.py):
a `<port>_cases.py` here, run by tests/unit/contracts on the fakes and by tests/emulator/contracts on
the adapters against the local emulators.

Ports without a suite here: UsageCounter's cases are tests/support/usage_contract.py's (run by
tests/unit/test_quotas.py and tests/emulator/test_quotas.py). PushSender has no adapter suite: FCM
has no local emulator, so FcmPush only ever talks to the real service, and its fake stands alone.
TimerQueue's suite counts the tasks queued (timers_cases.py) and runs on the fake only: the Tasks
emulator has no read-back, and its one count (tasks added in the last five minutes) drifts in a
full run as earlier tests' tasks leave the window; the adapter on the emulator, a task run and what
it did, are tests/emulator/test_workflow.py's."""

import pkgutil

import pytest

# The cases live outside test modules: have pytest explain their failed asserts all the same.
pytest.register_assert_rewrite(*(f"{__name__}.{m.name}" for m in pkgutil.iter_modules(__path__)))
