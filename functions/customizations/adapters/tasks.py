"""Timed steps as Cloud Tasks (the services' TimerQueue): each step a task for the `timers` task
queue function (main.py), named by its request, stage and step, scheduled for its time.

A name is taken once: scheduling a step again is refused by Cloud Tasks (ALREADY_EXISTS; the local
Tasks emulator answers 409), which is what makes scheduling idempotent. The payload goes as the
task's body under `data`, as a task queue function reads it (firebase-admin posts it as is).

The local Tasks emulator dispatches every task at once, whatever its schedule: a step due later
would run now, find itself early and do nothing, at the cost of a function call per request and
stage (half the CPU of a create on the local stack). There, such a step is not sent, nor called
off (it is not there); scripts/run-timers (and the tests) send it when the stack's movable clock
makes it due.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from firebase_functions import logger

from ..domain.workflow import Due
from . import clients

FUNCTION = "timers"  # main.timers; a task queue's id may not hold "_"
_TAKEN_EARLY = timedelta(minutes=1)  # how early the timers function still takes a step (EARLY)


def _on_emulator() -> bool:
    """Whether the tasks go to the local Tasks emulator (firebase-admin's own switch)."""
    return bool(os.environ.get("CLOUD_TASKS_EMULATOR_HOST"))


def _emulated_later(due: Due, now: Callable[[], datetime] | None) -> bool:
    """Whether this is the Tasks emulator and the step is due later than it would be taken now."""
    if now is None or not _on_emulator():
        return False
    return due.at > now() + _TAKEN_EARLY


class CloudTasksTimers:
    """Schedules and calls off timed steps through firebase-admin's task queues."""

    def __init__(
        self,
        function: str = FUNCTION,
        region: str = "us-central1",
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._name = f"locations/{region}/functions/{function}"
        self._queue: Any = None
        self._now = now

    def _tasks(self) -> Any:
        if self._queue is None:
            from firebase_admin import functions

            self._queue = functions.task_queue(self._name, app=clients.admin_app.get())
        return self._queue

    def _enqueue(self, due: Due, task_id: str, at: datetime | None) -> None:
        from firebase_admin import exceptions, functions

        options = functions.TaskOptions(task_id=task_id, schedule_time=at, dispatch_deadline_seconds=60)
        # Scheduled already: the name is the step.
        with contextlib.suppress(exceptions.AlreadyExistsError, exceptions.ConflictError):
            try:
                self._tasks().enqueue({"data": due.payload()}, options)
            except ValueError:
                # firebase-admin 7.7 reads the Tasks emulator's answer to a named task wrongly (it
                # drops the name's first character, expecting a "/" the emulator adds only to
                # names it makes up) and raises once the task is queued: queued it is.
                if not _on_emulator():
                    raise

    def arm(self, due: Due) -> None:
        """Schedule the step for its time (a time past is now; on the Tasks emulator, a step due
        later is left for scripts/run-timers: see the module's docstring)."""
        if _emulated_later(due, self._now):
            return
        self._enqueue(due, due.task_id, due.at)

    def disarm(self, due: Due) -> None:
        """Call the step off if its task still waits. Best effort: a task left waiting finds its
        step no longer due and does nothing, so a failure here (a permission, a quota) only costs
        a dispatch, and never fails the event that moved the request on. On the Tasks emulator, a
        step due later was never sent (arm): there is nothing to call off."""
        from firebase_admin import exceptions

        if _emulated_later(due, self._now):
            return

        try:
            self._tasks().delete(due.task_id)
        except exceptions.NotFoundError:  # ran, called off already, or never there
            pass
        except (exceptions.FirebaseError, ValueError) as exc:
            logger.warn("Timed step not called off", task=due.task_id, error=repr(exc))

    def run_now(self, due: Due, tag: str) -> None:
        """A task of its own for the step, to be taken now (named apart from the scheduled one)."""
        self._enqueue(due, f"{due.task_id}-{tag}-{time.time_ns()}", None)
