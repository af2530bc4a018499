"""Cloud Functions entry points; wiring only. The code lives in the `customizations` package."""

from typing import Any

from customizations import bootstrap
from firebase_functions import firestore_fn, https_fn, options, scheduler_fn
from firebase_functions.logger import info

options.set_global_options(region="us-central1", memory=options.MemoryOption.MB_256)


@https_fn.on_request()
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
@firestore_fn.on_document_written(document="customizationRequests/{requestId}")
def on_request_written(
    event: firestore_fn.Event[firestore_fn.Change[firestore_fn.DocumentSnapshot | None]],
) -> None:
    """Fan each request write out to the audit trail, revisions, notifications and counters."""
    before, after = event.data.before, event.data.after
    bootstrap.handle_request_write(
        event.params["requestId"],
        before.to_dict() if before is not None and before.exists else None,
        after.to_dict() if after is not None and after.exists else None,
        after.update_time if after is not None and after.exists else event.time,
    )


@scheduler_fn.on_schedule(schedule="every day 03:00", timezone=scheduler_fn.Timezone("UTC"))
def reconcile_counters(event: scheduler_fn.ScheduledEvent) -> None:
    """Repair statistics counters that drifted from a recount of the requests."""
    corrections = bootstrap.reconcile_counters()
    info("Counters reconciled", scopes_corrected=len(corrections))


@scheduler_fn.on_schedule(schedule="every day 04:00", timezone=scheduler_fn.Timezone("UTC"))
def clean_up_files(event: scheduler_fn.ScheduledEvent) -> None:
    """Delete uploads never attached to a request, and files of long-cancelled requests."""
    removed = bootstrap.clean_up_files()
    info("Files cleaned up", **removed)
