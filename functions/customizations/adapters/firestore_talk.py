"""A request's messages and comments in Firestore (the services' TalkStore).

`customizationRequests/{id}/messages/{seq}`: the thread, numbered in turn (zero-padded, so ids sort
as the thread reads); `customizationRequests/{id}/private/thread`: how many messages there are and
how far each participant read, written with every message in one transaction (a request's thread
moves at the pace of two people typing, far below a document's write rate);
`customizationRequests/{id}/comments/{revision}-{n}`: comments pinned to revisions, numbered in
turn within each.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter
from google.cloud.firestore_v1.field_path import FieldPath

from ..domain.files import upload_id
from ..domain.records import Conflict, Page, PageRequest
from .queries import COMMENTS, MESSAGE_SHAPE, MESSAGES, PRIVATE, REQUESTS, THREAD, UPLOADS, page_of, with_id


def comment_id(revision: int, n: int) -> str:
    """A comment's id: its revision, then its turn (both zero-padded, so ids sort that way)."""
    return f"{revision:04d}-{n:04d}"


class FirestoreTalk:
    """Messages, comments and the thread's read state."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def _request(self, request_id: str) -> Any:
        return self._db.collection(REQUESTS).document(request_id)

    def _thread(self, request_id: str) -> Any:
        return self._request(request_id).collection(PRIVATE).document(THREAD)

    # ---- messages ----

    def post_message(
        self, request_id: str, message: dict[str, Any], attach: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Append a message, bump the thread's count and the author's read mark, and take the
        attached uploads (each only if unchanged since read), in one transaction."""
        thread = self._thread(request_id)
        author = str(message["authorId"])

        @firestore.transactional
        def post(tx: Any) -> dict[str, Any]:
            state = thread.get(transaction=tx)
            seq = int((state.to_dict() or {}).get("count", 0)) + 1 if state.exists else 1
            ref = self._request(request_id).collection(MESSAGES).document(f"{seq:06d}")
            tx.create(ref, {**message, "seq": seq})
            tx.set(thread, {"count": seq, "lastAt": message["createdAt"], "reads": {author: seq}}, merge=True)
            for path, read_at in attach.items():
                option = self._db.write_option(last_update_time=read_at)
                tx.update(
                    self._db.collection(UPLOADS).document(upload_id(path)),
                    {"attachedTo": request_id},
                    option=option,
                )
            return {**message, "seq": seq, "id": ref.id}

        try:
            posted: dict[str, Any] = post(self._db.transaction())
        except (gexc.FailedPrecondition, gexc.NotFound) as exc:
            raise Conflict(request_id) from exc
        return posted

    def messages(self, request_id: str, page: PageRequest) -> Page:
        """A page of the thread, oldest first."""
        return page_of(self._db, MESSAGE_SHAPE, (), page, self._request(request_id))

    def message(self, request_id: str, message_id: str) -> dict[str, Any] | None:
        """One message, or None."""
        snapshot = self._request(request_id).collection(MESSAGES).document(message_id).get()
        return with_id(snapshot) if snapshot.exists else None

    def mark_thread_read(self, request_id: str, uid: str) -> None:
        """This user has read the thread as far as it goes now."""
        thread = self._thread(request_id)

        @firestore.transactional
        def mark(tx: Any) -> None:
            state = thread.get(transaction=tx)
            count = int((state.to_dict() or {}).get("count", 0)) if state.exists else 0
            if count:
                tx.set(thread, {"reads": {uid: count}}, merge=True)

        mark(self._db.transaction())

    # ---- comments ----

    def add_comment(self, request_id: str, comment: dict[str, Any], most: int) -> dict[str, Any] | None:
        """Pin a comment to its revision with the next number there; None if it has `most`."""
        thread = self._thread(request_id)
        revision = int(comment["revision"])

        @firestore.transactional
        def add(tx: Any) -> dict[str, Any] | None:
            state = thread.get(transaction=tx)
            n = (
                int(((state.to_dict() or {}).get("comments") or {}).get(str(revision), 0))
                if state.exists
                else 0
            )
            if n >= most:
                return None
            ref = self._request(request_id).collection(COMMENTS).document(comment_id(revision, n + 1))
            tx.create(ref, comment)
            tx.set(thread, {"comments": {str(revision): n + 1}}, merge=True)
            return {**comment, "id": ref.id}

        added: dict[str, Any] | None = add(self._db.transaction())
        return added

    def comment(self, request_id: str, comment_id_: str) -> dict[str, Any] | None:
        """One comment, or None."""
        snapshot = self._request(request_id).collection(COMMENTS).document(comment_id_).get()
        return with_id(snapshot) if snapshot.exists else None

    def resolve_comment(self, request_id: str, comment_id_: str, by: str, at: datetime) -> dict[str, Any]:
        """Mark a comment resolved, unless it is already."""
        ref = self._request(request_id).collection(COMMENTS).document(comment_id_)

        @firestore.transactional
        def resolve(tx: Any) -> dict[str, Any]:
            snapshot = ref.get(transaction=tx)
            data = snapshot.to_dict() or {}
            if not data.get("resolved"):
                data.update(resolved=True, resolvedBy=by, resolvedAt=at)
                tx.update(ref, {"resolved": True, "resolvedBy": by, "resolvedAt": at})
            return {**data, "id": ref.id}

        resolved: dict[str, Any] = resolve(self._db.transaction())
        return resolved

    def comments(self, request_id: str, revisions: Sequence[int]) -> list[dict[str, Any]]:
        """Every comment on the revisions from the lowest to the highest given, in id order."""
        if not revisions:
            return []
        wanted = set(revisions)
        collection = self._request(request_id).collection(COMMENTS)
        low, high = collection.document(f"{min(wanted):04d}"), collection.document(f"{max(wanted) + 1:04d}")
        query = (
            collection.where(filter=FieldFilter(FieldPath.document_id(), ">=", low))
            .where(filter=FieldFilter(FieldPath.document_id(), "<", high))
            .order_by(FieldPath.document_id())
        )
        return [c for c in (with_id(s) for s in query.stream()) if int(c["revision"]) in wanted]
