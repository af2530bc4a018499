"""The event a write to a request means, and what handling it causes.

The event comes from the document's before/after images and its `lastEvent`, checked against the
lifecycle table; a write the table forbids is a violation. Every effect is keyed by
`{requestId}-v{version}`, so a trigger delivered twice (the emulator does it; production retries)
can be recognised and change nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from . import lifecycle
from .lifecycle import Event, Status

VIOLATION = "violation"
# What only a transition may change: who the request belongs to, who works on it, where it is.
LIFECYCLE_FIELDS = ("status", "customerId", "designerId")


@dataclass(frozen=True)
class Occurrence:
    """One derived event: what happened to which request, by whom, at which version."""

    request_id: str
    event: Event | None  # None for a violation: a write the state machine does not allow
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    key: str  # deterministic: the same write always gives the same key
    actor_id: str
    at: datetime
    reason: str = ""

    @property
    def name(self) -> str:
        """The event name, or `violation`."""
        return self.event.value if self.event else VIOLATION

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


def _violation_key(request_id: str, after: dict[str, Any] | None, written_at: datetime) -> str:
    # Two bad writes may share a version; the write time tells them apart, and is the same on
    # every delivery of one write.
    version = (after or {}).get("version", "deleted")
    return f"{request_id}-v{version}-violation-{int(written_at.timestamp() * 1_000_000)}"


def derive(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None, written_at: datetime
) -> Occurrence | None:
    """The event a write to a request means, a violation for a write the table forbids, or None
    for a write that is no transition at all (nothing changed that the lifecycle cares about).

    written_at is the write's update time (the event time for a deletion): the same on redelivery.
    """
    if before is None and after is None:
        return None
    last = (after or {}).get("lastEvent") or {}
    actor = str(last.get("actorId", ""))
    at = last.get("at") or written_at
    version = int((after or {}).get("version", 0))
    if before is not None and after is not None and before.get("version") == after.get("version"):
        moved = [f for f in LIFECYCLE_FIELDS if before.get(f) != after.get(f)]
        if not moved:
            return None  # a write outside the lifecycle that left it alone (say, files purged)
        return Occurrence(
            request_id,
            None,
            before,
            after,
            f"{request_id}-w{written_at.timestamp():.6f}",
            actor,
            written_at,
            f"{', '.join(moved)} changed without a version bump",
        )
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
