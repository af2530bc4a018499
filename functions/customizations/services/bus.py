"""The event bus: a write becomes at most one event, whose handlers stage their effects, then one
commit writes them all, so an event's effects land together or not at all."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from firebase_functions import logger

from ..domain.events import Occurrence, derive, said
from ..domain.lifecycle import Event
from ..domain.notices import recipient_ids
from ..domain.records import Record, is_document_id
from .ports import LegalState, RequestLookup

type Handler[W] = Callable[[Occurrence, W], None]  # stages what the occurrence should write into W


class HandlerFailed(Exception):
    """Raised after dispatch when a handler failed, so that the platform redelivers the event."""


class EventBus[W]:
    """Event -> handlers, then one commit of all they staged.

    Every handler runs even if one fails (each failure is logged); the commit happens only when
    all succeeded, so a failure means nothing was written and a redelivery starts afresh.
    """

    def __init__(
        self,
        handlers: dict[str, list[Handler[W]]],
        begin: Callable[[], W],
        commit: Callable[[Occurrence, W], None],
        describe: Callable[[W], dict[str, Any]] = lambda _work: {},
    ) -> None:
        self._handlers = handlers
        self._begin = begin
        self._commit = commit
        self._describe = describe  # what the staged work writes, for the event's log line

    def handlers_for(self, occurrence: Occurrence) -> list[Handler[W]]:
        """The handlers registered for this occurrence's event (or for violations)."""
        return self._handlers.get(occurrence.name, [])

    def dispatch(self, occurrence: Occurrence) -> list[Exception]:
        """Stage, then commit; the failures, so that the caller can ask for a retry. Logs one line
        per event (its name, handlers, writes, latency): the fan-out's cost as a log-based metric."""
        started = time.monotonic()
        work = self._begin()
        failures: list[Exception] = []
        handlers = self.handlers_for(occurrence)
        for handler in handlers:
            _run(handler, occurrence, work, failures)
        if not failures:
            _run(self._commit, occurrence, work, failures)
        logger.info(
            "Event handled" if not failures else "Event failed",
            event=occurrence.name,
            key=occurrence.key,
            handlers=[getattr(h, "__name__", repr(h)) for h in handlers],
            failures=len(failures),
            latencyMs=round(1000 * (time.monotonic() - started), 1),
            **self._describe(work),
        )
        return failures


def _run[W](
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


def expired(event_time: datetime, now: datetime, max_age: timedelta, event_id: str) -> bool:
    """Whether an event is too old to handle (logged, so that a dropped event is seen)."""
    age = now - event_time
    if age <= max_age:
        return False
    logger.error(
        "Event dropped: older than its retries may run", eventId=event_id, ageHours=age / timedelta(hours=1)
    )
    return True


def told_by_name(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None, written_at: datetime
) -> set[str]:
    """Whom the event of this write tells by name, if the write is the workflow's own (as its
    shape says): the profiles to read with the request's legal copy (handle_write's `people`).
    A hint that never fails: a write the copy judges otherwise is told to others or to nobody,
    and the fan-out reads whom the hint missed; a write around the API may hold anything, so
    what its shape cannot be judged by, or no document id names, is read by nobody here."""
    try:
        occurrence = derive(request_id, before, after, written_at)
    except (TypeError, ValueError, KeyError, AttributeError):  # a malformed write: judged by the copy
        return set()
    told = recipient_ids(occurrence) if occurrence is not None else set()
    return {uid for uid in told if is_document_id(uid)}


def handle_write(  # noqa: PLR0913 - the write, the legal copy to judge it by, who it names
    bus: EventBus[Any],
    request_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    written_at: datetime,
    *,
    legal: Record | None = None,
    people: dict[str, dict[str, Any] | None] | None = None,
) -> Occurrence | None:
    """Derive the event of one write (by the request's legal copy as read now, if given: see
    domain.integrity) and dispatch it; raise if a handler failed, so it is retried. `people`: the
    profiles of those its event tells by name, read with the copy (Occurrence.people)."""
    occurrence = derive(request_id, before, after, written_at, legal)
    if occurrence is None:
        return None
    if people is not None:
        occurrence = dataclasses.replace(occurrence, people=people)
    failures = bus.dispatch(occurrence)
    if failures:
        raise HandlerFailed(f"{len(failures)} handler(s) failed for {occurrence.key}")
    return occurrence


def handle_request_write(  # noqa: PLR0913, PLR0917 - the trigger's bus and store, and the write
    bus: EventBus[Any],
    store: LegalState,
    request_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    written_at: datetime,
) -> Occurrence | None:
    """The request trigger's work: derive the write's event, by the request's legal copy as it is
    now (read with the profiles of those its event tells by name, as the write's shape says), and
    dispatch it; raise if a handler failed, so it is retried. A deletion has no copy to read."""
    if after is None:
        return handle_write(bus, request_id, before, after, written_at)
    told = told_by_name(request_id, before, after, written_at)
    legal, people = store.legal_and_people(request_id, told)
    return handle_write(bus, request_id, before, after, written_at, legal=legal, people=people)


def handle_said(  # noqa: PLR0913, PLR0917 - the trigger's bus and store, and what was posted
    bus: EventBus[Any],
    store: RequestLookup,
    event_name: str,
    request_id: str,
    doc_id: str,
    doc: dict[str, Any],
    written_at: datetime,
) -> Occurrence | None:
    """A message's or comment's trigger work: tell the other party through the fan-out; raise if a
    handler failed, so it is retried. A request gone meanwhile tells no one."""
    request = store.request(request_id)
    if request is None:
        return None
    words = {k: doc.get(k) for k in ("authorId", "authorName", "text", "revision")}
    occurrence = said(Event(event_name), request, {**words, "id": doc_id}, doc.get("createdAt") or written_at)
    failures = bus.dispatch(occurrence)
    if failures:
        raise HandlerFailed(f"{len(failures)} handler(s) failed for {occurrence.key}")
    return occurrence
