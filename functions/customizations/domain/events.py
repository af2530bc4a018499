"""The event a write to a request means, and what handling it causes.

Whether a write is the workflow's is told by the request's legal copy (domain.integrity): one that
leaves the request out of step with the copy written before it is a violation (or an override),
whatever it looks like. The event of the workflow's own writes comes from the document's
before/after images and its `lastEvent`, checked against the lifecycle table (and so does every
write's, for a request with no copy). Every effect is keyed by
`{requestId}-v{version}`, so a trigger delivered twice (the emulator does it; production retries)
can be recognised and change nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import integrity, lifecycle, workflow
from .lifecycle import Event, Status
from .records import Record

VIOLATION = "violation"  # a write the lifecycle does not allow: recorded, then rolled back
OVERRIDE = "override"  # such a write with a fresh admin override marker: recorded and kept
RESTORED = "restored"  # a rollback's write: the request back at its last legal state
# A write around the API that moved nothing guarded, on a request left out of step by one before
# it: nothing to record, but the request is put back (that one's own trigger may never come); or
# one under an admin override not accepted yet, which its acceptance takes with it.
UNSETTLED = "unsettled"
LIFECYCLE_FIELDS = integrity.LIFECYCLE_FIELDS


@dataclass(frozen=True)
class Occurrence:
    """One derived event: what happened to which request, by whom, at which version."""

    request_id: str
    event: Event | None  # None for what is no event of the lifecycle: see `kind`
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    key: str  # deterministic: the same write always gives the same key
    actor_id: str
    at: datetime
    reason: str = ""
    kind: str = VIOLATION  # when event is None: violation, override, restored or unsettled
    # Profiles read with the legal copy that judged the write (services.bus.told_by_name): uid ->
    # their profile, None for one who has none (None: none read).
    people: dict[str, dict[str, Any] | None] | None = field(default=None, repr=False)  # no tokens logged

    @property
    def name(self) -> str:
        """The event name, or the kind of write it is."""
        return self.event.value if self.event else self.kind

    @property
    def version(self) -> int:
        """The request version this occurrence produced (0 when the request was deleted)."""
        return int((self.after or {}).get("version", 0))


def _status(doc: dict[str, Any] | None) -> Status | None:
    if doc is None:
        return None
    try:
        return Status(str(doc.get("status")))
    except ValueError:
        return None


def _stamp(written_at: datetime) -> int:
    return int(written_at.timestamp() * 1_000_000)


def _violation_key(request_id: str, after: dict[str, Any] | None, written_at: datetime) -> str:
    # Two bad writes may share a version; the write time tells them apart, and is the same on
    # every delivery of one write.
    version = (after or {}).get("version", "deleted")
    return f"{request_id}-v{version}-violation-{_stamp(written_at)}"


def derive(
    request_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    written_at: datetime,
    legal: Record | None = None,
) -> Occurrence | None:
    """The event a write to a request means: a transition of the table, a timed step's notice, a
    rollback's restoration; a violation for a write around the API that leaves the request out of
    step with its last legal state (an override, if it carries a fresh admin override marker), or a
    write the table forbids; or None for a write that is none of these (nothing changed that the
    workflow guards, say files purged).

    written_at is the write's update time (the event time for a deletion): the same on redelivery.
    `legal` is the request's legal copy as it is now, with the time it was written (None: no copy,
    or not read): whether the write is the workflow's is told by it (domain.integrity.standing),
    and only without it by the write's shape.
    """
    if before is None and after is None:
        return None
    if after is None:
        return Occurrence(
            request_id,
            None,
            before,
            None,
            f"{request_id}-deleted",
            "",
            written_at,
            "request document deleted",
        )
    copy = legal.data if legal is not None else None
    place = integrity.standing(after, copy, legal.update_time if legal is not None else None, written_at)
    if place is integrity.Standing.ASTRAY:
        return _astray(request_id, before, after, written_at, copy or {})
    return _judged(request_id, before, after, written_at, place, int((copy or {}).get("version", 0)))


def _judged(  # noqa: PLR0913, PLR0917 - the write, and where it stands to the legal copy
    request_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    written_at: datetime,
    place: integrity.Standing,
    legal_version: int,
) -> Occurrence | None:
    """A write that is the workflow's (in step), or may have been (superseded, or no copy to tell):
    known by its shape, a restoration by its fresh marker."""
    restored = after.get(integrity.RESTORED_FIELD)
    if isinstance(restored, dict) and restored != (before or {}).get(integrity.RESTORED_FIELD):
        key = f"{request_id}-restored-{_stamp(written_at)}"
        reason = f"rolled back after {restored.get('from')}"
        return Occurrence(request_id, None, before, after, key, "system", written_at, reason, RESTORED)
    found = _lifecycle(request_id, before, after, written_at)
    if place is integrity.Standing.IN_STEP:
        # The workflow's own write, or one that agrees with it: an event; or nothing to tell, but
        # for a fresh override that wrote what the copy already says (recorded, and kept).
        if found is not None and found.event is not None:
            return found
        return _override(request_id, before, after, written_at)
    superseded = place is integrity.Standing.SUPERSEDED and found is not None and found.event is not None
    # Legal states never go past the copy's version: a write beyond it was never one of them.
    if superseded and found is not None and found.version > legal_version:
        return _violation(request_id, before, after, written_at, f"{found.name} around the API")
    if found is None or found.event is not None:
        return found
    return _override(request_id, before, after, written_at) or found


def _override(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any], written_at: datetime
) -> Occurrence | None:
    override = integrity.override_of(before, after)
    if override is None:
        return None
    key = f"{request_id}-override-{_stamp(written_at)}"
    return Occurrence(
        request_id, None, before, after, key, override["by"], written_at, override["reason"], OVERRIDE
    )


def _violation(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any], written_at: datetime, why: str
) -> Occurrence:
    last = after.get("lastEvent") or {}
    key = _violation_key(request_id, after, written_at)
    reason = f"{(before or {}).get('status')} -> {after.get('status')}: {why}"
    return Occurrence(request_id, None, before, after, key, str(last.get("actorId", "")), written_at, reason)


def _astray(
    request_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
    written_at: datetime,
    legal: dict[str, Any],
) -> Occurrence:
    """A write that leaves the request out of step with the legal copy written before it: an
    override, a violation (whatever it looks like: a transition or a timed step is the workflow's
    only with its copy), or a write on a request already out of step that moved nothing guarded,
    or that keeps an override not accepted yet (whose acceptance takes the request as it stands)."""
    override = _override(request_id, before, after, written_at)
    if override is not None:
        return override
    pending = integrity.override_of(legal, after) is not None
    if integrity.guarded_changed(before, after) and not pending:
        found = _lifecycle(request_id, before, after, written_at)
        if found is not None and found.event is None:
            return found
        return _violation(request_id, before, after, written_at, "out of step with its last legal state")
    key = f"{request_id}-unsettled-{_stamp(written_at)}"
    reason = "written while out of step with its last legal state"
    return Occurrence(request_id, None, before, after, key, "", written_at, reason, UNSETTLED)


def _lifecycle(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any], written_at: datetime
) -> Occurrence | None:
    last = after.get("lastEvent") or {}
    actor = str(last.get("actorId", ""))
    at = last.get("at") or written_at
    version = int(after.get("version", 0))
    if before is not None and before.get("version") == after.get("version"):
        moved = [f for f in integrity.LIFECYCLE_FIELDS if before.get(f) != after.get(f)]
        staged = [f for f in integrity.STAGE_FIELDS if before.get(f) != after.get(f)]
        step = workflow.noticed(before, after) if staged and not moved else None
        if step is not None and set(staged) <= {"timer", "overdue"}:
            timer = after.get("timer") or {}
            key = f"{request_id}-s{timer.get('stage')}-{step.value}"
            return Occurrence(
                request_id,
                workflow.NOTICE_EVENTS[step],
                before,
                after,
                key,
                "system",
                timer.get("doneAt") or written_at,
            )
        if not moved and not staged:
            return None  # a write outside the lifecycle that left it alone (say, files purged)
        return Occurrence(
            request_id,
            None,
            before,
            after,
            f"{request_id}-w{written_at.timestamp():.6f}",
            actor,
            written_at,
            f"{', '.join(moved + staged)} changed without a version bump",
        )
    try:
        event = Event(str(last.get("event")))
    except ValueError:
        event = None
    expected_version = 1 if before is None else int(before.get("version", 0)) + 1
    to_status = _status(after)
    edge = lifecycle.edge_for_event(event, _status(before), to_status) if event and to_status else None
    if edge is None or version != expected_version:
        return Occurrence(
            request_id,
            None,
            before,
            after,
            _violation_key(request_id, after, written_at),
            actor,
            written_at,
            f"{(before or {}).get('status')} -> {after.get('status')} as {last.get('event')!r}",
        )
    return Occurrence(request_id, event, before, after, f"{request_id}-v{version}", actor, at)


def said(event: Event, request: dict[str, Any], words: dict[str, Any], at: datetime) -> Occurrence:
    """A message or comment (`words`, with its document `id` and `authorId`) posted about a request
    (with its `id`), as an occurrence for the same fan-out: the request is before and after alike
    (nothing moves, nothing is counted), with what was said added for the notification's words.
    Keyed by the request and the document, so a redelivery is recognised."""
    request_id = str(request["id"])
    key = f"{request_id}-{event.value.rsplit('.', 2)[1]}-{words['id']}"
    after = {**request, **{k: v for k, v in words.items() if k != "id"}}
    return Occurrence(request_id, event, request, after, key, str(words.get("authorId", "")), at)


@dataclass
class Effects:
    """Everything one event writes, staged by the handlers and committed together."""

    audit: dict[str, Any] | None = None  # the audit entry, stored under the occurrence's key
    revision: tuple[int, dict[str, Any]] | None = None  # revision number, fields to merge into it
    notifications: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> document
    mail: dict[str, dict[str, Any]] = field(default_factory=dict)  # notification id -> mail document
    # designer uid -> counter deltas of their load (and their name, to show it)
    designer_loads: dict[str, dict[str, float]] = field(default_factory=dict)
    designer_names: dict[str, str] = field(default_factory=dict)
    # Not written: what to push once the notifications exist (id -> device tokens; title, body, data),
    # and the topic told of it as well (every designer's devices, of a new request).
    push_tokens: dict[str, list[str]] = field(default_factory=dict)
    push_message: tuple[str, str, dict[str, str]] | None = None
    push_topic: str | None = None
    # An accepted override: what it did to designers' seats (uid -> +1 or -1 active requests),
    # written with the marker; the request as it then legally stands (with the new stage it
    # starts, from `stage_start`: domain.workflow.restage), which a follow-up makes its legal copy
    # while the request still holds that marker.
    seat_deltas: dict[str, int] = field(default_factory=dict)
    legal_state: dict[str, Any] | None = None
    stage_start: datetime | None = None
    # Follow-ups, after the commit, on every delivery until they succeed (each is idempotent): the
    # override's acceptance (above), the timed steps to schedule and to call off (workflow.Due),
    # the rollback of a violation (its write time), and waiting requests to route to designers
    # (auto-assignment).
    arm: list[workflow.Due] = field(default_factory=list)
    disarm: list[workflow.Due] = field(default_factory=list)
    rollback: datetime | None = None
    route: list[str] = field(default_factory=list)
    drain: bool = False
