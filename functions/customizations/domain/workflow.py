"""The workflow that runs itself: every open stage of a request has a due time (the SLA table),
and a timeline of steps the system takes on a schedule: remind whoever owes the next step, mark
the request overdue (and tell admins), warn the customer before the approval window closes and
then take its default outcome, and take back a claim with no delivery long past due.

A stage starts with a transition that moves the request (or gives it to another designer) and is
named by the version it started at (`timer.stage`): a timed step is for one request, one stage and
one step, so one scheduled for a stage that has ended finds another stage and does nothing.
Pure: the times come from the caller's clock.
"""

from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .lifecycle import OPEN, Event, Status, Transition
from .records import REMOVED

Request = dict[str, Any]


class Outcome(enum.StrEnum):
    """What the approval window does with a design the customer never decides on."""

    APPROVE = "approve"
    CANCEL = "cancel"
    NONE = "none"  # it waits (overdue) until someone acts


class Step(enum.StrEnum):
    """A timed step of a stage, in the order they come."""

    REMIND = "remind"  # whoever owes the next step, before the due time
    OVERDUE = "overdue"  # at the due time: the request is overdue, admins are told
    WARN = "warn"  # the customer, halfway through the approval window's grace
    DECIDE = "decide"  # the approval window closes: its default outcome, by the system
    RELEASE = "release"  # a claim with no delivery long past due goes back to the queue


# The event each notice step emits (DECIDE and RELEASE are transitions: their edge's event).
NOTICE_EVENTS: dict[Step, Event] = {
    Step.REMIND: Event.REQUEST_REMINDER,
    Step.WARN: Event.REQUEST_REMINDER,
    Step.OVERDUE: Event.REQUEST_OVERDUE,
}


@dataclass(frozen=True)
class Sla:
    """The SLA table and the timed rules (Firebase parameters: settings.sla())."""

    claim: timedelta = timedelta(hours=24)  # a waiting request is claimed
    deliver: timedelta = timedelta(hours=72)  # a claim, or a rejection, gets a design
    decide: timedelta = timedelta(hours=72)  # the customer approves or asks for changes
    reminder_at: float = 0.75  # of a stage's time, when its reminder goes (0: none)
    approval_grace: timedelta = timedelta(hours=48)  # after the decision's due time
    approval_default: Outcome = Outcome.APPROVE
    release_after: timedelta = timedelta(hours=48)  # past the delivery's due time (0: never)
    revision_rounds: int = 3  # rejections included; an admin may allow more per request

    def time_for(self, status: Status) -> timedelta | None:
        """How long a stage in this status has, or None for a status nobody owes anything in."""
        return {Status.PENDING: self.claim, Status.IN_PROGRESS: self.deliver}.get(
            status, self.decide if status is Status.AWAITING_APPROVAL else None
        )


DEFAULT_SLA = Sla()


def restarts_stage(edge: Transition, source: Status | None) -> bool:
    """Whether taking this edge starts a new stage (with a new due time): any move to another
    status, and a reassignment (the new designer gets the whole time); not a self-edge that only
    adds to the request, such as allowing more revisions."""
    return edge.to != source or edge.event is Event.DESIGNER_REASSIGNED


def stage_fields(status: Status, version: int, now: datetime, sla: Sla) -> Request:
    """What a request carries for a stage starting now at this version: its due time (`claimBy`
    too while it waits, for the queue by due time), no overdue flag, and the timer's start. A
    status nobody owes anything in carries none of them (REMOVED)."""
    span = sla.time_for(status)
    if span is None or status not in OPEN:
        return {"dueAt": REMOVED, "claimBy": REMOVED, "overdue": REMOVED, "timer": REMOVED}
    due = now + span
    return {
        "dueAt": due,
        # Only a waiting request has it: the queue's index by due time then holds waiting requests
        # alone, one entry each, where an index on dueAt would take every stage of every request.
        "claimBy": due if status is Status.PENDING else REMOVED,
        "overdue": REMOVED,  # present (true) only while overdue: an index holds overdue ones alone
        "timer": {"stage": version, "startedAt": now},
    }


def restage(before: Request | None, after: Request, now: datetime, sla: Sla) -> Request:
    """What a write around the API that an admin override keeps adds for the stage it starts, as a
    transition would: when it moved the request to another status or designer, the new status's
    stage fields (a new stage, named by the next version, which it then takes), but for those the
    override wrote itself. Nothing for a request it created, or left where it was."""
    moved = before is not None and any(before.get(f) != after.get(f) for f in ("status", "designerId"))
    status = _status(after)
    if before is None or not moved or status is None:
        return {}
    version = int(after.get("version") or 0) + 1
    fields = stage_fields(status, version, now, sla)
    changes = {
        k: v
        for k, v in fields.items()
        if before.get(k) == after.get(k) and not (v is REMOVED and k not in after)
    }
    if isinstance(changes.get("timer"), dict):  # a stage starts: a name no stage before it had
        changes["version"] = version
    return changes


