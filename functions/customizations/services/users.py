"""People: roles an admin grants, profiles kept in step with tokens however roles were set, each
user's own profile, preferences and devices, and the designers' push topic."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from ..domain import preferences as prefs
from ..domain import profiles, retention
from ..domain.actors import Actor
from ..domain.commands import RegisterDevice, UpdateProfile
from ..domain.lifecycle import Event, Role
from ..domain.notices import DESIGNERS_TOPIC
from ..errors import forbidden, not_found
from .ports import Clock, ProfileStore, PushSender, StatsStore, UserDirectory
from .quotas import QuotaGuard

# Users whose profile this instance knows follows their token (what it was synced from): a call
# from one of them writes nothing. A changed token, or one beyond this many, is checked again.
_SYNCED_HELD = 10_000


def _hears_of_new_requests(role: Role | str | None, profile: dict[str, Any] | None) -> bool:
    """Whether a user's devices belong in the designers' topic: a designer who wants those pushes."""
    return role in (Role.DESIGNER, Role.DESIGNER.value) and prefs.stored(profile).allows(
        prefs.Channel.PUSH, Event.REQUEST_CREATED
    )


class UserService:
    """Grants roles, keeps profiles in step with tokens, and serves each user their own."""

    def __init__(  # noqa: PLR0913, PLR0917 - the stores and senders a person's data spans
        self,
        directory: UserDirectory,
        profiles_: ProfileStore,
        stats: StatsStore,
        push: PushSender,
        guard: QuotaGuard,
        now: Clock,
    ) -> None:
        self._directory = directory
        self._profiles = profiles_
        self._stats = stats
        self._push = push
        self._guard = guard
        self._now = now
        self._synced: OrderedDict[str, dict[str, str]] = OrderedDict()
        self._lock = threading.Lock()

    # ---- the directory follows the tokens ----

    def seen(self, actor: Actor) -> None:
        """A verified caller: make their profile say what their token says (role, email, name),
        at the cost of nothing once this instance has seen them so, and of one read otherwise."""
        synced = profiles.as_synced(actor)
        with self._lock:
            if self._synced.get(actor.uid) == synced:
                self._synced.move_to_end(actor.uid)
                return
        self._sync(actor, self._profiles.profile(actor.uid))
        with self._lock:
            self._synced[actor.uid] = synced
            while len(self._synced) > _SYNCED_HELD:
                self._synced.popitem(last=False)

    def _sync(self, actor: Actor, profile: dict[str, Any] | None) -> bool:
        """Write what the token says if the profile says otherwise; whether it did."""
        changes = profiles.sync_changes(profile, actor, self._now())
        if changes is None:
            return False
        self._profiles.update_profile(actor.uid, changes)
        self._role_changed(actor.uid, (profile or {}).get("role"), actor.role, actor.name, profile)
        return True

    def _role_changed(
        self, uid: str, was: str | None, role: Role, name: str, profile: dict[str, Any] | None
    ) -> None:
        """What follows from a role: a designer has a load (so workload lists them from the
        start), and their devices join or leave the designers' topic."""
        if role is Role.DESIGNER:
            self._stats.ensure_designer(uid, name)
        before, after = _hears_of_new_requests(was, profile), _hears_of_new_requests(role, profile)
        tokens = profiles.tokens_of(profile)
        if tokens and before != after:
            (self._push.subscribe if after else self._push.unsubscribe)(tokens, DESIGNERS_TOPIC)

    def sync_directory(self) -> dict[str, int]:
        """Bring every profile in step with the identity provider (roles set outside the API, by
        the Admin SDK or the console): users read a page at a time; how many were looked at and
        how many profiles changed."""
        seen = changed = 0
        for actor in self._directory.every_user():
            seen += 1
            changed += self._sync(actor, self._profiles.profile(actor.uid))
        return {"users": seen, "profilesChanged": changed}

    # ---- roles ----

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
        profile = self._profiles.profile(uid)
        self._profiles.save_role(
            uid,
            {
                "role": role.value,
                "name": (profile or {}).get("name") or user.name,
                "email": user.email,
                "updatedAt": now,
            },
            {
                "actorId": actor.uid,
                "uid": uid,
                "role": role.value,
                "at": now,
                "expireAt": retention.expire_at(now, retention.ROLE_CHANGE),
            },
        )
        self._role_changed(uid, (profile or {}).get("role"), role, user.name, profile)
        with self._lock:
            self._synced.pop(uid, None)
        return {"uid": uid, "role": role.value}

    # ---- one's own profile ----

    def me(self, actor: Actor) -> dict[str, Any]:
        """The caller's profile: who they are, how they are told of events, their devices."""
        profile = self._profiles.profile(actor.uid) or {}
        devices = profiles.devices_of(profile)
        return {
            "uid": actor.uid,
            "email": actor.email,
            "name": profile.get("name") or actor.name,
            "role": actor.role.value,
            "preferences": prefs.stored(profile).shown(),
            "devices": sorted(
                (profiles.shown_device(k, d) for k, d in devices.items()),
                key=lambda d: (str(d["createdAt"]), d["id"]),
            ),
        }

    def update_me(self, actor: Actor, command: UpdateProfile) -> dict[str, Any]:
        """Change the caller's display name and preferences (only what is given)."""
        profile = self._profiles.profile(actor.uid)
        fields: dict[str, Any] = {"updatedAt": self._now()}
        if command.name is not None:
            self._directory.set_name(actor.uid, command.name)
            fields["name"] = command.name
        if command.channels or command.digest is not None:
            chosen = prefs.stored(profile).changed(
                {c: dict(choices) for c, choices in command.channels.items()}, command.digest
            )
            fields["preferences"] = chosen.as_stored()
            before = _hears_of_new_requests(actor.role, profile)
            after = _hears_of_new_requests(actor.role, {"preferences": fields["preferences"]})
            tokens = profiles.tokens_of(profile)
            if tokens and before != after:
                (self._push.subscribe if after else self._push.unsubscribe)(tokens, DESIGNERS_TOPIC)
        self._profiles.update_profile(actor.uid, fields)
        return self.me(actor)

    def add_device(self, actor: Actor, command: RegisterDevice) -> dict[str, Any]:
        """Register one of the caller's devices for push (the oldest goes past MAX_DEVICES)."""
        now = self._now()
        before, after = self._profiles.update_devices(
            actor.uid,
            lambda devices: profiles.with_device(
                devices, command.token, command.platform, command.label, now
            )[0],
        )
        dropped = [
            t
            for t in profiles.tokens_of({"devices": before})
            if t not in profiles.tokens_of({"devices": after})
        ]
        profile = self._profiles.profile(actor.uid)
        if _hears_of_new_requests(actor.role, profile):
            self._push.subscribe([command.token], DESIGNERS_TOPIC)
            if dropped:
                self._push.unsubscribe(dropped, DESIGNERS_TOPIC)
        key = profiles.device_id(command.token)
        return profiles.shown_device(key, after[key])

    def remove_device(self, actor: Actor, device_key: str) -> dict[str, Any]:
        """Stop pushes to one of the caller's devices (404 for a device they do not have)."""
        before, _ = self._profiles.update_devices(
            actor.uid, lambda devices: {k: d for k, d in devices.items() if k != device_key}
        )
        if device_key not in before:
            raise not_found("Device")
        self._push.unsubscribe([str(before[device_key]["token"])], DESIGNERS_TOPIC)
        return profiles.shown_device(device_key, before[device_key])
