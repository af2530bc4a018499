"""How each person wants to be told: per channel and per event, and how often mail comes.

The in-app notification is always written (it is the record of who was told what); push and email
may be turned off per event type, and email may come as it happens or gathered into an hourly or
daily digest. A profile stores only what its user changed; everything else is the default (on,
immediate).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from .lifecycle import Event


class Channel(enum.StrEnum):
    """Ways of telling someone, beyond the inbox."""

    PUSH = "push"
    EMAIL = "email"


class Digest(enum.StrEnum):
    """When email comes."""

    IMMEDIATE = "immediate"
    HOURLY = "hourly"
    DAILY = "daily"


DAILY_DIGEST_HOUR = 8  # UTC: when daily digests go out


@dataclass(frozen=True)
class Preferences:
    """A person's choices: channel -> event -> on (only those they turned off need be stored)."""

    off: dict[Channel, frozenset[Event]] = field(default_factory=dict)
    digest: Digest = Digest.IMMEDIATE

    def allows(self, channel: Channel, event: Event) -> bool:
        """Whether this event may reach them on that channel."""
        return event not in self.off.get(channel, frozenset())

    def mails_each(self, event: Event) -> bool:
        """Whether this event is mailed as it happens (not gathered into a digest)."""
        return self.digest is Digest.IMMEDIATE and self.allows(Channel.EMAIL, event)

    def as_stored(self) -> dict[str, Any]:
        """The profile's `preferences` field: every channel's list, empty ones too (a merge into the
        stored map replaces each list whole)."""
        return {
            "off": {channel.value: sorted(e.value for e in self.off.get(channel, ())) for channel in Channel},
            "emailDigest": self.digest.value,
        }

    def shown(self) -> dict[str, Any]:
        """As the API shows them: every channel and event, in-app always on."""
        events = [e.value for e in Event]
        return {
            "inApp": dict.fromkeys(events, True),
            **{channel.value: {e.value: self.allows(channel, e) for e in Event} for channel in Channel},
            "emailDigest": self.digest.value,
        }

    def changed(self, channels: dict[Channel, dict[Event, bool]], digest: Digest | None) -> Preferences:
        """These choices with some changed."""
        off = dict(self.off)
        for channel, choices in channels.items():
            now_off = set(off.get(channel, frozenset()))
            now_off |= {e for e, on in choices.items() if not on}
            now_off -= {e for e, on in choices.items() if on}
            off[channel] = frozenset(now_off)
        return Preferences(off, digest or self.digest)


def stored(profile: dict[str, Any] | None) -> Preferences:
    """The preferences a profile holds (defaults for anything missing or no longer known)."""
    raw = (profile or {}).get("preferences") or {}
    off: dict[Channel, frozenset[Event]] = {}
    for channel in Channel:
        names = (raw.get("off") or {}).get(channel.value) or []
        off[channel] = frozenset(Event(n) for n in names if n in Event._value2member_map_)
    try:
        digest = Digest(raw.get("emailDigest", Digest.IMMEDIATE.value))
    except ValueError:
        digest = Digest.IMMEDIATE
    return Preferences(off, digest)
