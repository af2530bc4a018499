"""What a caller asks the services to do, as typed values (the API builds them from its schemas).

A FileRef given to a command is named by its object path: the service replaces it with the stored
upload's own FileRef, never keeping what the client sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from .files import FileField
from .lifecycle import Action, Event, Role, Status
from .preferences import Channel, Digest
from .profiles import Platform


@dataclass(frozen=True)
class CreateRequest:
    """Ask for a custom design of a product."""

    product_id: str
    quantity: int
    notes: str
    files: Mapping[FileField, str] = field(default_factory=dict)  # field -> upload path


@dataclass(frozen=True)
class Assign:
    """A designer claims the request; an admin may name the designer."""

    action: ClassVar[Action] = Action.ASSIGN
    designer_id: str | None = None


@dataclass(frozen=True)
class UploadFinal:
    """The designer submits a design for the customer's review."""

    action: ClassVar[Action] = Action.UPLOAD_FINAL
    files: Mapping[FileField, str]  # field -> upload path; the final file at least
    notes: str | None = None


@dataclass(frozen=True)
class Approve:
    """The customer accepts the submitted design."""

    action: ClassVar[Action] = Action.APPROVE


@dataclass(frozen=True)
class Reject:
    """The customer sends the design back, saying why (and which of its comments it is about)."""

    action: ClassVar[Action] = Action.REJECT
    reason: str
    comment_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cancel:
    """The customer or an admin withdraws the request."""

    action: ClassVar[Action] = Action.CANCEL
    reason: str | None = None


@dataclass(frozen=True)
class Complete:
    """An admin records the order made from an approved design."""

    action: ClassVar[Action] = Action.COMPLETE
    order_id: str


@dataclass(frozen=True)
class Rate:
    """The customer rates the approved design: 1 to 5 stars, and a word if they like."""

    action: ClassVar[Action] = Action.RATE
    stars: int
    comment: str | None = None


Command = Assign | UploadFinal | Approve | Reject | Cancel | Complete | Rate


@dataclass(frozen=True)
class PostMessage:
    """Say something in a request's thread, with files attached if one likes."""

    text: str
    attachments: tuple[str, ...] = ()  # upload paths


@dataclass(frozen=True)
class AddComment:
    """Pin a comment to a point of a revision, or reply to one."""

    revision: int
    text: str
    x: float | None = None  # 0 to 1 across the preview (a reply has none)
    y: float | None = None
    page: int | None = None  # for a PDF
    reply_to: str | None = None


@dataclass(frozen=True)
class RequestFilter:
    """Which requests a list asks for (admins filter by customer or designer; everyone by status)."""

    status: Status | None = None
    customer_id: str | None = None
    designer_id: str | None = None


@dataclass(frozen=True)
class StartUpload:
    """Open a resumable upload for a large file."""

    kind: str
    file_name: str
    size: int
    content_type: str


@dataclass(frozen=True)
class SetRole:
    """An admin grants a user a role."""

    uid: str
    role: Role


@dataclass(frozen=True)
class UpdateProfile:
    """Change one's own display name and how one is told of events (only what is given changes)."""

    name: str | None = None
    channels: Mapping[Channel, Mapping[Event, bool]] = field(default_factory=dict)
    digest: Digest | None = None


@dataclass(frozen=True)
class RegisterDevice:
    """Let pushes reach one of one's devices (an FCM registration token)."""

    token: str
    platform: Platform
    label: str = ""


@dataclass(frozen=True)
class CreateProduct:
    """An admin adds a product to the catalogue (an id of their choosing, or a fresh one)."""

    name: str
    image_url: str | None = None
    customizable: bool = True
    product_id: str | None = None


@dataclass(frozen=True)
class UpdateProduct:
    """An admin changes a product: only what is given changes; `customizable=False` retires it
    (new requests are refused; requests made from it keep their copy of its name and image)."""

    name: str | None = None
    image_url: str | None = None
    clear_image: bool = False
    customizable: bool | None = None
