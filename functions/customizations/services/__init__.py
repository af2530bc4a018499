"""The use cases: requests, their conversation, reports, activity (history and notifications), users,
uploads, the catalogue, and the event fan-out. They reach stores only through the Protocols in `ports`;
`bootstrap` supplies them.

Importing this package imports none of them (a cold start pays for what it uses).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .activity import ActivityService
    from .catalogue import CatalogueService
    from .claims import ClaimService
    from .conversation import ConversationService
    from .quotas import QuotaGuard
    from .reports import ReportService
    from .requests import RequestService
    from .routing import Router
    from .timers import TimerService
    from .uploads import UploadService
    from .users import UserService


@dataclass(frozen=True)
class Services:
    """Every use case, built together by bootstrap: what the API serves, and the workflow's own
    (routing, run by the event trigger; timed steps, by the task queue); and the quotas, which the
    API also asks about refused input."""

    requests: RequestService
    claims: ClaimService
    conversation: ConversationService
    reports: ReportService
    activity: ActivityService
    users: UserService
    uploads: UploadService
    catalogue: CatalogueService
    router: Router
    timers: TimerService
    quotas: QuotaGuard
