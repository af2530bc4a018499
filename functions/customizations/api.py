"""The HTTP API: one route table that serves requests and documents itself as OpenAPI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from firebase_functions import logger
from flask import Flask, Response, request
from pydantic import BaseModel
from werkzeug.routing import BaseConverter

from . import openapi
from .auth import Actor, Verifier, authenticate, emulator_auth_misconfigured, firebase_verifier
from .errors import AppError, ErrorCode, not_found, validation
from .http import (
    error_response,
    if_match_version,
    install_error_boundary,
    json_body,
    ok,
    parse_body,
    parse_query,
)
from .models import (
    ActionBody,
    ApproveBody,
    AssignBody,
    AuditEntry,
    CancelBody,
    CompleteBody,
    CreateRequestBody,
    CustomizationRequest,
    FileRef,
    HistoryQuery,
    ListQuery,
    Notification,
    NotificationQuery,
    PageQuery,
    RejectBody,
    Revision,
    RoleBody,
    StartUploadBody,
    Stats,
    UploadFinalBody,
    UploadSession,
    UserRole,
    Workload,
)
from .repository import is_document_id
from .service import CustomizationService

ACTION_BODIES: dict[str, type[BaseModel]] = {
    "assign": AssignBody,
    "uploadFinal": UploadFinalBody,
    "approve": ApproveBody,
    "reject": RejectBody,
    "cancel": CancelBody,
    "complete": CompleteBody,
}


def _pick(model: type[BaseModel], doc: dict[str, Any]) -> dict[str, Any]:
    """The fields of a stored document that model shows to clients."""
    return {name: doc.get(name) for name in model.model_fields}


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored request as the API shows it."""
    return _pick(CustomizationRequest, doc)


@dataclass(frozen=True)
class Route:
    """One operation: how it is served and how the OpenAPI document describes it."""

    method: str
    path: str
    handler: str  # the Api method that serves it
    summary: str
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


