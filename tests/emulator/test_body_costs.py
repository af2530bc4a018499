"""What a hostile body costs the deployed function, in memory (the function's processes' peak RSS, read
from /proc) and time: a chunked JSON body past its cap is refused once the function has read past
the cap, not the whole body, and a megabyte of empty objects is refused as fast as a megabyte of text.

(The emulator's front, in Node, reads a whole body before it hands it to the function, so the
client cannot see the refusal arrive early; what the function itself read shows in its memory.)"""

from __future__ import annotations

import os
import select
import socket
import statistics
import time
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from customizations.api.app import MAX_BODY_BYTES
from customizations.api.http import MAX_JSON_BYTES

from tests.support.emulators import API_URL

FRAME = 64 << 10
MiB = 1 << 20
MAX_GROWTH = 16 * MiB  # the old code grew by the 32 MiB it read, and by 87 MB for the {}s


def function_processes() -> list[int]:
    """The functions runtime's processes (one stack runs at a time, under the shared lock)."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                if entry.isdigit() and b"functions-framework" in cmdline.read():
                    found.append(int(entry))
        except OSError:
            continue
    return found


def status_kib(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith(field + ":"))
    return int(line.split()[1])


def peak_growth(action: Callable[[], None]) -> int:
    """How far the function's processes' peak RSS rose above their RSS while action ran (bytes)."""
    pids = function_processes()
    if not pids or not os.path.exists(f"/proc/{pids[0]}/clear_refs"):
        pytest.skip("the function's memory is read from Linux's /proc")
    before = {}
    for pid in pids:
        with open(f"/proc/{pid}/clear_refs", "w") as clear:
            clear.write("5")  # the peak (VmHWM) starts again from the current RSS
        before[pid] = status_kib(pid, "VmRSS")
    action()
    return 1024 * max(status_kib(pid, "VmHWM") - rss for pid, rss in before.items())


def chunked_post(path: str, token: str, first: bytes, filler: bytes, size: int) -> int:
    """POST a chunked JSON body of about size bytes (first, then filler), stopping early if the server
    answers first; the status it answers."""
    url = urlsplit(API_URL)
    with socket.create_connection((url.hostname, url.port or 80), timeout=60) as sock:
        head = (
            f"POST {url.path}{path} HTTP/1.1\r\nHost: {url.netloc}\r\nAuthorization: Bearer {token}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
        )
        sock.sendall(head.encode())
        sent, payload = 0, first
        try:
            while sent < size and not select.select([sock], [], [], 0)[0]:
                sock.sendall(b"%x\r\n%s\r\n" % (len(payload), payload))
                sent, payload = sent + len(payload), filler
            sock.sendall(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed: its answer is still there to read
        answer = b""
        while b"\r\n" not in answer and (piece := sock.recv(4096)):
            answer += piece
    return int(answer.split(b" ", 2)[1])


def test_a_chunked_json_body_past_the_cap_is_refused_without_the_function_reading_it_whole(
    api, customer, product
):
    assert api.get("/health").status_code == 200  # the function's processes are up
    answers: list[int] = []
    body = MAX_BODY_BYTES - 2 * MiB  # under the request cap: the old code read all of it, then said 413
    growth = peak_growth(
        lambda: answers.append(
            chunked_post("/customizations", customer.token, b'{"productId":"', b"x" * FRAME, body)
        )
    )
    assert answers == [413]
    assert growth < MAX_GROWTH, f"{growth / MiB:.1f} MiB"


def timed_post(api, user, raw: bytes) -> tuple[int, float]:
    started = time.monotonic()
    response = api.call(
        "POST", "/customizations", user, headers={"Content-Type": "application/json"}, data=raw
    )
    return response.status_code, time.monotonic() - started


def test_a_megabyte_of_empty_objects_is_refused_quickly_and_in_little_memory(api, customer, product):
    empties = b'{"text":[' + b",".join([b"{}"] * 349_000) + b"]}"
    text = b'{"text":"' + b"x" * (len(empties) - 11) + b'"}'
    assert len(text) == len(empties) <= MAX_JSON_BYTES
    plain: list[float] = []
    hostile: list[float] = []
    for _ in range(3):
        for body, times in ((text, plain), (empties, hostile)):
            status, elapsed = timed_post(api, customer, body)
            assert status == 400
            times.append(elapsed)
    growth = peak_growth(lambda: timed_post(api, customer, empties))
    assert growth < MAX_GROWTH, f"{growth / MiB:.1f} MiB"
    # Decoding every {} cost the old code 350-400 ms of CPU more than the same size of text.
    assert statistics.median(hostile) - statistics.median(plain) < 0.25, (plain, hostile)
