"""Design files in Cloud Storage, and their upload records in Firestore (`uploads/{id}`).

An upload record says who uploaded which object, of what kind, and whether a request uses it; a
FileRef given to the API is only accepted if its record matches. The record id is derived from the
object path, so a FileRef leads to its record without a query.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from typing import IO, Any

from google.api_core import exceptions as gexc
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from .repository import EXPIRED_CANCELLATIONS, ORPHAN_UPLOADS, REQUESTS, UPLOADS, QueryShape, upload_id

SIGNED_URL_TTL = timedelta(minutes=10)


class FileStore:
    """Objects in the bucket and the records that vouch for them."""

    def __init__(self, db: firestore.Client, storage: Any, bucket_name: str) -> None:
        self._db = db
        self._bucket = storage.bucket(bucket_name)
        self.bucket_name = bucket_name

    # ---- objects ----

    def put(
        self, path: str, stream: IO[bytes], size: int, content_type: str, metadata: dict[str, str]
    ) -> None:
        """Store an object."""
        blob = self._bucket.blob(path)
        blob.metadata = metadata
        blob.upload_from_file(stream, size=size, content_type=content_type, rewind=True)

    def start_resumable(self, path: str, content_type: str, size: int, origin: str | None) -> str:
        """A resumable upload session URL for the client to send the bytes to directly."""
        return str(
            self._bucket.blob(path).create_resumable_upload_session(
                content_type=content_type, size=size, origin=origin
            )
        )

    def object_info(self, path: str) -> tuple[int, str] | None:
        """The stored size and content type of an object, or None if it is not there."""
        blob = self._bucket.get_blob(path)
        return None if blob is None else (int(blob.size or 0), str(blob.content_type or ""))

    def read(self, path: str, length: int) -> bytes:
        """The first length bytes of an object."""
        return bytes(self._bucket.blob(path).download_as_bytes(start=0, end=max(length - 1, 0)))

    def chunks(self, path: str, chunk_size: int = 1 << 20) -> Iterator[bytes]:
        """An object's bytes, a chunk at a time."""
        with self._bucket.blob(path).open("rb", chunk_size=chunk_size) as reader:
            while chunk := reader.read(chunk_size):
                yield chunk

    def signed_url(self, path: str, file_name: str, content_type: str, attachment: bool) -> str:
        """A short-lived V4 URL, signed through the IAM API with the function's service account
        (Cloud Functions has no private key file to sign with)."""
        import google.auth
        from google.auth.transport.requests import Request

        credentials, _ = google.auth.default()
        credentials.refresh(Request())
        disposition = f'{"attachment" if attachment else "inline"}; filename="{file_name}"'
        return str(
            self._bucket.blob(path).generate_signed_url(
                version="v4",
                expiration=SIGNED_URL_TTL,
                method="GET",
                # Compute Engine credentials (what Cloud Functions runs with) name their account.
                service_account_email=getattr(credentials, "service_account_email", None),
                access_token=credentials.token,
                response_disposition=disposition,
                response_type=content_type,
            )
        )

    def delete_object(self, path: str) -> None:
        """Remove an object; one already gone is fine."""
        try:
            self._bucket.blob(path).delete()
        except gexc.NotFound:
            pass

    # ---- records ----

    def _record(self, path: str) -> Any:
        return self._db.collection(UPLOADS).document(upload_id(path))

    def create_record(self, path: str, record: dict[str, Any]) -> bool:
        """Create the record of the object at path; False if that path is taken."""
        try:
            self._record(path).create({**record, "path": path})
        except gexc.AlreadyExists:
            return False
        return True

    def record(self, path: str) -> dict[str, Any] | None:
        """The record of the object at path, or None."""
        snapshot = self._record(path).get()
        return snapshot.to_dict() if snapshot.exists else None

    def records(self, paths: Sequence[str]) -> dict[str, dict[str, Any]]:
        """path -> record, for the paths that have one, in one round trip."""
        refs = [self._record(p) for p in paths]
        found = {}
        for snapshot in self._db.get_all(refs) if refs else []:
            if snapshot.exists:
                data = snapshot.to_dict() or {}
                found[data["path"]] = data
        return found

    def path_of(self, upload: str) -> str | None:
        """The object path of an upload record id, or None."""
        snapshot = self._db.collection(UPLOADS).document(upload).get()
        return str(snapshot.get("path")) if snapshot.exists else None

    def update_record(self, path: str, fields: dict[str, Any]) -> None:
        """Change some fields of a record."""
        self._record(path).update(fields)

    def delete_record(self, path: str) -> None:
        """Forget an upload."""
        self._record(path).delete()

    # ---- housekeeping ----

    def _before(self, shape: QueryShape, value: Any, cutoff: datetime, limit: int) -> list[Any]:
        # A registered shape: equality on its field, its order field before cutoff, oldest first.
        (field,) = shape.equalities
        query = (
            self._db.collection(shape.collection)
            .where(filter=FieldFilter(field, "==", value))
            .where(filter=FieldFilter(shape.order_by, "<", cutoff))
            .order_by(shape.order_by)
            .limit(limit)
        )
        return list(query.stream())

    def unattached_before(self, cutoff: datetime, limit: int = 500) -> list[dict[str, Any]]:
        """Uploads no request uses, made before cutoff."""
        return [s.to_dict() or {} for s in self._before(ORPHAN_UPLOADS, None, cutoff, limit)]

    def attached_to(self, request_id: str) -> list[dict[str, Any]]:
        """The uploads a request uses."""
        query = self._db.collection(UPLOADS).where(filter=FieldFilter("attachedTo", "==", request_id))
        return [s.to_dict() or {} for s in query.stream()]

    def cancelled_before(self, cutoff: datetime, limit: int = 200) -> list[str]:
        """Ids of requests cancelled before cutoff whose files are still kept."""
        return [s.id for s in self._before(EXPIRED_CANCELLATIONS, False, cutoff, limit)]

    def mark_files_purged(self, request_id: str, at: datetime) -> None:
        """Note on a cancelled request that its files are gone (no lifecycle change: the event
        trigger ignores writes that move neither status nor version)."""
        self._db.collection(REQUESTS).document(request_id).update({"filesPurged": True, "filesPurgedAt": at})


def emulated() -> bool:
    """Whether Storage is the local emulator (no signed URLs there: files are streamed)."""
    return bool(os.environ.get("STORAGE_EMULATOR_HOST"))
