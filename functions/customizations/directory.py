"""Firebase Auth as the user directory: roles live in custom claims, which tokens carry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .state_machine import Role


@dataclass(frozen=True)
class UserInfo:
    """What the service needs to know of an Auth user."""

    uid: str
    role: Role
    name: str
    email: str


class UserDirectory(Protocol):
    """Looks users up and grants roles."""

    def get(self, uid: str) -> UserInfo | None:
        """The user with this uid, or None."""

    def set_role(self, uid: str, role: Role) -> None:
        """Grant role through the custom claim `role`, keeping the user's other claims."""


class FirebaseUserDirectory:
    """UserDirectory on the Firebase Admin SDK (the Auth emulator locally)."""

    def get(self, uid: str) -> UserInfo | None:
        """The Auth user with this uid, or None."""
        from firebase_admin import auth

        from .auth import role_of
        from .clients import admin_app

        try:
            user = auth.get_user(uid, app=admin_app.get())
        except auth.UserNotFoundError:
            return None
        email = user.email or ""
        return UserInfo(uid, role_of(user.custom_claims or {}), user.display_name or email or uid, email)

    def set_role(self, uid: str, role: Role) -> None:
        """Set the custom claim `role`, keeping the others."""
        from firebase_admin import auth

        from .clients import admin_app

        app = admin_app.get()
        claims = dict(auth.get_user(uid, app=app).custom_claims or {})
        claims["role"] = role.value
        auth.set_custom_user_claims(uid, claims, app=app)
