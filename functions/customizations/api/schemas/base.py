"""What the models at the HTTP edge share: the three kinds of model (a JSON body, a query string,
an answer) and the parts more than one of them is made of."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from ...domain import text
from ...domain.files import FileField

# An id that is safe as one Firestore path segment.
DocId = Annotated[str, StringConstraints(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")]
# A comment on a revision, as its id names it.
CommentId = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}-[0-9]{4}$")]

# Every model is built on first use (defer_build): a call validates only its own body or query, so
# an instance builds the validators of the routes it serves, not of all of them as it starts.


class Input(BaseModel):
    """What a client sends as JSON: exact types, no unknown fields."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Query(BaseModel):
    """A query string: it arrives as text, so numbers are parsed; unknown parameters are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Answer(BaseModel):
    """A shape the API answers with (the OpenAPI document describes it; nothing validates it)."""

    model_config = ConfigDict(defer_build=True)


class FileRef(Input):
    """A file in the project's bucket, as returned by the upload endpoint."""

    url: Annotated[str, StringConstraints(min_length=1, max_length=2048)]
    path: Annotated[
        str,
        StringConstraints(
            max_length=1024, pattern=r"^customizations/[A-Za-z0-9_-]{1,128}/[a-z_]+/[^/]{1,300}$"
        ),
    ]
    fileName: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    fileSize: Annotated[int, Field(ge=1)]
    contentType: Annotated[str, StringConstraints(min_length=1, max_length=255)]
    uploadedAt: datetime

    @property
    def owner_id(self) -> str:
        """The uid whose folder holds the file."""
        return self.path.split("/")[1]

    @property
    def kind(self) -> str:
        """The kind folder the file was uploaded to."""
        return self.path.split("/")[2]


def _said(value: str) -> str:
    if text.blank(value):
        raise ValueError("must not be blank")
    return value


def _one_line(value: str) -> str:
    return text.checked(value, one_line=True)


# What people write is stored as written (domain.text): checked, never changed. Said: required to
# hold something besides whitespace. OneLine: a name.
Written = AfterValidator(text.checked)
Said = AfterValidator(_said)
OneLine = AfterValidator(_one_line)


def file_paths(refs: dict[FileField, FileRef | None]) -> dict[FileField, str]:
    """The object paths of the FileRefs given (the service looks up its own record of each)."""
    return {field: ref.path for field, ref in refs.items() if ref is not None}
