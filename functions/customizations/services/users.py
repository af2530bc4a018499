"""People: roles an admin grants, profiles kept in step with tokens however roles were set, each
user's own profile, preferences and devices, and the designers' push topic."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from firebase_functions import logger

from ..domain import preferences as prefs
from ..domain import profiles, retention, routing
from ..domain.actors import Actor
from ..domain.commands import RegisterDevice, UpdateProfile
from ..domain.lifecycle import Event, Role
from ..domain.notices import DESIGNERS_TOPIC
from ..errors import AppError, ErrorCode, forbidden, not_found
from .ports import Clock, DesignerRoster, ProfileStore, PushSender, SeatStore, UserDirectory
from .quotas import QuotaGuard
from .routing import Router

_SEAT_ATTEMPTS = 8  # a seat's settings written while claims move its count

# Users whose profile this instance knows follows their token (what it was synced from): a call
# from one of them writes nothing. A changed token, or one beyond this many, is checked again.
_SYNCED_HELD = 10_000


def _hears_of_new_requests(role: Role, profile: dict[str, Any] | None) -> bool:
    """Whether a user's devices belong in the designers' topic: a designer who wants those pushes."""
    return role is Role.DESIGNER and prefs.stored(profile).allows(prefs.Channel.PUSH, Event.REQUEST_CREATED)


class UserService:
    """Grants roles, keeps profiles in step with tokens, and serves each user their own."""

    def __init__(  # noqa: PLR0913, PLR0917 - the stores and senders a person's data spans
        self,
        directory: UserDirectory,
        profiles_: ProfileStore,
        stats: DesignerRoster,
        push: PushSender,
        guard: QuotaGuard,
        now: Clock,
        *,
        seats: SeatStore,
        router: Router | None = None,
    ) -> None:
        self._directory = directory
        self._profiles = profiles_
        self._stats = stats
        self._push = push
        self._guard = guard
        self._now = now
        self._seats = seats
        self._router = router
        self._synced: OrderedDict[str, dict[str, Any]] = OrderedDict()
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
        profile = self._profiles.profile(actor.uid)
        if not self._sync(actor, profile):
            self._align_topic(actor.uid, actor.role, profile)  # what an earlier failure left undone
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
        start) and a seat (available when they become a designer; a former designer's is closed,
        so that no work is routed to them), and their devices join or leave the designers' topic."""
        if role is Role.DESIGNER:
            self._stats.ensure_designer(uid, name)
            self._seats.ensure_seat(uid, name, True if was != Role.DESIGNER.value else None)
            if was != Role.DESIGNER.value and self._router is not None:
                self._router.drain()  # a new designer with room: waiting requests may go to them
        elif was == Role.DESIGNER.value:
            self._seats.ensure_seat(uid, name, False)
        self._align_topic(uid, role, profile)

    def _align_topic(self, uid: str, role: Role, profile: dict[str, Any] | None) -> None:
        """Put the user's devices in the designers' topic, or take them out, as their role and
        preferences want, and note it on each device. The profile is written first and the push
        service told after: if it fails, the devices keep their old mark, and the user's next first
        call to an instance (seen) tries again. Never fails the caller's call."""
        wanted = _hears_of_new_requests(role, profile)
        changing = profiles.topic_changes(profile, wanted)
        if not changing:
            return
        try:
            (self._push.subscribe if wanted else self._push.unsubscribe)(
                sorted(set(changing.values())), DESIGNERS_TOPIC
            )
        except Exception as exc:  # noqa: BLE001 - retried on the user's next first call to an instance
            logger.warn("Topic not changed", uid=uid, subscribe=wanted, error=repr(exc))
            return

        def mark(devices: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
            return {
                k: {**d, "inTopic": wanted} if changing.get(k) == d.get("token") else d
                for k, d in devices.items()
            }

        self._profiles.update_devices(uid, mark)

    def _leave_topic(self, tokens: list[str]) -> None:
        """Take tokens a user no longer has out of the designers' topic, best effort."""
        if not tokens:
            return
        try:
            self._push.unsubscribe(tokens, DESIGNERS_TOPIC)
        except Exception as exc:  # noqa: BLE001 - a token that is gone only costs a wasted push
            logger.warn("Topic not left", tokens=len(tokens), error=repr(exc))

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
        user = self._directory.user(uid)
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
                "emailVerified": user.email_verified,
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
        self._role_changed(uid, (profile or {}).get("role"), role, user.name, self._profiles.profile(uid))
        with self._lock:
            self._synced.pop(uid, None)
        return {"uid": uid, "role": role.value}

    def set_disabled(self, actor: Actor, uid: str, disabled: bool) -> dict[str, Any]:
        """Disable a user or enable them again (admins only, never themselves): a disabled user's
        tokens stop counting at once, for the API and for direct reads alike."""
        if not actor.is_admin:
            raise forbidden("Only admins disable users")
        if uid == actor.uid:
            raise forbidden("Admins do not disable themselves")
        if self._directory.user(uid) is None:
            raise not_found("User")
        self._directory.set_disabled(uid, disabled)
        logger.info("User disabled" if disabled else "User enabled", uid=uid, actorId=actor.uid)
        return {"uid": uid, "disabled": disabled}

    # ---- one's own profile ----

    def me(self, actor: Actor) -> dict[str, Any]:
        """The caller's profile: who they are, how they are told of events, their devices."""
        profile = self._profiles.profile(actor.uid) or {}
        devices = profiles.devices_of(profile)
        seat = self._seats.seat(actor.uid).shown() if actor.role is Role.DESIGNER else None
        return {
            "availability": seat,
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
        if command.available is not None or command.capacity is not None:
            self._set_availability(actor, command.available, command.capacity)
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
        self._profiles.update_profile(actor.uid, fields)
        if "preferences" in fields:
            self._align_topic(actor.uid, actor.role, self._profiles.profile(actor.uid))
        return self.me(actor)

    def _set_availability(self, actor: Actor, available: bool | None, capacity: int | None) -> None:
        """A designer says whether routed work may come to them, and how much active work they
        take (a capacity below what they hold takes nothing new until they are under it); with
        room made, the waiting requests are routed at once (auto-assignment)."""
        if actor.role is not Role.DESIGNER:
            raise forbidden("Only designers set their availability and capacity")
        for _ in range(_SEAT_ATTEMPTS):
            seat = self._seats.seat(actor.uid)
            if self._seats.save_seat(seat, available, capacity):
                break
        else:
            raise AppError(ErrorCode.CONFLICT, "Your seat changed while this ran; try again")
        opened = routing.with_settings(seat, available, capacity)
        if self._router is not None and opened.available and opened.has_room:
            self._router.drain()

    def add_device(self, actor: Actor, command: RegisterDevice) -> dict[str, Any]:
        """Register one of the caller's devices for push (the oldest goes past MAX_DEVICES). A token
        is one person's: registered by another user, it leaves the one who had it."""
        now = self._now()
        key = profiles.device_id(command.token)
        previous = self._profiles.claim_device(key, actor.uid, now)
        if previous is not None:
            self._profiles.update_devices(
                previous, lambda devices: {k: d for k, d in devices.items() if k != key}
            )
        before, after = self._profiles.update_devices(
            actor.uid,
            lambda devices: profiles.with_device(
                devices, command.token, command.platform, command.label, now
            )[0],
        )
        kept = set(profiles.tokens_of({"devices": after}))
        self._leave_topic([t for t in profiles.tokens_of({"devices": before}) if t not in kept])
        self._align_topic(actor.uid, actor.role, self._profiles.profile(actor.uid))
        return profiles.shown_device(key, after[key])

    def remove_device(self, actor: Actor, device_key: str) -> dict[str, Any]:
        """Stop pushes to one of the caller's devices (404 for a device they do not have)."""
        before, _ = self._profiles.update_devices(
            actor.uid, lambda devices: {k: d for k, d in devices.items() if k != device_key}
        )
        if device_key not in before:
            raise not_found("Device")
        self._profiles.release_device(device_key, actor.uid)
        if before[device_key].get("inTopic") is not False:
            self._leave_topic([str(before[device_key]["token"])])
        return profiles.shown_device(device_key, before[device_key])
