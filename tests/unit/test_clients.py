"""Lazy clients are built once per instance, even when the first requests arrive together."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from customizations.adapters.clients import Lazy


def test_a_lazy_value_is_built_once_under_concurrent_first_use():
    calls = []
    lock = threading.Lock()

    def factory():
        with lock:
            calls.append(1)
        time.sleep(0.05)  # a slow client constructor widens the race window
        return object()

    lazy = Lazy(factory)
    with ThreadPoolExecutor(max_workers=16) as pool:
        values = list(pool.map(lambda _: lazy.get(), range(32)))
    assert len(calls) == 1
    assert len({id(v) for v in values}) == 1


def test_nothing_is_built_before_first_use():
    built = []
    Lazy(lambda: built.append(1))
    assert built == []
