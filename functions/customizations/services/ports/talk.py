"""A request's messages and the comments pinned to its revisions (domain.conversation)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Protocol

from ...domain.records import Page, PageRequest
from .basics import Document


class Thread(Protocol):
    """A request's messages."""

    def post_message(self, request_id: str, message: Document, attach: Mapping[str, Any]) -> Document:
        """Append a message to the thread (numbered in turn; its author has read the thread up to
        it), and mark the uploads in `attach` (path -> update time as read) as the request's,
        atomically; the message with its `id` and `seq`. Raises domain.records.Conflict if one of
        those uploads changed meanwhile."""
        ...

    def messages(self, request_id: str, page: PageRequest) -> Page:
        """A page of the thread, oldest first (newest last)."""
        ...

    def message(self, request_id: str, message_id: str) -> Document | None:
        """One message, or None."""
        ...

    def mark_thread_read(self, request_id: str, uid: str) -> None:
        """This user has read every message of the thread so far."""
        ...


class Comments(Protocol):
    """The comments pinned to a request's revisions."""

    def add_comment(self, request_id: str, comment: Document, most: int) -> Document | None:
        """Pin a comment to its revision (numbered in turn within it); the comment with its `id`,
        or None if that revision has `most` comments already."""
        ...

    def comment(self, request_id: str, comment_id: str) -> Document | None:
        """One comment, or None."""
        ...

    def resolve_comment(self, request_id: str, comment_id: str, by: str, at: datetime) -> Document:
        """Mark a comment resolved (once: resolving it again changes nothing); the comment."""
        ...

    def comments(self, request_id: str, revisions: Sequence[int]) -> list[Document]:
        """Every comment on these revisions of the request, by revision then in turn."""
        ...


class TalkStore(Thread, Comments, Protocol):
    """A request's messages and comments: what the conversation service uses."""
