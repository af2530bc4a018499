"""What each entry point of main.py runs, on the graph bootstrap builds: the triggers' work, the
timed steps and the scheduled jobs."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from . import bootstrap, settings
from .adapters import clock


def too_old_to_retry(event_time: datetime, event_id: str) -> bool:
    """Whether a request event is past EVENT_MAX_AGE_HOURS: then it is logged and dropped, so a
    poison event stops coming back (the daily reconciliation repairs what it would have counted)."""
    from .services.bus import expired

    max_age = timedelta(hours=settings.EVENT_MAX_AGE_HOURS.value)
    return expired(event_time, clock.platform_now(), max_age, event_id)


def handle_request_write(
    request_id: str, before: dict[str, Any] | None, after: dict[str, Any] | None, written_at: datetime
) -> None:
    """The request trigger's work (services.bus.handle_request_write), on Firestore (raises to be
    retried)."""
    from .services.bus import handle_request_write as handle

    found = bootstrap.graph.get()
    handle(found.bus, found.stores.fanout, request_id, before, after, written_at)


def handle_said(
    event_name: str, request_id: str, doc_id: str, doc: dict[str, Any], written_at: datetime
) -> None:
    """A message or comment posted about a request: the trigger's work (services.bus.handle_said),
    on Firestore (raises to be retried)."""
    from .services.bus import handle_said as handle

    found = bootstrap.graph.get()
    handle(found.bus, found.stores.fanout, event_name, request_id, doc_id, doc, written_at)


def reconcile_counters() -> dict[str, dict[str, float]]:
    """Repair designers' loads that drifted from a recount; the corrections made."""
    from .services.reports import reconcile_loads

    margin = timedelta(seconds=settings.RECONCILE_MARGIN_SECONDS.value)
    # Firestore's read times: the platform's clock (a moved local clock would read the future).
    return reconcile_loads(bootstrap.graph.get().stores.stats, clock.platform_now(), margin)


def refresh_statistics() -> dict[str, Any]:
    """Count the global figures now and cache them."""
    return bootstrap.graph.get().services.reports.global_figures(refresh=True)


def clean_up_files(seconds: float) -> dict[str, int]:
    """Delete the files nobody needs any more, for at most that long; how many of each kind."""
    found = bootstrap.graph.get()
    return found.services.uploads.clean_up(until=found.now() + timedelta(seconds=seconds))


def send_digests(scheduled: datetime, seconds: float) -> dict[str, int]:
    """Send the email digests due at the scheduled time, for at most that long; how many."""
    found = bootstrap.graph.get()
    return found.digests().send_due(scheduled, until=found.now() + timedelta(seconds=seconds))


def run_timer(payload: dict[str, Any]) -> str:
    """Take the timed step a task carries (raises to be retried); what it came to. A payload that is
    no step is logged and answered, never retried."""
    from firebase_functions import logger

    from .errors import AppError, ErrorCode

    try:
        return bootstrap.graph.get().services.timers.run(payload)
    except AppError as exc:
        if exc.code is not ErrorCode.VALIDATION_ERROR:
            raise
        logger.error("Not a timed step", error=exc.message)
        return "invalid"


def run_due_timers(
    tag: str, late_by: timedelta = timedelta(0), seconds: float | None = None
) -> list[dict[str, Any]]:
    """Have every timed step due by now (late by that much at least) taken, each as a task of its
    own: what scripts/run-timers runs on the local stack, and the daily catch-up in production
    (for at most `seconds`: what is left is the next run's)."""
    found = bootstrap.graph.get()
    until = found.now() + timedelta(seconds=seconds) if seconds is not None else None
    return [due.payload() for due in found.services.timers.run_due(tag, late_by, until)]


def sync_directory() -> dict[str, int]:
    """Bring every profile in step with Auth (roles set outside the API); how many."""
    return bootstrap.graph.get().services.users.sync_directory()
