"""The cases every UsageCounter keeps, run on the fake (tests/unit/test_quotas.py) and on the
Firestore adapter against the emulator (tests/emulator/test_quotas.py): a counter document per
user, kind and window, added to atomically, kept until its expiry time."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from customizations.domain.quotas import Counted, counter_id
from customizations.services.ports import UsageCounter

HOUR = datetime(2026, 11, 2, 9, tzinfo=UTC)
EXPIRE = HOUR + timedelta(days=1, hours=1)
Stored = Callable[[str], dict[str, Any] | None]  # a counter document as stored, by its id


def a_counter_starts_at_one_and_counts_each_call(usage: UsageCounter, stored: Stored) -> None:
    assert [usage.add("u1", Counted.REQUESTS, HOUR, EXPIRE, 1) for _ in range(3)] == [1, 2, 3]
    assert stored(counter_id("u1", Counted.REQUESTS, HOUR)) == {"count": 3, "expireAt": EXPIRE}


def each_user_kind_and_window_counts_apart(usage: UsageCounter, stored: Stored) -> None:
    later = HOUR + timedelta(hours=1)
    for uid, counted, since in [
        ("u1", Counted.REQUESTS, HOUR),
        ("u2", Counted.REQUESTS, HOUR),
        ("u1", Counted.REFUSALS, HOUR),
        ("u1", Counted.REQUESTS, later),
    ]:
        assert usage.add(uid, counted, since, EXPIRE, 1) == 1
        assert stored(counter_id(uid, counted, since)) == {"count": 1, "expireAt": EXPIRE}


def a_use_given_back_is_taken_off(usage: UsageCounter, stored: Stored) -> None:
    usage.add("u1", Counted.REQUESTS, HOUR, EXPIRE, 1)
    usage.add("u1", Counted.REQUESTS, HOUR, EXPIRE, 1)
    assert usage.add("u1", Counted.REQUESTS, HOUR, EXPIRE, -1) == 1
    assert usage.add("u1", Counted.REQUESTS, HOUR, EXPIRE, 1) == 2


def concurrent_calls_each_see_a_count_of_their_own(usage: UsageCounter, stored: Stored) -> None:
    with ThreadPoolExecutor(max_workers=20) as pool:
        counts = list(pool.map(lambda _: usage.add("u1", Counted.REQUESTS, HOUR, EXPIRE, 1), range(20)))
    assert sorted(counts) == list(range(1, 21))
    assert stored(counter_id("u1", Counted.REQUESTS, HOUR)) == {"count": 20, "expireAt": EXPIRE}


CASES = [
    a_counter_starts_at_one_and_counts_each_call,
    each_user_kind_and_window_counts_apart,
    a_use_given_back_is_taken_off,
    concurrent_calls_each_see_a_count_of_their_own,
]
