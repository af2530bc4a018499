"""Pydantic models at the HTTP edge: what clients send (each turns itself into the domain command
the services take), and the shapes the API answers with."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from ..domain import commands
from ..domain.actors import display_name, plain_text
from ..domain.conversation import (
    MAX_ATTACHMENTS,
    MAX_COMMENT_CHARS,
    MAX_MESSAGE_CHARS,
    MAX_REJECTED_COMMENTS,
    plain_lines,
)
from ..domain.files import FileField
from ..domain.lifecycle import Action, Event, Role, Status
from ..domain.preferences import Channel, Digest
from ..domain.profiles import Platform
from ..domain.records import PageRequest
from ..domain.routing import MAX_CAPACITY

# An id that is safe as one Firestore path segment.
DocId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
Notes = Annotated[str, StringConstraints(max_length=5000)]
Reason = Annotated[str, StringConstraints(max_length=2000)]


# Every model is built on first use (defer_build): a call validates only its own body or query, so
# an instance builds the validators of the routes it serves, not of all of them as it starts.


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


def _not_blank(value: str | None) -> str | None:
    if value is not None and not value.strip():
        raise ValueError("must not be blank")
    return value


def _says_something(value: str) -> str:
    # What another person will read: not blank once control characters and markup are taken out.
    if not plain_lines(value, len(value)):
        raise ValueError("must say something (text, not only spaces, controls or markup)")
    return value


def _paths(refs: dict[FileField, FileRef | None]) -> dict[FileField, str]:
    """The object paths of the FileRefs given (the service looks up its own record of each)."""
    return {field: ref.path for field, ref in refs.items() if ref is not None}


class FileRef(_Input):
    """A file in the project's bucket, as returned by the upload endpoint."""

    url: Annotated[str, StringConstraints(min_length=1, max_length=2048)]
    path: Annotated[
        str,
        StringConstraints(
            max_length=1024, pattern=r"^customizations/[A-Za-z0-9_-]{1,128}/[a-z_]+/[^/]{1,300}$"
        ),
    ]
    fileName: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    fileSize: Annotated[int, Field(ge=1)]
    contentType: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    uploadedAt: datetime

    @property
    def owner_id(self) -> str:
        """The uid whose folder holds the file."""
        return self.path.split("/")[1]

    @property
    def kind(self) -> str:
        """The kind folder the file was uploaded to."""
        return self.path.split("/")[2]


class CreateRequestBody(_Input):
    """POST /customizations."""

    productId: DocId
    quantity: Annotated[int, Field(ge=1, le=100_000)]
    customizationNotes: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    customerDesignFile: FileRef | None = None
    customerPreviewImage: FileRef | None = None

    _notes_not_blank = field_validator("customizationNotes")(_not_blank)

    def command(self) -> commands.CreateRequest:
        """The domain command this body asks for."""
        files = _paths(
            {
                FileField.CUSTOMER_DESIGN_FILE: self.customerDesignFile,
                FileField.CUSTOMER_PREVIEW_IMAGE: self.customerPreviewImage,
            }
        )
        return commands.CreateRequest(self.productId, self.quantity, self.customizationNotes, files)


class AssignBody(_Input):
    """A designer claims the request; an admin may name the designer."""

    action: Literal["assign"]
    designerId: DocId | None = None

    def command(self) -> commands.Assign:
        """The domain command this body asks for."""
        return commands.Assign(designer_id=self.designerId)


class UploadFinalBody(_Input):
    """The designer submits a design for the customer's review."""

    action: Literal["uploadFinal"]
    designerFinalFile: FileRef
    designerPreviewImage: FileRef | None = None
    designerNotes: Notes | None = None

    def command(self) -> commands.UploadFinal:
        """The domain command this body asks for."""
        files = _paths(
            {
                FileField.DESIGNER_FINAL_FILE: self.designerFinalFile,
                FileField.DESIGNER_PREVIEW_IMAGE: self.designerPreviewImage,
            }
        )
        return commands.UploadFinal(files=files, notes=self.designerNotes)


class ApproveBody(_Input):
    """The customer accepts the submitted design."""

    action: Literal["approve"]

    def command(self) -> commands.Approve:
        """The domain command this body asks for."""
        return commands.Approve()


CommentId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{4}$")]


