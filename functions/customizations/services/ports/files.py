"""The uploaded files: the records that vouch for them, and the bucket that holds them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import IO, Any, Protocol

from ...domain.records import Record
from .basics import Document


class UploadIndex(Protocol):
    """The records that vouch for uploaded objects (who, which kind, used by which request)."""

    def create_record(self, path: str, record: Document) -> bool:
        """Create the record of the object at path; False if that path is taken."""
        ...

    def record(self, path: str) -> Document | None:
        """The record of the object at path, or None."""
        ...

    def records(self, paths: Sequence[str]) -> dict[str, Record]:
        """path -> record (with its update time), for the paths that have one."""
        ...

    def path_of(self, upload: str) -> str | None:
        """The object path of an upload id, or None."""
        ...

    def update_record(self, path: str, fields: Document) -> None:
        """Change some fields of a record."""
        ...

    def delete_record(self, path: str, unchanged_since: Any = None) -> bool:
        """Forget an upload (only if its record is unchanged since that update time, when given);
        whether it is gone."""
        ...


class UploadHousekeeping(Protocol):
    """The housekeeping queries over the records and over cancelled requests."""

    def unattached_before(self, cutoff: datetime, limit: int) -> list[Record]:
        """Up to about limit uploads no request uses, made before cutoff (any of them: the caller
        deletes what it gets and asks again)."""
        ...

    def attached_to(self, request_id: str) -> list[Document]:
        """The uploads a request uses."""
        ...

    def cancelled_before(self, cutoff: datetime, limit: int) -> list[str]:
        """Ids of requests cancelled before cutoff whose files are still kept."""
        ...

    def mark_files_purged(self, request_id: str, at: datetime) -> None:
        """Note on a cancelled request that its files are gone (no lifecycle change)."""
        ...


class UploadRecords(UploadIndex, UploadHousekeeping, Protocol):
    """The records of uploads and their housekeeping: what the upload service uses."""


class ObjectStore(Protocol):
    """The bucket that holds the files."""

    @property
    def bucket_name(self) -> str:
        """The bucket's name."""
        ...

    def put(
        self, path: str, stream: IO[bytes], size: int, content_type: str, metadata: dict[str, str]
    ) -> None:
        """Store an object."""
        ...

    def start_resumable(self, path: str, content_type: str, size: int, origin: str | None) -> str:
        """A resumable upload session URL for the client to send the bytes to directly."""
        ...

    def object_info(self, path: str) -> tuple[int, str] | None:
        """The stored size and content type of an object, or None if it is not there."""
        ...

    def read(self, path: str, length: int) -> bytes:
        """The first length bytes of an object."""
        ...

    def chunks(self, path: str) -> Iterator[bytes]:
        """An object's bytes, a chunk at a time."""
        ...

    def signed_url(self, path: str, file_name: str, content_type: str, attachment: bool) -> str:
        """A short-lived URL to download the object."""
        ...

    def delete_object(self, path: str) -> None:
        """Remove an object; one already gone is fine."""
        ...
