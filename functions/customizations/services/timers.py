"""The timed steps of the workflow (domain.workflow), taken when their task comes (Cloud Tasks,
main.timers), or on demand (scripts/run-timers, and the daily catch-up): a reminder, the overdue
mark, a last warning (each a mark on the request that the event trigger turns into its event), the
approval window's default outcome or the release of a stale claim (transitions by the system).

A task is for one request, one stage and one step: delivered twice, late, or for a stage that has
ended, it finds its step taken or its stage gone and does nothing. Every decision is made on the
request as committed, and written only if it is still so.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

from firebase_functions import logger

from ..domain import integrity, workflow
from ..domain.actors import SYSTEM
from ..domain.commands import Approve, Cancel, Command, Release
from ..domain.lifecycle import OPEN
from ..domain.records import Record
from ..domain.workflow import Due, Outcome, Sla, Step
from ..errors import AppError, ErrorCode
from .ports import Clock, TimedRequests, TimerQueue
from .requests import RequestService, StageEnded

# How early a task may arrive and still be taken: clocks differ by a little. The local Tasks
# emulator dispatches every task at once, whatever its schedule: there, a step due later is left
# for scripts/run-timers, which takes what is due by the (movable) local clock.
EARLY = timedelta(minutes=1)
_ATTEMPTS = 8
_SCAN_PAGE = 200


class Result(enum.StrEnum):
    """What taking a step came to (its task's answer)."""

    DONE = "done"
    EARLY = "early"  # not due yet: left alone
    STALE = "stale"  # its stage ended, or the step was taken already
    GONE = "gone"  # no such request


class TimerService:
    """Takes timed steps, and finds the ones that are due."""

    def __init__(
        self, store: TimedRequests, requests: RequestService, queue: TimerQueue, sla: Sla, now: Clock
    ) -> None:
        self._store = store
        self._requests = requests
        self._queue = queue
        self._sla = sla
        self._now = now

    def run(self, payload: Mapping[str, Any]) -> str:
        """Take the step a task carries, if it is still due; what that came to. Raises to be retried
        (a request that kept changing under it)."""
        try:
            due = Due.of(dict(payload))
        except (KeyError, TypeError, ValueError) as exc:
            raise AppError(ErrorCode.VALIDATION_ERROR, f"not a timed step: {exc}") from exc
        result = self._run(due)
        # One line per delivery (`Timed step done`, `stale`, `early`, `gone`): what a task came to.
        logger.info(f"Timed step {result}", requestId=due.request_id, stage=due.stage, step=due.step.value)
        return result

    def _run(self, due: Due) -> str:
        now = self._now()
        if now < due.at - EARLY:
            return Result.EARLY.value
        for _ in range(_ATTEMPTS):
            found = self._store.current(due.request_id)
            if found is None:
                return Result.GONE.value
            record, legal = found.record, found.legal
            if not integrity.in_step(record.data, legal.data if legal is not None else None):
                continue  # being put back after a write around the API: its rollback comes first
            current = workflow.next_due(due.request_id, record.data, self._sla)
            if current is None or (current.stage, current.step) != (due.stage, due.step):
                return Result.STALE.value
            if now < current.at - EARLY:  # the request's own timeline (the table may have changed)
                return Result.EARLY.value
            outcome = self._take(record, legal, current, now)
            if outcome is not None:
                return outcome
        raise AppError(ErrorCode.CONFLICT, f"{due.task_id}: the request kept changing; retried")

    def _take(self, record: Record, legal: Record | None, due: Due, now: datetime) -> str | None:
        """Take the step; None if the request changed under the write (try again)."""
        request_id = record.id
        if due.step in workflow.NOTICE_EVENTS:
            fields = {**workflow.notice(record.data, due.step, now), "updatedAt": now}
            written = self._store.update_if_unchanged(record, fields, {}, None, legal)
            return Result.DONE.value if written else None
        try:
            self._requests.act(SYSTEM, request_id, self._command(due), None, stage=due.stage)
        except StageEnded:
            return Result.STALE.value
        except AppError as exc:
            if exc.code is ErrorCode.CONFLICT:
                return None
            logger.warn("Timed step refused", requestId=request_id, step=due.step.value, code=exc.code)
            return Result.STALE.value
        return Result.DONE.value

    def _command(self, due: Due) -> Command:
        if due.step is Step.RELEASE:
            hours = round(self._sla.release_after / timedelta(hours=1))
            return Release(f"No design was delivered {hours} hours after it was due")
        if self._sla.approval_default is Outcome.CANCEL:
            return Cancel("No decision came within the approval window")
        return Approve()

    # ---- what is due: on demand, and the daily catch-up ----

    def due(self, at: datetime, late_by: timedelta = timedelta(0)) -> list[Due]:
        """Every open request's next step due by `at - late_by`, soonest first (reads every open
        request, a page at a time)."""
        found = [step for page in self._due_pages(at, late_by) for step in page]
        return sorted(found, key=lambda d: (d.at, d.request_id))

    def _due_pages(self, at: datetime, late_by: timedelta) -> Iterator[list[Due]]:
        """The steps due by `at - late_by`, a page of open requests at a time (memory: one page)."""
        for status in OPEN:
            after = None
            while True:
                page = self._store.in_status(status.value, after, _SCAN_PAGE)
                found = []
                for request in page:
                    step = workflow.next_due(str(request["id"]), request, self._sla)
                    if step is not None and step.at <= at - late_by:
                        found.append(step)
                yield sorted(found, key=lambda d: (d.at, d.request_id))
                if len(page) < _SCAN_PAGE:
                    break
                after = str(page[-1]["id"])

    def run_due(
        self, tag: str, late_by: timedelta = timedelta(0), until: datetime | None = None
    ) -> list[Due]:
        """Have every step due by now (late by that much at least) taken now, through the task
        queue as its own task would be, a page of open requests at a time; the steps sent. With
        `until`, only until then (the daily catch-up, within its timeout): the rest is the next run's."""
        sent: list[Due] = []
        for page in self._due_pages(self._now(), late_by):
            for step in page:
                self._queue.run_now(step, tag)
            sent += page
            if until is not None and self._now() >= until:
                logger.warn("Timed steps left for the next run", sent=len(sent))
                break
        return sent
