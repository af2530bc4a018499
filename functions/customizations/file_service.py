"""Uploads (through the API or a resumable session), the FileRef checks that requests rely on,
downloads for participants, and the clean-up of files nobody needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from . import files
from .auth import Actor
from .errors import AppError, ErrorCode, not_found, validation
from .file_store import FileStore
from .models import FileRef, StartUploadBody
from .repository import upload_id
from .state_machine import Party

# Which upload kind each FileRef field of a request accepts.
FILE_FIELD_KINDS = {
    "customerDesignFile": "customer_design",
    "customerPreviewImage": "preview",
    "designerFinalFile": "designer_final",
    "designerPreviewImage": "preview",
}
ORPHAN_TTL = timedelta(days=1)
CANCELLED_RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class Download:
    """How to hand a stored file to a client: stream it (emulator) or redirect (production)."""

    record: dict[str, Any]
    attachment: bool
    redirect_url: str | None


def file_ref(record: dict[str, Any], bucket: str) -> dict[str, Any]:
    """The FileRef clients see for an upload record."""
    return {
        "url": f"gs://{bucket}/{record['path']}",
        "path": record["path"],
        "fileName": record["fileName"],
        "fileSize": record["fileSize"],
        "contentType": record["contentType"],
        "uploadedAt": record["createdAt"],
    }


class FileService:
    """The file rules, over a FileStore."""

    def __init__(self, store: FileStore, now: Callable[[], datetime], emulated: bool) -> None:
        self._store = store
        self._now = now
        self._emulated = emulated

    def _reserve(
        self, actor: Actor, kind: str, found: files.Format, size: int, original: str, status: str
    ) -> tuple[str, dict[str, Any]]:
        """Claim a fresh object path, customizations/{uid}/{kind}/{timestamp}_{safeName}, by creating
        its record; two uploads in the same millisecond get different timestamps."""
        name = files.safe_name(original, found)
        stamp = int(self._now().timestamp() * 1000)
        record = {
            "ownerId": actor.uid,
            "kind": kind,
            "fileName": name,
            "originalName": original[:500],
            "fileSize": size,
            "contentType": found.content_type,
            "createdAt": self._now(),
            "attachedTo": None,
            "status": status,
        }
        for offset in range(20):
            path = f"customizations/{actor.uid}/{kind}/{stamp + offset}_{name}"
            if self._store.create_record(path, record):
                return path, {**record, "path": path}
        raise AppError(ErrorCode.CONFLICT, "Too many uploads of this file at once; try again")

    # ---- uploads through the API ----

    def upload(
        self, actor: Actor, kind: str, name: str, declared_type: str | None, stream: IO[bytes]
    ) -> dict[str, Any]:
        """Store a file sent to the API, if its bytes are an allowed format within the kind's limit."""
        rule = files.check_kind(actor.role, kind)
        stream.seek(0, 2)
        size = stream.tell()
        if size == 0:
            raise validation("The file is empty", [{"field": "file", "message": "empty"}])
        if size > rule.max_bytes:
            raise AppError(
                ErrorCode.PAYLOAD_TOO_LARGE, f"'{kind}' files are limited to {rule.max_bytes} bytes"
            )
        stream.seek(0)
        found = files.identify(rule, stream.read(files.HEAD_BYTES), name, declared_type)
        if found.name == "svg":
            if size > files.SVG_MAX_BYTES:
                raise AppError(
                    ErrorCode.PAYLOAD_TOO_LARGE, f"SVG files are limited to {files.SVG_MAX_BYTES} bytes"
                )
            stream.seek(0)
            files.check_svg(stream.read())
        path, record = self._reserve(actor, kind, found, size, name, "uploading")
        try:
            self._store.put(
                path, stream, size, found.content_type, {"uploaderId": actor.uid, "originalName": name[:500]}
            )
        except Exception:
            self._store.delete_record(path)
            raise
        self._store.update_record(path, {"status": "ready"})
        return file_ref(record, self._store.bucket_name)

    # ---- large files: a resumable session straight to Storage, then a check ----

    def start_upload(self, actor: Actor, body: StartUploadBody, origin: str | None) -> dict[str, Any]:
        """Open a resumable upload session for an object path chosen here."""
        rule = files.check_kind(actor.role, body.kind)
        if body.size > rule.max_resumable_bytes:
            raise AppError(
                ErrorCode.PAYLOAD_TOO_LARGE,
                f"'{body.kind}' files are limited to {rule.max_resumable_bytes} bytes",
            )
        candidates = [
            files.FORMATS[n]
            for n in rule.formats
            if files.extension(body.fileName) in files.FORMATS[n].extensions
        ]
        if not candidates:
            raise files.unsupported("The file name's extension is not a format this kind accepts")
        found = candidates[0]
        if body.contentType not in (found.content_type, "application/octet-stream"):
            raise files.unsupported(f"Declared type {body.contentType} does not match the file name")
        path, _ = self._reserve(actor, body.kind, found, body.size, body.fileName, "pending")
        url = self._store.start_resumable(path, found.content_type, body.size, origin)
        return {"uploadId": upload_id(path), "uploadUrl": url, "path": path, "fileSize": body.size}

    def complete_upload(self, actor: Actor, path: str) -> dict[str, Any]:
        """Check what arrived through a session (size and bytes) before the file can be used."""
        record = self._store.record(path)
        if record is None or record.get("ownerId") != actor.uid:
            raise not_found("Upload")
        if record["status"] == "ready":
            return file_ref(record, self._store.bucket_name)
        info = self._store.object_info(path)
        if info is None:
            raise AppError(ErrorCode.CONFLICT, "The upload has not finished; send the bytes first")
        size, _ = info
        try:
            if size != record["fileSize"]:
                raise validation(
                    "The uploaded size differs from the declared size",
                    [{"field": "fileSize", "message": f"declared {record['fileSize']}, received {size}"}],
                )
            rule = files.KINDS[record["kind"]]
            found = files.identify(
                rule, self._store.read(path, files.HEAD_BYTES), record["originalName"], None
            )
            if found.name == "svg":
                if size > files.SVG_MAX_BYTES:
                    raise AppError(ErrorCode.PAYLOAD_TOO_LARGE, "SVG too large")
                files.check_svg(self._store.read(path, size))
        except AppError:
            self._store.delete_object(path)
            self._store.delete_record(path)
            raise
        self._store.update_record(path, {"status": "ready", "contentType": found.content_type})
        return file_ref({**record, "contentType": found.content_type}, self._store.bucket_name)

    def upload_path(self, upload: str) -> str:
        """The object path of an upload id (404 if unknown)."""
        path = self._store.path_of(upload)
        if path is None:
            raise not_found("Upload")
        return path

    # ---- FileRefs given to create and uploadFinal ----

    def resolve(
        self, refs: dict[str, FileRef | None], uploader: str, request_id: str | None
    ) -> dict[str, Any]:
        """field -> the stored FileRef, if each ref is a finished upload of this uploader, of the
        field's kind, not used by another request; a 400 naming the fields otherwise."""
        given = {field: ref for field, ref in refs.items() if ref is not None}
        stored = self._store.records([ref.path for ref in given.values()])
        errors, resolved = [], {}
        for field, ref in given.items():
            record = stored.get(ref.path)
            want = FILE_FIELD_KINDS[field]
            if record is None or record.get("status") != "ready":
                errors.append({"field": field, "message": "no such upload"})
            elif record["ownerId"] != uploader:
                errors.append({"field": field, "message": "must be a file you uploaded"})
            elif record["kind"] != want:
                errors.append({"field": field, "message": f"must be a '{want}' upload"})
            elif record.get("attachedTo") not in (None, request_id):
                errors.append({"field": field, "message": "already used by another request"})
            else:
                resolved[field] = file_ref(record, self._store.bucket_name)
        if errors:
            raise validation("Invalid file reference", errors)
        return {field: resolved.get(field) for field in refs}

    # ---- downloads ----

    def download(self, request: dict[str, Any], parties: frozenset[Party], field: str) -> Download:
        """The file behind one FileRef field, for the request's participants and admins."""
        if field not in FILE_FIELD_KINDS or not parties - {Party.ANY_DESIGNER}:
            raise not_found("File")
        ref = request.get(field)
        record = self._store.record(ref["path"]) if ref else None
        if record is None:
            raise not_found("File")
        attachment = self._attachment(record["contentType"])
        url = None
        if not self._emulated:
            url = self._store.signed_url(
                record["path"], record["fileName"], record["contentType"], attachment
            )
        return Download(record, attachment, url)

    @staticmethod
    def _attachment(content_type: str) -> bool:
        return any(f.active for f in files.FORMATS.values() if f.content_type == content_type) or not any(
            f.content_type == content_type for f in files.FORMATS.values()
        )

    def stream(self, path: str) -> Any:
        """The bytes of a stored file, in chunks."""
        return self._store.chunks(path)

    # ---- housekeeping ----

    def clean_up(self) -> dict[str, int]:
        """Delete uploads no request took within a day, and the files of requests cancelled more than
        the retention period ago; how many of each."""
        now = self._now()
        orphans = self._store.unattached_before(now - ORPHAN_TTL)
        for record in orphans:
            self._store.delete_object(record["path"])
            self._store.delete_record(record["path"])
        cancelled = self._store.cancelled_before(now - CANCELLED_RETENTION)
        for request_id in cancelled:
            for record in self._store.attached_to(request_id):
                self._store.delete_object(record["path"])
                self._store.delete_record(record["path"])
            self._store.mark_files_purged(request_id, now)
        return {"orphans": len(orphans), "cancelledRequests": len(cancelled)}
