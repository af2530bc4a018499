"""Who is which party to a request, and so who may see it: the one place that decides."""

from __future__ import annotations

from typing import Any

from .actors import Actor
from .lifecycle import Action, Party, Role, Status, parties_for, role_may


def parties_of(actor: Actor, request: dict[str, Any]) -> frozenset[Party]:
    """How the caller stands to this request."""
    if actor.system:
        return frozenset({Party.SYSTEM})
    if actor.role is Role.ADMIN:
        return frozenset({Party.ADMIN})
    if actor.role is Role.CUSTOMER:
        return frozenset({Party.OWNER}) if request.get("customerId") == actor.uid else frozenset()
    assigned = request.get("designerId") == actor.uid
    return frozenset({Party.ANY_DESIGNER} | ({Party.ASSIGNED_DESIGNER} if assigned else set()))


def may_ever(actor: Actor, action: Action) -> bool:
    """Whether this caller can ever take this action, on some request (else 403, not 409)."""
    if actor.system:
        return Party.SYSTEM in parties_for(action)
    return role_may(actor.role, action)


def can_see(actor: Actor, request: dict[str, Any]) -> bool:
    """Owner, its designer, any designer while it waits for one, and admins see a request."""
    parties = parties_of(actor, request)
    if actor.system:
        return True
    if Party.ANY_DESIGNER in parties and Party.ASSIGNED_DESIGNER not in parties:
        return request.get("status") == Status.PENDING.value
    return bool(parties)


def participates(actor: Actor, request: dict[str, Any]) -> bool:
    """Whether the caller is the request's customer, its assigned designer or an admin: who reads
    its history and files (any designer only sees a pending request, not its history)."""
    return bool(parties_of(actor, request) - {Party.ANY_DESIGNER})
