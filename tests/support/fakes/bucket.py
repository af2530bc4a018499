"""ObjectStore in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO


class FakeBucket:
    """ObjectStore in memory; `signed_url` signs with a fake key, as the production path would."""

    def __init__(self, bucket_name: str = "demo-bucket") -> None:
        self.objects: dict[str, bytes] = {}
        self.types: dict[str, str] = {}  # path -> the content type it was stored with
        self.sessions: dict[str, str] = {}  # session url -> object path
        self.signed: list[tuple[str, bool]] = []
        self._bucket_name = bucket_name

    @property
    def bucket_name(self) -> str:
        return self._bucket_name

    def put(
        self, path: str, stream: IO[bytes], size: int, content_type: str, metadata: dict[str, str]
    ) -> None:
        stream.seek(0)
        self.objects[path] = stream.read(size)
        self.types[path] = content_type

    def start_resumable(self, path: str, content_type: str, size: int, origin: str | None) -> str:
        url = f"https://upload.example/{len(self.sessions)}"
        self.sessions[url] = path
        self.types[path] = content_type  # what the session was opened for
        return url

    def send(self, url: str, data: bytes) -> None:
        """What a client does with a session URL: send the bytes straight to the bucket."""
        self.objects[self.sessions[url]] = data

    def object_info(self, path: str) -> tuple[int, str] | None:
        found = self.objects.get(path)
        return None if found is None else (len(found), self.types.get(path, "application/octet-stream"))

    def read(self, path: str, length: int) -> bytes:
        return self.objects[path][:length]

    def chunks(self, path: str) -> Iterator[bytes]:
        yield self.objects[path]

    def signed_url(self, path: str, file_name: str, content_type: str, attachment: bool) -> str:
        self.signed.append((path, attachment))
        return f"https://storage.example/{self._bucket_name}/{path}?X-Goog-Signature=fake"

    def delete_object(self, path: str) -> None:
        self.objects.pop(path, None)
