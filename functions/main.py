"""Cloud Functions entry points and how each is deployed (docs/architecture.md says why each option)."""

import os
from datetime import timedelta
from typing import Any

from customizations import bootstrap, jobs, settings
from firebase_functions import firestore_fn, https_fn, options, scheduler_fn, tasks_fn
from firebase_functions.logger import info

REGION = "us-central1"
THREADS = 8  # the server threads per instance: THREADS in functions/.env says the same
CPU = 1
DAILY_TIMEOUT = 1800  # seconds
JOB_MARGIN = 120  # seconds a paging job leaves itself to finish its last page and log
DIGEST_TIMEOUT = 1800  # seconds: an hourly job, one at a time
API_TIMEOUT = 60  # seconds: what Hosting's rewrite waits for a function at most (docs/architecture.md)

options.set_global_options(region=REGION, cpu=CPU, service_account=settings.SERVICE_ACCOUNT)


@https_fn.on_request(
    memory=options.MemoryOption.MB_512,
    concurrency=THREADS,
    timeout_sec=API_TIMEOUT,
    min_instances=settings.API_MIN_INSTANCES,
    max_instances=100,
)
def api(req: https_fn.Request) -> https_fn.Response:
    """The HTTP API (the routes are in customizations/api/routes.py)."""
    app = bootstrap.http_app.get()
    with app.request_context(req.environ):
        return app.full_dispatch_request()


def _retried(function: Any) -> Any:
    """Deploy an event function with retries on: the Python SDK's Firestore decorators have no
    `retry` option yet (an open request on firebase-functions-python), so set it in the manifest."""
    function.__firebase_endpoint__.eventTrigger["retry"] = True
    return function


@_retried
@firestore_fn.on_document_written(
    document="customizationRequests/{requestId}",
    memory=options.MemoryOption.MB_512,
    concurrency=THREADS,
    timeout_sec=60,
    max_instances=50,
)
def on_request_written(
    event: firestore_fn.Event[firestore_fn.Change[firestore_fn.DocumentSnapshot | None]],
) -> None:
    """Fan each request write out to the audit trail, revisions, notifications and counters."""
    if jobs.too_old_to_retry(event.time, event.id):
        return
    before, after = event.data.before, event.data.after
    jobs.handle_request_write(
        event.params["requestId"],
        before.to_dict() if before is not None and before.exists else None,
        after.to_dict() if after is not None and after.exists else None,
        after.update_time if after is not None and after.exists else event.time,
    )


def _said(
    event_name: str, event: firestore_fn.Event[firestore_fn.DocumentSnapshot | None], doc_param: str
) -> None:
    if jobs.too_old_to_retry(event.time, event.id):
        return
    snapshot = event.data
    if snapshot is None or not snapshot.exists:
        return
    jobs.handle_said(
        event_name, event.params["requestId"], event.params[doc_param], snapshot.to_dict() or {}, event.time
    )


def _on_created(document: str) -> Any:
    """A retried trigger on a document's creation, deployed like the request trigger."""
    created = firestore_fn.on_document_created(
        document=document,
        memory=options.MemoryOption.MB_512,
        concurrency=THREADS,
        timeout_sec=60,
        max_instances=50,
    )
    return lambda function: _retried(created(function))


@_on_created("customizationRequests/{requestId}/messages/{messageId}")
def on_message_posted(event: firestore_fn.Event[firestore_fn.DocumentSnapshot | None]) -> None:
    """Tell the other party of a message in a request's thread (same fan-out as the lifecycle)."""
    _said("customization.message.posted", event, "messageId")


@_on_created("customizationRequests/{requestId}/comments/{commentId}")
def on_comment_added(event: firestore_fn.Event[firestore_fn.DocumentSnapshot | None]) -> None:
    """Tell the other party of a comment pinned to a design (same fan-out as the lifecycle)."""
    _said("customization.comment.added", event, "commentId")


def _invoked_by(account: str) -> Any:
    """Let only `account` enqueue and invoke a task queue function (the CLI grants it the queue's
    enqueuer role and the service's invoker role at deploy): the SDK takes `invoker` but leaves it
    out of the manifest, so set it there."""

    def declare(function: Any) -> Any:
        function.__firebase_endpoint__.taskQueueTrigger["invoker"] = [account]
        return function

    return declare


