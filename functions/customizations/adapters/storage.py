"""Design files in Cloud Storage (the services' ObjectStore)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from datetime import timedelta
from typing import IO, Any

from google.api_core import exceptions as gexc

SIGNED_URL_TTL = timedelta(minutes=10)


class CloudStorage:
    """Objects in the project's bucket."""

    def __init__(self, storage: Any, bucket_name: str) -> None:
        self._bucket = storage.bucket(bucket_name)
        self._bucket_name = bucket_name

    @property
    def bucket_name(self) -> str:
        """The bucket's name."""
        return self._bucket_name

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
        with contextlib.suppress(gexc.NotFound):
            self._bucket.blob(path).delete()


def emulated() -> bool:
    """Whether Storage is the local emulator (no signed URLs there: files are streamed)."""
    return bool(os.environ.get("STORAGE_EMULATOR_HOST"))
