"""Design files judged by their bytes: the upload kinds, which formats each takes and how big, which
kind each FileRef field of a request holds, SVG checks, and names made safe."""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from ..errors import AppError, ErrorCode, validation
from .lifecycle import Role

MiB = 1 << 20


@dataclass(frozen=True)
class Format:
    """A file format we accept, recognised by its signature."""

    name: str
    content_type: str
    extensions: tuple[str, ...]
    active: bool  # may carry script or be rendered by a plug-in: always served as an attachment


FORMATS = {
    f.name: f
    for f in (
        Format("png", "image/png", (".png",), False),
        Format("jpeg", "image/jpeg", (".jpg", ".jpeg"), False),
        Format("gif", "image/gif", (".gif",), False),
        Format("webp", "image/webp", (".webp",), False),
        Format("pdf", "application/pdf", (".pdf",), True),
        Format("ai", "application/illustrator", (".ai",), True),
        Format("psd", "image/vnd.adobe.photoshop", (".psd",), True),
        Format("svg", "image/svg+xml", (".svg",), True),
    )
}
IMAGES = frozenset({"png", "jpeg", "gif", "webp"})
DESIGNS = IMAGES | {"pdf", "ai", "psd", "svg"}


@dataclass(frozen=True)
class KindRule:
    """What one upload kind accepts."""

    formats: frozenset[str]
    max_bytes: int  # through the API's multipart upload
    max_resumable_bytes: int  # through a resumable session straight to Storage


class UploadKind(enum.StrEnum):
    """What an upload is for; also the folder it is stored under."""

    CUSTOMER_DESIGN = "customer_design"
    DESIGNER_FINAL = "designer_final"
    PREVIEW = "preview"


KINDS: dict[UploadKind, KindRule] = {
    UploadKind.PREVIEW: KindRule(IMAGES, 10 * MiB, 10 * MiB),
    UploadKind.CUSTOMER_DESIGN: KindRule(DESIGNS, 30 * MiB, 500 * MiB),
    UploadKind.DESIGNER_FINAL: KindRule(DESIGNS, 30 * MiB, 500 * MiB),
}
# How long a download URL handed to a client works (a signed URL in production).
DOWNLOAD_URL_TTL = timedelta(minutes=10)
SVG_MAX_BYTES = 5 * MiB  # SVG is parsed, as a stream, to look for anything active (svg.py)
HEAD_BYTES = 64  # enough bytes to recognise every signature above

ROLE_KINDS: dict[Role, frozenset[UploadKind]] = {
    Role.CUSTOMER: frozenset({UploadKind.CUSTOMER_DESIGN, UploadKind.PREVIEW}),
    Role.DESIGNER: frozenset({UploadKind.DESIGNER_FINAL, UploadKind.PREVIEW}),
    Role.ADMIN: frozenset(KINDS),
}


class FileField(enum.StrEnum):
    """A request's fields that hold a FileRef."""

    CUSTOMER_DESIGN_FILE = "customerDesignFile"
    CUSTOMER_PREVIEW_IMAGE = "customerPreviewImage"
    DESIGNER_FINAL_FILE = "designerFinalFile"
    DESIGNER_PREVIEW_IMAGE = "designerPreviewImage"


# Which upload kind each FileRef field accepts.
FILE_FIELD_KINDS: dict[FileField, UploadKind] = {
    FileField.CUSTOMER_DESIGN_FILE: UploadKind.CUSTOMER_DESIGN,
    FileField.CUSTOMER_PREVIEW_IMAGE: UploadKind.PREVIEW,
    FileField.DESIGNER_FINAL_FILE: UploadKind.DESIGNER_FINAL,
    FileField.DESIGNER_PREVIEW_IMAGE: UploadKind.PREVIEW,
}


def upload_id(path: str) -> str:
    """The id of the upload record of the object at path: derived, so a FileRef leads to its record."""
    return hashlib.sha256(path.encode()).hexdigest()[:40]


def object_path(uid: str, kind: UploadKind, stamp: int, name: str) -> str:
    """Where an upload is stored: customizations/{uid}/{kind}/{timestamp}_{safeName}."""
    return f"customizations/{uid}/{kind.value}/{stamp}_{name}"


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


def unsupported(message: str) -> AppError:
    """The 415 for bytes that are not what they claim, or not a format we take."""
    return AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message)


def check_kind(role: Role, kind: str) -> UploadKind:
    """The kind named; 400 for an unknown kind, 403 for one this role may not upload."""
    try:
        known = UploadKind(kind)
    except ValueError:
        raise validation(
            "Unknown kind", [{"field": "kind", "message": f"one of {', '.join(KINDS)}"}]
        ) from None
    if known not in ROLE_KINDS[role]:
        raise AppError(ErrorCode.FORBIDDEN, f"A {role.value} may not upload '{kind}' files")
    return known


def is_active(content_type: str) -> bool:
    """Whether a stored type must be served as an attachment: active formats and unknown types."""
    formats = [f for f in FORMATS.values() if f.content_type == content_type]
    return not formats or any(f.active for f in formats)


def extension(name: str) -> str:
    """The last extension of a file name, lower case, with its dot ('' if none)."""
    base = name.rsplit("/", 1)[-1]
    return "." + base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


# The leading bytes that identify a format.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"8BPS", "psd"),
)


def sniff(head: bytes, name: str) -> Format | None:
    """The format the first bytes show, or None."""
    for magic, format_name in _MAGIC:
        if head.startswith(magic):
            return FORMATS[format_name]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return FORMATS["webp"]
    if head.startswith(b"%PDF-"):
        # Illustrator files are PDFs inside; the name says which the user meant.
        return FORMATS["ai"] if extension(name) == ".ai" else FORMATS["pdf"]
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<?xml", b"<svg", b"<!--")):
        return FORMATS["svg"]
    return None


def identify(rule: KindRule, head: bytes, name: str, declared_type: str | None) -> Format:
    """The file's format, if its bytes, its name and its declared type agree and the kind takes it."""
    found = sniff(head, name)
    if found is None or found.name not in rule.formats:
        allowed = ", ".join(sorted(rule.formats))
        raise unsupported(f"The file is not one of the formats this kind accepts ({allowed})")
    if extension(name) not in found.extensions:
        raise unsupported(f"The file name says {extension(name) or 'nothing'}, its bytes say {found.name}")
    declared = (declared_type or "").split(";")[0].strip().lower()
    # Browsers send no type or a generic one for unknown files, and Illustrator files as PDF.
    agreeing = {"", "application/octet-stream", found.content_type}
    if found.name == "ai":
        agreeing.add("application/pdf")
    if declared not in agreeing:
        raise unsupported(f"Declared type {declared} does not match the file ({found.content_type})")
    return found


def safe_name(original: str, found: Format, max_length: int = 100) -> str:
    """A storage-safe file name: no path, no control characters, ASCII, its real extension."""
    name = unicodedata.normalize("NFKC", original).replace("\\", "/").rsplit("/", 1)[-1]
    stem = name[: -len(extension(name))] if extension(name) else name
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("._-") or "file"
    suffix = found.extensions[0]
    return stem[: max_length - len(suffix)] + suffix