class Api:
    """The route handlers, bound to a service and a token verifier."""

    def __init__(self, service: Callable[[], CustomizationService], verify: Verifier) -> None:
        self._service = service
        self._verify = verify

    def _actor(self) -> Actor:
        return authenticate(request.headers.get("Authorization"), self._verify)

    def health(self) -> Response:
        return ok({"status": "ok"})

    def openapi_document(self) -> Response:
        return Response(openapi.document_json(), content_type="application/json")

    def create(self) -> Response:
        actor = self._actor()
        _, raw = json_body()
        body = parse_body(CreateRequestBody, raw)
        key = request.headers.get("Idempotency-Key")
        if key is not None and not (1 <= len(key) <= 255 and key.isprintable()):
            raise validation(
                "Invalid Idempotency-Key",
                [{"field": "Idempotency-Key", "message": "1 to 255 printable characters"}],
            )
        created = self._service().create(actor, body, key)
        return _with_etag(ok(public(created), 201), created)

    def list(self) -> Response:
        actor = self._actor()
        page = self._service().list_requests(actor, parse_query(ListQuery))
        return ok([public(item) for item in page.items], nextCursor=page.next_cursor)

    def pending(self) -> Response:
        actor = self._actor()
        page = self._service().pending(actor, parse_query(PageQuery))
        return ok([public(item) for item in page.items], nextCursor=page.next_cursor)

    def get(self, id: str) -> Response:
        actor = self._actor()
        found = self._service().get(actor, id)
        return _with_etag(ok(public(found)), found)

    def patch(self, id: str) -> Response:
        actor = self._actor()
        parsed, raw = json_body()
        action = parsed.get("action")
        model = ACTION_BODIES.get(action) if isinstance(action, str) else None
        if model is None:
            raise validation(
                "Unknown action",
                [{"field": "action", "message": f"must be one of {', '.join(ACTION_BODIES)}"}],
            )
        body = parse_body(model, raw)
        updated = self._service().act(actor, id, body, if_match_version())
        return _with_etag(ok(public(updated)), updated)

    def delete(self, id: str) -> Response:
        actor = self._actor()
        updated = self._service().act(actor, id, CancelBody(action="cancel"), if_match_version())
        return _with_etag(ok(public(updated)), updated)

    def stats(self) -> Response:
        actor = self._actor()
        parse_query(_NoQuery)
        return ok(self._service().stats(actor))

    def workload(self) -> Response:
        actor = self._actor()
        parse_query(_NoQuery)
        loads = self._service().workload(actor)
        return ok(loads if actor.is_admin else loads[0])

    def upload(self) -> Response:
        actor = self._actor()
        if request.mimetype != "multipart/form-data":
            raise AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the file as multipart/form-data")
        kind, sent = request.form.get("kind"), request.files.get("file")
        missing = [{"field": f, "message": "required"} for f, v in (("kind", kind), ("file", sent)) if not v]
        if missing or kind is None or sent is None:
            raise validation("Missing form fields", missing)
        ref = self._service().files.upload(actor, kind, sent.filename or "", sent.mimetype, sent.stream)
        return ok(ref, 201)

    def start_upload(self) -> Response:
        actor = self._actor()
        _, raw = json_body()
        body = parse_body(StartUploadBody, raw)
        session = self._service().files.start_upload(actor, body, request.headers.get("Origin"))
        return ok(session, 201)

    def complete_upload(self, id: str) -> Response:
        actor = self._actor()
        files = self._service().files
        return ok(files.complete_upload(actor, files.upload_path(id)))

    def download(self, id: str, field: str) -> Response:
        actor = self._actor()
        service = self._service()
        found = service.download(actor, id, field)
        record = found.record
        disposition = f'{"attachment" if found.attachment else "inline"}; filename="{record["fileName"]}"'
        headers = {
            "X-Content-Type-Options": "nosniff",
            "Content-Disposition": disposition,
            "Cache-Control": "private, no-store",
        }
        if found.redirect_url is not None:
            return Response(status=302, headers={**headers, "Location": found.redirect_url})
        return Response(
            service.files.stream(record["path"]),
            content_type=record["contentType"],
            headers={**headers, "Content-Length": str(record["fileSize"])},
        )

    def audit_trail(self, id: str) -> Response:
        actor = self._actor()
        page = self._service().audit_trail(actor, id, parse_query(HistoryQuery))
        return ok([_pick(AuditEntry, e) for e in page.items], nextCursor=page.next_cursor)

    def revisions(self, id: str) -> Response:
        actor = self._actor()
        page = self._service().revisions(actor, id, parse_query(HistoryQuery))
        return ok([_pick(Revision, r) for r in page.items], nextCursor=page.next_cursor)

    def notifications(self) -> Response:
        actor = self._actor()
        query = parse_query(NotificationQuery)
        page = self._service().notifications(actor, query.unread, query)
        return ok([_pick(Notification, n) for n in page.items], nextCursor=page.next_cursor)

    def mark_read(self, id: str) -> Response:
        actor = self._actor()
        return ok(_pick(Notification, self._service().mark_read(actor, id)))

    def set_role(self, uid: str) -> Response:
        actor = self._actor()
        _, raw = json_body()
        body = parse_body(RoleBody, raw)
        return ok(self._service().set_role(actor, uid, body.role))


class _NoQuery(BaseModel):
    model_config = {"extra": "forbid"}


def _with_etag(response: Response, doc: dict[str, Any]) -> Response:
    response.headers["ETag"] = f'"{doc.get("version")}"'
    return response


_COMMON = (400, 401, 500)
_BY_ID = (400, 401, 403, 404, 500)

