"""The request's last legal state, and putting it back.

Every write the workflow makes to a request (the API's transitions, the timed steps, a restoration,
an override's acceptance) also writes a copy of the whole document as it leaves it, in the same
atomic write (`customizationRequests/{id}/private/state`): the copy then has the write's own commit
time. So the event trigger tells the workflow's writes from writes around the API by that copy, not
by what a write looks like: a write that leaves the request out of step with the copy written
before it is no write of the workflow, however legal it looks. Such a write is put back to the copy
(once, and whatever else was written since: a rollback waits for nothing but the request being
out of step), and a later action waits (409) until it is; one that carries a fresh admin override
marker with a reason is taken as the new legal state instead.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .records import Record, merged

# What only a transition may change: who the request belongs to, who works on it, where it is.
LIFECYCLE_FIELDS = ("status", "customerId", "designerId")
# What else only the workflow writes: the version, the stage's due time and timer, the overdue
# flag, how many rounds of changes it includes. A write that changes any of them without being a
# transition or a timed step is a violation; a later action waits until they agree again.
STAGE_FIELDS = ("dueAt", "claimBy", "overdue", "timer", "revisionLimit")
GUARDED_FIELDS = (*LIFECYCLE_FIELDS, "version", *STAGE_FIELDS)
OVERRIDE_FIELD = "adminOverride"  # the documented marker of a deliberate write around the API
RESTORED_FIELD = "restored"  # set by a rollback: {from: the violation's key, at}
MAX_REASON_CHARS = 2000


class Standing(enum.StrEnum):
    """What a write to a request is to its legal copy, as the trigger reads the copy."""

    UNKNOWN = "unknown"  # no copy: a request older than the copies, or created around the API
    IN_STEP = "in step"  # the copy was written with it, or agrees with it: the workflow's write
    SUPERSEDED = "superseded"  # out of step with a copy written after it: known by its shape only
    ASTRAY = "astray"  # out of step with the copy written before it: written around the API


def standing(
    after: dict[str, Any], legal: dict[str, Any] | None, legal_at: datetime | None, written_at: datetime
) -> Standing:
    """Where a write (its image `after`, its commit time) stands to the request's legal copy as it
    is now (`legal`, written at `legal_at`)."""
    if legal is None:
        return Standing.UNKNOWN
    if legal_at == written_at or in_step(after, legal):
        return Standing.IN_STEP
    if legal_at is not None and legal_at > written_at:
        return Standing.SUPERSEDED
    return Standing.ASTRAY


def guarded_changed(before: dict[str, Any] | None, after: dict[str, Any]) -> bool:
    """Whether a write changed anything the workflow guards (a creation always does)."""
    return before is None or any(before.get(f) != after.get(f) for f in GUARDED_FIELDS)


def in_step(doc: dict[str, Any], legal: dict[str, Any] | None) -> bool:
    """Whether a request says what its last legal state says of everything the workflow guards
    (no copy yet: a request older than the copies, taken as it is)."""
    return legal is None or all(doc.get(f) == legal.get(f) for f in GUARDED_FIELDS)


def astray(doc: dict[str, Any], legal: dict[str, Any]) -> bool:
    """Whether a request is to be put back to its legal state: it is out of step with it, and holds
    no fresh admin override (that override's own trigger makes the request as it stands legal)."""
    return not in_step(doc, legal) and override_of(legal, doc) is None


def restoration(legal: dict[str, Any], violation_key: str, now: datetime) -> dict[str, Any]:
    """The request as a rollback writes it: its last legal state, marked as restored (so the
    trigger knows the write for what it is), with the violation it undid."""
    return {**legal, RESTORED_FIELD: {"from": violation_key, "at": now}}


def override_of(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, str] | None:
    """The admin override marker a write brings, if it is a fresh one with a reason: a map
    `adminOverride` {`reason` (required, not blank), `by` (who, optional)} that the document did
    not hold before. Anything else is no override."""
    marker = (after or {}).get(OVERRIDE_FIELD)
    if not isinstance(marker, dict) or marker == (before or {}).get(OVERRIDE_FIELD):
        return None
    reason, by = marker.get("reason"), marker.get("by", "")
    if not isinstance(reason, str) or not reason.strip() or not isinstance(by, str):
        return None
    return {"reason": reason.strip()[:MAX_REASON_CHARS], "by": by[:200]}


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, Any]:
    """What a write changed, as the audit trail keeps it: field -> the value it wrote (None for a
    field it deleted)."""
    before, after = before or {}, after or {}
    return {k: plain(after.get(k)) for k in sorted(set(before) | set(after)) if before.get(k) != after.get(k)}


def plain(value: Any) -> Any:
    """A stored value as JSON can show it (times kept; anything exotic as its text)."""
    if value is None or isinstance(value, str | int | float | bool | datetime):
        return value
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return str(value)


@dataclass(frozen=True)
class Rollback:
    """What putting a request back writes: `document`, the request as it legally stood (written over
    the request and into its legal copy at once), or None: delete the request (one created around
    the API, with nothing legal to go back to)."""

    document: dict[str, Any] | None


def rollback(  # noqa: PLR0913 - what was read, which write it answers, what it undoes
    current: Record | None,
    legal: dict[str, Any] | None,
    written_at: datetime,
    before: dict[str, Any] | None,
    *,
    violation_key: str,
    now: datetime,
) -> Rollback | None:
    """What to write to put a request (`current` with its update time; None: gone) back to its
    legal copy (`legal`; None: none), read together; None: nothing. Only if it is out of step with
    that state and holds no override not accepted yet: a rollback happens once, whatever was
    written since, and never over a legal write. A request older than the legal copies goes back
    to `before` (its image before the write), one created around the API to nothing: only if it is
    still as the write at `written_at` left it."""
    if current is None:
        return None
    if legal is not None:
        if not astray(current.data, legal):
            return None  # back already, or an override whose own trigger accepts it
        state = legal
    elif current.update_time != written_at:
        return None  # undone already, or written since: that write's own trigger decides
    elif before is not None:
        state = {k: v for k, v in before.items() if k != "id"}
    else:
        return Rollback(None)
    return Rollback(restoration(state, violation_key, now))


@dataclass(frozen=True)
class Acceptance:
    """What accepting an admin override writes: `changes` onto the request and `legal` as its copy,
    at once; `handled_version`, when the changes start a new stage, is the version whose event this
    acceptance is (marked processed in the same write: there is no other event of it)."""

    changes: dict[str, Any]
    legal: dict[str, Any]
    handled_version: Any | None


def acceptance(
    current: dict[str, Any] | None,
    legal: dict[str, Any] | None,
    marker: Any,
    restage: Callable[[dict[str, Any]], dict[str, Any]],
) -> Acceptance | bool:
    """Whether a request (`current`; None: gone) that holds this admin override marker is to be
    made its legal state as it stands, given its copy (`legal`; None: none), read together: the
    writes to make (with what `restage` gives for it, domain.workflow.restage), or True when the
    copy holds that marker already (accepted: nothing to write), or False (gone, or a later
    override since: that one is for its own trigger). A later override, or its acceptance, is
    never overtaken."""
    if current is None:
        return False
    if (legal or {}).get(OVERRIDE_FIELD) == marker:
        return True  # accepted already
    if current.get(OVERRIDE_FIELD) != marker:
        return False  # another override since: that one is for its own trigger
    changes = restage(dict(current))
    return Acceptance(changes, merged(current, changes), changes.get("version"))
