"""Uploads (through the API or a resumable session), the FileRef checks that requests rely on,
downloads for participants, and the clean-up of files nobody needs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from ..domain import files
from ..domain.actors import Actor
from ..domain.commands import StartUpload
from ..domain.files import FILE_FIELD_KINDS, FileField, UploadKind, file_ref, object_path, upload_id
from ..domain.lifecycle import Party
from ..domain.svg import CHUNK, check_svg
from ..errors import AppError, ErrorCode, not_found, validation
from .ports import Clock, ObjectStore, UploadRecords
from .quotas import QuotaGuard

ORPHAN_TTL = timedelta(days=1)
CANCELLED_RETENTION = timedelta(days=30)


@dataclass(frozen=True)
class Retention:
    """How long files nobody uses are kept (UNATTACHED_UPLOADS_KEPT_HOURS, CANCELLED_FILES_KEPT_DAYS)."""

    unattached: timedelta = ORPHAN_TTL  # an upload no request took
    cancelled: timedelta = CANCELLED_RETENTION  # the files of a cancelled request


CLEAN_UP_PAGE = 200  # records read per query while the clean-up drains its backlog


@dataclass(frozen=True)
class Resolved:
    """FileRefs a request may use: field -> the stored FileRef (or None), and the uploads to mark as
    the request's: path -> the update time of its record as read, which the write is conditioned on
    (so two requests cannot both take one upload)."""

    fields: dict[str, Any]
    attach: dict[str, Any]


@dataclass(frozen=True)
class Download:
    """How to hand a stored file to a client: stream it (emulator) or redirect (production)."""

    record: dict[str, Any]
    attachment: bool
    redirect_url: str | None


class UploadService:
    """The file rules, over upload records and the bucket."""

    def __init__(  # noqa: PLR0913, PLR0917 - records, bucket, quotas, clock, where, how long
        self,
        records: UploadRecords,
        objects: ObjectStore,
        guard: QuotaGuard,
        now: Clock,
        emulated: bool,
        kept: Retention = Retention(),
    ) -> None:
        self._records = records
        self._objects = objects
        self._guard = guard
        self._now = now
        self._emulated = emulated
        self._kept = kept

    def _ref(self, record: dict[str, Any]) -> dict[str, Any]:
        return file_ref(record, self._objects.bucket_name)

    def _reserve(
        self, actor: Actor, kind: UploadKind, found: files.Format, original: str, fields: dict[str, Any]
    ) -> tuple[str, dict[str, Any]]:
        """Claim a fresh object path by creating its record (with these further fields); two uploads
        in the same millisecond get different timestamps."""
        name = files.safe_name(original, found)
        stamp = int(self._now().timestamp() * 1000)
        record = {
            "ownerId": actor.uid,
            "kind": kind.value,
            "fileName": name,
            "originalName": original[:500],
            "contentType": found.content_type,
            "createdAt": self._now(),
            "attachedTo": None,
            **fields,
        }
        for offset in range(20):
            path = object_path(actor.uid, kind, stamp + offset, name)
            if self._records.create_record(path, record):
                return path, {**record, "path": path}
        raise AppError(ErrorCode.CONFLICT, "Too many uploads of this file at once; try again")

    # ---- uploads through the API ----

    def upload(
        self, actor: Actor, kind_name: str, name: str, declared_type: str | None, stream: IO[bytes]
    ) -> dict[str, Any]:
        """Store a file sent to the API, if its bytes are an allowed format within the kind's limit."""
        kind = files.check_kind(actor.role, kind_name)
        rule = files.KINDS[kind]
        stream.seek(0, 2)
        size = stream.tell()
        if size == 0:
            raise validation("The file is empty", [{"field": "file", "message": "empty"}])
        if size > rule.max_bytes:
            raise AppError(
                ErrorCode.PAYLOAD_TOO_LARGE, f"'{kind}' files are limited to {rule.max_bytes} bytes"
            )
        self._guard.uploading(actor, size)
        stream.seek(0)
        found = files.identify(rule, stream.read(files.HEAD_BYTES), name, declared_type)
        if found.name == "svg":
            _check_svg_size(size)
            stream.seek(0)
            check_svg(iter(lambda: stream.read(CHUNK), b""))
        path, record = self._reserve(actor, kind, found, name, {"fileSize": size, "status": "uploading"})
        try:
            self._objects.put(
                path, stream, size, found.content_type, {"uploaderId": actor.uid, "originalName": name[:500]}
            )
        except Exception:
            self._records.delete_record(path)
            raise
        self._records.update_record(path, {"status": "ready"})
        return self._ref(record)

    # ---- large files: a resumable session straight to Storage, then a check ----

    def start_upload(self, actor: Actor, command: StartUpload, origin: str | None) -> dict[str, Any]:
        """Open a resumable upload session for an object path chosen here."""
        kind = files.check_kind(actor.role, command.kind)
        rule = files.KINDS[kind]
        if command.size > rule.max_resumable_bytes:
            raise AppError(
                ErrorCode.PAYLOAD_TOO_LARGE,
                f"'{kind}' files are limited to {rule.max_resumable_bytes} bytes",
            )
        candidates = [
            files.FORMATS[n]
            for n in rule.formats
            if files.extension(command.file_name) in files.FORMATS[n].extensions
        ]
        if not candidates:
            raise files.unsupported("The file name's extension is not a format this kind accepts")
        found = candidates[0]
        if command.content_type not in (found.content_type, "application/octet-stream"):
            raise files.unsupported(f"Declared type {command.content_type} does not match the file name")
        self._guard.opening_session(actor, command.size)
        path, _ = self._reserve(
            actor, kind, found, command.file_name, {"fileSize": command.size, "status": "pending"}
        )
        url = self._objects.start_resumable(path, found.content_type, command.size, origin)
        return {"uploadId": upload_id(path), "uploadUrl": url, "path": path, "fileSize": command.size}

    def complete_upload(self, actor: Actor, upload: str) -> dict[str, Any]:
        """Check what arrived through a session (size and bytes) before the file can be used."""
        path = self._records.path_of(upload)
        record = self._records.record(path) if path is not None else None
        if path is None or record is None or record.get("ownerId") != actor.uid:
            raise not_found("Upload")
        if record["status"] == "ready":
            return self._ref(record)
        info = self._objects.object_info(path)
        if info is None:
            raise AppError(ErrorCode.CONFLICT, "The upload has not finished; send the bytes first")
        size, _ = info
        try:
            if size != record["fileSize"]:
                raise validation(
                    "The uploaded size differs from the declared size",
                    [{"field": "fileSize", "message": f"declared {record['fileSize']}, received {size}"}],
                )
            rule = files.KINDS[UploadKind(record["kind"])]
            head = self._objects.read(path, files.HEAD_BYTES)
            found = files.identify(rule, head, record["originalName"], None)
            if found.name == "svg":
                _check_svg_size(size)
                check_svg(self._objects.chunks(path))
        except AppError:
            self._objects.delete_object(path)
            self._records.delete_record(path)
            raise
        self._records.update_record(path, {"status": "ready", "contentType": found.content_type})
        return self._ref({**record, "contentType": found.content_type})

    # ---- FileRefs given to create and uploadFinal ----

    def resolve(
        self, paths: Mapping[FileField, str | None], uploader: str, request_id: str | None
    ) -> Resolved:
        """field -> the stored FileRef (None where no file was given), if each named object is a
        finished upload of this uploader, of the field's kind, not used by another request; a 400
        naming the fields otherwise."""
        given = {field.value: path for field, path in paths.items() if path is not None}
        kinds = {field.value: FILE_FIELD_KINDS[field] for field in paths}
        resolved = self._resolve(given, kinds, uploader, request_id)
        return Resolved({field.value: resolved.fields.get(field.value) for field in paths}, resolved.attach)

    def resolve_attachments(self, paths: Sequence[str], uploader: str, request_id: str) -> Resolved:
        """`attachments.{n}` -> the stored FileRef of each path: finished uploads of this uploader,
        of any kind, not used by another request; a 400 naming the attachments otherwise."""
        given = {f"attachments.{n}": path for n, path in enumerate(paths)}
        return self._resolve(given, dict.fromkeys(given), uploader, request_id)

    def _resolve(
        self,
        given: dict[str, str],
        kinds: Mapping[str, UploadKind | None],
        uploader: str,
        request_id: str | None,
    ) -> Resolved:
        stored = self._records.records(list(given.values()))
        errors, resolved, attach = [], {}, {}
        for field, path in given.items():
            found = stored.get(path)
            record = found.data if found is not None else None
            want = kinds.get(field)
            if record is None or record.get("status") != "ready":
                errors.append({"field": field, "message": "no such upload"})
            elif record["ownerId"] != uploader:
                errors.append({"field": field, "message": "must be a file you uploaded"})
            elif want is not None and record["kind"] != want.value:
                errors.append({"field": field, "message": f"must be a '{want}' upload"})
            elif record.get("attachedTo") not in (None, request_id):
                errors.append({"field": field, "message": "already used by another request"})
            else:
                resolved[field] = self._ref(record)
                if record.get("attachedTo") is None and found is not None:
                    attach[path] = found.update_time
        if errors:
            raise validation("Invalid file reference", errors)
        return Resolved(resolved, attach)

    # ---- downloads ----

    def _file_record(self, request: dict[str, Any], parties: frozenset[Party], field: str) -> dict[str, Any]:
        """The upload record behind one FileRef field, for the request's participants and admins."""
        if field not in FILE_FIELD_KINDS or not parties - {Party.ANY_DESIGNER}:
            raise not_found("File")
        return self._record_of(request.get(field))

    def _record_of(self, ref: dict[str, Any] | None) -> dict[str, Any]:
        record = self._records.record(ref["path"]) if ref else None
        if record is None:
            raise not_found("File")
        return record

    def download(self, request: dict[str, Any], parties: frozenset[Party], field: str) -> Download:
        """The file behind one FileRef field, for the request's participants and admins."""
        if field not in FILE_FIELD_KINDS or not parties - {Party.ANY_DESIGNER}:
            raise not_found("File")
        return self.download_ref(request.get(field))

    def download_ref(self, ref: dict[str, Any] | None) -> Download:
        """The file behind a FileRef the caller may fetch (the caller checked who they are)."""
        record = self._record_of(ref)
        attachment = files.is_active(record["contentType"])
        url = None
        if not self._emulated:
            url = self._objects.signed_url(
                record["path"], record["fileName"], record["contentType"], attachment
            )
        return Download(record, attachment, url)

    def link(self, request: dict[str, Any], parties: frozenset[Party], field: str) -> dict[str, Any]:
        """A short-lived URL for the file behind one FileRef field (a signed URL in production, the
        Storage emulator's locally) that a page can put in `<img src>` or a download link: inline
        for images, as an attachment for anything active. For participants and admins."""
        record = self._file_record(request, parties, field)
        attachment = files.is_active(record["contentType"])
        url = self._objects.signed_url(record["path"], record["fileName"], record["contentType"], attachment)
        return {
            "url": url,
            "expiresAt": self._now() + files.DOWNLOAD_URL_TTL,
            "fileName": record["fileName"],
            "contentType": record["contentType"],
            "fileSize": record["fileSize"],
            "disposition": "attachment" if attachment else "inline",
        }

    def stream(self, path: str) -> Iterator[bytes]:
        """The bytes of a stored file, in chunks."""
        return self._objects.chunks(path)

    # ---- housekeeping ----

    def clean_up(self, until: datetime | None = None) -> dict[str, int]:
        """Delete uploads no request took within a day, and the files of requests cancelled more than
        the retention period ago, a page at a time until none is left or `until` has come (the next
        run goes on from there); how many of each, and whether work was left (`unfinished`)."""
        now = self._now()
        orphans, cancelled, orphans_left, cancelled_left = 0, 0, True, True

        def time_left() -> bool:
            return until is None or self._now() < until

        while orphans_left and time_left():
            found = self._records.unattached_before(now - self._kept.unattached, CLEAN_UP_PAGE)
            # Conditioned on the record as read: an upload a request took meanwhile is kept.
            gone = [
                r for r in found if self._records.delete_record(r.data["path"], unchanged_since=r.update_time)
            ]
            for record in gone:
                self._objects.delete_object(record.data["path"])
            orphans += len(gone)
            orphans_left = bool(gone)
        while cancelled_left and time_left():
            expired = self._records.cancelled_before(now - self._kept.cancelled, CLEAN_UP_PAGE)
            for request_id in expired:
                for attached in self._records.attached_to(request_id):
                    self._forget(attached["path"])
                self._records.mark_files_purged(request_id, now)
            cancelled += len(expired)
            cancelled_left = bool(expired)
        unfinished = orphans_left or cancelled_left
        return {"orphans": orphans, "cancelledRequests": cancelled, "unfinished": int(unfinished)}

    def _forget(self, path: str) -> None:
        self._objects.delete_object(path)
        self._records.delete_record(path)


def _check_svg_size(size: int) -> None:
    # SVG is parsed to look for active content, so it has a limit of its own.
    if size > files.SVG_MAX_BYTES:
        raise AppError(ErrorCode.PAYLOAD_TOO_LARGE, f"SVG files are limited to {files.SVG_MAX_BYTES} bytes")
