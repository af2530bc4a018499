"""TimerQueue's contract, as far as both tiers can show it: how many tasks the queue takes. Run on
the fake (tests/unit/contracts) and on the Cloud Tasks emulator (tests/emulator/contracts).

The Tasks emulator has no API to list or read a task back: what it shows is how many tasks it took
(its queue statistics), so these cases count tasks. When a task runs, and what the timers function
then does with it, is the workflow's to show: tests/emulator/test_workflow.py, with the stack's
clock moved. Each case names its steps afresh: the emulator keeps every name it took for its life
(as Cloud Tasks keeps a name for a while after its task ran or was deleted)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from customizations.domain.workflow import Due, Step

from .tiers import Timers


def _due(timers: Timers, step: Step = Step.REMIND) -> Due:
    """A step due a minute ago (a time past is now: sent on either tier)."""
    return Due(f"r-{uuid.uuid4().hex[:12]}", 3, step, timers.now() - timedelta(minutes=1))


def test_a_step_armed_twice_is_one_task(timers: Timers):
    due = _due(timers)
    before = timers.around.tasks_added()

    timers.queue.arm(due)
    timers.queue.arm(due)
    timers.queue.arm(Due(due.request_id, due.stage, due.step, due.at + timedelta(hours=1)))  # same name
    assert timers.around.tasks_added() - before == 1
    timers.queue.arm(Due(due.request_id, due.stage + 1, due.step, due.at))  # another stage's
    timers.queue.arm(Due(due.request_id, due.stage, Step.OVERDUE, due.at))  # another step
    assert timers.around.tasks_added() - before == 3


def test_calling_off_a_step_never_armed_is_no_error_and_no_task(timers: Timers):
    before = timers.around.tasks_added()

    timers.queue.disarm(_due(timers))
    due = _due(timers)
    timers.queue.arm(due)
    timers.queue.disarm(due)
    timers.queue.disarm(due)  # twice: gone already
    assert timers.around.tasks_added() - before == 1


def test_a_step_run_now_is_a_task_of_its_own_each_time(timers: Timers):
    due = _due(timers)
    before = timers.around.tasks_added()

    timers.queue.run_now(due, "retry")
    timers.queue.run_now(due, "retry")
    assert timers.around.tasks_added() - before == 2
    timers.queue.arm(due)  # the scheduled one is named apart
    timers.queue.arm(due)
    assert timers.around.tasks_added() - before == 3