class RejectBody(_Input):
    """The customer sends the design back, saying why (and, if they like, which of the comments
    pinned to it the rejection is about)."""

    action: Literal["reject"]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]
    commentIds: Annotated[list[CommentId], Field(max_length=MAX_REJECTED_COMMENTS)] = []

    _reason_not_blank = field_validator("reason")(_not_blank)

    def command(self) -> commands.Reject:
        """The domain command this body asks for."""
        return commands.Reject(reason=self.reason, comment_ids=tuple(dict.fromkeys(self.commentIds)))


class CancelBody(_Input):
    """The customer or an admin withdraws the request."""

    action: Literal["cancel"]
    reason: Reason | None = None

    def command(self) -> commands.Cancel:
        """The domain command this body asks for."""
        return commands.Cancel(reason=self.reason)


class CompleteBody(_Input):
    """An admin records the order made from an approved design."""

    action: Literal["complete"]
    orderId: DocId

    def command(self) -> commands.Complete:
        """The domain command this body asks for."""
        return commands.Complete(order_id=self.orderId)


class RateBody(_Input):
    """The customer rates the approved design (again, to change it, within a week)."""

    action: Literal["rate"]
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, StringConstraints(max_length=1000)] | None = None

    def command(self) -> commands.Rate:
        """The domain command this body asks for."""
        return commands.Rate(stars=self.stars, comment=self.comment)


class ReleaseBody(_Input):
    """Its designer gives a claimed request back to the queue, saying why."""

    action: Literal["release"]
    reason: Annotated[str, StringConstraints(min_length=1, max_length=2000)]

    _reason_not_blank = field_validator("reason")(_not_blank)

    def command(self) -> commands.Release:
        """The domain command this body asks for."""
        return commands.Release(reason=self.reason)


class ReassignBody(_Input):
    """An admin gives a request in progress to another designer."""

    action: Literal["reassign"]
    designerId: DocId

    def command(self) -> commands.Reassign:
        """The domain command this body asks for."""
        return commands.Reassign(designer_id=self.designerId)


class AllowRevisionBody(_Input):
    """An admin allows the customer more rounds of changes than the request includes."""

    action: Literal["allowRevision"]
    rounds: Annotated[int, Field(ge=1, le=10)] = 1

    def command(self) -> commands.AllowRevision:
        """The domain command this body asks for."""
        return commands.AllowRevision(rounds=self.rounds)


ActionModel = (
    AssignBody
    | UploadFinalBody
    | ApproveBody
    | RejectBody
    | CancelBody
    | CompleteBody
    | RateBody
    | ReleaseBody
    | ReassignBody
    | AllowRevisionBody
)
# For the OpenAPI document; a body is parsed by its action's own model (ACTION_BODIES).
ActionBody = Annotated[ActionModel, Field(discriminator="action")]

# The body each action takes; a unit test holds its keys equal to the lifecycle table's actions.
ACTION_BODIES: dict[Action, type[ActionModel]] = {
    Action.ASSIGN: AssignBody,
    Action.UPLOAD_FINAL: UploadFinalBody,
    Action.APPROVE: ApproveBody,
    Action.REJECT: RejectBody,
    Action.CANCEL: CancelBody,
    Action.COMPLETE: CompleteBody,
    Action.RATE: RateBody,
    Action.RELEASE: ReleaseBody,
    Action.REASSIGN: ReassignBody,
    Action.ALLOW_REVISION: AllowRevisionBody,
}


class MessageBody(_Input):
    """POST /customizations/{id}/messages."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_MESSAGE_CHARS)]
    attachments: Annotated[list[FileRef], Field(max_length=MAX_ATTACHMENTS)] = []

    _text_says_something = field_validator("text")(_says_something)

    def command(self) -> commands.PostMessage:
        """The domain command this body asks for."""
        return commands.PostMessage(self.text, tuple(ref.path for ref in self.attachments))


Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class CommentBody(_Input):
    """POST /customizations/{id}/revisions/{number}/comments: a point of the design (x, y from 0
    to 1 across and down its preview; a page for a PDF), or `replyTo` another comment."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_COMMENT_CHARS)]
    x: Fraction | None = None
    y: Fraction | None = None
    page: Annotated[int, Field(ge=1, le=10_000)] | None = None
    replyTo: CommentId | None = None

    _text_says_something = field_validator("text")(_says_something)

    def command(self, revision: int) -> commands.AddComment:
        """The domain command this body asks for, on that revision."""
        return commands.AddComment(revision, self.text, self.x, self.y, self.page, self.replyTo)


class StartUploadBody(_Input):
    """POST /customizations/uploads: open a resumable upload for a large file."""

    kind: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    fileName: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    size: Annotated[int, Field(ge=1)]
    contentType: Annotated[str, StringConstraints(min_length=1, max_length=255)]

    def command(self) -> commands.StartUpload:
        """The domain command this body asks for."""
        return commands.StartUpload(self.kind, self.fileName, self.size, self.contentType)


