"""What the event trigger and its handlers read, and the writes that commit an event's effects."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from ...domain.events import Effects
from ...domain.records import Record
from .basics import Document


class LegalState(Protocol):
    """What the trigger reads of a write: the request's legal copy, and the people the event names."""

    def legal_and_people(
        self, request_id: str, people: Iterable[str] = ()
    ) -> tuple[Record | None, dict[str, Document | None]]:
        """The request's last legal state and when its copy was written (None: no copy), and, read
        in the same round trip, these people's profiles (uid -> profile, None if they have none)."""
        ...


class Recipients(Protocol):
    """Whom the handlers tell: named users, and the admins."""

    def users(self, uids: Iterable[str]) -> list[Document]:
        """The profiles of these users that exist."""
        ...

    def admins(self, limit: int) -> list[Document]:
        """Up to limit profiles (with `id`) of admins: who is told of overdue requests."""
        ...


class Repairs(Protocol):
    """What the trigger writes to a request itself: a rollback, or an override made legal."""

    def restore(
        self, request_id: str, written_at: datetime, key: str, at: datetime, before: Document | None = None
    ) -> bool:
        """Put a request back to its last legal state, marked as restored from the violation `key`,
        with its legal copy, only if it is out of step with that state and holds no override not
        accepted yet (so a rollback happens once, whatever was written since, and never over a
        legal write). A request older than the legal copies goes back to `before` (the image
        before the write), one created around the API to nothing: only if it is still as the write
        at `written_at` left it. Whether it wrote."""
        ...

    def accept(self, request_id: str, marker: Any, restage: Callable[[Document], Document]) -> bool:
        """Make a request that holds this admin override marker its legal state as it stands, with
        what `restage` gives for it (domain.workflow.restage) written onto the request and into
        its copy at once (with the processed marker of the version a new stage takes: there is no
        other event of it); only while the request holds that marker and its copy does not yet (a
        later override, or its acceptance, is never overtaken). Whether the override is the legal
        state (accepted now, or already)."""
        ...


class EffectsLog(Protocol):
    """An event's effects, written once, and the devices the push service gave up on."""

    def commit_once(self, request_id: str, key: str, effects: Effects) -> list[str] | None:
        """Write an event's effects with its processed marker, atomically; the ids of the
        notifications created now, or None when the event had already been handled."""
        ...

    def forget_tokens(self, uid: str, tokens: Sequence[str]) -> None:
        """Remove the devices with these push tokens from a profile (FCM said they are dead)."""
        ...


class FanoutStore(Recipients, Repairs, EffectsLog, Protocol):
    """What the event handlers read, and the writes that commit an event: what the fan-out uses."""


class RequestLookup(Protocol):
    """A request as it stands, read by the triggers of what is said about it."""

    def request(self, request_id: str) -> Document | None:
        """The request's document, or None."""
        ...


class TriggerStore(FanoutStore, LegalState, RequestLookup, Protocol):
    """What the triggers read and write: the fan-out's store, the legal copy, a request as it is."""
