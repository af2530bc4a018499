"""What a deployment sets: Firebase parameters, declared here so that `firebase deploy` asks for
them (or reads them from functions/.env) and records them; the emulator reads functions/.env.local
over them. Declared when main.py is imported, read (`.value`) only when first used.

Production values are in functions/.env (the defaults below are the same, for code run without
one); the local stack's, high enough that a benchmark or a soak is never throttled, are in
functions/.env.local (tests/unit/test_settings.py keeps the three in step).
"""

from __future__ import annotations

from datetime import timedelta

from firebase_functions.params import PROJECT_ID, BoolParam, IntParam, ListParam, StringParam

from .domain.quotas import PRODUCTION, Quotas
from .domain.workflow import Outcome, Sla

EMAIL_NOTIFICATIONS = BoolParam(
    "EMAIL_NOTIFICATIONS",
    default=False,
    description="Queue mail with each notification, for the Trigger Email extension (extensions/)",
)
UNVERIFIED_EMAILS = BoolParam(
    "UNVERIFIED_EMAILS",
    default=False,
    description="Take email addresses Auth has not verified as request contacts and mail recipients "
    "(only for a stack whose users cannot verify theirs: the local one)",
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
FUNCTIONS_SERVICE_ACCOUNT = StringParam(
    "FUNCTIONS_SERVICE_ACCOUNT",
    default="customizations-functions",
    description="The id of the service account every function runs as, in the project "
    "(<id>@<project>.iam.gserviceaccount.com; the roles it needs: docs/operations.md, IAM)",
)
# The account's whole address, as the manifest carries it: the CLI resolves both params at deploy.
# Cloud Scheduler and Cloud Tasks call with this identity, and only it may invoke `timers`.
SERVICE_ACCOUNT = f"{FUNCTIONS_SERVICE_ACCOUNT}@{PROJECT_ID}.iam.gserviceaccount.com"
EVENT_MAX_AGE_HOURS = IntParam(
    "EVENT_MAX_AGE_HOURS",
    default=6,
    description="A request event still failing after this long is logged and dropped (its retries stop)",
)

# The workflow (domain.workflow): the SLA table, the timed steps, revision rounds, routing.
SLA_CLAIM_HOURS = IntParam(
    "SLA_CLAIM_HOURS", default=24, description="Hours a waiting request has to be claimed by a designer"
)
SLA_DELIVER_HOURS = IntParam(
    "SLA_DELIVER_HOURS",
    default=72,
    description="Hours a designer has to deliver a design after a claim (again after each rejection)",
)
SLA_DECIDE_HOURS = IntParam(
    "SLA_DECIDE_HOURS",
    default=72,
    description="Hours the customer has to approve a design or ask for changes",
)
REMINDER_AT_PERCENT = IntParam(
    "REMINDER_AT_PERCENT",
    default=75,
    description="When in a stage (percent of its time) whoever owes the next step is reminded (0: never)",
)
APPROVAL_GRACE_HOURS = IntParam(
    "APPROVAL_GRACE_HOURS",
    default=48,
    description="Hours after the customer's decision was due before the approval window's default outcome",
)
APPROVAL_DEFAULT = StringParam(
    "APPROVAL_DEFAULT",
    default="approve",
    description="What the approval window does with an undecided design: approve, cancel or none",
)
STALE_CLAIM_RELEASE_HOURS = IntParam(
    "STALE_CLAIM_RELEASE_HOURS",
    default=48,
    description="Hours past its due time a claim with no delivery goes back to the queue (0: never)",
)
REVISION_ROUNDS = IntParam(
    "REVISION_ROUNDS",
    default=3,
    description="Rejections a request includes (then 409 REVISION_LIMIT_REACHED, until an admin allows more)",
)
AUTO_ASSIGN = BoolParam(
    "AUTO_ASSIGN",
    default=False,
    description="Route each new request to the available designer with the least active work under capacity",
)
DESIGNER_CAPACITY = IntParam(
    "DESIGNER_CAPACITY",
    default=10,
    description="Active requests a designer takes on until they set their own capacity (PATCH /me)",
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
QUOTA_REFUSALS_PER_10_MINUTES = IntParam(
    "QUOTA_REFUSALS_PER_10_MINUTES",
    default=PRODUCTION.refusals.limit,
    description="Calls of one user refused for their input (body or file) per 10 minutes (then 429)",
)


# The longest a stage's time, or a time after it, may be: a timed step is a Cloud Task, which may
# be scheduled at most 30 days ahead, and the farthest step is a stage's time plus one after it.
MAX_STAGE_HOURS = 14 * 24


def sla() -> Sla:
    """The SLA table and timed rules this deployment runs with (an unknown approval default is
    taken as none: nothing decided for a customer on a typo; each time at most MAX_STAGE_HOURS)."""
    try:
        outcome = Outcome(APPROVAL_DEFAULT.value.strip().lower())
    except ValueError:
        outcome = Outcome.NONE

    def hours(param: IntParam, least: int) -> timedelta:
        return timedelta(hours=min(max(least, param.value), MAX_STAGE_HOURS))

    return Sla(
        claim=hours(SLA_CLAIM_HOURS, 1),
        deliver=hours(SLA_DELIVER_HOURS, 1),
        decide=hours(SLA_DECIDE_HOURS, 1),
        reminder_at=min(max(REMINDER_AT_PERCENT.value, 0), 99) / 100,
        approval_grace=hours(APPROVAL_GRACE_HOURS, 0),
        approval_default=outcome,
        release_after=hours(STALE_CLAIM_RELEASE_HOURS, 0),
        revision_rounds=max(0, REVISION_ROUNDS.value),
    )


def quotas() -> Quotas:
    """The quotas this deployment runs with."""
    return Quotas.of(
        QUOTA_REQUESTS_PER_HOUR.value,
        QUOTA_UPLOAD_BYTES_PER_DAY.value,
        QUOTA_OPEN_SESSIONS.value,
        QUOTA_ROLE_CHANGES_PER_HOUR.value,
        QUOTA_SAID_PER_HOUR.value,
        QUOTA_REFUSALS_PER_10_MINUTES.value,
    )
