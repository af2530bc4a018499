"""A person's profile (`users/{uid}`): what the system knows of them beyond their token, kept in
step with it, and the devices their pushes go to.

The token is the truth for role and email (an admin may set a role with the Admin SDK, outside the
API): a profile records the last role, email (and whether Auth verified it) and name it was synced
from (`synced`), and is written again only when a token says otherwise. The name is the user's to
change (PATCH /me): a token's name is taken only when the token's own name changed.
"""

from __future__ import annotations

import enum
import hashlib
from datetime import datetime
from typing import Any

from .actors import Actor

MAX_DEVICES = 10  # a user's registered devices; registering one more drops the oldest


class Platform(enum.StrEnum):
    """Where a device token comes from."""

    IOS = "ios"
    ANDROID = "android"
    WEB = "web"


def device_id(token: str) -> str:
    """A device's id: from its token, so that registering the same token twice is one device."""
    return hashlib.sha256(token.encode()).hexdigest()[:24]


def as_synced(actor: Actor) -> dict[str, Any]:
    """What a token says of its user, as a profile records it."""
    return {
        "role": actor.role.value,
        "email": actor.email,
        "emailVerified": actor.email_verified,
        "name": actor.name,
    }


def usable_email(email: str, verified: bool, unverified_ok: bool) -> str | None:
    """An address to reach a person at: only one Auth verified, since anyone may sign up with
    someone else's address (unverified_ok: any, for a stack whose users cannot verify theirs)."""
    return email if email and (verified or unverified_ok) else None


def mail_address(profile: dict[str, Any] | None, unverified_ok: bool) -> str | None:
    """Where a person's mail goes: their profile's address, as their token last said it."""
    found = profile or {}
    return usable_email(str(found.get("email") or ""), found.get("emailVerified") is True, unverified_ok)


def sync_changes(profile: dict[str, Any] | None, actor: Actor, now: datetime) -> dict[str, Any] | None:
    """The fields to write so that the profile follows this token, or None if it already does."""
    synced = as_synced(actor)
    before = (profile or {}).get("synced") or {}
    if profile is not None and before == synced and profile.get("role") == actor.role.value:
        return None
    changes: dict[str, Any] = {
        "role": actor.role.value,
        "email": actor.email,
        "emailVerified": actor.email_verified,
        "synced": synced,
        "updatedAt": now,
    }
    if profile is None or not profile.get("name") or before.get("name") != actor.name:
        changes["name"] = actor.name
    return changes


def devices_of(profile: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """device id -> {token, platform, label, createdAt}."""
    return dict((profile or {}).get("devices") or {})


def tokens_of(profile: dict[str, Any] | None) -> list[str]:
    """The push tokens of a profile's devices."""
    return [str(d["token"]) for d in devices_of(profile).values() if d.get("token")]


def with_device(
    devices: dict[str, dict[str, Any]], token: str, platform: Platform, label: str, now: datetime
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """The devices with this one registered (again: it keeps its first registration time), and
    the tokens of those dropped to stay within MAX_DEVICES, oldest first."""
    kept = dict(devices)
    key = device_id(token)
    first = kept.get(key, {}).get("createdAt", now)
    kept[key] = {
        "token": token,
        "platform": platform.value,
        "label": label,
        "createdAt": first,
        "seenAt": now,
        # Whether the token is in the designers' topic, as last made so (unknown for a new one:
        # the token may have been someone else's, subscribed or not).
        "inTopic": kept.get(key, {}).get("inTopic"),
    }
    dropped: list[str] = []
    while len(kept) > MAX_DEVICES:
        oldest = min((k for k in kept if k != key), key=lambda k: (kept[k].get("seenAt") or now, k))
        dropped.append(str(kept.pop(oldest)["token"]))
    return kept, dropped


def topic_changes(profile: dict[str, Any] | None, wanted: bool) -> dict[str, str]:
    """device id -> token, for the devices not yet in (or out of) the designers' topic as wanted."""
    return {k: str(d["token"]) for k, d in devices_of(profile).items() if d.get("inTopic") is not wanted}


def shown_device(device_key: str, device: dict[str, Any]) -> dict[str, Any]:
    """A device as the API shows it: never its token."""
    return {
        "id": device_key,
        "platform": device.get("platform"),
        "label": device.get("label", ""),
        "createdAt": device.get("createdAt"),
    }
