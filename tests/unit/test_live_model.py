"""The live-reads model (bench/live_reads.py) counts what it claims: a hit is a read Firestore
bills nothing for, so a model that could only report misses would prove nothing."""

import sys
from pathlib import Path

from customizations.adapters.live import Timing

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import live_reads  # noqa: E402


def test_held_products_are_served_from_memory_when_instances_stay_warm():
    result = live_reads.simulate(10, 30, products_count=5, timing=Timing(wait=0.0, idle=float("inf")))
    products = result["products"]
    assert products["reads"] > 100 and products["hitRate"] > 0.5
    assert products["billedWith"] < products["billedWithout"]


def test_requests_read_a_few_times_on_any_instance_are_never_served_from_memory():
    result = live_reads.simulate(10, 30)
    requests = result["requests"]
    assert requests["reads"] > 500 and requests["hitRate"] < 0.05
    assert requests["billedWith"] >= requests["billedWithout"] and result["instances"] >= 2
