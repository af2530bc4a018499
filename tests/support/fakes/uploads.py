"""UploadRecords on a World."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from customizations.domain.files import upload_id
from customizations.domain.records import Record

from tests.support.fakes.world import Doc, World


class FakeUploads:
    """UploadRecords on a World."""

    def __init__(self, world: World) -> None:
        self.world = world

    def create_record(self, path: str, record: Doc) -> bool:
        if upload_id(path) in self.world.uploads:
            return False
        self.world.uploads[upload_id(path)] = {**record, "path": path}
        self.world.upload_times[upload_id(path)] = next(self.world.stamps)
        return True

    def record(self, path: str) -> Doc | None:
        found = self.world.uploads.get(upload_id(path))
        return None if found is None else dict(found)

    def _record(self, upload: str) -> Record:
        return Record(upload, dict(self.world.uploads[upload]), self.world.upload_times[upload])

    def records(self, paths: Sequence[str]) -> dict[str, Record]:
        return {p: self._record(upload_id(p)) for p in paths if upload_id(p) in self.world.uploads}

    def path_of(self, upload: str) -> str | None:
        found = self.world.uploads.get(upload)
        return None if found is None else str(found["path"])

    def update_record(self, path: str, fields: Doc) -> None:
        self.world.uploads[upload_id(path)].update(fields)
        self.world.upload_times[upload_id(path)] = next(self.world.stamps)

    def delete_record(self, path: str, unchanged_since: Any = None) -> bool:
        upload = upload_id(path)
        if upload not in self.world.uploads:
            return unchanged_since is None  # a delete of what is gone succeeds, unless conditioned
        if unchanged_since is not None and self.world.upload_times[upload] != unchanged_since:
            return False
        del self.world.uploads[upload]
        return True

    def unattached_before(self, cutoff: datetime, limit: int) -> list[Record]:
        found = [
            self._record(upload)
            for upload, r in self.world.uploads.items()
            if r.get("attachedTo") is None and r["createdAt"] < cutoff
        ]
        return sorted(found, key=lambda r: r.data["createdAt"])[:limit]

    def attached_to(self, request_id: str) -> list[Doc]:
        return [dict(r) for r in self.world.uploads.values() if r.get("attachedTo") == request_id]

    def cancelled_before(self, cutoff: datetime, limit: int) -> list[str]:
        found = [
            (d["cancelledAt"], rid)
            for rid, d in self.world.requests.items()
            if d.get("filesPurged") is False
            and d.get("cancelledAt") is not None
            and d["cancelledAt"] < cutoff
        ]
        return [rid for _, rid in sorted(found)[:limit]]

    def mark_files_purged(self, request_id: str, at: datetime) -> None:
        fields, stamp = {"filesPurged": True, "filesPurgedAt": at}, next(self.world.stamps)
        self.world.requests[request_id].update(fields)
        self.world.update_times[request_id] = stamp
        if request_id in self.world.legal:  # in the same batch, so that a rollback keeps it
            self.world.legal[request_id].update(fields)
            self.world.legal_times[request_id] = stamp
