"""What the services need of the outside world, as Protocols they own, one module per family.
Each Protocol is narrow (what one service, or one part of it, uses); a service that needs several
takes one object that has them all, named by a Protocol that joins them. No method name means two
things. Adapters implement them without importing them (the match is structural: mypy checks it
where bootstrap wires them, and tests/contracts/conformance.py names each adapter's ports); the
unit tests' in-memory fakes implement the same ones, and tests/contracts runs one suite of cases
on both."""

from .basics import Clock, Document
from .catalogue import ProductReader, ProductStore
from .events import EffectsLog, FanoutStore, LegalState, Recipients, Repairs, RequestLookup, TriggerStore
from .files import ObjectStore, UploadHousekeeping, UploadIndex, UploadRecords
from .history import (
    AnnouncementCount,
    AnnouncementInbox,
    DigestStore,
    HistoryStore,
    NotificationInbox,
    RequestHistory,
)
from .outbound import PushSender, TimerQueue
from .people import ProfileStore, UserDirectory
from .quotas import UsageCounter
from .requests import (
    RequestCreation,
    RequestDetails,
    RequestQueries,
    RequestReader,
    RequestStore,
    RequestUpdates,
    RoutedRequests,
    TimedRequests,
)
from .seats import SeatStore
from .stats import (
    Counts,
    DesignerRoster,
    LoadRepairs,
    Reconciliation,
    Reporting,
    SnapshotCache,
    StatsStore,
)
from .talk import Comments, TalkStore, Thread

__all__ = [
    "AnnouncementCount",
    "AnnouncementInbox",
    "Clock",
    "Comments",
    "Counts",
    "DesignerRoster",
    "DigestStore",
    "Document",
    "EffectsLog",
    "FanoutStore",
    "HistoryStore",
    "LegalState",
    "LoadRepairs",
    "NotificationInbox",
    "ObjectStore",
    "ProductReader",
    "ProductStore",
    "ProfileStore",
    "PushSender",
    "Recipients",
    "Reconciliation",
    "Repairs",
    "Reporting",
    "RequestCreation",
    "RequestDetails",
    "RequestHistory",
    "RequestQueries",
    "RequestReader",
    "RequestLookup",
    "RequestStore",
    "RequestUpdates",
    "RoutedRequests",
    "SeatStore",
    "SnapshotCache",
    "StatsStore",
    "TalkStore",
    "Thread",
    "TimedRequests",
    "TimerQueue",
    "TriggerStore",
    "UploadHousekeeping",
    "UploadIndex",
    "UploadRecords",
    "UsageCounter",
    "UserDirectory",
]
