"""Requests: create one and move it through the lifecycle (what a caller may read: request_queries)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..domain import changes, conversation, integrity, records, retention, routing, statistics, workflow
from ..domain import lifecycle as sm
from ..domain.access import can_see, may_ever, parties_of
from ..domain.actors import Actor
from ..domain.commands import (
    AllowRevision,
    Approve,
    Assign,
    Cancel,
    Command,
    Complete,
    CreateRequest,
    Rate,
    Reassign,
    Reject,
    Release,
    UploadFinal,
)
from ..domain.files import FileField
from ..domain.lifecycle import Action, Role
from ..domain.records import AlreadyExists, Conflict, Record
from ..domain.routing import SeatChange
from ..domain.workflow import DEFAULT_SLA, Sla
from ..errors import AppError, ErrorCode, forbidden, not_found, validation
from .ports import Clock, Comments, RequestStore, SeatStore, UserDirectory
from .quotas import QuotaGuard
from .request_queries import Request, RequestQueries
from .uploads import UploadService

# What an action writes beyond the status move, given the caller, the request, the command and the time.
FieldsOf = Callable[[Actor, Request, Any, datetime], "Change"]

# Attempts at a conditional write before giving up on a request that keeps changing under us.
_WRITE_ATTEMPTS = 8
# How many of a customer's earlier requests a new one needs to know of (0, 1, or more: its figures
# count first and second requests).
_EARLIER_TOLD = 2


class StageEnded(Exception):
    """A timed step found its request in another stage than the one it was for: nothing to do."""


@dataclass(frozen=True)
class Change:
    """What an action writes on the request, the uploads it puts to use (path -> the update time
    of their record as read; see UploadService.resolve), and what it does to designers' seats."""

    fields: Request
    attach: Mapping[str, Any] = dataclasses.field(default_factory=dict)
    seats: Mapping[str, SeatChange] = dataclasses.field(default_factory=dict)


def _fingerprint(command: CreateRequest) -> str:
    """A hash of what was asked, to tell a retry from another request under the same key."""
    fields = dataclasses.asdict(command)
    fields["files"] = {str(k): v for k, v in command.files.items()}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()


