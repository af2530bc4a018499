"""The route handlers: authenticate, parse the input into a schema, turn it into the service's
command, answer in the envelope. Each takes the app's Context (and the path's parameters).

It is over 400 lines on purpose: one short function per route of the route table (api.routes), in
its order, with the Context they share; split by resource, a newcomer would look for a route's
handler in one file and for what it shares with the others in another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from firebase_functions import logger
from flask import Response, g, request
from pydantic import BaseModel

from ..domain.actors import Actor
from ..domain.commands import Cancel
from ..domain.lifecycle import Action
from ..domain.quotas import REFUSED_INPUT
from ..errors import AppError, ErrorCode, validation
from ..services import Services
from . import schemas
from .auth import Verifier, authenticate
from .http import if_match_version, json_body, ok, parse_body, parse_query

if TYPE_CHECKING:
    from ..services.uploads import Download

MAX_IDEMPOTENCY_KEY_CHARS = 255
_READS = ("GET", "HEAD", "OPTIONS")
MAX_PATH_NUMBER_DIGITS = 6


@dataclass(frozen=True)
class Context:
    """What every handler may use: the services (built on first use), the token verifier, and the
    OpenAPI document of the app's own routes."""

    services: Callable[[], Services]
    verify: Verifier
    openapi_json: Callable[[], str]

    def actor(self) -> Actor:
        """The caller of the current request (401 without a valid token); a call that writes has
        its user's revocation and disabled state read afresh."""
        fresh = request.method not in _READS
        actor = authenticate(request.headers.get("Authorization"), self.verify, fresh)
        g.role = actor.role.value  # for the call's log line
        g.actor = actor  # whom a refusal of this call's input counts against (answering)
        if fresh:
            self.services().quotas.admitting(actor)  # before anything of the body is read
        try:
            self.services().users.seen(actor)  # the directory follows the token
        except Exception as exc:  # noqa: BLE001 - the profile is brought up to date on a later call
            logger.warn("Profile not synced", uid=actor.uid, error=repr(exc))
        return actor

    def answering(self, error: AppError) -> AppError:
        """The answer to an error: a refusal of a signed-in caller's write for its input (body or
        file) counts against their quota, and past it is answered 429 RATE_LIMITED instead. A
        caller not signed in is refused (401) before their body is read: nothing to count."""
        actor = g.get("actor")
        if actor is None or request.method in _READS or error.code not in REFUSED_INPUT:
            return error
        try:
            return self.services().quotas.refused(actor, error)
        except Exception as exc:  # noqa: BLE001 - the refusal is answered all the same
            logger.warn("Refusal not counted", uid=actor.uid, error=repr(exc))
            return error


class NoQuery(BaseModel):
    """Endpoints that take no query parameters refuse any."""

    model_config = {"extra": "forbid", "defer_build": True}


def _pick(model: type[BaseModel], doc: dict[str, Any]) -> dict[str, Any]:
    """The fields of a stored document that model shows to clients."""
    return {name: doc.get(name) for name in model.model_fields}


