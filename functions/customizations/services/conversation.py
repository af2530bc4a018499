"""The conversation around a request: its message thread and the comments pinned to its designs.
Who may say what in which status is domain.conversation's table; the event trigger of each
message and comment tells the other party through the same fan-out as the lifecycle's events."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..domain import conversation as talk
from ..domain.access import participates, parties_of
from ..domain.actors import Actor
from ..domain.commands import AddComment, PostMessage
from ..domain.lifecycle import Status
from ..domain.records import Conflict, Page, PageRequest, Record
from ..errors import AppError, ErrorCode, not_found, validation
from .ports import Clock, RequestReader, TalkStore
from .quotas import QuotaGuard
from .uploads import Download, UploadService

Document = dict[str, Any]


class ConversationService:
    """Messages and pinned comments, for a request's customer, its designer and admins."""

    def __init__(  # noqa: PLR0913, PLR0917 - the stores, the files, the clock and the thread's rule
        self,
        requests: RequestReader,
        store: TalkStore,
        uploads: UploadService,
        guard: QuotaGuard,
        now: Clock,
        close_after: timedelta = talk.MESSAGES_CLOSE_AFTER,
    ) -> None:
        self._requests = requests
        self._store = store
        self._uploads = uploads
        self._guard = guard
        self._now = now
        self._close_after = close_after

    def _participating(self, actor: Actor, request_id: str) -> Record:
        """The request, if the caller is its customer, its designer or an admin (404 otherwise)."""
        record = self._requests.get(request_id)
        if record is None or not participates(actor, record.data):
            raise not_found()
        return record

    def _may(self, actor: Actor, request: Document, what: talk.Talk) -> None:
        status = Status(request["status"])
        if not talk.may_talk(parties_of(actor, request), status, what):
            raise AppError(
                ErrorCode.INVALID_TRANSITION, f"You cannot {what.value} on a request that is {status.value}"
            )

    # ---- messages ----

    def post_message(self, actor: Actor, request_id: str, command: PostMessage) -> Document:
        """Add a message to the request's thread (attachments taken like any FileRef)."""
        request = self._participating(actor, request_id).data
        self._may(actor, request, talk.Talk.MESSAGE)
        now = self._now()
        if not talk.thread_open(request, now, self._close_after):
            raise AppError(ErrorCode.CONFLICT, "This request is closed; its thread takes no more messages")
        self._guard.saying(actor)
        if command.attachments and request.get("filesPurged"):
            raise AppError(
                ErrorCode.CONFLICT, "This request's files were removed; its thread takes no new ones"
            )
        files = self._uploads.resolve_attachments(command.attachments, actor.uid, request_id)
        message = {
            "authorId": actor.uid,
            "authorName": actor.name,
            "authorRole": actor.role.value,
            "text": command.text,
            "attachments": [files.fields[f"attachments.{n}"] for n in range(len(command.attachments))],
            "createdAt": now,
        }
        try:
            return self._store.post_message(request_id, message, files.attach)
        except Conflict as exc:
            raise AppError(
                ErrorCode.CONFLICT, "A file given was just taken by another request; upload it again"
            ) from exc

    def messages(self, actor: Actor, request_id: str, page: PageRequest) -> Page:
        """A page of the request's thread, oldest first."""
        self._participating(actor, request_id)
        return self._store.messages(request_id, page)

    def mark_thread_read(self, actor: Actor, request_id: str) -> Document:
        """The caller has read the thread as far as it goes."""
        self._participating(actor, request_id)
        self._store.mark_thread_read(request_id, actor.uid)
        return {"requestId": request_id, "unreadMessages": 0}

    def attachment(self, actor: Actor, request_id: str, message_id: str, index: int) -> Download:
        """A file attached to a message of the thread."""
        self._participating(actor, request_id)
        message = self._store.message(request_id, message_id)
        attachments = (message or {}).get("attachments") or []
        if not 0 <= index < len(attachments):
            raise not_found("File")
        return self._uploads.download_ref(attachments[index])

    # ---- comments on a design ----

    def add_comment(self, actor: Actor, request_id: str, command: AddComment) -> Document:
        """Pin a comment to the current revision, or reply to one of its comments."""
        request = self._participating(actor, request_id).data
        self._may(actor, request, talk.Talk.COMMENT)
        current = talk.current_revision(request)
        if command.revision != current or current < 1:
            raise AppError(
                ErrorCode.CONFLICT, "Only the current design takes comments; earlier ones are read-only"
            )
        self._guard.saying(actor)
        x, y, page = command.x, command.y, command.page
        if command.reply_to is not None:
            parent = self._store.comment(request_id, command.reply_to)
            if parent is None or int(parent["revision"]) != command.revision or parent.get("replyTo"):
                raise validation("Unknown comment", [{"field": "replyTo", "message": "no such comment here"}])
            x, y, page = parent.get("x"), parent.get("y"), parent.get("page")
        elif x is None or y is None:
            raise validation("A comment needs a point", [{"field": "x", "message": "x and y are required"}])
        comment = {
            "revision": command.revision,
            "authorId": actor.uid,
            "authorName": actor.name,
            "authorRole": actor.role.value,
            "text": command.text,
            "x": x,
            "y": y,
            "page": page,
            "replyTo": command.reply_to,
            "resolved": False,
            "resolvedBy": None,
            "resolvedAt": None,
            "createdAt": self._now(),
        }
        added = self._store.add_comment(request_id, comment, talk.MAX_COMMENTS_PER_REVISION)
        if added is None:
            raise AppError(
                ErrorCode.CONFLICT, f"This design has {talk.MAX_COMMENTS_PER_REVISION} comments already"
            )
        return added

    def resolve_comment(self, actor: Actor, request_id: str, revision: int, comment_id: str) -> Document:
        """Mark a comment of the current revision dealt with (again: no change)."""
        request = self._participating(actor, request_id).data
        found = self._store.comment(request_id, comment_id)
        if found is None or int(found["revision"]) != revision:
            raise not_found("Comment")
        self._may(actor, request, talk.Talk.RESOLVE)
        if revision != talk.current_revision(request):
            raise AppError(ErrorCode.CONFLICT, "Comments on an earlier design are read-only")
        return self._store.resolve_comment(request_id, comment_id, actor.uid, self._now())

    def with_comments(self, request_id: str, revisions: list[Document]) -> list[Document]:
        """Revisions with their comments (replies under the comment they answer)."""
        numbers = [int(r["number"]) for r in revisions]
        comments = self._store.comments(request_id, numbers)
        by_revision: dict[int, list[Document]] = {n: [] for n in numbers}
        replies: dict[str, list[Document]] = {}
        for comment in comments:
            if comment.get("replyTo"):
                replies.setdefault(str(comment["replyTo"]), []).append(comment)
        for comment in comments:
            if not comment.get("replyTo"):
                by_revision[int(comment["revision"])].append(
                    {**comment, "replies": replies.get(comment["id"], [])}
                )
        return [{**r, "comments": by_revision[int(r["number"])]} for r in revisions]
