"""Cloud Functions entry points and how each is deployed; wiring only. The code lives in the
`customizations` package (see customizations/bootstrap.py for how it is put together).

Why each option (checked against the deploy manifest by tests/unit/test_deploy_manifest.py):
- Every function gets 1 vCPU: Cloud Run refuses concurrency above 1 with less, and the SDK's default
  ("gcf_gen1") would size CPU from memory (0.17 vCPU for 256 MiB) and so allow one call at a time.
- THREADS (functions/.env, read by the functions framework's server) and CONCURRENCY are the same
  number, so Cloud Run sends an instance only as many calls as it has threads to run them and scales
  out for the rest, instead of queueing them inside.
- The API buffers at most a 32 MiB body per call (uploads spool to /tmp, which is memory on Cloud
  Run): 8 x 32 MiB plus the runtime's ~110 MiB fits 512 MiB with room to spare (bench/run.py
  measures 8 concurrent largest uploads). It keeps API_MIN_INSTANCES warm, because a user meets its
  cold start; max_instances caps what a flood can cost.
- The request trigger reads a few documents and commits one batch of at most a handful of writes
  (every designer is told by one topic push, not a document each): 60 s is ample. It is retried on
  failure (for up to a day, until EVENT_MAX_AGE_HOURS, after which it is dropped and logged).
- The hourly digests and the daily jobs run one at a time, for up to 30 minutes (Cloud Scheduler's
  most); the clean-up and the digests page through their backlog until JOB_MARGIN before that, and
  the next run goes on (a digest is sent once per person and period: a retried run sends none
  twice). The statistics
  refresh recounts every request (aggregations) every 5 minutes, within 5 minutes.
"""

import os
from typing import Any

from customizations import bootstrap, settings
from firebase_functions import firestore_fn, https_fn, options, scheduler_fn
from firebase_functions.logger import info

REGION = "us-central1"
THREADS = 8  # the server threads per instance: THREADS in functions/.env says the same
CPU = 1
DAILY_TIMEOUT = 1800  # seconds
JOB_MARGIN = 120  # seconds a paging job leaves itself to finish its last page and log
DIGEST_TIMEOUT = 1800  # seconds: an hourly job, one at a time

options.set_global_options(region=REGION, cpu=CPU)


@https_fn.on_request(
    memory=options.MemoryOption.MB_512,
    concurrency=THREADS,
    timeout_sec=120,
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
    `retry` option yet (firebase/firebase-functions-python#165), so set it in the manifest."""
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
    if bootstrap.too_old_to_retry(event.time, event.id):
        return
    before, after = event.data.before, event.data.after
    bootstrap.handle_request_write(
        event.params["requestId"],
        before.to_dict() if before is not None and before.exists else None,
        after.to_dict() if after is not None and after.exists else None,
        after.update_time if after is not None and after.exists else event.time,
    )


def _said(
    event_name: str, event: firestore_fn.Event[firestore_fn.DocumentSnapshot | None], doc_param: str
) -> None:
    if bootstrap.too_old_to_retry(event.time, event.id):
        return
    snapshot = event.data
    if snapshot is None or not snapshot.exists:
        return
    bootstrap.handle_said(
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
    corrections = bootstrap.reconcile_counters()
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
    sent = bootstrap.send_digests(event.schedule_time, DIGEST_TIMEOUT - JOB_MARGIN)
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
    figures = bootstrap.refresh_statistics()
    info("Statistics refreshed", total=figures.get("total"))


@_daily("04:00")
def clean_up_files(event: scheduler_fn.ScheduledEvent) -> None:
    """Delete uploads never attached to a request, and files of long-cancelled requests."""
    removed = bootstrap.clean_up_files(DAILY_TIMEOUT - JOB_MARGIN)
    info("Files cleaned up", **removed)


# What this instance's function runs first, imported (for the API, its routes built too) while the
# instance starts, not by its first call: Cloud Functions and the emulator name the function an
# instance serves in FUNCTION_TARGET. No client, no I/O (README, Performance).
bootstrap.prepare(
    os.environ.get("FUNCTION_TARGET", ""),
    api={"api"},
    events={"on_request_written", "on_message_posted", "on_comment_added"},
)
