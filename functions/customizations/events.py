"""The event bus, Firebase-native: each write to a request becomes at most one event, handled by a
registry of handlers whose effects are committed together.

The event comes from the document's before/after images and its `lastEvent`, checked against the
state-machine table. Every side effect is keyed by `{requestId}-v{version}` and committed in one
write with a marker of that key, so a trigger delivered twice (the emulator does it; production
retries) changes nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

from firebase_functions import logger

from . import state_machine as sm
from .state_machine import Event, Status

VIOLATION = "violation"


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
        if before.get("status") == after.get("status"):
            return None  # a write outside the lifecycle that left it alone
        return Occurrence(
            request_id,
            None,
            before,
            after,
            f"{request_id}-w{written_at.timestamp():.6f}",
            actor,
            written_at,
            "status changed without a version bump",
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
    edge = sm.edge_for_event(event, _status(before), to_status) if event and to_status else None
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


W = TypeVar("W")
Handler = Callable[[Occurrence, W], None]  # stages what the occurrence should write into W


class EventBus(Generic[W]):
    """Event -> handlers, then one commit of all they staged, so an event's effects land together
    or not at all.

    Every handler runs even if one fails (each failure is logged); the commit happens only when
    all succeeded, so a failure means nothing was written and a redelivery starts afresh.
    """

    def __init__(
        self,
        handlers: dict[str, list[Handler[W]]],
        begin: Callable[[], W],
        commit: Callable[[Occurrence, W], None],
    ) -> None:
        self._handlers = handlers
        self._begin = begin
        self._commit = commit

    def handlers_for(self, occurrence: Occurrence) -> list[Handler[W]]:
        """The handlers registered for this occurrence's event (or for violations)."""
        return self._handlers.get(occurrence.name, [])

    def dispatch(self, occurrence: Occurrence) -> list[Exception]:
        """Stage, then commit; the failures, so that the caller can ask for a retry."""
        work = self._begin()
        failures: list[Exception] = []
        for handler in self.handlers_for(occurrence):
            _run(handler, occurrence, work, failures)
        if not failures:
            _run(self._commit, occurrence, work, failures)
        return failures


def _run(
    step: Callable[[Occurrence, W], None], occurrence: Occurrence, work: W, failures: list[Exception]
) -> None:
    try:
        step(occurrence, work)
    except Exception as exc:  # noqa: BLE001 - isolate each step, retry the event
        logger.error(
            "Event handler failed",
            handler=getattr(step, "__qualname__", repr(step)),
            event=occurrence.name,
            key=occurrence.key,
            error=repr(exc),
        )
        failures.append(exc)


class HandlerFailed(Exception):
    """Raised after dispatch when a handler failed, so that the platform redelivers the event."""
