"""TimerQueue in memory."""

from __future__ import annotations

from datetime import datetime

from customizations.domain.workflow import Due


class FakeTimers:
    """TimerQueue that keeps what is scheduled (a task per step, by its name), what was called off,
    and what was asked to run now; `fire` delivers what is due by a time, as Cloud Tasks would."""

    def __init__(self) -> None:
        self.armed: dict[str, Due] = {}
        self.disarmed: list[str] = []
        self.ran: list[tuple[Due, str]] = []
        self.enqueued = 0  # every arm call, duplicates included

    def arm(self, due: Due) -> None:
        self.enqueued += 1
        self.armed.setdefault(due.task_id, due)

    def disarm(self, due: Due) -> None:
        if self.armed.pop(due.task_id, None) is not None:
            self.disarmed.append(due.task_id)

    def run_now(self, due: Due, tag: str) -> None:
        self.ran.append((due, tag))

    def take_due(self, at: datetime) -> list[Due]:
        """The tasks whose time has come by then (removed: a task is delivered, then gone)."""
        found = sorted((d for d in self.armed.values() if d.at <= at), key=lambda d: (d.at, d.task_id))
        for due in found:
            del self.armed[due.task_id]
        return found