class RequestService(RequestQueries):
    """Creates requests and moves them through the lifecycle table; reads them back as
    RequestQueries does."""

    def __init__(  # noqa: PLR0913, PLR0917 - the stores a request spans, its files, people, quotas, clock
        self,
        store: RequestStore,
        talk: Comments,
        uploads: UploadService,
        users: UserDirectory,
        guard: QuotaGuard,
        now: Clock,
        *,
        seats: SeatStore,
        sla: Sla = DEFAULT_SLA,
        unverified_emails: bool = False,
    ) -> None:
        super().__init__(store, uploads)
        self._talk = talk
        self._users = users
        self._guard = guard
        self._now = now
        self._seats = seats
        self._sla = sla
        self._unverified_emails = unverified_emails  # contacts from unverified addresses too
        # One entry per action of the lifecycle table (a unit test holds them equal): an unknown
        # action finds no entry, never another action's.
        self._fields: dict[Action, FieldsOf] = {
            Action.ASSIGN: self._assignment,
            Action.UPLOAD_FINAL: self._submission,
            Action.APPROVE: _approval,
            Action.REJECT: self._rejection,
            Action.CANCEL: _cancellation,
            Action.COMPLETE: _completion,
            Action.RATE: _rating,
            Action.RELEASE: _release,
            Action.REASSIGN: self._reassignment,
            Action.ALLOW_REVISION: self._more_revisions,
        }

    @property
    def actions(self) -> frozenset[Action]:
        """The actions this service knows what to write for."""
        return frozenset(self._fields)

    # ---- create ----

    def create(self, actor: Actor, command: CreateRequest, idempotency_key: str | None) -> Request:
        """A new request in pending_designer_review; a retried key returns the first result."""
        if not sm.role_may(actor.role, Action.CREATE):
            raise forbidden("Only customers and admins create requests")
        key_id = fingerprint = None
        if idempotency_key is not None:
            key_id = hashlib.sha256(f"{actor.uid}\n{idempotency_key}".encode()).hexdigest()
            fingerprint = _fingerprint(command)
            replay = self._replay(actor, key_id, fingerprint)
            if replay is not None:
                return replay
        files = self._uploads.resolve(
            _given(command.files, FileField.CUSTOMER_DESIGN_FILE, FileField.CUSTOMER_PREVIEW_IMAGE),
            actor.uid,
            None,
        )
        product = self._customizable_product(command.product_id)
        # Taken last, once nothing but the write can fail: a create the input refuses takes none.
        taken = self._guard.creating_request(actor)
        now = self._now()
        request_id = self._store.new_id()
        earlier = 0
        if actor.role is Role.CUSTOMER:  # the quota's count of the last hour may already tell
            earlier = _EARLIER_TOLD if taken.before >= _EARLIER_TOLD else self._count_earlier(actor)
        data = records.merged(
            changes.created(actor, product, command, files.fields, now, earlier),
            {
                **workflow.stage_fields(sm.Status.PENDING, 1, now, self._sla),
                "revisionLimit": self._sla.revision_rounds,
            },
        )
        contact = changes.contact(actor, self._unverified_emails)
        idempotency = None
        if key_id is not None:
            expire = retention.expire_at(now, retention.IDEMPOTENCY_KEY)
            idempotency = (
                key_id,
                {"requestId": request_id, "bodyHash": fingerprint, "createdAt": now, "expireAt": expire},
            )
        try:
            self._store.create(request_id, data, contact, idempotency, files.attach)
        except Conflict as exc:
            self._guard.give_back(taken)  # no request was made
            raise AppError(
                ErrorCode.CONFLICT, "A file given was just taken by another request; upload it again"
            ) from exc
        except AlreadyExists:
            self._guard.give_back(taken)
            # A concurrent retry with the same key won the race: answer what it made.
            replay = self._replay(actor, key_id, fingerprint) if key_id and fingerprint else None
            if replay is None:
                raise
            return replay
        return {**data, **contact, "id": request_id}

    def _count_earlier(self, actor: Actor) -> int:
        return self._store.count_requests(actor.uid, _EARLIER_TOLD)

    def _customizable_product(self, product_id: str) -> Request:
        product = self._store.product(product_id)
        if product is not None and product.get("isCustomizable") is False:
            product = self._store.product(product_id, fresh=True)  # refuse on Firestore's word only
        if product is None:
            raise validation("Unknown product", [{"field": "productId", "message": "no such product"}])
        if product.get("isCustomizable") is False:
            raise validation(
                "Product is not customizable",
                [{"field": "productId", "message": "this product cannot be customized"}],
            )
        return product

    def _replay(self, actor: Actor, key_id: str, fingerprint: str | None) -> Request | None:
        record = self._store.idempotency_record(key_id)
        if record is None:
            return None
        if record.get("bodyHash") != fingerprint:
            raise AppError(ErrorCode.CONFLICT, "This Idempotency-Key was already used with a different body")
        stored = self._store.get(record["requestId"])
        if stored is None:  # pragma: no cover - the key and the request are written together
            raise AppError(ErrorCode.INTERNAL, "Internal error")
        return self._with_contact(actor, [stored.data])[0]

    # ---- transitions ----

    def act(
        self, actor: Actor, request_id: str, command: Command, if_match: int | None, stage: int | None = None
    ) -> Request:
        """Apply one action from the lifecycle table, atomically against concurrent writers: the
        request, its legal copy, the uploads it takes and the designers' seats it moves, at once.
        A timed step names the stage it is for: a request in another stage by the time of the
        write is left alone (StageEnded)."""
        for _ in range(_WRITE_ATTEMPTS):
            # Fresh: an answer such as 409 must come from the committed state, not a held copy;
            # read with what the answer shows beside the request (which no action changes).
            found = self._store.current(request_id, thread=True, contact=actor.is_admin)
            if found is None:
                raise not_found()
            record, legal = found.record, found.legal
            if stage is not None and (record.data.get("timer") or {}).get("stage") != stage:
                raise StageEnded(request_id)
            if not integrity.in_step(record.data, legal.data if legal is not None else None):
                raise AppError(
                    ErrorCode.CONFLICT,
                    "This request was changed around the API and is being put back; try again shortly",
                )
            change = self._plan(actor, record, command, if_match)
            if self._store.update_if_unchanged(record, change.fields, change.attach, change.seats, legal):
                after = records.merged(record.data, change.fields)
                return self._shown(actor, [after], {request_id: found.thread})[0]
        raise AppError(ErrorCode.CONFLICT, "The request changed while this action ran; try again")

    def _plan(self, actor: Actor, record: Record, command: Command, if_match: int | None) -> Change:
        """The checks, in the order the contract answers them (404, 403, 412, 409, 403, then the
        action's own: capacity, revision rounds), then the fields to write."""
        request, action = record.data, command.action
        if not can_see(actor, request):
            if action is Action.ASSIGN and actor.role is Role.DESIGNER:
                raise AppError(ErrorCode.INVALID_TRANSITION, "This request was already claimed")
            raise not_found()
        if not may_ever(actor, action):
            raise forbidden(f"A {actor.role.value} may not {action.value} a request")
        if if_match is not None and if_match != request.get("version"):
            raise AppError(
                ErrorCode.PRECONDITION_FAILED,
                f"The request is at version {request.get('version')}, not {if_match}",
            )
        status = sm.Status(request["status"])
        edge = sm.transition(status, action)
        if edge is None:
            raise AppError(
                ErrorCode.INVALID_TRANSITION, f"Cannot {action.value} a request that is {status.value}"
            )
        if not edge.parties & parties_of(actor, request):
            raise forbidden(f"You may not {action.value} this request")
        now = self._now()
        change = self._fields[action](actor, request, command, now)
        fields = {**changes.moved(edge, request, actor.uid, now, self._sla), **change.fields}
        seats = self._seat_changes(actor, request, records.merged(request, fields), now)
        return Change(fields, change.attach, seats)

    def _seat_changes(
        self, actor: Actor, before: Request, after: Request, now: datetime
    ) -> dict[str, SeatChange]:
        """What a write does to designers' seats: a designer taking on active work must have room
        (409 CAPACITY_REACHED; a routed request, an available designer too), one handing it back
        has one less (and, taken back by the system, takes no routed work until they say so)."""
        moves: dict[str, SeatChange] = {}
        for uid, delta in statistics.active_delta(before, after).items():
            if delta < 0:
                moves[uid] = routing.leaving(
                    unavailable=actor.system and after.get("status") == "pending_designer_review"
                )
                continue
            seat = self._seats.seat(uid)
            if actor.system and not seat.available:
                raise AppError(ErrorCode.CAPACITY_REACHED, "This designer takes no routed work now")
            if not seat.has_room:
                whose = "You have" if uid == actor.uid else "This designer has"
                raise AppError(
                    ErrorCode.CAPACITY_REACHED,
                    f"{whose} {seat.active} active requests, the capacity set ({seat.capacity})",
                    {"active": seat.active, "capacity": seat.capacity},
                )
            moves[uid] = routing.taking(seat, now, str(after.get("designerName") or "") or None)
        return moves

    def _designer(self, actor: Actor, designer_id: str | None) -> Actor:
        """Who an action gives the request to: the caller, or (admins, the system) a designer named."""
        if designer_id is None or designer_id == actor.uid:
            return actor
        if not (actor.is_admin or actor.system):
            raise forbidden("Only admins assign a request to someone else")
        found = self._users.user(designer_id)
        if found is None or found.role is not Role.DESIGNER:
            raise validation(
                "Unknown designer", [{"field": "designerId", "message": "no designer with this id"}]
            )
        return found

    def _assignment(self, actor: Actor, request: Request, command: Assign, now: datetime) -> Change:
        designer = self._designer(actor, command.designer_id)
        contact = self._store.contacts([request["id"]]).get(request["id"], {})
        return Change(changes.assignment(request, designer, contact, now))

    def _reassignment(self, actor: Actor, request: Request, command: Reassign, now: datetime) -> Change:
        designer = self._designer(actor, command.designer_id)
        if designer.uid == request.get("designerId"):
            raise AppError(ErrorCode.INVALID_TRANSITION, "This designer already works on this request")
        return Change(changes.reassignment(designer, now))

    def _more_revisions(
        self, _actor: Actor, request: Request, command: AllowRevision, _now: datetime
    ) -> Change:
        return Change(changes.more_revisions(request, command.rounds, self._sla))

    def _rejection(self, _actor: Actor, request: Request, command: Reject, now: datetime) -> Change:
        """A rejection, pointing at comments on the design it rejects (each must be one of them),
        within the rounds of changes the request includes (409 REVISION_LIMIT_REACHED past them)."""
        if not workflow.may_reject(request, self._sla):
            limit = workflow.revision_limit(request, self._sla)
            raise AppError(
                ErrorCode.REVISION_LIMIT_REACHED,
                f"This request includes {limit} rounds of changes, all used; an admin may allow more",
                {"rejections": int(request.get("rejectionCount") or 0), "revisionLimit": limit},
            )
        if command.comment_ids:
            revision = conversation.current_revision(request)
            found = {c["id"] for c in self._talk.comments(request["id"], [revision])}
            unknown = [i for i in command.comment_ids if i not in found]
            if unknown:
                raise validation(
                    "Unknown comments",
                    [{"field": "commentIds", "message": f"not on this design: {unknown[:5]}"}],
                )
        return Change(changes.rejection(request, command.reason, command.comment_ids, now))

    def _submission(self, actor: Actor, request: Request, command: UploadFinal, now: datetime) -> Change:
        files = self._uploads.resolve(
            _given(command.files, FileField.DESIGNER_FINAL_FILE, FileField.DESIGNER_PREVIEW_IMAGE),
            actor.uid,
            request.get("id"),
        )
        return Change(changes.submission(request, files.fields, command.notes, now), files.attach)


def _approval(_actor: Actor, request: Request, _command: Approve, now: datetime) -> Change:
    return Change(changes.approval(request, now))


def _rating(_actor: Actor, request: Request, command: Rate, now: datetime) -> Change:
    if not conversation.rating_editable(request, now):
        raise AppError(ErrorCode.CONFLICT, "This rating can no longer be changed")
    return Change(changes.rating(request, command.stars, command.comment, now))


def _release(_actor: Actor, request: Request, command: Release, now: datetime) -> Change:
    return Change(changes.release(request, command.reason, now))


def _cancellation(actor: Actor, _request: Request, command: Cancel, now: datetime) -> Change:
    return Change(changes.cancellation(actor.uid, command.reason, now))


def _completion(_actor: Actor, _request: Request, command: Complete, now: datetime) -> Change:
    return Change(changes.completion(command.order_id, now))


def _given(files: Mapping[FileField, str], *fields: FileField) -> dict[FileField, str | None]:
    """The paths given for these fields (None where none was), and only these."""
    return {field: files.get(field) for field in fields}
