"""People: a verified caller or a user found in the directory, and the role a token's claims grant."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .lifecycle import Role
from .text import as_one_line, blank


@dataclass(frozen=True)
class Actor:
    """A person the system knows: the caller behind a verified token, or a user the directory found."""

    uid: str
    role: Role
    name: str
    email: str
    # The workflow itself (timed steps, auto-assignment): never made from a token's claims.
    system: bool = False
    # Whether Auth verified the email address (the token's `email_verified`): only a verified one
    # becomes a contact or gets mail (domain.profiles.mail_address).
    email_verified: bool = False

    @property
    def is_admin(self) -> bool:
        """Whether this person is an admin."""
        return self.role is Role.ADMIN and not self.system


# Who takes the workflow's timed and routing steps: `system` in lastEvent and the audit trail.
SYSTEM = Actor("system", Role.ADMIN, "System", "", system=True)


def role_of(claims: dict[str, Any]) -> Role:
    """The role the custom claim `role` grants; anything unknown counts as a customer."""
    try:
        return Role(claims.get("role", Role.CUSTOMER.value))
    except ValueError:
        return Role.CUSTOMER


MAX_NAME_CHARS = 100


def display_name(raw: Any, fallback: str) -> str:
    """A name from a sign-in provider or the directory, as other people see it (in requests,
    notifications, pushes and mail): as written on one line, bounded; the fallback when blank."""
    name = as_one_line(raw or "", MAX_NAME_CHARS)
    return fallback if blank(name) else name


def actor_from_claims(claims: dict[str, Any]) -> Actor:
    """The caller described by verified token claims."""
    uid = str(claims["uid"])
    email = str(claims.get("email") or "")
    return Actor(
        uid=uid,
        role=role_of(claims),
        name=display_name(claims.get("name"), email or uid),
        email=email,
        email_verified=claims.get("email_verified") is True,
    )
