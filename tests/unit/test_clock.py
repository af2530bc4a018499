"""The local stack's movable clock (adapters/clock.py utc_now): read by every function of the stack from a
file that scripts/clock and the tests replace whole, never taken from a half-written file; and the
timed steps on the Tasks emulator, which would run a step due later at once."""

import os
from datetime import timedelta

import pytest
from customizations.adapters import clock


@pytest.fixture
def clock_file(tmp_path, monkeypatch):
    path = tmp_path / "clock"
    monkeypatch.setenv("EMULATOR_CLOCK_FILE", str(path))
    monkeypatch.setenv("FUNCTIONS_EMULATOR", "true")
    monkeypatch.setattr(clock, "_offset_seen", ((0, 0, 0), timedelta(0)))
    return path


def replace(path, text: str) -> None:
    new = path.with_name("clock.new")
    new.write_text(text)
    os.replace(new, path)


def test_each_replacement_of_the_clock_file_is_read(clock_file):
    replace(clock_file, "3600\n")
    assert clock._clock_offset() == timedelta(hours=1)
    replace(clock_file, "7200\n")  # within the same tick of the file system's clock, too
    assert clock._clock_offset() == timedelta(hours=2)
    replace(clock_file, "0\n")
    assert clock._clock_offset() == timedelta(0)


def test_a_file_caught_empty_mid_write_keeps_the_last_offset_and_is_read_again(clock_file):
    replace(clock_file, "3600\n")
    assert clock._clock_offset() == timedelta(hours=1)
    clock_file.write_text("")  # truncated, not yet written: as a writer in place leaves it
    assert clock._clock_offset() == timedelta(hours=1)
    stamp = os.stat(clock_file)
    clock_file.write_text("7200\n")
    os.utime(clock_file, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # the same modification time
    assert clock._clock_offset() == timedelta(hours=2)  # the size told it apart


def test_a_deployment_reads_no_clock_file(clock_file, monkeypatch):
    replace(clock_file, "3600\n")
    monkeypatch.delenv("FUNCTIONS_EMULATOR")
    monkeypatch.delenv("FIRESTORE_EMULATOR_HOST", raising=False)
    assert clock._clock_offset() == timedelta(0)


def test_on_the_tasks_emulator_a_step_due_later_is_neither_sent_nor_called_off_one_due_now_is(monkeypatch):
    from datetime import UTC, datetime

    from customizations.adapters.tasks import CloudTasksTimers
    from customizations.domain.workflow import Due, Step

    now = datetime(2026, 1, 1, tzinfo=UTC)
    sent = []
    queue = CloudTasksTimers(now=lambda: now)
    monkeypatch.setattr(queue, "_enqueue", lambda due, name, at: sent.append(name))
    later, due_now = Due("r1", 1, Step.REMIND, now + timedelta(hours=18)), Due("r2", 1, Step.REMIND, now)
    monkeypatch.setenv("CLOUD_TASKS_EMULATOR_HOST", "127.0.0.1:9499")
    queue.arm(later)
    queue.arm(due_now)
    assert sent == [due_now.task_id]  # the emulator would run the later one now, to no purpose
    deleted = []
    monkeypatch.setattr(queue, "_tasks", lambda: type("Queue", (), {"delete": staticmethod(deleted.append)}))
    queue.disarm(later)  # never sent, so not there to call off
    queue.disarm(due_now)
    assert deleted == [due_now.task_id]
    monkeypatch.delenv("CLOUD_TASKS_EMULATOR_HOST")
    queue.arm(later)  # Cloud Tasks holds it until its time
    queue.disarm(later)
    assert sent == [due_now.task_id, later.task_id]
    assert deleted == [due_now.task_id, later.task_id]
