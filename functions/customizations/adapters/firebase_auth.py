"""Firebase Auth: ID tokens verified with the Admin SDK, and the user directory (roles live in the
custom claim `role`, which tokens carry)."""

from __future__ import annotations

from typing import Any

from ..domain.actors import Actor, role_of
from ..domain.lifecycle import Role
from ..errors import unauthenticated
from . import clients


def firebase_verifier(token: str) -> dict[str, Any]:
    """Verify an ID token with firebase-admin (signature, expiry, audience, issuer); its claims."""
    from firebase_admin import auth

    try:
        claims: dict[str, Any] = auth.verify_id_token(token, app=clients.admin_app.get())
    except (ValueError, auth.InvalidIdTokenError, auth.UserDisabledError) as exc:
        raise unauthenticated() from exc
    return claims


class FirebaseUserDirectory:
    """The services' UserDirectory on the Firebase Admin SDK (the Auth emulator locally)."""

    def get(self, uid: str) -> Actor | None:
        """The Auth user with this uid, or None."""
        from firebase_admin import auth

        try:
            user = auth.get_user(uid, app=clients.admin_app.get())
        except (auth.UserNotFoundError, ValueError):  # ValueError: a uid Auth could never have issued
            return None
        email = user.email or ""
        return Actor(uid, role_of(user.custom_claims or {}), user.display_name or email or uid, email)

    def set_role(self, uid: str, role: Role) -> None:
        """Set the custom claim `role`, keeping the others."""
        from firebase_admin import auth

        app = clients.admin_app.get()
        claims = dict(auth.get_user(uid, app=app).custom_claims or {})
        claims["role"] = role.value
        auth.set_custom_user_claims(uid, claims, app=app)
