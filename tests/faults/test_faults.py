"""Faults: function workers killed in the middle of requests.

Every create is one atomic batch (request, idempotency record, attached uploads), so a worker that
dies mid-request leaves the request whole or absent, never half-written; a client that retries with
its Idempotency-Key then gets exactly one request.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
from google.cloud.firestore_v1.base_query import FieldFilter

from tests.support.emulators import API_URL, file_ref, firestore_client, wait_for_triggers

CREATE_FIELDS = {
    "customerId",
    "productId",
    "productName",
    "quantity",
    "customizationNotes",
    "customerDesignFile",
    "status",
    "version",
    "lastEvent",
    "createdAt",
    "updatedAt",
}


def api_workers() -> list[int]:
    """The Functions emulator's worker processes serving the `api` function."""
    pids = []
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and b"FUNCTION_TARGET=api\x00" in Path(f"/proc/{pid}/environ").read_bytes():
                pids.append(int(pid))
        except OSError:
            continue
    return pids


def test_workers_killed_mid_request_leave_every_create_whole_or_absent(api, customer, product):
    killed: list[int] = []
    first: dict[str, int] = {}  # key -> the status of its first attempt (0: the connection died)

    bodies: dict[str, dict] = {}

    def create(key: str) -> int:
        body = bodies[key]
        headers = {**customer.headers, "Idempotency-Key": key}
        try:  # a short timeout: a call stuck on a dead worker is retried like any failure
            url = f"{API_URL}/customizations"
            return requests.post(url, json=body, headers=headers, timeout=10).status_code
        except requests.RequestException:
            return 0

    # Rounds of concurrent creates while workers are killed at random, until some create was cut
    # short (bounded: a round that interrupted nothing proves nothing).
    rng = random.Random(7)
    for _ in range(8):
        keys = [f"fault-{uuid.uuid4().hex}" for _ in range(12)]
        for key in keys:  # uploaded before the killing starts
            design = file_ref(customer, "customer_design", "sketch.pdf")
            bodies[key] = {
                "productId": product["id"],
                "quantity": 1,
                "customizationNotes": key,
                "customerDesignFile": design,
            }
        stop = threading.Event()
        killer = threading.Thread(target=kill_api_workers, args=(stop, rng, killed))
        killer.start()
        try:
            with ThreadPoolExecutor(max_workers=6) as pool:
                first.update(zip(keys, pool.map(create, keys), strict=True))
        finally:
            stop.set()
            killer.join()
        if any(code not in (200, 201) for code in first.values()):
            break
    interrupted = [key for key, code in first.items() if code not in (200, 201)]
    assert interrupted, f"{len(killed)} workers killed but no create was cut short: nothing proved"

    db = firestore_client()

    def stored() -> dict[str, dict]:
        docs = [s.to_dict() | {"id": s.id} for s in db.collection("customizationRequests").stream()]
        return {doc["customizationNotes"]: doc for doc in docs}

    # Whatever survived is whole: a request is never found with only part of what create writes.
    for key, doc in stored().items():
        assert set(doc) >= CREATE_FIELDS, f"{key}: half-written {sorted(set(doc))}"
        path = doc["customerDesignFile"]["path"]
        upload = db.collection("uploads").where(filter=FieldFilter("path", "==", path)).get()
        assert [u.get("attachedTo") for u in upload] == [doc["id"]]

    # Clients retry what failed, with the same key: one request per key, no more.
    retried = {key: create(key) for key in interrupted}
    for _ in range(3):  # a retry may itself land on a worker that is still starting
        retried = {key: create(key) for key, code in retried.items() if code not in (200, 201)}
    assert not retried, retried
    assert sorted(stored()) == sorted(first)
    assert len(list(db.collection("customizationRequests").stream())) == len(first)
    wait_for_triggers(timeout=60)
    print(f"\nfaults: {len(killed)} workers killed, {len(interrupted)} of {len(first)} creates cut short")


def kill_api_workers(stop: threading.Event, rng: random.Random, killed: list[int]) -> None:
    """SIGKILL a random api worker every few milliseconds until stopped."""
    while not stop.is_set():
        time.sleep(rng.uniform(0.005, 0.03))
        workers = api_workers()
        if workers:
            victim = rng.choice(workers)
            try:
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)
            except ProcessLookupError:
                pass
