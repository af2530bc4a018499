"""Roles: an admin grants one, in the identity provider's claims and in the user's profile."""

from __future__ import annotations

from typing import Any

from ..domain import retention
from ..domain.actors import Actor
from ..domain.lifecycle import Role
from ..errors import forbidden, not_found
from .ports import Clock, ProfileStore, StatsStore, UserDirectory
from .quotas import QuotaGuard


class UserService:
    """Grants roles and keeps profiles in step with them."""

    def __init__(
        self,
        directory: UserDirectory,
        profiles: ProfileStore,
        stats: StatsStore,
        guard: QuotaGuard,
        now: Clock,
    ) -> None:
        self._directory = directory
        self._profiles = profiles
        self._stats = stats
        self._guard = guard
        self._now = now

    def set_role(self, actor: Actor, uid: str, role: Role) -> dict[str, Any]:
        """Grant a role (admins only) and keep the user's profile in step."""
        if not actor.is_admin:
            raise forbidden("Only admins set roles")
        user = self._directory.get(uid)
        if user is None:
            raise not_found("User")
        self._guard.changing_role(actor)
        self._directory.set_role(uid, role)
        now = self._now()
        self._profiles.save_role(
            uid,
            {"role": role.value, "name": user.name, "email": user.email, "updatedAt": now},
            {
                "actorId": actor.uid,
                "uid": uid,
                "role": role.value,
                "at": now,
                "expireAt": retention.expire_at(now, retention.ROLE_CHANGE),
            },
        )
        if role is Role.DESIGNER:
            self._stats.ensure_designer(uid, user.name)
        return {"uid": uid, "role": role.value}
