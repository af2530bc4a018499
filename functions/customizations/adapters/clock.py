"""The clocks: business time, which the local stack can move, and the platform's own time."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta


def utc_now() -> datetime:
    """The clock every service reads: the current time, in UTC. On the local stack it can be moved
    (scripts/clock writes an offset to EMULATOR_CLOCK_FILE), so that the timed steps can be run
    against it; a deployment has no such file and reads the time as it is."""
    return datetime.now(UTC) + _clock_offset()


def platform_now() -> datetime:
    """The platform's own time, never moved: for what is measured against Firestore's and the
    event delivery's clocks (read times, an event's age), not business time."""
    return datetime.now(UTC)


_offset_seen: tuple[tuple[int, int, int], timedelta] = ((0, 0, 0), timedelta(0))


def _clock_offset() -> timedelta:
    """The local stack's clock offset (zero in a deployment, where no emulator runs)."""
    global _offset_seen  # noqa: PLW0603 - one value per instance, read again when the file changes
    path = os.environ.get("EMULATOR_CLOCK_FILE")
    if not path or not (
        os.environ.get("FUNCTIONS_EMULATOR") == "true" or os.environ.get("FIRESTORE_EMULATOR_HOST")
    ):
        return timedelta(0)
    try:
        found = os.stat(path)
    except OSError:
        return timedelta(0)
    # The file is replaced whole (scripts/clock, the tests): a new inode. A file written in place
    # could be read half-written within one tick of its modification time, and that read kept.
    stamp = (found.st_ino, found.st_mtime_ns, found.st_size)
    if stamp != _offset_seen[0]:
        try:
            with open(path, encoding="utf-8") as clock:
                text = clock.read().strip()
            if not text:
                return _offset_seen[1]  # being written: the last offset read, read again next time
            _offset_seen = (stamp, timedelta(seconds=float(text)))
        except (OSError, ValueError):
            return timedelta(0)
    return _offset_seen[1]
