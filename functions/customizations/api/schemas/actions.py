"""The bodies of PATCH /customizations/{id}: one model an action, each turning itself into the
domain command the services take."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ...domain import commands
from ...domain.conversation import MAX_RATING_COMMENT_CHARS, MAX_REJECTED_COMMENTS
from ...domain.files import FileField
from ...domain.lifecycle import Action
from .base import CommentId, DocId, FileRef, Input, Said, Written, file_paths

Notes = Annotated[str, StringConstraints(max_length=5000), Written]
Reason = Annotated[str, StringConstraints(max_length=2000), Written]
RequiredReason = Annotated[str, StringConstraints(min_length=1, max_length=2000), Written, Said]


class AssignBody(Input):
    """A designer claims the request; an admin may name the designer."""

    action: Literal["assign"]
    designerId: DocId | None = None

    def command(self) -> commands.Assign:
        """The domain command this body asks for."""
        return commands.Assign(designer_id=self.designerId)


class UploadFinalBody(Input):
    """The designer submits a design for the customer's review."""

    action: Literal["uploadFinal"]
    designerFinalFile: FileRef
    designerPreviewImage: FileRef | None = None
    designerNotes: Notes | None = None

    def command(self) -> commands.UploadFinal:
        """The domain command this body asks for."""
        files = file_paths(
            {
                FileField.DESIGNER_FINAL_FILE: self.designerFinalFile,
                FileField.DESIGNER_PREVIEW_IMAGE: self.designerPreviewImage,
            }
        )
        return commands.UploadFinal(files=files, notes=self.designerNotes)


class ApproveBody(Input):
    """The customer accepts the submitted design."""

    action: Literal["approve"]

    def command(self) -> commands.Approve:
        """The domain command this body asks for."""
        return commands.Approve()


class RejectBody(Input):
    """The customer sends the design back, saying why (and, if they like, which of the comments
    pinned to it the rejection is about)."""

    action: Literal["reject"]
    reason: RequiredReason
    commentIds: Annotated[list[CommentId], Field(max_length=MAX_REJECTED_COMMENTS)] = []

    def command(self) -> commands.Reject:
        """The domain command this body asks for."""
        return commands.Reject(reason=self.reason, comment_ids=tuple(dict.fromkeys(self.commentIds)))


class CancelBody(Input):
    """The customer or an admin withdraws the request."""

    action: Literal["cancel"]
    reason: Reason | None = None

    def command(self) -> commands.Cancel:
        """The domain command this body asks for."""
        return commands.Cancel(reason=self.reason)


class CompleteBody(Input):
    """An admin records the order made from an approved design."""

    action: Literal["complete"]
    orderId: DocId

    def command(self) -> commands.Complete:
        """The domain command this body asks for."""
        return commands.Complete(order_id=self.orderId)


class RateBody(Input):
    """The customer rates the approved design (again, to change it, within a week)."""

    action: Literal["rate"]
    stars: Annotated[int, Field(ge=1, le=5)]
    comment: Annotated[str, StringConstraints(max_length=MAX_RATING_COMMENT_CHARS), Written] | None = None

    def command(self) -> commands.Rate:
        """The domain command this body asks for."""
        return commands.Rate(stars=self.stars, comment=self.comment)


class ReleaseBody(Input):
    """Its designer gives a claimed request back to the queue, saying why."""

    action: Literal["release"]
    reason: RequiredReason

    def command(self) -> commands.Release:
        """The domain command this body asks for."""
        return commands.Release(reason=self.reason)


class ReassignBody(Input):
    """An admin gives a request in progress to another designer."""

    action: Literal["reassign"]
    designerId: DocId

    def command(self) -> commands.Reassign:
        """The domain command this body asks for."""
        return commands.Reassign(designer_id=self.designerId)


class AllowRevisionBody(Input):
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
