"""People: a verified caller or a user found in the directory, and the role a token's claims grant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lifecycle import Role


@dataclass(frozen=True)
class Actor:
    """A person the system knows: the caller behind a verified token, or a user the directory found."""

    uid: str
    role: Role
    name: str
    email: str

    @property
    def is_admin(self) -> bool:
        """Whether this person is an admin."""
        return self.role is Role.ADMIN


def role_of(claims: dict[str, Any]) -> Role:
    """The role the custom claim `role` grants; anything unknown counts as a customer."""
    try:
        return Role(claims.get("role", Role.CUSTOMER.value))
    except ValueError:
        return Role.CUSTOMER


def actor_from_claims(claims: dict[str, Any]) -> Actor:
    """The caller described by verified token claims."""
    email = str(claims.get("email") or "")
    name = str(claims.get("name") or email or claims["uid"])
    return Actor(uid=str(claims["uid"]), role=role_of(claims), name=name, email=email)