def public(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored request as the API shows it (`overdue` is stored only while true)."""
    shown = _pick(schemas.CustomizationRequest, doc)
    shown["overdue"] = doc.get("overdue") is True
    shown["rejectionCount"] = int(doc.get("rejectionCount") or 0)
    return shown


def _with_etag(response: Response, doc: dict[str, Any]) -> Response:
    response.headers["ETag"] = f'"{doc.get("version")}"'
    return response


def _page(items: list[dict[str, Any]], next_cursor: str | None) -> Response:
    return ok(items, nextCursor=next_cursor)


def health(_ctx: Context) -> Response:
    """Liveness."""
    return ok({"status": "ok"})


def openapi_document(ctx: Context) -> Response:
    """The OpenAPI document of these routes."""
    return Response(ctx.openapi_json(), content_type="application/json")


def create(ctx: Context) -> Response:
    """POST /customizations."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.CreateRequestBody, raw)
    key = request.headers.get("Idempotency-Key")
    if key is not None and not (1 <= len(key) <= MAX_IDEMPOTENCY_KEY_CHARS and key.isprintable()):
        raise validation(
            "Invalid Idempotency-Key",
            [{"field": "Idempotency-Key", "message": "1 to 255 printable characters"}],
        )
    created = ctx.services().requests.create(actor, body.command(), key)
    return _with_etag(ok(public(created), 201), created)


def list_requests(ctx: Context) -> Response:
    """GET /customizations."""
    actor = ctx.actor()
    query = parse_query(schemas.ListQuery)
    page = ctx.services().requests.list_requests(actor, query.where(), query.page())
    return _page([public(item) for item in page.items], page.next_cursor)


def pending(ctx: Context) -> Response:
    """GET /customizations/pending."""
    actor = ctx.actor()
    query = parse_query(schemas.PendingQuery)
    page = ctx.services().requests.pending(actor, query.page(), by_due=query.sort == "dueAt")
    return _page([public(item) for item in page.items], page.next_cursor)


def claim_next(ctx: Context) -> Response:
    """POST /customizations/pending/claim: the next suitable waiting request, claimed for the caller."""
    actor = ctx.actor()
    parse_query(NoQuery)
    claimed = ctx.services().claims.claim_next(actor)
    tries = {"attempts": claimed.attempts, "conflicts": claimed.conflicts}
    return _with_etag(ok({**public(claimed.request), "claim": tries}), claimed.request)


def get_request(ctx: Context, id: str) -> Response:
    """GET /customizations/{id}."""
    actor = ctx.actor()
    found = ctx.services().requests.get(actor, id)
    return _with_etag(ok(public(found)), found)


def act(ctx: Context, id: str) -> Response:
    """PATCH /customizations/{id}: the body's action, parsed by that action's own model."""
    actor = ctx.actor()
    parsed, raw = json_body()
    model = _action_model(parsed.get("action"))
    if model is None:
        raise validation(
            "Unknown action",
            [{"field": "action", "message": f"must be one of {', '.join(schemas.ACTION_BODIES)}"}],
        )
    body = parse_body(model, raw)
    updated = ctx.services().requests.act(actor, id, body.command(), if_match_version())
    return _with_etag(ok(public(updated)), updated)


def _action_model(name: Any) -> type[schemas.ActionModel] | None:
    """The body model of a known action, or None (so an unknown action is a 400, never another's)."""
    try:
        return schemas.ACTION_BODIES[Action(name)] if isinstance(name, str) else None
    except (ValueError, KeyError):
        return None


def cancel(ctx: Context, id: str) -> Response:
    """DELETE /customizations/{id}: cancel, keeping the record."""
    actor = ctx.actor()
    updated = ctx.services().requests.act(actor, id, Cancel(), if_match_version())
    return _with_etag(ok(public(updated)), updated)


def stats(ctx: Context) -> Response:
    """GET /customizations/stats."""
    actor = ctx.actor()
    parse_query(NoQuery)
    return ok(ctx.services().reports.stats(actor))


def workload(ctx: Context) -> Response:
    """GET /customizations/workload: a designer's own load; for admins, every designer's, least
    loaded first, a page at a time."""
    actor = ctx.actor()
    page = ctx.services().reports.workload(actor, parse_query(schemas.PageQuery).page())
    if not actor.is_admin:
        return ok(page.items[0], nextCursor=None)
    return _page(page.items, page.next_cursor)


def upload(ctx: Context) -> Response:
    """POST /customizations/upload (multipart: file, kind)."""
    actor = ctx.actor()
    if request.mimetype != "multipart/form-data":
        raise AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send the file as multipart/form-data")
    kind, sent = request.form.get("kind"), request.files.get("file")
    missing = [{"field": f, "message": "required"} for f, v in (("kind", kind), ("file", sent)) if not v]
    if missing or kind is None or sent is None:
        raise validation("Missing form fields", missing)
    ref = ctx.services().uploads.upload(actor, kind, sent.filename or "", sent.mimetype, sent.stream)
    return ok(ref, 201)


def start_upload(ctx: Context) -> Response:
    """POST /customizations/uploads: open a resumable session."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.StartUploadBody, raw)
    session = ctx.services().uploads.start_upload(actor, body.command(), request.headers.get("Origin"))
    return ok(session, 201)


def complete_upload(ctx: Context, id: str) -> Response:
    """POST /customizations/uploads/{id}/complete."""
    actor = ctx.actor()
    return ok(ctx.services().uploads.complete_upload(actor, id))


def download(ctx: Context, id: str, field: str) -> Response:
    """GET /customizations/{id}/files/{field}: streamed locally, a redirect in production."""
    actor = ctx.actor()
    services = ctx.services()
    return _file(services, services.requests.download(actor, id, field))


def _file(services: Services, found: Download) -> Response:
    """A stored file's answer: streamed locally, a redirect to a signed URL in production."""
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
        services.uploads.stream(record["path"]),
        content_type=record["contentType"],
        headers={**headers, "Content-Length": str(record["fileSize"])},
    )


def audit_trail(ctx: Context, id: str) -> Response:
    """GET /customizations/{id}/events."""
    actor = ctx.actor()
    page = ctx.services().activity.audit_trail(actor, id, parse_query(schemas.HistoryQuery).page())
    return _page([_pick(schemas.AuditEntry, e) for e in page.items], page.next_cursor)


def revisions(ctx: Context, id: str) -> Response:
    """GET /customizations/{id}/revisions: each with the comments pinned to it."""
    actor = ctx.actor()
    services = ctx.services()
    page = services.activity.revisions(actor, id, parse_query(schemas.RevisionQuery).page())
    shown = services.conversation.with_comments(id, page.items)
    return _page([_pick(schemas.Revision, r) for r in shown], page.next_cursor)


def messages(ctx: Context, id: str) -> Response:
    """GET /customizations/{id}/messages."""
    actor = ctx.actor()
    page = ctx.services().conversation.messages(actor, id, parse_query(schemas.HistoryQuery).page())
    return _page([_pick(schemas.Message, m) for m in page.items], page.next_cursor)


