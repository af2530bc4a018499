"""How long each growing collection keeps a document: every such document carries `expireAt`, and
a TTL policy on that field (firestore.indexes.json, fieldOverrides) lets Firestore delete it after
that time (typically within a day, at no write cost to us). Requests, their audit trails and
revisions are the business's records and are kept; uploads are deleted by the daily clean-up.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .inbox import ANNOUNCED_FOR

# An event's processed marker: longer than the platform retries an event (EVENT_MAX_AGE_HOURS, at
# most 24 h), so a redelivery always finds it.
PROCESSED_EVENT = timedelta(days=7)
# An Idempotency-Key: a retry within this time gets the first answer (clients are told 24 h).
IDEMPOTENCY_KEY = timedelta(days=2)
# A notification: a year while unread, 90 days once read through the API.
UNREAD_NOTIFICATION = timedelta(days=365)
READ_NOTIFICATION = timedelta(days=90)
# A mail document: the extension sends it within minutes; kept a month to see what was sent.
MAIL = timedelta(days=30)
# Who set whose role: a little over a year, for audits.
ROLE_CHANGE = timedelta(days=400)
# A designer's read of an announcement: as long as the announcement is shown.
ANNOUNCEMENT_READ = ANNOUNCED_FOR
# Whose a push token is: FCM tokens unused this long are stale (it asks apps to refresh monthly);
# registering the token again renews it.
DEVICE_OWNER = timedelta(days=270)
# A user's usage counter (domain.quotas): nothing reads it once its window has ended; a day more
# shows who was throttled.
USAGE_COUNTER = timedelta(days=1)


def expire_at(written_at: datetime, kept: timedelta) -> datetime:
    """When a document written then, kept that long, may go."""
    return written_at + kept
