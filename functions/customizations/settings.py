"""What a deployment sets: Firebase parameters, declared here so that `firebase deploy` asks for
them (or reads them from functions/.env) and records them; the emulator reads functions/.env.local
over them. Declared when main.py is imported, read (`.value`) only when first used.

Production values are in functions/.env (the defaults below are the same, for code run without
one); the local stack's, high enough that a benchmark or a soak is never throttled, are in
functions/.env.local (tests/unit/test_settings.py keeps the three in step).
"""

from __future__ import annotations

from firebase_functions.params import BoolParam, IntParam, ListParam, StringParam

from .domain.quotas import PRODUCTION, Quotas

EMAIL_NOTIFICATIONS = BoolParam(
    "EMAIL_NOTIFICATIONS",
    default=False,
    description="Queue mail with each notification, for the Trigger Email extension (extensions/)",
)
CORS_ORIGINS = ListParam(
    "CORS_ORIGINS",
    default=[],
    description="Web origins that may call the API directly (none: same origin through Hosting's /api)",
)
DESIGNS_BUCKET = StringParam(
    "DESIGNS_BUCKET",
    default="",
    description="Bucket for design files (empty: the project's default bucket, from FIREBASE_CONFIG)",
)
API_MIN_INSTANCES = IntParam(
    "API_MIN_INSTANCES",
    default=1,
    description="API instances kept warm, so that no user's first call waits for a cold start",
)
STATS_MAX_AGE_SECONDS = IntParam(
    "STATS_MAX_AGE_SECONDS",
    default=600,
    description="Admins' global figures are cached this long (recounted every 5 minutes by a schedule)",
)
RECONCILE_MARGIN_SECONDS = IntParam(
    "RECONCILE_MARGIN_SECONDS",
    default=600,
    description="The reconciliation compares loads with recounts as of this long ago (events settled)",
)
LIVE_READS = StringParam(
    "LIVE_READS",
    default="products",
    description="Reads by id held current by listeners: products, all (requests too) or off "
    "(bench/live_reads.py: requests never pay off in production)",
)
MESSAGES_CLOSE_AFTER_DAYS = IntParam(
    "MESSAGES_CLOSE_AFTER_DAYS",
    default=14,
    description="A completed or cancelled request's thread takes new messages this many days more",
)
UNATTACHED_UPLOADS_KEPT_HOURS = IntParam(
    "UNATTACHED_UPLOADS_KEPT_HOURS",
    default=24,
    description="An upload no request took is deleted after this many hours (the daily clean-up)",
)
CANCELLED_FILES_KEPT_DAYS = IntParam(
    "CANCELLED_FILES_KEPT_DAYS",
    default=30,
    description="A cancelled request's files are deleted after this many days (the request stays)",
)
EVENT_MAX_AGE_HOURS = IntParam(
    "EVENT_MAX_AGE_HOURS",
    default=6,
    description="A request event still failing after this long is logged and dropped (its retries stop)",
)

QUOTA_REQUESTS_PER_HOUR = IntParam(
    "QUOTA_REQUESTS_PER_HOUR",
    default=PRODUCTION.requests_per_hour.limit,
    description="Requests one user may create per UTC hour (429 RATE_LIMITED past it)",
)
QUOTA_UPLOAD_BYTES_PER_DAY = IntParam(
    "QUOTA_UPLOAD_BYTES_PER_DAY",
    default=PRODUCTION.upload_bytes_per_day.limit,
    description="Bytes one user may upload per UTC day, resumable sessions counted at their declared size",
)
QUOTA_OPEN_SESSIONS = IntParam(
    "QUOTA_OPEN_SESSIONS",
    default=PRODUCTION.open_sessions.limit,
    description="Resumable upload sessions one user may have open at once",
)
QUOTA_ROLE_CHANGES_PER_HOUR = IntParam(
    "QUOTA_ROLE_CHANGES_PER_HOUR",
    default=PRODUCTION.role_changes_per_hour.limit,
    description="Roles one admin may set per UTC hour",
)


QUOTA_SAID_PER_HOUR = IntParam(
    "QUOTA_SAID_PER_HOUR",
    default=PRODUCTION.said_per_hour.limit,
    description="Messages and comments one user may post per UTC hour",
)


def quotas() -> Quotas:
    """The quotas this deployment runs with."""
    return Quotas.of(
        QUOTA_REQUESTS_PER_HOUR.value,
        QUOTA_UPLOAD_BYTES_PER_DAY.value,
        QUOTA_OPEN_SESSIONS.value,
        QUOTA_ROLE_CHANGES_PER_HOUR.value,
        QUOTA_SAID_PER_HOUR.value,
    )
