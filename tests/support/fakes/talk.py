"""TalkStore on a World."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from customizations.domain.files import upload_id
from customizations.domain.lifecycle import Event
from customizations.domain.records import Conflict, Page, PageRequest

from tests.support.fakes.world import Doc, World, page_of


class FakeTalk:
    """TalkStore on a World; `said` lists what was posted, for the triggers Stack.settle runs."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.said: list[tuple[str, str, str, Doc]] = []  # (event, request id, doc id, doc)

    def post_message(self, request_id: str, message: Doc, attach: Mapping[str, Any]) -> Doc:
        times = self.world.upload_times
        if not all(times.get(upload_id(path)) == read_at for path, read_at in attach.items()):
            raise Conflict("an upload changed since it was read")
        thread = self.world.threads.setdefault(request_id, {"count": 0, "reads": {}})
        thread["count"] += 1
        seq = thread["count"]
        thread["reads"][message["authorId"]] = seq
        doc_id = f"{seq:06d}"
        self.world.messages.setdefault(request_id, {})[doc_id] = {**message, "seq": seq}
        for path in attach:
            self.world.uploads[upload_id(path)]["attachedTo"] = request_id
            self.world.upload_times[upload_id(path)] = next(self.world.stamps)
        self.said.append((Event.MESSAGE_POSTED.value, request_id, doc_id, {**message, "seq": seq}))
        return {**message, "seq": seq, "id": doc_id}

    def messages(self, request_id: str, page: PageRequest) -> Page:
        items = [{**m, "id": i} for i, m in self.world.messages.get(request_id, {}).items()]
        return page_of(items, "seq", False, page)

    def message(self, request_id: str, message_id: str) -> Doc | None:
        found = self.world.messages.get(request_id, {}).get(message_id)
        return None if found is None else {**found, "id": message_id}

    def mark_thread_read(self, request_id: str, uid: str) -> None:
        thread = self.world.threads.get(request_id)
        if thread and thread["count"]:
            thread["reads"][uid] = thread["count"]

    def add_comment(self, request_id: str, comment: Doc, most: int) -> Doc | None:
        thread = self.world.threads.setdefault(request_id, {"count": 0, "reads": {}})
        counts = thread.setdefault("comments", {})
        n = counts.get(str(comment["revision"]), 0)
        if n >= most:
            return None
        counts[str(comment["revision"])] = n + 1
        doc_id = f"{int(comment['revision']):04d}-{n + 1:04d}"
        self.world.comments.setdefault(request_id, {})[doc_id] = dict(comment)
        self.said.append((Event.COMMENT_ADDED.value, request_id, doc_id, dict(comment)))
        return {**comment, "id": doc_id}

    def comment(self, request_id: str, comment_id: str) -> Doc | None:
        found = self.world.comments.get(request_id, {}).get(comment_id)
        return None if found is None else {**found, "id": comment_id}

    def resolve_comment(self, request_id: str, comment_id: str, by: str, at: datetime) -> Doc:
        found = self.world.comments[request_id][comment_id]
        if not found.get("resolved"):
            found.update(resolved=True, resolvedBy=by, resolvedAt=at)
        return {**found, "id": comment_id}

    def comments(self, request_id: str, revisions: Sequence[int]) -> list[Doc]:
        found = self.world.comments.get(request_id, {})
        return [{**c, "id": i} for i, c in sorted(found.items()) if int(c["revision"]) in set(revisions)]