class _Answer(BaseModel):
    """A shape the API answers with (the OpenAPI document describes it; nothing validates it)."""

    model_config = ConfigDict(defer_build=True)


class UploadSession(_Answer):
    """Where to send a large file's bytes, and how to finish."""

    uploadId: str
    uploadUrl: str
    path: str
    fileSize: int


class RoleBody(_Input):
    """PUT /users/{uid}/role."""

    role: Role


class DisabledBody(_Input):
    """PUT /users/{uid}/disabled."""

    disabled: bool


DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=100)]
# An FCM registration token: printable ASCII, no spaces (they are about 160-200 characters).
DeviceToken = Annotated[str, StringConstraints(min_length=16, max_length=4096, pattern=r"^[\x21-\x7e]+$")]
Label = Annotated[str, StringConstraints(max_length=100)]


class PreferencesPatch(_Input):
    """Changes to how one is told of events: per channel, event type -> on or off, and when email
    comes. The inbox cannot be turned off."""

    push: dict[Event, bool] | None = None
    email: dict[Event, bool] | None = None
    emailDigest: Digest | None = None


class AvailabilityPatch(_Input):
    """A designer's say in routing: whether auto-assignment may give them work, and how many
    active requests they take (claims too are held to it)."""

    available: bool | None = None
    capacity: Annotated[int, Field(ge=0, le=MAX_CAPACITY)] | None = None


class ProfilePatchBody(_Input):
    """PATCH /me: only what is given changes."""

    name: DisplayName | None = None
    preferences: PreferencesPatch | None = None
    availability: AvailabilityPatch | None = None  # designers only (403 for anyone else)

    @field_validator("name")
    @classmethod
    def _name_is_plain_text(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not value.strip():
            raise ValueError("must not be blank")
        if display_name(value, "") != value.strip():
            raise ValueError("must be plain text on one line, without < or >")
        return value.strip()

    def command(self) -> commands.UpdateProfile:
        """The domain command this body asks for."""
        chosen = self.preferences or PreferencesPatch()
        channels = {
            channel: dict(choices)
            for channel, choices in ((Channel.PUSH, chosen.push), (Channel.EMAIL, chosen.email))
            if choices
        }
        seat = self.availability or AvailabilityPatch()
        return commands.UpdateProfile(
            self.name, channels, chosen.emailDigest, available=seat.available, capacity=seat.capacity
        )


class DeviceBody(_Input):
    """POST /me/devices."""

    token: DeviceToken
    platform: Platform
    label: Label = ""

    def command(self) -> commands.RegisterDevice:
        """The domain command this body asks for."""
        return commands.RegisterDevice(self.token, self.platform, display_name(self.label, ""))


ProductName = Annotated[str, StringConstraints(min_length=1, max_length=200)]
# A product image: an https URL, or a path on the site that serves the web app ("/img/mug.svg").
ImageUrl = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=2048, pattern=r"""^(https://[^\s"'<>\\]+|/[^/\s"'<>\\][^\s"'<>\\]*)$"""
    ),
]


def _product_name(value: str | None) -> str | None:
    if value is None:
        return None
    if plain_text(value, 200) != value.strip() or not value.strip():
        raise ValueError("must be plain text on one line, without < or >, not blank")
    return value.strip()


class CreateProductBody(_Input):
    """POST /products: a product for the catalogue (an id of your choosing, or a fresh one)."""

    id: DocId | None = None
    name: ProductName
    imageUrl: ImageUrl | None = None
    isCustomizable: bool = True

    _name_is_plain_text = field_validator("name")(_product_name)

    def command(self) -> commands.CreateProduct:
        """The domain command this body asks for."""
        return commands.CreateProduct(self.name, self.imageUrl, self.isCustomizable, self.id)


