"""Upload records in Firestore (`uploads/{id}`): the services' UploadRecords.

An upload record says who uploaded which object, of what kind, and whether a request uses it; a
FileRef given to the API is only accepted if its record matches. The record id is derived from the
object path, so a FileRef leads to its record without a query.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from ..domain.files import upload_id
from ..domain.records import Record
from .queries import (
    EXPIRED_CANCELLATIONS,
    LEGAL,
    ORPHAN_UPLOADS,
    PRIVATE,
    REQUESTS,
    UPLOAD_SHARDS,
    UPLOADS,
    QueryShape,
    upload_shard,
)


class FirestoreUploads:
    """The records that vouch for uploaded objects, and the housekeeping queries over them."""

    def __init__(self, db: firestore.Client) -> None:
        self._db = db

    def _record(self, path: str) -> Any:
        return self._db.collection(UPLOADS).document(upload_id(path))

    def create_record(self, path: str, record: dict[str, Any]) -> bool:
        """Create the record of the object at path; False if that path is taken."""
        try:
            self._record(path).create({**record, "path": path, "shard": upload_shard(path)})
        except gexc.AlreadyExists:
            return False
        return True

    def record(self, path: str) -> dict[str, Any] | None:
        """The record of the object at path, or None."""
        snapshot = self._record(path).get()
        return snapshot.to_dict() if snapshot.exists else None

    def records(self, paths: Sequence[str]) -> dict[str, Record]:
        """path -> record with its update time, for the paths that have one, in one round trip."""
        refs = [self._record(p) for p in paths]
        found = {}
        for snapshot in self._db.get_all(refs) if refs else []:
            if snapshot.exists:
                data = snapshot.to_dict() or {}
                found[data["path"]] = Record(snapshot.id, data, snapshot.update_time)
        return found

    def path_of(self, upload: str) -> str | None:
        """The object path of an upload record id, or None."""
        snapshot = self._db.collection(UPLOADS).document(upload).get()
        return str(snapshot.get("path")) if snapshot.exists else None

    def update_record(self, path: str, fields: dict[str, Any]) -> None:
        """Change some fields of a record."""
        self._record(path).update(fields)

    def delete_record(self, path: str, unchanged_since: Any = None) -> bool:
        """Forget an upload, only if its record is unchanged since that update time (when given);
        whether it is gone."""
        option = self._db.write_option(last_update_time=unchanged_since) if unchanged_since else None
        try:
            self._record(path).delete(option=option)
        except (gexc.FailedPrecondition, gexc.NotFound):
            return False
        return True

    # ---- housekeeping ----

    def _before(self, shape: QueryShape, values: tuple[Any, ...], cutoff: datetime, limit: int) -> list[Any]:
        # A registered shape: its equalities, its order field before cutoff, oldest first.
        if shape.order_by is None:
            raise ValueError(f"{shape} has no field to cut at")
        query: Any = self._db.collection(shape.collection)
        for field, value in zip(shape.equalities, values, strict=True):
            query = query.where(filter=FieldFilter(field, "==", value))
        query = query.where(filter=FieldFilter(shape.order_by, "<", cutoff)).order_by(shape.order_by)
        return list(query.limit(limit).stream())

    def unattached_before(self, cutoff: datetime, limit: int) -> list[Record]:
        """About limit uploads no request uses, made before cutoff, with their update times: the
        oldest of each shard (an equal share of the limit each)."""
        each = -(-limit // UPLOAD_SHARDS)
        found = [
            s
            for shard in range(UPLOAD_SHARDS)
            for s in self._before(ORPHAN_UPLOADS, (None, shard), cutoff, each)
        ]
        return [Record(s.id, s.to_dict() or {}, s.update_time) for s in found]

    def attached_to(self, request_id: str) -> list[dict[str, Any]]:
        """The uploads a request uses."""
        query = self._db.collection(UPLOADS).where(filter=FieldFilter("attachedTo", "==", request_id))
        return [s.to_dict() or {} for s in query.stream()]

    def cancelled_before(self, cutoff: datetime, limit: int) -> list[str]:
        """Ids of up to limit requests cancelled before cutoff whose files are still kept."""
        return [s.id for s in self._before(EXPIRED_CANCELLATIONS, (False,), cutoff, limit)]

    def mark_files_purged(self, request_id: str, at: datetime) -> None:
        """Note on a cancelled request that its files are gone (no lifecycle change: the event
        trigger ignores writes that move neither status nor version), and on its legal copy, so that
        a rollback keeps it."""
        fields = {"filesPurged": True, "filesPurgedAt": at}
        request = self._db.collection(REQUESTS).document(request_id)
        batch = self._db.batch()
        batch.update(request, fields)
        batch.update(
            request.collection(PRIVATE).document(LEGAL), {f"{LEGAL}.{k}": v for k, v in fields.items()}
        )
        try:
            batch.commit()
        except gexc.NotFound:  # a request older than the legal copies
            request.update(fields)
