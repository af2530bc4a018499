"""The business rules: who may do what to which request, and what each transition writes."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from google.api_core import exceptions as gexc

from . import state_machine as sm
from . import statistics
from .auth import Actor
from .directory import UserDirectory
from .errors import AppError, ErrorCode, forbidden, not_found, validation
from .fanout_store import FanoutStore
from .file_service import FILE_FIELD_KINDS, Download, FileService
from .models import (
    AssignBody,
    CancelBody,
    CompleteBody,
    CreateRequestBody,
    ListQuery,
    PageQuery,
    RejectBody,
    UploadFinalBody,
)
from .repository import (
    PENDING_QUEUE,
    REQUESTS,
    STAT_FIELDS,
    CustomizationRepository,
    Page,
    QueryShape,
    Record,
)
from .state_machine import Action, Party, Role, Status

Clock = Callable[[], datetime]
Request = dict[str, Any]


def utc_now() -> datetime:
    """The current time, in UTC."""
    return datetime.now(UTC)


def hours_between(start: datetime | None, end: datetime) -> float | None:
    """Elapsed hours from start to end, or None when start is unknown."""
    return None if start is None else (end - start).total_seconds() / 3600


# Attempts at a conditional write before giving up on a request that keeps changing under us.
_WRITE_ATTEMPTS = 8


def parties_of(actor: Actor, request: Request) -> frozenset[Party]:
    """How the caller stands to this request."""
    if actor.role is Role.ADMIN:
        return frozenset({Party.ADMIN})
    if actor.role is Role.CUSTOMER:
        return frozenset({Party.OWNER}) if request.get("customerId") == actor.uid else frozenset()
    assigned = request.get("designerId") == actor.uid
    return frozenset({Party.ANY_DESIGNER} | ({Party.ASSIGNED_DESIGNER} if assigned else set()))


def can_see(actor: Actor, request: Request) -> bool:
    """Owner, its designer, any designer while it waits for one, and admins see a request."""
    parties = parties_of(actor, request)
    if Party.ANY_DESIGNER in parties and Party.ASSIGNED_DESIGNER not in parties:
        return request.get("status") == Status.PENDING.value
    return bool(parties)


def _file_paths(fields: Request) -> list[str]:
    """The object paths of the FileRefs among fields: the uploads a write puts to use."""
    return [fields[f]["path"] for f in FILE_FIELD_KINDS if isinstance(fields.get(f), dict)]


class CustomizationService:
    """Creates requests, moves them through the state machine, and reports on them."""

    def __init__(
        self,
        repo: CustomizationRepository,
        fanout: FanoutStore,
        files: FileService,
        users: UserDirectory,
        now: Clock = utc_now,
    ) -> None:
        self._repo = repo
        self._fanout = fanout
        self._files = files
        self._users = users
        self._now = now

    @property
    def files(self) -> FileService:
        """Uploads and downloads."""
        return self._files

    # ---- create ----

    def create(self, actor: Actor, body: CreateRequestBody, idempotency_key: str | None) -> Request:
        """A new request in pending_designer_review; a retried key returns the first result."""
        if not sm.role_may(actor.role, Action.CREATE):
            raise forbidden("Only customers and admins create requests")
        key_id = body_hash = None
        if idempotency_key is not None:
            key_id = hashlib.sha256(f"{actor.uid}\n{idempotency_key}".encode()).hexdigest()
            body_hash = hashlib.sha256(
                json.dumps(body.model_dump(mode="json"), sort_keys=True).encode()
            ).hexdigest()
            replay = self._replay(key_id, body_hash)
            if replay is not None:
                return replay
        files = self._files.resolve(
            {
                "customerDesignFile": body.customerDesignFile,
                "customerPreviewImage": body.customerPreviewImage,
            },
            actor.uid,
            None,
        )
        product = self._repo.product(body.productId)
        if product is not None and product.get("isCustomizable") is False:
            product = self._repo.product(body.productId, fresh=True)  # refuse on Firestore's word only
        if product is None:
            raise validation("Unknown product", [{"field": "productId", "message": "no such product"}])
        if product.get("isCustomizable") is False:
            raise validation(
                "Product is not customizable",
                [{"field": "productId", "message": "this product cannot be customized"}],
            )
        now = self._now()
        request_id = self._repo.new_id()
        data: Request = {
            "customerId": actor.uid,
            "customerName": actor.name,
            "customerEmail": actor.email,
            "productId": body.productId,
            "productName": product.get("name", ""),
            "productImage": product.get("imageUrl"),
            "quantity": body.quantity,
            **files,
            "designerId": None,
            "designerName": None,
            "customizationNotes": body.customizationNotes,
            "status": Status.PENDING.value,
            "requestedAt": now,
            "createdAt": now,
            "updatedAt": now,
            "version": 1,
            "lastEvent": {"event": sm.Event.REQUEST_CREATED.value, "actorId": actor.uid, "at": now},
            # Figures for the statistics, kept on the document so they aggregate server-side.
            **{name: 0 for name in STAT_FIELDS},
        }
        idempotency = None
        if key_id is not None:
            idempotency = (key_id, {"requestId": request_id, "bodyHash": body_hash, "createdAt": now})
        try:
            self._repo.create(request_id, data, idempotency, attach=_file_paths(data))
        except gexc.AlreadyExists:
            # A concurrent retry with the same key won the race: answer what it made.
            replay = self._replay(key_id, body_hash) if key_id and body_hash else None
            if replay is None:
                raise
            return replay
        return {**data, "id": request_id}

    def _replay(self, key_id: str, body_hash: str | None) -> Request | None:
        record = self._repo.idempotency_record(key_id)
        if record is None:
            return None
        if record.get("bodyHash") != body_hash:
            raise AppError(ErrorCode.CONFLICT, "This Idempotency-Key was already used with a different body")
        stored = self._repo.get(record["requestId"])
        if stored is None:  # pragma: no cover - the key and the request are written together
            raise AppError(ErrorCode.INTERNAL, "Internal error")
        return stored.data

    # ---- reads ----

    def get(self, actor: Actor, request_id: str) -> Request:
        """One request, if the caller may see it (404 otherwise)."""
        record = self._repo.get(request_id)
        if record is None or not can_see(actor, record.data):
            raise not_found()
        return record.data

    def list_requests(self, actor: Actor, query: ListQuery) -> Page:
        """The requests the caller may list, newest first."""
        filters: dict[str, str] = {}
        if actor.role is Role.CUSTOMER:
            if query.customerId not in (None, actor.uid) or query.designerId is not None:
                raise forbidden("Customers list only their own requests")
            filters["customerId"] = actor.uid
        elif actor.role is Role.DESIGNER:
            if query.designerId not in (None, actor.uid) or query.customerId is not None:
                raise forbidden("Designers list only the requests assigned to them")
            filters["designerId"] = actor.uid
        else:
            filters.update(
                {k: v for k, v in (("customerId", query.customerId), ("designerId", query.designerId)) if v}
            )
        if query.status is not None:
            filters["status"] = query.status.value
        shape = QueryShape(REQUESTS, tuple(filters), "createdAt", True)
        return self._repo.page(shape, list(filters.values()), query.limit, query.cursor)

    def pending(self, actor: Actor, query: PageQuery) -> Page:
        """Requests waiting for a designer, oldest first."""
        if actor.role is Role.CUSTOMER:
            raise forbidden("Only designers and admins see the pending queue")
        return self._repo.page(PENDING_QUEUE, [Status.PENDING.value], query.limit, query.cursor)

    # ---- transitions ----

    def act(self, actor: Actor, request_id: str, body: Any, if_match: int | None) -> Request:
        """Apply one action from the state machine, atomically against concurrent writers."""
        action = Action(body.action)
        for _ in range(_WRITE_ATTEMPTS):
            # Fresh: an answer such as 409 must come from the committed state, not a listener's copy.
            record = self._repo.get(request_id, fresh=True)
            if record is None:
                raise not_found()
            changes = self._plan(actor, record, action, body, if_match)
            if self._repo.update_if_unchanged(record, changes, attach=_file_paths(changes)):
                return {**record.data, **changes}
        raise AppError(ErrorCode.CONFLICT, "The request changed while this action ran; try again")

    def _plan(self, actor: Actor, record: Record, action: Action, body: Any, if_match: int | None) -> Request:
        """The checks, in the order the contract answers them, then the fields to write."""
        request = record.data
        if not can_see(actor, request):
            if action is Action.ASSIGN and actor.role is Role.DESIGNER:
                raise AppError(ErrorCode.INVALID_TRANSITION, "This request was already claimed")
            raise not_found()
        if not sm.role_may(actor.role, action):
            raise forbidden(f"A {actor.role.value} may not {action.value} a request")
        if if_match is not None and if_match != request.get("version"):
            raise AppError(
                ErrorCode.PRECONDITION_FAILED,
                f"The request is at version {request.get('version')}, not {if_match}",
            )
        status = Status(request["status"])
        edge = sm.transition(status, action)
        if edge is None:
            raise AppError(
                ErrorCode.INVALID_TRANSITION, f"Cannot {action.value} a request that is {status.value}"
            )
        if not edge.parties & parties_of(actor, request):
            raise forbidden(f"You may not {action.value} this request")
        now = self._now()
        changes: Request = {
            "status": edge.to.value,
            "version": int(request.get("version", 0)) + 1,
            "updatedAt": now,
            "lastEvent": {"event": edge.event.value, "actorId": actor.uid, "at": now},
        }
        changes.update(self._action_fields(actor, request, body, now))
        return changes

    def _action_fields(self, actor: Actor, request: Request, body: Any, now: datetime) -> Request:
        """What each action records beyond the status move."""
        review_hours = hours_between(request.get("completedAt"), now) or 0.0
        if isinstance(body, AssignBody):
            return self._assignment(actor, request, body, now)
        if isinstance(body, UploadFinalBody):
            files = self._files.resolve(
                {
                    "designerFinalFile": body.designerFinalFile,
                    "designerPreviewImage": body.designerPreviewImage,
                },
                actor.uid,
                request.get("id"),
            )
            return {
                **files,
                "designerNotes": body.designerNotes,
                "completedAt": now,
                "designsSubmitted": int(request.get("designsSubmitted", 0)) + 1,
                "designedCount": 1,
            }
        if isinstance(body, RejectBody):
            return {
                "rejectionReason": body.reason.strip(),
                "rejectionCount": int(request.get("rejectionCount", 0)) + 1,
                "decisionCount": int(request.get("decisionCount", 0)) + 1,
                "reviewHoursTotal": float(request.get("reviewHoursTotal", 0.0)) + review_hours,
            }
        if isinstance(body, CancelBody):
            return {
                "cancelledAt": now,
                "cancellationReason": body.reason,
                "cancelledBy": actor.uid,
                "filesPurged": False,  # kept for a while, then removed by the daily clean-up
            }
        if isinstance(body, CompleteBody):
            return {"orderId": body.orderId, "fulfilledAt": now}
        # approve
        return {
            "approvedAt": now,
            "approvalCount": 1,
            "completionHours": hours_between(request.get("requestedAt"), now) or 0.0,
            "decisionCount": int(request.get("decisionCount", 0)) + 1,
            "reviewHoursTotal": float(request.get("reviewHoursTotal", 0.0)) + review_hours,
        }

    def _assignment(self, actor: Actor, request: Request, body: AssignBody, now: datetime) -> Request:
        designer_id, designer_name = actor.uid, actor.name
        if body.designerId is not None and body.designerId != actor.uid:
            if not actor.is_admin:
                raise forbidden("Only admins assign a request to someone else")
            designer = self._users.get(body.designerId)
            if designer is None or designer.role is not Role.DESIGNER:
                raise validation(
                    "Unknown designer", [{"field": "designerId", "message": "no designer with this id"}]
                )
            designer_id, designer_name = designer.uid, designer.name
        return {
            "designerId": designer_id,
            "designerName": designer_name,
            "assignedAt": now,
            "responseHours": hours_between(request.get("requestedAt"), now) or 0.0,
            "assignedCount": 1,
        }

    # ---- statistics (counters kept by the event trigger) ----

    def stats(self, actor: Actor) -> dict[str, Any]:
        """Totals, rates and averages over the requests the caller's role covers."""
        if actor.role is Role.CUSTOMER:
            scope = statistics.customer_scope(actor.uid)
        elif actor.role is Role.DESIGNER:
            scope = statistics.designer_scope(actor.uid)
        else:
            scope = statistics.GLOBAL
        figures = statistics.summary(self._fanout.counters([scope])[scope])
        if actor.is_admin:
            figures["activeDesigners"] = sum(1 for load in self.workload(actor) if load["active"])
        return figures

    def workload(self, actor: Actor) -> list[dict[str, Any]]:
        """Each designer's load (only the caller's own for a designer), least loaded first."""
        if actor.role is Role.CUSTOMER:
            raise forbidden("Only designers and admins see workload")
        if actor.role is Role.DESIGNER:
            designers = [{"id": actor.uid, "name": actor.name}]
        else:
            designers = self._repo.users_with_role(Role.DESIGNER.value)
        counters = self._fanout.counters([statistics.designer_scope(d["id"]) for d in designers])
        loads = [
            statistics.workload(d["id"], d.get("name"), counters[statistics.designer_scope(d["id"])])
            for d in designers
        ]
        return sorted(loads, key=lambda w: (w["active"], w["designerId"]))

    # ---- files ----

    def download(self, actor: Actor, request_id: str, field: str) -> Download:
        """The file behind one of a request's FileRef fields, for its participants and admins."""
        record = self._repo.get(request_id)
        if record is None or not can_see(actor, record.data):
            raise not_found()
        return self._files.download(record.data, parties_of(actor, record.data), field)

    # ---- audit trail, revisions and notifications (written by the event trigger) ----

    def _participating(self, actor: Actor, request_id: str) -> None:
        record = self._repo.get(request_id)
        if record is None or not parties_of(actor, record.data) - {Party.ANY_DESIGNER}:
            raise not_found()

    def audit_trail(self, actor: Actor, request_id: str, query: PageQuery) -> Page:
        """A page of a request's events, oldest first, for its participants and admins."""
        self._participating(actor, request_id)
        return self._fanout.audit_trail(request_id, query.limit, query.cursor)

    def revisions(self, actor: Actor, request_id: str, query: PageQuery) -> Page:
        """A page of the designs submitted for a request, oldest first, with the verdict each got."""
        self._participating(actor, request_id)
        return self._fanout.revisions(request_id, query.limit, query.cursor)

    def notifications(self, actor: Actor, unread: bool, query: PageQuery) -> Page:
        """The caller's notifications, newest first."""
        return self._fanout.notifications(actor.uid, unread, query.limit, query.cursor)

    def mark_read(self, actor: Actor, notification_id: str) -> dict[str, Any]:
        """Mark one of the caller's notifications read (404 for anyone else's)."""
        found = self._fanout.notification(notification_id)
        if found is None or found.get("recipientId") != actor.uid:
            raise not_found("Notification")
        if found.get("readAt") is None:
            self._fanout.mark_read(notification_id, self._now())
            found = self._fanout.notification(notification_id) or found
        return found

    # ---- users ----

    def set_role(self, actor: Actor, uid: str, role: Role) -> dict[str, Any]:
        """Grant a role (admins only) and keep the user's profile in step."""
        if not actor.is_admin:
            raise forbidden("Only admins set roles")
        user = self._users.get(uid)
        if user is None:
            raise not_found("User")
        self._users.set_role(uid, role)
        self._repo.save_user(
            uid, {"role": role.value, "name": user.name, "email": user.email, "updatedAt": self._now()}
        )
        return {"uid": uid, "role": role.value}
