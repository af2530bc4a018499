"""The Functions emulator's Python workers, read from /proc: which function each serves, the CPU
they have used, their memory. A worker is a `functions-framework` process (its gunicorn arbiter and
the worker it forks) whose environment names the function it serves (FUNCTION_TARGET)."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

TICK_MS = 1000 / os.sysconf("SC_CLK_TCK")
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    pairs = (item.partition(b"=") for item in raw.split(b"\0") if item)
    return {k.decode(errors="replace"): v.decode(errors="replace") for k, _, v in pairs}


def function_workers(root: Path | None = None) -> dict[int, str]:
    """pid -> the function it serves, for every functions-framework process (under root: the
    functions directory it runs in, if given)."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        pid = int(entry)
        try:
            if b"functions-framework" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            if root is not None and Path(f"/proc/{pid}/cwd").resolve() != root.resolve():
                continue
            found[pid] = _environ(pid).get("FUNCTION_TARGET", "?")
        except OSError:  # gone meanwhile
            continue
    return found


def cpu_ms(pid: int) -> float:
    """User and system CPU the process has used (its own threads; not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * TICK_MS  # utime, stime (fields 14 and 15 of stat)


@dataclass
class CpuSnapshot:
    """The CPU each worker had used at one moment."""

    at: float
    used: dict[int, float]
    serves: dict[int, str]


def cpu_snapshot() -> CpuSnapshot:
    """Every worker's CPU so far."""
    serves = function_workers()
    used = {}
    for pid in serves:
        try:
            used[pid] = cpu_ms(pid)
        except OSError:
            continue
    return CpuSnapshot(time.monotonic(), used, {pid: serves[pid] for pid in used})


@dataclass
class CpuUse:
    """CPU ms by function between two snapshots, and the workers that started in between (whose
    start-up, an import of main among it, is then part of the figures)."""

    by_function: dict[str, float]
    seconds: float
    started: int
    gone: int


def cpu_between(before: CpuSnapshot, after: CpuSnapshot) -> CpuUse:
    """What the workers used from one snapshot to the next, by function."""
    by_function: dict[str, float] = defaultdict(float)
    for pid, used in after.used.items():
        by_function[after.serves[pid]] += used - before.used.get(pid, 0.0)
    started = len(set(after.used) - set(before.used))
    gone = len(set(before.used) - set(after.used))
    return CpuUse(dict(by_function), after.at - before.at, started, gone)


def status_kib(pid: int, field: str) -> int:
    """A memory figure of /proc/<pid>/status (VmRSS, VmHWM, ...), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def pss_kib(pid: int) -> int:
    """The process's proportional share of memory: pages shared with another process (a gunicorn
    worker and the arbiter it was forked from) count half in each, so a sum over processes is the
    memory they hold together."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1])
    return 0


def peak_rss_mib() -> float:
    """The highest peak RSS (VmHWM) of any worker, MiB."""
    peak = 0
    for pid in function_workers():
        try:
            peak = max(peak, status_kib(pid, "VmHWM"))
        except OSError:
            continue
    return peak / 1024


def _role(pid: int, cmdline: bytes) -> str | None:
    """What a process of the stack is, for the machine's CPU by role."""
    if b"functions-framework" in cmdline:
        return f"worker:{_environ(pid).get('FUNCTION_TARGET', '?')}"
    if b"java" in cmdline and b"firestore" in cmdline:
        return "Firestore emulator (java)"
    if b"firebase" in cmdline and b"node" in cmdline:
        return "Functions, Auth, hub emulators (node)"
    if b"gcp-storage-emulator" in cmdline:
        return "Storage emulator"
    if pid == os.getpid():
        return "bench client"
    return None


def machine_cpu() -> dict[str, float]:
    """CPU ms used so far by the stack's processes, by role (a worker by its function)."""
    used: dict[str, float] = defaultdict(float)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            role = _role(int(entry), Path(f"/proc/{entry}/cmdline").read_bytes())
            if role is not None:
                used[role] += cpu_ms(int(entry))
        except OSError:
            continue
    return dict(used)