# firebase-admin names the functions' own account as each task's OIDC identity: the one that invokes.
@_invoked_by(settings.SERVICE_ACCOUNT)
@tasks_fn.on_task_dispatched(
    invoker=[settings.SERVICE_ACCOUNT],
    retry_config=options.RetryConfig(
        max_attempts=10, min_backoff_seconds=10, max_backoff_seconds=600, max_doublings=5
    ),
    # At most what the function's instances take at once (20 x THREADS): more would be refused by
    # Cloud Run with a 429, each spending one of the task's attempts.
    rate_limits=options.RateLimits(max_concurrent_dispatches=160, max_dispatches_per_second=500),
    memory=options.MemoryOption.MB_512,
    concurrency=THREADS,
    timeout_sec=60,
    max_instances=20,
)
def timers(request: tasks_fn.CallableRequest[Any]) -> str:
    """Take one timed step of a request's stage: a reminder, the overdue mark, a last warning, the
    approval window's default outcome, or the release of a stale claim (customizations/services/
    timers.py); a step no longer due does nothing."""
    return jobs.run_timer(request.data)


def _daily(at: str) -> Any:
    """A job run once a day at this UTC time, one at a time, retried twice."""
    return scheduler_fn.on_schedule(
        schedule=f"every day {at}",
        timezone=scheduler_fn.Timezone("UTC"),
        memory=options.MemoryOption.GB_1,
        timeout_sec=DAILY_TIMEOUT,
        concurrency=1,
        max_instances=1,
        retry_count=2,
    )


@_daily("03:00")
def reconcile_counters(event: scheduler_fn.ScheduledEvent) -> None:
    """Repair designers' loads that drifted from a recount of their requests."""
    corrections = jobs.reconcile_counters()
    info("Counters reconciled", scopes_corrected=len(corrections))


@scheduler_fn.on_schedule(
    schedule="0 * * * *",
    timezone=scheduler_fn.Timezone("UTC"),
    memory=options.MemoryOption.MB_512,
    timeout_sec=DIGEST_TIMEOUT,
    concurrency=1,
    max_instances=1,
    retry_count=2,
)
def send_digests(event: scheduler_fn.ScheduledEvent) -> None:
    """Mail each hourly (and, at 08:00 UTC, daily) digest due: once per person and period."""
    sent = jobs.send_digests(event.schedule_time, DIGEST_TIMEOUT - JOB_MARGIN)
    info("Digests sent", **sent)


@scheduler_fn.on_schedule(
    schedule="every 5 minutes",
    timezone=scheduler_fn.Timezone("UTC"),
    memory=options.MemoryOption.MB_512,
    timeout_sec=300,
    concurrency=1,
    max_instances=1,
)
def refresh_statistics(event: scheduler_fn.ScheduledEvent) -> None:
    """Recount the global figures and cache them (admins read the cache; STATS_MAX_AGE_SECONDS)."""
    figures = jobs.refresh_statistics()
    info("Statistics refreshed", total=figures.get("total"))


@_daily("05:00")
def catch_up_timers(event: scheduler_fn.ScheduledEvent) -> None:
    """Take every timed step an hour or more late (a task that was never scheduled or ran out of
    retries), each as a task of its own: what scripts/run-timers does on the local stack. Pages
    through the open requests until JOB_MARGIN before its timeout (the next day's run reads from the
    start again: what was left is still late then)."""
    late = timedelta(hours=1)
    caught = jobs.run_due_timers("catchup", late_by=late, seconds=DAILY_TIMEOUT - JOB_MARGIN)
    info("Timers caught up", steps=len(caught))


@_daily("04:00")
def clean_up_files(event: scheduler_fn.ScheduledEvent) -> None:
    """Delete uploads never attached to a request, and files of long-cancelled requests."""
    removed = jobs.clean_up_files(DAILY_TIMEOUT - JOB_MARGIN)
    info("Files cleaned up", **removed)


# What this instance's function runs first, imported (for the API, its routes built too) while the
# instance starts, not by its first call: Cloud Functions and the emulator name the function an
# instance serves in FUNCTION_TARGET. No client, no I/O.
bootstrap.prepare(
    os.environ.get("FUNCTION_TARGET", ""),
    api={"api"},
    events={"on_request_written", "on_message_posted", "on_comment_added"},
)
