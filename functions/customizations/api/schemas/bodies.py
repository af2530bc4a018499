"""The other JSON bodies clients send, each turning itself into the domain command the services
take (the actions on a request are in schemas.actions)."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints, model_validator

from ...domain import commands
from ...domain.actors import MAX_NAME_CHARS
from ...domain.conversation import MAX_ATTACHMENTS, MAX_COMMENT_CHARS, MAX_MESSAGE_CHARS
from ...domain.files import FileField
from ...domain.lifecycle import Event, Role
from ...domain.preferences import Channel, Digest
from ...domain.profiles import Platform
from ...domain.routing import MAX_CAPACITY
from .base import CommentId, DocId, FileRef, Input, OneLine, Said, Written, file_paths


class CreateRequestBody(Input):
    """POST /customizations."""

    productId: DocId
    quantity: Annotated[int, Field(ge=1, le=100_000)]
    customizationNotes: Annotated[str, StringConstraints(min_length=1, max_length=5000), Written, Said]
    customerDesignFile: FileRef | None = None
    customerPreviewImage: FileRef | None = None

    def command(self) -> commands.CreateRequest:
        """The domain command this body asks for."""
        files = file_paths(
            {
                FileField.CUSTOMER_DESIGN_FILE: self.customerDesignFile,
                FileField.CUSTOMER_PREVIEW_IMAGE: self.customerPreviewImage,
            }
        )
        return commands.CreateRequest(self.productId, self.quantity, self.customizationNotes, files)


class MessageBody(Input):
    """POST /customizations/{id}/messages."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_MESSAGE_CHARS), Written, Said]
    attachments: Annotated[list[FileRef], Field(max_length=MAX_ATTACHMENTS)] = []

    def command(self) -> commands.PostMessage:
        """The domain command this body asks for."""
        return commands.PostMessage(self.text, tuple(ref.path for ref in self.attachments))


Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]


class CommentBody(Input):
    """POST /customizations/{id}/revisions/{number}/comments: a point of the design (x, y from 0
    to 1 across and down its preview; a page for a PDF), or `replyTo` another comment."""

    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_COMMENT_CHARS), Written, Said]
    x: Fraction | None = None
    y: Fraction | None = None
    page: Annotated[int, Field(ge=1, le=10_000)] | None = None
    replyTo: CommentId | None = None

    def command(self, revision: int) -> commands.AddComment:
        """The domain command this body asks for, on that revision."""
        return commands.AddComment(revision, self.text, self.x, self.y, self.page, self.replyTo)


class StartUploadBody(Input):
    """POST /customizations/uploads: open a resumable upload for a large file."""

    kind: Annotated[str, StringConstraints(min_length=1, max_length=32)]
    fileName: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    size: Annotated[int, Field(ge=1)]
    contentType: Annotated[str, StringConstraints(min_length=1, max_length=255)]

    def command(self) -> commands.StartUpload:
        """The domain command this body asks for."""
        return commands.StartUpload(self.kind, self.fileName, self.size, self.contentType)


class RoleBody(Input):
    """PUT /users/{uid}/role."""

    role: Role


class DisabledBody(Input):
    """PUT /users/{uid}/disabled."""

    disabled: bool


DisplayName = Annotated[str, StringConstraints(min_length=1, max_length=MAX_NAME_CHARS), OneLine, Said]
# An FCM registration token: printable ASCII, no spaces (they are about 160-200 characters).
DeviceToken = Annotated[str, StringConstraints(min_length=16, max_length=4096, pattern=r"^[\x21-\x7e]+$")]
Label = Annotated[str, StringConstraints(max_length=100), OneLine]


class PreferencesPatch(Input):
    """Changes to how one is told of events: per channel, event type -> on or off, and when email
    comes. The inbox cannot be turned off."""

    push: dict[Event, bool] | None = None
    email: dict[Event, bool] | None = None
    emailDigest: Digest | None = None


class AvailabilityPatch(Input):
    """A designer's say in routing: whether auto-assignment may give them work, and how many
    active requests they take (claims too are held to it)."""

    available: bool | None = None
    capacity: Annotated[int, Field(ge=0, le=MAX_CAPACITY)] | None = None


class ProfilePatchBody(Input):
    """PATCH /me: only what is given changes."""

    name: DisplayName | None = None
    preferences: PreferencesPatch | None = None
    availability: AvailabilityPatch | None = None  # designers only (403 for anyone else)

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


class DeviceBody(Input):
    """POST /me/devices."""

    token: DeviceToken
    platform: Platform
    label: Label = ""

    def command(self) -> commands.RegisterDevice:
        """The domain command this body asks for."""
        return commands.RegisterDevice(self.token, self.platform, self.label)


def _no_brackets(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError("must not contain < or > (a catalogue rule: product names are plain labels)")
    return value


# The one text that refuses characters beyond controls: a catalogue rule that the Firestore rules
# can hold too, not an escape (output escapes for its medium, as for any text).
ProductName = Annotated[
    str, StringConstraints(min_length=1, max_length=200), OneLine, Said, AfterValidator(_no_brackets)
]
# A product image: an https URL, or a path on the site that serves the web app ("/img/mug.svg").
ImageUrl = Annotated[
    str,
    StringConstraints(
        min_length=1, max_length=2048, pattern=r"""^(https://[^\s"'<>\\]+|/[^/\s"'<>\\][^\s"'<>\\]*)$"""
    ),
]


class CreateProductBody(Input):
    """POST /products: a product for the catalogue (an id of your choosing, or a fresh one)."""

    id: DocId | None = None
    name: ProductName
    imageUrl: ImageUrl | None = None
    isCustomizable: bool = True

    def command(self) -> commands.CreateProduct:
        """The domain command this body asks for."""
        return commands.CreateProduct(self.name, self.imageUrl, self.isCustomizable, self.id)


class UpdateProductBody(Input):
    """PATCH /products/{id}: only what is given changes; `imageUrl: null` removes the image,
    `isCustomizable: false` retires the product (no new requests; existing ones keep their copy)."""

    name: ProductName | None = None
    imageUrl: ImageUrl | None = None
    isCustomizable: bool | None = None

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
