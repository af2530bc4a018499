"""People: their profiles, and the identity provider that knows them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Protocol

from ...domain.actors import Actor
from ...domain.lifecycle import Role
from .basics import Document


class ProfileStore(Protocol):
    """User profiles (`users/{uid}`): what the fan-out, workload and digests know of people beyond
    their tokens (domain.profiles)."""

    def profile(self, uid: str) -> Document | None:
        """The profile, or None."""
        ...

    def update_profile(self, uid: str, fields: Document) -> None:
        """Create or update a profile: the fields given are set (maps merged), the rest kept."""
        ...

    def save_role(self, uid: str, fields: Document, change: Document) -> None:
        """Update a profile after a role change and log the change (who, whose, which role, when),
        in one write."""
        ...

    def update_devices(
        self, uid: str, change: Callable[[dict[str, Document]], dict[str, Document]]
    ) -> tuple[dict[str, Document], dict[str, Document]]:
        """Replace a profile's devices with change(the devices as they are), atomically (retried if
        they changed meanwhile); the devices before and after."""
        ...

    def claim_device(self, device_id: str, uid: str, at: datetime) -> str | None:
        """Record that this device (its token) is this user's; the user who had it, if another."""
        ...

    def release_device(self, device_id: str, uid: str) -> None:
        """Forget that this device is this user's (if it still is)."""
        ...


class UserDirectory(Protocol):
    """The identity provider: looks users up and grants roles."""

    def user(self, uid: str) -> Actor | None:
        """The user with this uid, or None."""
        ...

    def set_role(self, uid: str, role: Role) -> None:
        """Grant a role, keeping the user's other claims; tokens from before stop counting."""
        ...

    def set_disabled(self, uid: str, disabled: bool) -> None:
        """Disable a user (every token they hold stops counting) or enable them again."""
        ...

    def set_name(self, uid: str, name: str) -> None:
        """Change the user's display name (their next token carries it)."""
        ...

    def every_user(self) -> Iterator[Actor]:
        """Every user, a page at a time."""
        ...
