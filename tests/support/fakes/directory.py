"""UserDirectory in memory."""

from __future__ import annotations

from collections.abc import Iterator

from customizations.domain.actors import Actor
from customizations.domain.lifecycle import Role


class FakeDirectory:
    """UserDirectory: the identity provider's users, by uid."""

    def __init__(self, *users: Actor) -> None:
        self.users = {user.uid: user for user in users}
        self.disabled: set[str] = set()

    def user(self, uid: str) -> Actor | None:
        return self.users.get(uid)

    def set_role(self, uid: str, role: Role) -> None:
        user = self.users[uid]
        self.users[uid] = Actor(user.uid, role, user.name, user.email)

    def set_name(self, uid: str, name: str) -> None:
        user = self.users[uid]
        self.users[uid] = Actor(user.uid, user.role, name, user.email)

    def set_disabled(self, uid: str, disabled: bool) -> None:
        self.disabled = (self.disabled | {uid}) if disabled else (self.disabled - {uid})

    def every_user(self) -> Iterator[Actor]:
        yield from self.users.values()
