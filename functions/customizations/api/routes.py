"""The route table: every operation, its handler, and what the OpenAPI document says of it.

The app (api.app) serves exactly these routes, and the OpenAPI document (api.openapi) is built from
them, so the two cannot disagree.

It is one table, over 400 lines, on purpose: each entry is a few lines of data, not code, and read
top to bottom it is the reference itself (docs/api.md and docs/openapi.json list the operations in
this order). Split by resource, that order would live in a separate list of the parts, and
`/customizations/{id}` in another file than the fixed names beside it (stats, pending, uploads) that
RESERVED_IDS keeps from being read as ids.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Response
from pydantic import BaseModel

from . import handlers
from .schemas import (
    ActionBody,
    AuditEntry,
    ClaimedRequest,
    Comment,
    CommentBody,
    CreateProductBody,
    CreateRequestBody,
    CustomizationRequest,
    Device,
    DeviceBody,
    DisabledBody,
    FileLink,
    FileLinkQuery,
    FileRef,
    HistoryQuery,
    ListQuery,
    Message,
    MessageBody,
    Notification,
    NotificationQuery,
    PageQuery,
    PendingQuery,
    Product,
    ProductQuery,
    Profile,
    ProfilePatchBody,
    ReadAll,
    Revision,
    RevisionQuery,
    RoleBody,
    StartUploadBody,
    Stats,
    ThreadRead,
    UpdateProductBody,
    UploadSession,
    UserDisabled,
    UserRole,
    Workload,
)


@dataclass(frozen=True)
class Route:
    """One operation: how it is served and how the OpenAPI document describes it."""

    method: str
    path: str
    handler: Callable[..., Response]  # called with the app's Context and the path's parameters
    summary: str
    who: str  # who may call it, as the reference says
    statuses: tuple[int, ...]
    body: Any = None
    query: type[BaseModel] | None = None
    response: Any = None
    success: int = 200
    public: bool = False
    paginated: bool = False
    multipart: bool = False  # the body is multipart/form-data with `file` and `kind`
    binary: bool = False  # answers the file's bytes (or a redirect to them)
    headers: tuple[str, ...] = ()


_COMMON = (400, 401, 500)
_BY_ID = (400, 401, 403, 404, 500)

ROUTES: list[Route] = [
    Route("GET", "/health", handlers.health, "Liveness check", "anyone", (200, 500), public=True),
    Route("GET", "/openapi.json", handlers.openapi_document, "This document", "anyone", (200,), public=True),
    Route(
        "POST",
        "/customizations",
        handlers.create,
        "Create a customization request",
        "customer, admin",
        (*_COMMON, 403, 409, 413, 415, 429),
        body=CreateRequestBody,
        response=CustomizationRequest,
        success=201,
        headers=("Idempotency-Key",),
    ),
    Route(
        "GET",
        "/customizations",
        handlers.list_requests,
        "List the requests the caller may see, newest first",
        "signed-in: a customer their own, a designer those assigned to them, an admin all",
        (*_COMMON, 403),
        query=ListQuery,
        response=list[CustomizationRequest],
        paginated=True,
    ),
    Route(
        "GET",
        "/customizations/pending",
        handlers.pending,
        "Requests waiting for a designer, oldest first (`sort=dueAt`: the soonest due first)",
        "designer, admin",
        (*_COMMON, 403),
        query=PendingQuery,
        response=list[CustomizationRequest],
        paginated=True,
    ),
    Route(
        "POST",
        "/customizations/pending/claim",
        handlers.claim_next,
        "Claim the next waiting request: one of the oldest, callers at once spread over different ones",
        "designer (admins assign a request by id)",
        (*_COMMON, 403, 404, 409, 429),
        response=ClaimedRequest,
    ),
    Route(
        "GET",
        "/customizations/stats",
        handlers.stats,
        "Statistics over the caller's requests",
        "signed-in: over the requests the caller's list covers",
        _COMMON,
        response=Stats,
    ),
    Route(
        "GET",
        "/customizations/workload",
        handlers.workload,
        "A designer's own load; for admins, every designer's, least loaded first, paginated",
        "designer (own), admin (every designer)",
        (*_COMMON, 403),
        query=PageQuery,
        response=Workload | list[Workload],
        paginated=True,
    ),
    Route(
        "GET",
        "/customizations/{id}",
        handlers.get_request,
        "One request",
        "its customer, its designer, any designer while it is pending, admin",
        _BY_ID[1:],
        response=CustomizationRequest,
    ),
    Route(
        "PATCH",
        "/customizations/{id}",
        handlers.act,
        "Take an action on a request",
        "by action: see the lifecycle table",
        (*_BY_ID, 409, 412, 413, 415),
        body=ActionBody,
        response=CustomizationRequest,
        headers=("If-Match",),
    ),
    Route(
        "DELETE",
        "/customizations/{id}",
        handlers.cancel,
        "Cancel a request (the record stays)",
        "its customer, admin",
        (*_BY_ID, 409, 412),
        response=CustomizationRequest,
        headers=("If-Match",),
    ),
    Route(
        "POST",
        "/customizations/upload",
        handlers.upload,
        "Upload a file (multipart: file, kind) up to the kind's limit",
        "customer, designer, admin (each role its kinds)",
        (*_COMMON, 403, 413, 415, 429),
        body=None,
        response=FileRef,
        success=201,
        multipart=True,
    ),
    Route(
        "POST",
        "/customizations/uploads",
        handlers.start_upload,
        "Open a resumable upload session for a large file",
        "customer, designer, admin (each role its kinds)",
        (*_COMMON, 403, 413, 415, 429),
        body=StartUploadBody,
        response=UploadSession,
        success=201,
    ),
    Route(
        "POST",
        "/customizations/uploads/{id}/complete",
        handlers.complete_upload,
        "Check a file sent through a session and make it usable",
        "the uploader",
        (*_BY_ID, 409, 413, 415),
        response=FileRef,
    ),
    Route(
        "GET",
        "/customizations/{id}/files/{field}",
        handlers.download,
        "The file behind one FileRef field (participants and admins)",
        "its customer, its designer, admin",
        _BY_ID[1:],
        success=200,
        binary=True,
    ),
    Route(
        "GET",
        "/customizations/{id}/files/{field}/url",
        handlers.file_link,
        "A short-lived URL for one of the request's files (or a revision's), for <img src> or a link",
        "its customer, its designer, admin",
        _BY_ID,
        query=FileLinkQuery,
        response=FileLink,
    ),
    Route(
        "GET",
        "/customizations/{id}/events",
        handlers.audit_trail,
        "The request's audit trail, oldest first (participants and admins)",
        "its customer, its designer, admin",
        _BY_ID,
        query=HistoryQuery,
        response=list[AuditEntry],
        paginated=True,
    ),
    Route(
        "GET",
        "/customizations/{id}/revisions",
        handlers.revisions,
        "Every design submitted for the request, oldest first (participants and admins)",
        "its customer, its designer, admin",
        _BY_ID,
        query=RevisionQuery,
        response=list[Revision],
        paginated=True,
    ),
    Route(
        "GET",
        "/customizations/{id}/messages",
        handlers.messages,
        "The request's message thread, oldest first (newest last)",
        "its customer, its designer, admin",
        _BY_ID,
        query=HistoryQuery,
        response=list[Message],
        paginated=True,
    ),
    Route(
        "POST",
        "/customizations/{id}/messages",
        handlers.post_message,
        "Post a message to the request's thread (text, and FileRefs of one's uploads attached)",
        "its customer, its designer, admin (a pending request: its customer and admins)",
        (*_BY_ID, 409, 413, 415),
        body=MessageBody,
        response=Message,
        success=201,
    ),
    Route(
        "POST",
        "/customizations/{id}/messages/read",
        handlers.read_thread,
        "Mark the request's thread read as far as it goes",
        "its customer, its designer, admin",
        _BY_ID[1:],
        response=ThreadRead,
    ),
    Route(
        "GET",
        "/customizations/{id}/messages/{message}/files/{index}",
        handlers.message_file,
        "A file attached to a message (the first is 0)",
        "its customer, its designer, admin",
        _BY_ID[1:],
        binary=True,
    ),
    Route(
        "POST",
        "/customizations/{id}/revisions/{number}/comments",
        handlers.add_comment,
        "Pin a comment to a point of the current design, or reply to one of its comments",
        "its customer, its designer, admin, while the design is judged or reworked",
        (*_BY_ID, 409, 413, 415),
        body=CommentBody,
        response=Comment,
        success=201,
    ),
    Route(
        "POST",
        "/customizations/{id}/revisions/{number}/comments/{comment}/resolve",
        handlers.resolve_comment,
        "Mark a comment on the current design resolved",
        "its customer, its designer, admin, while the design is judged or reworked",
        (*_BY_ID[1:], 409),
        response=Comment,
    ),
    Route(
        "GET",
        "/notifications",
        handlers.notifications,
        "The caller's notifications, newest first",
        "signed-in (their own)",
        _COMMON,
        query=NotificationQuery,
        response=list[Notification],
        paginated=True,
    ),
    Route(
        "POST",
        "/notifications/read-all",
        handlers.read_all,
        "Mark every one of the caller's notifications read (call again while `more`)",
        "signed-in (their own)",
        _COMMON,
        response=ReadAll,
    ),
    Route(
        "POST",
        "/notifications/{id}/read",
        handlers.mark_read,
        "Mark one of the caller's notifications read",
        "its recipient",
        _BY_ID[1:],
        response=Notification,
    ),
    Route(
        "GET",
        "/me",
        handlers.me,
        "The caller's profile: who they are, how they are told of events, devices, unread count",
        "signed-in (their own)",
        _COMMON,
        response=Profile,
    ),
    Route(
        "PATCH",
        "/me",
        handlers.update_me,
        "Change the caller's display name, notification preferences and (designers) availability",
        "signed-in (their own); availability: designers",
        (*_COMMON, 403, 409, 413, 415),
        body=ProfilePatchBody,
        response=Profile,
    ),
    Route(
        "POST",
        "/me/devices",
        handlers.add_device,
        "Register a device for push (an FCM registration token); the oldest goes past 10",
        "signed-in (their own)",
        (*_COMMON, 413, 415),
        body=DeviceBody,
        response=Device,
        success=201,
    ),
    Route(
        "DELETE",
        "/me/devices/{id}",
        handlers.remove_device,
        "Stop pushes to one of the caller's devices",
        "signed-in (their own)",
        (400, 401, 404, 500),
        response=Device,
    ),
    Route(
        "GET",
        "/products",
        handlers.list_products,
        "The customizable products by name (admins: `includeRetired=true` for all)",
        "signed-in (retired ones: admin)",
        (*_COMMON, 403),
        query=ProductQuery,
        response=list[Product],
        paginated=True,
    ),
    Route(
        "POST",
        "/products",
        handlers.create_product,
        "Add a product to the catalogue",
        "admin",
        (*_COMMON, 403, 409, 413, 415),
        body=CreateProductBody,
        response=Product,
        success=201,
    ),
    Route(
        "GET",
        "/products/{id}",
        handlers.get_product,
        "One product, retired or not",
        "signed-in",
        _BY_ID[:2] + _BY_ID[3:],
        response=Product,
    ),
    Route(
        "PATCH",
        "/products/{id}",
        handlers.update_product,
        "Change a product; `isCustomizable: false` retires it",
        "admin",
        (*_BY_ID, 413, 415),
        body=UpdateProductBody,
        response=Product,
    ),
    Route(
        "PUT",
        "/users/{uid}/role",
        handlers.set_role,
        "Set a user's role (admins)",
        "admin",
        (*_BY_ID, 415, 429),
        body=RoleBody,
        response=UserRole,
    ),
    Route(
        "PUT",
        "/users/{uid}/disabled",
        handlers.set_disabled,
        "Disable a user, or enable them again (admins; never themselves)",
        "admin",
        (*_BY_ID, 415),
        body=DisabledBody,
        response=UserDisabled,
    ),
]


def reserved_ids(routes: list[Route]) -> tuple[str, ...]:
    """The fixed path segments beside `/customizations/{id}` (stats, pending...): never an id."""
    segments = {r.path.split("/")[2] for r in routes if r.path.startswith("/customizations/")}
    return tuple(sorted(s for s in segments if "{" not in s))


# The fixed names under /customizations/ that are never a request id.
RESERVED_IDS = reserved_ids(ROUTES)
