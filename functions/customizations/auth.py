"""Who is calling: the Firebase ID token verified with the Admin SDK, the role from its custom claim."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import AppError, ErrorCode
from .state_machine import Role


@dataclass(frozen=True)
class Actor:
    """A verified caller."""

    uid: str
    role: Role
    name: str
    email: str

    @property
    def is_admin(self) -> bool:
        """Whether the caller is an admin."""
        return self.role is Role.ADMIN


def unauthenticated(message: str = "A valid Firebase ID token is required") -> AppError:
    """The 401 for a missing, malformed, expired or forged token."""
    return AppError(ErrorCode.UNAUTHENTICATED, message)


def emulator_auth_misconfigured(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """True when the Admin SDK would accept unsigned tokens outside the emulator.

    With FIREBASE_AUTH_EMULATOR_HOST set, firebase-admin skips signature checks; that is only
    acceptable inside the Functions emulator, which sets FUNCTIONS_EMULATOR=true.
    """
    return bool(environ.get("FIREBASE_AUTH_EMULATOR_HOST")) and environ.get("FUNCTIONS_EMULATOR") != "true"


def role_of(claims: dict[str, Any]) -> Role:
    """The role the token's custom claim grants; anything unknown counts as a customer."""
    try:
        return Role(claims.get("role", Role.CUSTOMER.value))
    except ValueError:
        return Role.CUSTOMER


def actor_from_claims(claims: dict[str, Any]) -> Actor:
    """The caller described by verified token claims."""
    email = str(claims.get("email") or "")
    name = str(claims.get("name") or email or claims["uid"])
    return Actor(uid=str(claims["uid"]), role=role_of(claims), name=name, email=email)


def bearer_token(header: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header."""
    if not header:
        raise unauthenticated()
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > 8192:
        raise unauthenticated("The Authorization header must be 'Bearer <Firebase ID token>'")
    return token.strip()


Verifier = Callable[[str], dict[str, Any]]


def firebase_verifier(token: str) -> dict[str, Any]:
    """Verify an ID token with firebase-admin (signature, expiry, audience, issuer)."""
    from firebase_admin import auth

    from .clients import admin_app

    try:
        claims: dict[str, Any] = auth.verify_id_token(token, app=admin_app.get())
    except (ValueError, auth.InvalidIdTokenError, auth.UserDisabledError) as exc:
        raise unauthenticated() from exc
    return claims


def authenticate(header: str | None, verify: Verifier = firebase_verifier) -> Actor:
    """The caller behind an Authorization header, or a 401."""
    return actor_from_claims(verify(bearer_token(header)))
