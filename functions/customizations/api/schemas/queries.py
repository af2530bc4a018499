"""The query strings: a page of a list and its filters, a file link's revision."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from ...domain import commands
from ...domain.lifecycle import Status
from ...domain.records import PageRequest
from .base import DocId, Query


class PageQuery(Query):
    """Pagination parameters shared by every list."""

    limit: Annotated[int, Field(ge=1, le=100)] = 20
    cursor: Annotated[str, StringConstraints(min_length=1, max_length=1000)] | None = None

    def page(self) -> PageRequest:
        """The page asked for."""
        return PageRequest(self.limit, self.cursor)


class HistoryQuery(PageQuery):
    """A request's audit trail or revisions: short lists, so a page holds up to 100 by default."""

    limit: Annotated[int, Field(ge=1, le=100)] = 100


class RevisionQuery(PageQuery):
    """A request's revisions, each with up to 200 comments: 20 at most a page, so a page is bounded."""

    limit: Annotated[int, Field(ge=1, le=20)] = 20


class ListQuery(PageQuery):
    """GET /customizations."""

    status: Status | None = None
    customerId: DocId | None = None
    designerId: DocId | None = None
    overdue: bool | None = None  # true: only the requests past their current stage's due time

    @field_validator("overdue")
    @classmethod
    def _only_true(cls, value: bool | None) -> bool | None:
        if value is False:
            raise ValueError("only overdue=true filters; leave it out for every request")
        return value

    def where(self) -> commands.RequestFilter:
        """The filters asked for."""
        return commands.RequestFilter(self.status, self.customerId, self.designerId, bool(self.overdue))


class PendingQuery(PageQuery):
    """GET /customizations/pending: oldest first, or the soonest due first."""

    sort: Literal["requestedAt", "dueAt"] = "requestedAt"


class ProductQuery(PageQuery):
    """GET /products: the customizable products; admins may add the retired ones."""

    includeRetired: bool = False


class FileLinkQuery(Query):
    """GET /customizations/{id}/files/{field}/url: the request's file, or a revision's."""

    revision: Annotated[int, Field(ge=1, le=10_000)] | None = None


class NotificationQuery(PageQuery):
    """GET /notifications."""

    unread: bool = False
