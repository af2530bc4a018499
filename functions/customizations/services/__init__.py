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
    from .conversation import ConversationService
    from .reports import ReportService
    from .requests import RequestService
    from .uploads import UploadService
    from .users import UserService


@dataclass(frozen=True)
class Services:
    """Every use case the API serves, built together by bootstrap."""

    requests: RequestService
    conversation: ConversationService
    reports: ReportService
    activity: ActivityService
    users: UserService
    uploads: UploadService
    catalogue: CatalogueService