@dataclass(frozen=True)
class Due:
    """A timed step: which request, which stage (the version it started at), which step, when."""

    request_id: str
    stage: int
    step: Step
    at: datetime

    @property
    def task_id(self) -> str:
        """A name for its task: the same for the same step, so that scheduling it twice is one task
        (hashed first: the task queue spreads names by their prefix)."""
        key = f"{self.request_id}/{self.stage}/{self.step.value}"
        digest = hashlib.sha256(key.encode()).hexdigest()
        safe = self.request_id if re.fullmatch(r"[A-Za-z0-9_-]{1,128}", self.request_id) else digest[:32]
        return f"{digest[:12]}-{safe}-s{self.stage}-{self.step.value}"

    def payload(self) -> dict[str, Any]:
        """What its task carries."""
        return {
            "requestId": self.request_id,
            "stage": self.stage,
            "step": self.step.value,
            "at": self.at.isoformat(),
        }

    @classmethod
    def of(cls, payload: dict[str, Any]) -> Due:
        """A task's payload read back (ValueError, KeyError or TypeError if it is not one)."""
        at = datetime.fromisoformat(str(payload["at"]))
        if at.tzinfo is None:
            raise ValueError("a timed step's time has its offset")
        return cls(str(payload["requestId"]), int(payload["stage"]), Step(str(payload["step"])), at)


def _status(request: Request) -> Status | None:
    try:
        return Status(str(request.get("status")))
    except ValueError:
        return None


def timeline(request: Request, sla: Sla) -> list[tuple[Step, datetime]]:
    """The timed steps of the request's current stage, in order (none where nobody owes anything)."""
    status, timer, due = _status(request), request.get("timer") or {}, request.get("dueAt")
    started = timer.get("startedAt")
    if status not in OPEN or not isinstance(started, datetime) or not isinstance(due, datetime):
        return []
    steps = []
    if sla.reminder_at > 0:
        steps.append((Step.REMIND, started + (due - started) * min(sla.reminder_at, 1.0)))
    steps.append((Step.OVERDUE, due))
    if status is Status.AWAITING_APPROVAL and sla.approval_default is not Outcome.NONE:
        steps += [(Step.WARN, due + sla.approval_grace / 2), (Step.DECIDE, due + sla.approval_grace)]
    if status is Status.IN_PROGRESS and sla.release_after > timedelta(0):
        steps.append((Step.RELEASE, due + sla.release_after))
    return steps


def next_due(request_id: str, request: Request | None, sla: Sla) -> Due | None:
    """The next step of the request's current stage not taken yet, or None."""
    if request is None:
        return None
    steps = timeline(request, sla)
    timer = request.get("timer") or {}
    names = [step.value for step, _ in steps]
    done = timer.get("done")
    start = names.index(done) + 1 if done in names else 0
    if start >= len(steps):
        return None
    step, at = steps[start]
    return Due(request_id, int(timer["stage"]), step, at)


def notice(request: Request, step: Step, now: datetime) -> Request:
    """What a notice step writes on the request (no new version: nothing moved): the step taken,
    and the overdue flag at the due time. The event trigger turns it into the step's event."""
    fields: Request = {"timer": {**(request.get("timer") or {}), "done": step.value, "doneAt": now}}
    if step is Step.OVERDUE:
        fields["overdue"] = True
    return fields


def noticed(before: Request, after: Request) -> Step | None:
    """The notice step a write took, if that is all it did to the stage (else None): the timer's
    `done` moved on within the same stage, and the overdue flag is raised by the overdue step only
    (and never lowered)."""
    timer_before, timer_after = before.get("timer") or {}, after.get("timer") or {}
    try:
        step = Step(str(timer_after.get("done")))
    except ValueError:
        return None
    same_stage = all(timer_before.get(k) == timer_after.get(k) for k in ("stage", "startedAt"))
    if step not in NOTICE_EVENTS or not same_stage or timer_before.get("done") == step.value:
        return None
    flag_expected = bool(before.get("overdue")) or step is Step.OVERDUE
    return step if bool(after.get("overdue")) == flag_expected else None


def owed_by(status: Status) -> str:
    """Who owes the next step while a request is in this status, as the notices name them."""
    return {
        Status.PENDING: "every designer",
        Status.IN_PROGRESS: "designer",
        Status.AWAITING_APPROVAL: "customer",
    }.get(status, "")


def revision_limit(request: Request, sla: Sla) -> int:
    """How many rejections this request includes (the param at its creation, plus what admins
    allowed since)."""
    stored = request.get("revisionLimit")
    return int(stored) if isinstance(stored, int) else sla.revision_rounds


def may_reject(request: Request, sla: Sla) -> bool:
    """Whether the customer may ask for another round of changes."""
    return int(request.get("rejectionCount") or 0) < revision_limit(request, sla)


def decision_at(request: Request, sla: Sla) -> datetime | None:
    """When the approval window takes its default outcome for this request, if it will."""
    due = request.get("dueAt")
    if sla.approval_default is Outcome.NONE or not isinstance(due, datetime):
        return None
    return due + sla.approval_grace


def when(at: Any) -> str:
    """A time as notices show it."""
    return at.strftime("%Y-%m-%d %H:%M UTC") if isinstance(at, datetime) else ""


def notice_words(request: Request, sla: Sla) -> dict[str, str]:
    """The fields a timed notice's words use beyond the request's own."""
    outcome = {Outcome.APPROVE: "approved", Outcome.CANCEL: "cancelled"}.get(sla.approval_default, "")
    decided = decision_at(request, sla)
    return {
        "dueAt": when(request.get("dueAt")),
        "decideAt": when(decided),
        "outcome": outcome,
        "afterwards": f" Without an answer it will be {outcome} on {when(decided)}." if decided else "",
    }
