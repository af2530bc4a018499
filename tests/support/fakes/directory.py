"""UserDirectory in memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from customizations.domain.actors import Actor, display_name
from customizations.domain.lifecycle import Role


class FakeDirectory:
    """UserDirectory: the identity provider's users, by uid."""

    def __init__(self, *users: Actor) -> None:
        self.users = {user.uid: user for user in users}
        self.disabled: set[str] = set()

    def user(self, uid: str) -> Actor | None:
        return self.users.get(uid)

    def set_role(self, uid: str, role: Role) -> None:
        self.users[uid] = replace(self.users[uid], role=role)

    def set_name(self, uid: str, name: str) -> None:
        """As Auth reads it back: on one line, bounded (FirebaseUserDirectory.user)."""
        user = self.users[uid]
        self.users[uid] = replace(user, name=display_name(name, user.email or uid))

    def set_disabled(self, uid: str, disabled: bool) -> None:
        self.disabled = (self.disabled | {uid}) if disabled else (self.disabled - {uid})

    def every_user(self) -> Iterator[Actor]:
        yield from self.users.values()
