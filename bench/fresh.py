"""A fresh API worker, started the way the Functions emulator starts one (`functions-framework`
with the environment of the emulator's own API workers: gunicorn, THREADS threads, the stack's
addresses and parameters) but on a port of its own, so that the bench can call it directly: its
first call as a user meets it, and many calls at once into one instance as deployed (the
emulator sends each worker one call at a time)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from workers import function_workers, pss_kib, status_kib

FUNCTIONS = Path(__file__).resolve().parent.parent / "functions"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def emulator_environment(target: str = "api") -> dict[str, str]:
    """The environment the emulator gave one of its workers for this function."""
    for pid, serves in function_workers(FUNCTIONS).items():
        if serves == target:
            raw = Path(f"/proc/{pid}/environ").read_bytes()
            pairs = (item.partition(b"=") for item in raw.split(b"\0") if item)
            return {k.decode(): v.decode() for k, _, v in pairs}
    raise RuntimeError(f"no emulator worker serves {target}: call it once first")


@dataclass
class Worker:
    """A started worker: its arbiter's pid, its address, its temporary directory, when it started."""

    pid: int
    url: str
    tmp: Path
    spawned: float
    listening: float = 0.0

    def pids(self) -> list[int]:
        """The arbiter and the worker process(es) it forked."""
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [self.pid, *(int(c) for c in children)]

    def memory_mib(self) -> tuple[float, float]:
        """(the processes' memory together, PSS; the bytes of the files they hold open in their
        temporary directory, which Cloud Run keeps in memory), MiB."""
        held, spooled = 0, 0
        for pid in self.pids():
            try:
                held += pss_kib(pid) * 1024
                spooled += _spooled_bytes(pid, self.tmp)
            except OSError:
                continue
        return held / (1 << 20), spooled / (1 << 20)

    def peak_rss_mib(self) -> float:
        """The highest VmHWM of its processes."""
        return max(status_kib(pid, "VmHWM") for pid in self.pids()) / 1024


def _spooled_bytes(pid: int, tmp: Path) -> int:
    total = 0
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(fd_dir / fd)
            if target.startswith(str(tmp)):
                total += os.stat(fd_dir / fd).st_size
        except OSError:
            continue
    return total


@contextmanager
def fresh_worker(env: dict[str, str], **overrides: str) -> Iterator[Worker]:
    """Start a worker with the emulator's environment (and these overrides) and wait until it
    listens; stop it afterwards."""
    port = _free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-worker-"))
    env = {**env, "PORT": str(port), "TMPDIR": str(tmp), **overrides}
    spawned = time.perf_counter()
    process = subprocess.Popen(
        [str(FUNCTIONS / "venv" / "bin" / "functions-framework")],
        cwd=FUNCTIONS,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    worker = Worker(process.pid, f"http://127.0.0.1:{port}", tmp, spawned)
    try:
        deadline = spawned + 60
        while time.perf_counter() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    worker.listening = time.perf_counter()
                    break
            if process.poll() is not None:
                raise RuntimeError(f"the fresh worker exited with {process.returncode}")
            time.sleep(0.002)
        else:
            raise RuntimeError("the fresh worker did not listen within 60 s")
        yield worker
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        shutil.rmtree(tmp, ignore_errors=True)


class MemorySampler:
    """Samples a worker's memory (PSS plus spooled files) every few milliseconds; the peak."""

    def __init__(self, worker: Worker, every: float = 0.005) -> None:
        self._worker = worker
        self._every = every
        self._stop = threading.Event()
        self.peak_total = 0.0
        self.peak_held = 0.0
        self.peak_spooled = 0.0
        self.samples = 0
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            held, spooled = self._worker.memory_mib()
            self.peak_total = max(self.peak_total, held + spooled)
            self.peak_held = max(self.peak_held, held)
            self.peak_spooled = max(self.peak_spooled, spooled)
            self.samples += 1
            time.sleep(self._every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


# A fresh process's first Firestore read and first Auth user read, then warm ones: what any first
# call that reads a document as a signed-in user pays, with none of this code.
_FIRST_READS = """
import json, os, sys, time
import firebase_admin
from firebase_admin import auth
from google.cloud import firestore

def timed(call):
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000

db = firestore.Client(project=os.environ["GCLOUD_PROJECT"])
ref = db.document(sys.argv[1])
reads = [timed(ref.get) for _ in range(21)]
app = firebase_admin.initialize_app(options={"projectId": os.environ["GCLOUD_PROJECT"]})
users = [timed(lambda: auth.get_user(sys.argv[2], app=app)) for _ in range(21)]
print(json.dumps({"read": [reads[0], sorted(reads[1:])[10]], "user": [users[0], sorted(users[1:])[10]]}))
"""


def first_reads(env: dict[str, str], document: str, uid: str) -> dict[str, list[float]]:
    """{"read": [first, warm], "user": [first, warm]} ms, in a fresh process of the functions' venv."""
    done = subprocess.run(
        [str(FUNCTIONS / "venv" / "bin" / "python"), "-c", _FIRST_READS, document, uid],
        cwd=FUNCTIONS,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))
