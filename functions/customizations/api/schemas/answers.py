"""The shapes the API answers with: the OpenAPI document describes them and handlers pick a stored
document's fields by them (handlers build plain dicts; nothing validates them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from ...domain.lifecycle import Role, Status
from ...domain.preferences import Digest
from ...domain.profiles import Platform
from .base import Answer


class UploadSession(Answer):
    """Where to send a large file's bytes, and how to finish."""

    uploadId: str
    uploadUrl: str
    path: str
    fileSize: int


class LastEvent(Answer):
    """Who did what last, written with every transition."""

    event: str
    actorId: str
    at: datetime


class CustomizationRequest(Answer):
    """A customization request as clients see it."""

    id: str
    customerId: str
    customerName: str
    customerEmail: str | None  # only for its customer, its designer once claimed, and admins
    productId: str
    productName: str
    productImage: str | None = None
    quantity: int
    customerDesignFile: dict[str, Any] | None = None
    customerPreviewImage: dict[str, Any] | None = None
    designerId: str | None = None
    designerName: str | None = None
    designerFinalFile: dict[str, Any] | None = None
    designerPreviewImage: dict[str, Any] | None = None
    customizationNotes: str
    designerNotes: str | None = None
    rejectionReason: str | None = None
    cancellationReason: str | None = None
    status: Status
    requestedAt: datetime
    assignedAt: datetime | None = None
    completedAt: datetime | None = None
    approvedAt: datetime | None = None
    cancelledAt: datetime | None = None
    createdAt: datetime
    updatedAt: datetime
    orderId: str | None = None
    rating: dict[str, Any] | None = None  # {stars, comment, ratedAt, updatedAt}, once rated
    unreadMessages: int = 0  # of its thread, for the caller
    dueAt: datetime | None = None  # when its current stage is due (none once approved or closed)
    overdue: bool = False  # past dueAt with the next step not taken
    rejectionCount: int = 0  # rounds of changes asked for
    revisionLimit: int | None = None  # rounds of changes it includes (REVISION_ROUNDS, plus any allowed)
    releaseReason: str | None = None  # why it was last given back to the queue
    version: int
    lastEvent: LastEvent


class ClaimTries(Answer):
    """How a claim of the next request went: the requests it tried, and how many of those tries
    found the request taken by another caller first (lost races)."""

    attempts: int
    conflicts: int


class ClaimedRequest(CustomizationRequest):
    """The request a designer claimed (as an assign answers it), with how the claim went."""

    claim: ClaimTries


class Stats(Answer):
    """GET /customizations/stats."""

    total: int
    byStatus: dict[Status, int]
    approvalRate: float | None
    rejectionRate: float | None
    averageCompletionHours: float | None
    averageResponseHours: float | None
    averageReviewHours: float | None
    revisionsPerRequest: float | None
    averageRating: float | None
    satisfactionRate: float | None  # the share of ratings of 4 or 5
    repeatRequestRate: float | None  # the share of customers who made a second request
    overdue: int  # requests past their current stage's due time
    activeDesigners: int | None = None  # admins only
    asOf: datetime  # when these figures were counted (admins' are cached up to a few minutes)


class Workload(Answer):
    """One designer's load, in GET /customizations/workload."""

    designerId: str
    designerName: str | None
    active: int
    inProgress: int
    awaitingApproval: int
    completedTotal: int
    averageCompletionHours: float | None
    overdue: int  # of their active requests, those past due
    averageRating: float | None
    ratingCount: int


class Product(Answer):
    """A product of the catalogue."""

    id: str
    name: str
    imageUrl: str | None
    isCustomizable: bool


class FileLink(Answer):
    """A short-lived URL for one of a request's files, for `<img src>` or a download link."""

    url: str
    expiresAt: datetime
    fileName: str
    contentType: str
    fileSize: int
    disposition: Literal["inline", "attachment"]


class Notification(Answer):
    """One message to one user about one event."""

    id: str
    recipientId: str
    type: str
    requestId: str
    title: str
    body: str
    createdAt: datetime
    readAt: datetime | None


class AuditEntry(Answer):
    """One entry of a request's audit trail: an event, or `violation` (a write around the API the
    lifecycle forbids, rolled back), `override` (one an admin marked, kept) or `restored` (the
    rollback)."""

    event: str
    fromStatus: Status | None
    toStatus: Status | None
    actorId: str
    at: datetime
    version: int
    reason: str | None = None  # of a violation, an override or a restoration
    illegal: dict[str, Any] | None = None  # what the write around the API set (null: deleted)
    rolledBack: bool | None = None  # a violation put back to the last legal state


class Revision(Answer):
    """One submitted design and the verdict it got."""

    number: int
    designerFinalFile: dict[str, Any] | None = None
    designerPreviewImage: dict[str, Any] | None = None
    designerNotes: str | None = None
    submittedAt: datetime
    rejectionReason: str | None = None
    rejectedAt: datetime | None = None
    rejectionCommentIds: list[str] = []
    approvedAt: datetime | None = None
    comments: list[dict[str, Any]] = []  # pinned to this design, each with its replies


class Message(Answer):
    """One message of a request's thread."""

    id: str
    seq: int
    authorId: str
    authorName: str
    authorRole: Role
    text: str
    attachments: list[dict[str, Any]]
    createdAt: datetime


class Comment(Answer):
    """A comment pinned to a point of a revision (replies carry the point they answer)."""

    id: str
    revision: int
    authorId: str
    authorName: str
    authorRole: Role
    text: str
    x: float | None
    y: float | None
    page: int | None = None
    replyTo: str | None = None
    resolved: bool
    resolvedBy: str | None = None
    resolvedAt: datetime | None = None
    createdAt: datetime


class ThreadRead(Answer):
    """POST /customizations/{id}/messages/read."""

    requestId: str
    unreadMessages: int


class UserRole(Answer):
    """The answer of PUT /users/{uid}/role."""

    uid: str
    role: Role


class UserDisabled(Answer):
    """The answer of PUT /users/{uid}/disabled."""

    uid: str
    disabled: bool


class Device(Answer):
    """One of the caller's devices (its token is never shown)."""

    id: str
    platform: Platform
    label: str
    createdAt: datetime


class PreferencesShown(Answer):
    """How the caller is told of each event type: in the inbox (always), by push, by email, and
    when email comes."""

    inApp: dict[str, bool]
    push: dict[str, bool]
    email: dict[str, bool]
    emailDigest: Digest


class Availability(Answer):
    """A designer's seat: routed work on or off, how many active requests they take, hold."""

    available: bool
    capacity: int
    active: int


class Profile(Answer):
    """GET /me, PATCH /me."""

    uid: str
    email: str
    name: str
    role: Role
    preferences: PreferencesShown
    devices: list[Device]
    unreadCount: int  # up to 100: a badge shows "99+" beyond, with unreadCountCapped
    unreadCountCapped: bool
    availability: Availability | None = None  # designers only


class ReadAll(Answer):
    """POST /notifications/read-all."""

    marked: int
    more: bool  # call again: more were unread than one call marks