def post_message(ctx: Context, id: str) -> Response:
    """POST /customizations/{id}/messages."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.MessageBody, raw)
    return ok(
        _pick(schemas.Message, ctx.services().conversation.post_message(actor, id, body.command())), 201
    )


def read_thread(ctx: Context, id: str) -> Response:
    """POST /customizations/{id}/messages/read."""
    actor = ctx.actor()
    return ok(ctx.services().conversation.mark_thread_read(actor, id))


def _number(raw: str, what: str) -> int:
    """A number in a path (a revision, an attachment's place): 404 for anything else."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > MAX_PATH_NUMBER_DIGITS:
        raise AppError(ErrorCode.NOT_FOUND, f"{what} not found")
    return int(raw)


def message_file(ctx: Context, id: str, message: str, index: str) -> Response:
    """GET /customizations/{id}/messages/{message}/files/{index}."""
    actor = ctx.actor()
    services = ctx.services()
    return _file(services, services.conversation.attachment(actor, id, message, _number(index, "File")))


def add_comment(ctx: Context, id: str, number: str) -> Response:
    """POST /customizations/{id}/revisions/{number}/comments."""
    actor = ctx.actor()
    revision = _number(number, "Revision")
    _, raw = json_body()
    body = parse_body(schemas.CommentBody, raw)
    added = ctx.services().conversation.add_comment(actor, id, body.command(revision))
    return ok(_pick(schemas.Comment, added), 201)


def resolve_comment(ctx: Context, id: str, number: str, comment: str) -> Response:
    """POST /customizations/{id}/revisions/{number}/comments/{comment}/resolve."""
    actor = ctx.actor()
    revision = _number(number, "Revision")
    resolved = ctx.services().conversation.resolve_comment(actor, id, revision, comment)
    return ok(_pick(schemas.Comment, resolved))


def notifications(ctx: Context) -> Response:
    """GET /notifications."""
    actor = ctx.actor()
    query = parse_query(schemas.NotificationQuery)
    page = ctx.services().activity.notifications(actor, query.unread, query.page())
    return _page([_pick(schemas.Notification, n) for n in page.items], page.next_cursor)


def mark_read(ctx: Context, id: str) -> Response:
    """POST /notifications/{id}/read."""
    actor = ctx.actor()
    return ok(_pick(schemas.Notification, ctx.services().activity.mark_read(actor, id)))


def set_role(ctx: Context, uid: str) -> Response:
    """PUT /users/{uid}/role."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.RoleBody, raw)
    return ok(ctx.services().users.set_role(actor, uid, body.role))


def set_disabled(ctx: Context, uid: str) -> Response:
    """PUT /users/{uid}/disabled."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.DisabledBody, raw)
    return ok(ctx.services().users.set_disabled(actor, uid, body.disabled))


def _profile(ctx: Context, actor: Actor, shown: dict[str, Any]) -> Response:
    unread = ctx.services().activity.unread_count(actor)
    return ok(_pick(schemas.Profile, {**shown, **unread}))


def me(ctx: Context) -> Response:
    """GET /me."""
    actor = ctx.actor()
    parse_query(NoQuery)
    return _profile(ctx, actor, ctx.services().users.me(actor))


def update_me(ctx: Context) -> Response:
    """PATCH /me."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.ProfilePatchBody, raw)
    return _profile(ctx, actor, ctx.services().users.update_me(actor, body.command()))


def add_device(ctx: Context) -> Response:
    """POST /me/devices."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.DeviceBody, raw)
    return ok(_pick(schemas.Device, ctx.services().users.add_device(actor, body.command())), 201)


def remove_device(ctx: Context, id: str) -> Response:
    """DELETE /me/devices/{id}."""
    actor = ctx.actor()
    return ok(_pick(schemas.Device, ctx.services().users.remove_device(actor, id)))


def read_all(ctx: Context) -> Response:
    """POST /notifications/read-all."""
    actor = ctx.actor()
    return ok(ctx.services().activity.mark_all_read(actor))


def file_link(ctx: Context, id: str, field: str) -> Response:
    """GET /customizations/{id}/files/{field}/url."""
    actor = ctx.actor()
    query = parse_query(schemas.FileLinkQuery)
    return ok(ctx.services().requests.file_link(actor, id, field, query.revision))


def list_products(ctx: Context) -> Response:
    """GET /products."""
    actor = ctx.actor()
    query = parse_query(schemas.ProductQuery)
    page = ctx.services().catalogue.list_products(actor, query.includeRetired, query.page())
    return _page(page.items, page.next_cursor)


def get_product(ctx: Context, id: str) -> Response:
    """GET /products/{id}."""
    actor = ctx.actor()
    parse_query(NoQuery)
    return ok(ctx.services().catalogue.get(actor, id))


def create_product(ctx: Context) -> Response:
    """POST /products."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.CreateProductBody, raw)
    return ok(ctx.services().catalogue.create(actor, body.command()), 201)


def update_product(ctx: Context, id: str) -> Response:
    """PATCH /products/{id}."""
    actor = ctx.actor()
    _, raw = json_body()
    body = parse_body(schemas.UpdateProductBody, raw)
    return ok(ctx.services().catalogue.update(actor, id, body.command()))