ROUTES: list[Route] = [
    Route("GET", "/health", "health", "Liveness check", (200, 500), public=True),
    Route("GET", "/openapi.json", "openapi_document", "This document", (200,), public=True),
    Route(
        "POST",
        "/customizations",
        "create",
        "Create a customization request",
        (*_COMMON, 403, 409, 413, 415),
        body=CreateRequestBody,
        response=CustomizationRequest,
        success=201,
        headers=("Idempotency-Key",),
    ),
    Route(
        "GET",
        "/customizations",
        "list",
        "List the requests the caller may see, newest first",
        (*_COMMON, 403),
        query=ListQuery,
        response=list[CustomizationRequest],
        paginated=True,
    ),
    Route(
        "GET",
        "/customizations/pending",
        "pending",
        "Requests waiting for a designer, oldest first",
        (*_COMMON, 403),
        query=PageQuery,
        response=list[CustomizationRequest],
        paginated=True,
    ),
    Route(
        "GET",
        "/customizations/stats",
        "stats",
        "Statistics over the caller's requests",
        _COMMON,
        response=Stats,
    ),
    Route(
        "GET",
        "/customizations/workload",
        "workload",
        "A designer's own load; for admins, every designer's, least loaded first",
        (*_COMMON, 403),
        response=Workload | list[Workload],
    ),
    Route("GET", "/customizations/{id}", "get", "One request", _BY_ID[1:], response=CustomizationRequest),
    Route(
        "PATCH",
        "/customizations/{id}",
        "patch",
        "Take an action on a request",
        (*_BY_ID, 409, 412, 413, 415),
        body=ActionBody,
        response=CustomizationRequest,
        headers=("If-Match",),
    ),
    Route(
        "DELETE",
        "/customizations/{id}",
        "delete",
        "Cancel a request (the record stays)",
        (*_BY_ID, 409, 412),
        response=CustomizationRequest,
        headers=("If-Match",),
    ),
    Route(
        "POST",
        "/customizations/upload",
        "upload",
        "Upload a file (multipart: file, kind) up to the kind's limit",
        (*_COMMON, 403, 413, 415),
        body=None,
        response=FileRef,
        success=201,
        multipart=True,
    ),
    Route(
        "POST",
        "/customizations/uploads",
        "start_upload",
        "Open a resumable upload session for a large file",
        (*_COMMON, 403, 413, 415),
        body=StartUploadBody,
        response=UploadSession,
        success=201,
    ),
    Route(
        "POST",
        "/customizations/uploads/{id}/complete",
        "complete_upload",
        "Check a file sent through a session and make it usable",
        (*_BY_ID, 409, 413, 415),
        response=FileRef,
    ),
    Route(
        "GET",
        "/customizations/{id}/files/{field}",
        "download",
        "The file behind one FileRef field (participants and admins)",
        _BY_ID[1:],
        success=200,
        binary=True,
    ),
    Route(
        "GET",
        "/customizations/{id}/events",
        "audit_trail",
        "The request's audit trail, oldest first (participants and admins)",
        _BY_ID,
        query=HistoryQuery,
        response=list[AuditEntry],
        paginated=True,
    ),
    Route(
        "GET",
        "/customizations/{id}/revisions",
        "revisions",
        "Every design submitted for the request, oldest first (participants and admins)",
        _BY_ID,
        query=HistoryQuery,
        response=list[Revision],
        paginated=True,
    ),
    Route(
        "GET",
        "/notifications",
        "notifications",
        "The caller's notifications, newest first",
        _COMMON,
        query=NotificationQuery,
        response=list[Notification],
        paginated=True,
    ),
    Route(
        "POST",
        "/notifications/{id}/read",
        "mark_read",
        "Mark one of the caller's notifications read",
        _BY_ID[1:],
        response=Notification,
    ),
    Route(
        "PUT",
        "/users/{uid}/role",
        "set_role",
        "Set a user's role (admins)",
        (*_BY_ID, 415),
        body=RoleBody,
        response=UserRole,
    ),
]


# The fixed names under /customizations/ that are never a request id.
RESERVED_IDS = openapi.reserved_ids(ROUTES)


class RequestIdConverter(BaseConverter):
    """A request id in a path: one segment, and not one of the fixed names beside it, so that
    `PATCH /customizations/stats` is a 405 (with `Allow: GET`), not an action on a request "stats"."""

    regex = "(?!(?:" + "|".join(RESERVED_IDS) + ")$)[^/]+"


def create_app(service: Callable[[], CustomizationService], verify: Verifier = firebase_verifier) -> Flask:
    """The Flask app serving the API at / and at /api (the Hosting rewrite keeps that prefix)."""
    app = Flask(__name__)
    # Cloud Functions takes request bodies up to 32 MB; larger files go through resumable sessions.
    app.config["MAX_CONTENT_LENGTH"] = 32 << 20
    install_error_boundary(app)
    api = Api(service, verify)

    @app.before_request
    def _refuse_unsafe_auth_configuration() -> Response | None:
        if emulator_auth_misconfigured():
            logger.error("FIREBASE_AUTH_EMULATOR_HOST is set outside the emulator; refusing to serve")
            return error_response(AppError(ErrorCode.INTERNAL, "Service misconfigured"))
        return None

    @app.before_request
    def _refuse_impossible_ids() -> None:
        # An id Firestore could not store (too long, reserved, a dot segment) names nothing.
        for name in ("id", "uid"):
            value = (request.view_args or {}).get(name)
            if isinstance(value, str) and not is_document_id(value):
                raise not_found("Resource")

    app.url_map.converters["request_id"] = RequestIdConverter
    for route in ROUTES:
        rule = route.path.replace("/customizations/{id}", "/customizations/<request_id:id>")
        rule = rule.replace("{", "<").replace("}", ">")
        for prefix in ("", "/api"):
            app.add_url_rule(
                prefix + rule,
                endpoint=f"{prefix}{route.method} {route.path}",
                view_func=getattr(api, route.handler),
                methods=[route.method],
            )
    return app
