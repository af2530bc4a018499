"""Design files in Cloud Storage (the services' ObjectStore)."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from typing import IO, Any
from urllib.parse import quote, urlencode

from google.api_core import exceptions as gexc

from ..domain.files import DOWNLOAD_URL_TTL

SIGNED_URL_TTL = DOWNLOAD_URL_TTL
# A file over 8 MiB goes to Cloud Storage in a resumable upload, read from its spooled copy this
# much at a time (a multiple of 256 KiB): by default the client would read up to 100 MiB, so as
# many largest files at once as an instance takes calls would hold them all in memory twice over.
UPLOAD_CHUNK_BYTES = 4 << 20


class RuntimeCredentials:
    """The runtime's default credentials, loaded once per instance and refreshed only when stale."""

    def __init__(self, load: Callable[[], Any] | None = None) -> None:
        self._load = load or _default_credentials
        self._credentials: Any = None
        self._lock = threading.Lock()

    def current(self) -> Any:
        """Credentials with a valid access token."""
        with self._lock:
            if self._credentials is None:
                self._credentials = self._load()
            if not self._credentials.valid:  # no token yet, or it expires within google-auth's margin
                from google.auth.transport.requests import Request

                self._credentials.refresh(Request())
            return self._credentials


def _default_credentials() -> Any:
    import google.auth

    credentials, _ = google.auth.default()
    return credentials


class CloudStorage:
    """Objects in the project's bucket, through a client made on first use (a call that touches no
    file, the most of them, never loads the Storage library)."""

    def __init__(
        self,
        storage: Callable[[], Any],
        bucket_name: str,
        signer: RuntimeCredentials | None = None,
        emulator: str | None = None,
    ) -> None:
        self._storage = storage
        self._bucket_name = bucket_name
        self._signer = signer or RuntimeCredentials()
        self._emulator = emulator.rstrip("/") if emulator else None  # the Storage emulator's address

    @property
    def _bucket(self) -> Any:
        return self._storage().bucket(self._bucket_name)

    @property
    def bucket_name(self) -> str:
        """The bucket's name."""
        return self._bucket_name

    def put(
        self, path: str, stream: IO[bytes], size: int, content_type: str, metadata: dict[str, str]
    ) -> None:
        """Store an object."""
        blob = self._bucket.blob(path, chunk_size=UPLOAD_CHUNK_BYTES)
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
        """A short-lived V4 URL, signed through the IAM API's signBlob with the function's own
        service account (Cloud Functions has no private key file to sign with): the runtime service
        account needs roles/iam.serviceAccountTokenCreator on itself (see docs/operations.md, IAM)."""
        disposition = f'{"attachment" if attachment else "inline"}; filename="{file_name}"'
        if self._emulator is not None:
            return self._emulator_url(path, disposition, content_type)
        credentials = self._signer.current()
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

    def _emulator_url(self, path: str, disposition: str, content_type: str) -> str:
        """The object's media URL on the local Storage emulator, which cannot sign: it asks for the
        same response headers a signed URL does (scripts/storage-emulator serves them)."""
        query = urlencode(
            {
                "alt": "media",
                "response-content-disposition": disposition,
                "response-content-type": content_type,
            }
        )
        bucket = quote(self._bucket_name, safe="")
        return f"{self._emulator}/download/storage/v1/b/{bucket}/o/{quote(path, safe='')}?{query}"

    def delete_object(self, path: str) -> None:
        """Remove an object; one already gone is fine."""
        with contextlib.suppress(gexc.NotFound):
            self._bucket.blob(path).delete()


def emulated() -> bool:
    """Whether Storage is the local emulator (no signed URLs there: files are streamed)."""
    return bool(os.environ.get("STORAGE_EMULATOR_HOST"))


def emulator_address() -> str | None:
    """The local Storage emulator's address (http://host:port), or None in production."""
    host = os.environ.get("STORAGE_EMULATOR_HOST")
    if not host:
        return None
    return host if host.startswith(("http://", "https://")) else f"http://{host}"
