"""The cost of one hostile request, bounded: CPU time of the worst JSON bodies the API can be sent,
and peak memory above idle while the largest allowed file of each format is checked and stored.

Each measurement runs in a fresh interpreter (`costs.py --probe KIND NAME`), so the peak RSS is its
own. No stack is needed: `bench/run.py` prints these rows with the others, and
`python bench/costs.py` prints them alone.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions")]
MiB = 1 << 20
LIMIT_JSON_CPU_MS = 1000  # the issue: well under a second of CPU for any body
LIMIT_UPLOAD_RSS_MIB = 32  # and at most 32 MiB above idle for any upload


def _filled(head: bytes, size: int) -> Callable[[IO[bytes]], None]:
    def write(out: IO[bytes]) -> None:
        out.write(head)
        for _ in range((size - len(head)) // MiB):
            out.write(b"\0" * MiB)
        out.write(b"\0" * ((size - len(head)) % MiB))

    return write


def _svg(element: bytes, count: int) -> Callable[[IO[bytes]], None]:
    def write(out: IO[bytes]) -> None:
        out.write(b'<svg xmlns="http://www.w3.org/2000/svg">')
        for _ in range(count):
            out.write(element)
        out.write(b"</svg>")

    return write


PATH = b'<path d="M0 0 L10 10 L20 0 L30 10 L40 0 L50 10 L60 0 Z" fill="#abcdef"/>'
JSON_BODIES: dict[str, Callable[[], bytes]] = {
    "1 MiB of distinct keys": lambda: b"{" + b",".join(b'"k%d":1' % i for i in range(95_000)) + b"}",
    "1 MiB of duplicated keys": lambda: (
        b"{" + b",".join(b'"k%d":1' % (i % 500) for i in range(110_000)) + b"}"
    ),
    "1 MiB of nesting": lambda: b"[" * (MiB // 2) + b"]" * (MiB // 2),
    "1 MiB in one array": lambda: b'{"a":[' + b",".join([b"1"] * 500_000) + b"]}",
}
# name -> (file name, upload kind, writer of the file)
UPLOADS: dict[str, tuple[str, str, Callable[[IO[bytes]], None]]] = {
    "PNG preview, 10 MiB": ("a.png", "preview", _filled(b"\x89PNG\r\n\x1a\n", 10 * MiB)),
    "JPEG design, 30 MiB": ("a.jpg", "designer_final", _filled(b"\xff\xd8\xff\xe0", 30 * MiB)),
    "PDF design, 30 MiB": ("a.pdf", "designer_final", _filled(b"%PDF-1.7\n", 30 * MiB)),
    "PSD design, 30 MiB": ("a.psd", "designer_final", _filled(b"8BPS\0\1", 30 * MiB)),
    "SVG design, 5 MiB of paths": ("a.svg", "designer_final", _svg(PATH, 5 * MiB // len(PATH) - 1)),
    "SVG design, 5 MiB of empty elements": ("a.svg", "designer_final", _svg(b"<g/>", 5 * MiB // 4 - 20)),
}


class _Sink:
    """A bucket that reads what it is given a chunk at a time and keeps none of it."""

    bucket_name = "bench"

    def put(
        self, path: str, stream: IO[bytes], size: int, content_type: str, metadata: dict[str, str]
    ) -> None:
        stream.seek(0)
        while stream.read(MiB):
            pass


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _row(cpu_start: float, idle_mib: float, size: int, outcome: str) -> dict[str, Any]:
    return {
        "cpu_ms": 1000 * (_cpu_s() - cpu_start),
        "rss_mib": _rss_mib() - idle_mib,
        "size_mib": size / MiB,
        "outcome": outcome,
    }


def _probe_json(name: str) -> dict[str, Any]:
    from customizations.api.http import decode_object
    from customizations.errors import AppError

    raw = JSON_BODIES[name]()
    idle, start = _rss_mib(), _cpu_s()
    try:
        decode_object(raw)
        outcome = "accepted"
    except AppError as refused:
        outcome = refused.message
    return {
        "cpu_ms": 1000 * (_cpu_s() - start),
        "rss_mib": _rss_mib() - idle,
        "size_mib": len(raw) / MiB,
        "outcome": outcome,
    }


def _probe_upload(name: str) -> dict[str, Any]:
    from customizations.domain.actors import Actor
    from customizations.domain.lifecycle import Role
    from customizations.errors import AppError
    from customizations.services.quotas import QuotaGuard
    from customizations.services.uploads import UploadService

    from tests.support.fakes import UNLIMITED, FakeUploads, FakeUsage, World

    file_name, kind, write = UPLOADS[name]
    world = World()

    def now() -> datetime:
        return datetime.now(UTC)

    guard = QuotaGuard(FakeUsage(world), UNLIMITED, now)
    service = UploadService(FakeUploads(world), _Sink(), guard, now, emulated=True)  # type: ignore[arg-type]
    with tempfile.TemporaryFile() as data:
        write(data)
        size = data.tell()
        idle, start = _rss_mib(), _cpu_s()
        try:
            service.upload(Actor("a", Role.ADMIN, "A", "a@example.com"), kind, file_name, None, data)
            outcome = "accepted"
        except AppError as refused:
            outcome = refused.message
    return _row(start, idle, size, outcome)


def _measure(kind: str, name: str) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--probe", kind, name],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def json_bodies() -> dict[str, dict[str, Any]]:
    """Each worst body: CPU ms to answer it, and what the answer was."""
    return {name: _measure("json", name) for name in JSON_BODIES}


def uploads() -> dict[str, dict[str, Any]]:
    """Each largest file: peak MiB above idle while it is checked and stored, and the outcome."""
    return {name: _measure("upload", name) for name in UPLOADS}


def main() -> None:
    if sys.argv[1:2] == ["--probe"]:
        kind, name = sys.argv[2], sys.argv[3]
        print(json.dumps(_probe_json(name) if kind == "json" else _probe_upload(name)))
        return
    print(f"{'JSON body':36} {'MiB':>6} {'CPU ms':>8}  answer")
    for name, row in json_bodies().items():
        print(f"{name:36} {row['size_mib']:6.2f} {row['cpu_ms']:8.1f}  {row['outcome']}")
    print(f"\n{'upload checked and stored':36} {'MiB':>6} {'peak MiB above idle':>20}  answer")
    for name, row in uploads().items():
        print(f"{name:36} {row['size_mib']:6.2f} {row['rss_mib']:20.1f}  {row['outcome']}")


if __name__ == "__main__":
    main()
