"""Who is calling: the bearer token of the request, verified by the injected verifier (the Admin
SDK in production, see adapters.firebase_auth), and the role from its custom claim."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from ..domain.actors import Actor, actor_from_claims
from ..errors import unauthenticated

MAX_TOKEN_CHARS = 8192  # ID tokens are about 1 KB; anything this long is not one

# Verifies an ID token: its claims, or an AppError UNAUTHENTICATED. `fresh` asks that nothing the
# verifier holds about the user (revocation, disabled) be trusted: set for calls that write.
Verifier = Callable[[str, bool], dict[str, Any]]


def emulator_auth_misconfigured(environ: dict[str, str] | os._Environ[str] = os.environ) -> bool:
    """True when the Admin SDK would accept unsigned tokens outside the emulator.

    With FIREBASE_AUTH_EMULATOR_HOST set, firebase-admin skips signature checks; that is only
    acceptable inside the Functions emulator, which sets FUNCTIONS_EMULATOR=true.
    """
    return bool(environ.get("FIREBASE_AUTH_EMULATOR_HOST")) and environ.get("FUNCTIONS_EMULATOR") != "true"


def bearer_token(header: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header."""
    if not header:
        raise unauthenticated()
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip() or len(token) > MAX_TOKEN_CHARS:
        raise unauthenticated("The Authorization header must be 'Bearer <Firebase ID token>'")
    return token.strip()


def authenticate(header: str | None, verify: Verifier, fresh: bool = True) -> Actor:
    """The caller behind an Authorization header, or a 401."""
    return actor_from_claims(verify(bearer_token(header), fresh))