class UpdateProductBody(_Input):
    """PATCH /products/{id}: only what is given changes; `imageUrl: null` removes the image,
    `isCustomizable: false` retires the product (no new requests; existing ones keep their copy)."""

    name: ProductName | None = None
    imageUrl: ImageUrl | None = None
    isCustomizable: bool | None = None

    _name_is_plain_text = field_validator("name")(_product_name)

    @model_validator(mode="after")
    def _changes_something(self) -> UpdateProductBody:
        if not self.model_fields_set:
            raise ValueError("give at least one of name, imageUrl, isCustomizable")
        for name in ("name", "isCustomizable"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self

    def command(self) -> commands.UpdateProduct:
        """The domain command this body asks for."""
        return commands.UpdateProduct(
            name=self.name,
            image_url=self.imageUrl,
            clear_image="imageUrl" in self.model_fields_set and self.imageUrl is None,
            customizable=self.isCustomizable,
        )


class _Query(BaseModel):
    # Query strings arrive as text: numbers are parsed, unknown parameters refused.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class PageQuery(_Query):
    """Pagination parameters shared by every list."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None

    def page(self) -> PageRequest:
        """The page asked for."""
        return PageRequest(self.limit, self.cursor)


class HistoryQuery(PageQuery):
    """A request's audit trail or revisions: short lists, so a page holds up to 100 by default."""

    limit: Annotated[int, Field(ge=1, le=100)] = 100


class RevisionQuery(PageQuery):
    """A request's revisions, each with up to 200 comments: 20 at most a page, so a page is bounded."""

    limit: Annotated[int, Field(ge=1, le=20)] = 20


class ListQuery(PageQuery):
    """GET /customizations."""

    status: Status | None = None
    customerId: DocId | None = None
    designerId: DocId | None = None
    overdue: bool | None = None  # true: only the requests past their current stage's due time

    @field_validator("overdue")
    @classmethod
    def _only_true(cls, value: bool | None) -> bool | None:
        if value is False:
            raise ValueError("only overdue=true filters; leave it out for every request")
        return value

    def where(self) -> commands.RequestFilter:
        """The filters asked for."""
        return commands.RequestFilter(self.status, self.customerId, self.designerId, bool(self.overdue))


class PendingQuery(PageQuery):
    """GET /customizations/pending: oldest first, or the soonest due first."""

    sort: Literal["requestedAt", "dueAt"] = "requestedAt"


# ---- Response shapes (documentation and tests; handlers build plain dicts that match them) ----


class LastEvent(_Answer):
    """Who did what last, written with every transition."""

    event: str
    actorId: str
    at: datetime


class CustomizationRequest(_Answer):
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


class Stats(_Answer):
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


class Workload(_Answer):
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


class ProductQuery(PageQuery):
    """GET /products: the customizable products; admins may add the retired ones."""

    includeRetired: bool = False


class FileLinkQuery(_Query):
    """GET /customizations/{id}/files/{field}/url: the request's file, or a revision's."""

    revision: Annotated[int, Field(ge=1, le=10_000)] | None = None


class Product(_Answer):
    """A product of the catalogue."""

    id: str
    name: str
    imageUrl: str | None
    isCustomizable: bool


class FileLink(_Answer):
    """A short-lived URL for one of a request's files, for `<img src>` or a download link."""

    url: str
    expiresAt: datetime
    fileName: str
    contentType: str
    fileSize: int
    disposition: Literal["inline", "attachment"]


class NotificationQuery(PageQuery):
    """GET /notifications."""

    unread: bool = False


class Notification(_Answer):
    """One message to one user about one event."""

    id: str
    recipientId: str
    type: str
    requestId: str
    title: str
    body: str
    createdAt: datetime
    readAt: datetime | None


class AuditEntry(_Answer):
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


class Revision(_Answer):
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


class Message(_Answer):
    """One message of a request's thread."""

    id: str
    seq: int
    authorId: str
    authorName: str
    authorRole: Role
    text: str
    attachments: list[dict[str, Any]]
    createdAt: datetime


class Comment(_Answer):
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


class ThreadRead(_Answer):
    """POST /customizations/{id}/messages/read."""

    requestId: str
    unreadMessages: int


class UserRole(_Answer):
    """The answer of PUT /users/{uid}/role."""

    uid: str
    role: Role


class UserDisabled(_Answer):
    """The answer of PUT /users/{uid}/disabled."""

    uid: str
    disabled: bool


class Device(_Answer):
    """One of the caller's devices (its token is never shown)."""

    id: str
    platform: Platform
    label: str
    createdAt: datetime


class PreferencesShown(_Answer):
    """How the caller is told of each event type: in the inbox (always), by push, by email, and
    when email comes."""

    inApp: dict[str, bool]
    push: dict[str, bool]
    email: dict[str, bool]
    emailDigest: Digest


class Availability(_Answer):
    """A designer's seat: routed work on or off, how many active requests they take, hold."""

    available: bool
    capacity: int
    active: int


class Profile(_Answer):
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


class ReadAll(_Answer):
    """POST /notifications/read-all."""

    marked: int
    more: bool  # call again: more were unread than one call marks
