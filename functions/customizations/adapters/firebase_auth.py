"""Firebase Auth: ID tokens verified with the Admin SDK, and the user directory (roles live in the
custom claim `role`, which tokens carry; revocations are recorded where the security rules read
them)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from firebase_functions import logger

from ..domain.actors import Actor, display_name, role_of
from ..domain.lifecycle import Role
from ..errors import unauthenticated
from . import clients

# How long an instance trusts what it last read of a user's revocation and disabled state, for a
# read by a customer or designer. Writes, and every call with an admin token, read it afresh.
USER_STATE_TTL = 30.0
_MAX_HELD = 10_000
REVOCATION_TRIES = 3  # writes of a revocation's record before the change answers 500


@dataclass(frozen=True)
class _UserState:
    valid_after_ms: int  # tokens issued before this (revoked refresh tokens) are refused
    disabled: bool
    read_at: float

    def refuses(self, issued_at_s: int) -> bool:
        """Whether a token issued at that time (seconds) is refused: user disabled, or revoked."""
        return self.disabled or issued_at_s * 1000 < self.valid_after_ms


class FirebaseTokenVerifier:
    """The API's Verifier: an ID token checked by firebase-admin (signature, expiry, audience,
    issuer), then against its user: a deleted or disabled user, and a token issued before the
    user's refresh tokens were revoked, are refused.

    The SDK's own `check_revoked=True` reads the user on every call: a round trip to Auth on the
    hot path. Here that read is held per user for USER_STATE_TTL seconds for reads by customers and
    designers (a revocation reaches them within that time on every instance, at once on the one
    that revoked), and made afresh for every write and for every admin token, where a stale answer
    would let an old role act. A refusal is never taken from what is held: it is read again first.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._held: OrderedDict[str, _UserState] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, token: str, fresh: bool) -> dict[str, Any]:
        """The token's claims, or a 401."""
        from firebase_admin import auth

        try:
            claims: dict[str, Any] = auth.verify_id_token(token, app=clients.admin_app.get())
            uid, issued = str(claims["uid"]), int(claims.get("iat", 0))
            fresh = fresh or claims.get("role") == Role.ADMIN.value
            state = self._state(uid, fresh)
            if not fresh and state.refuses(issued):  # a refusal is always Auth's current word
                state = self._state(uid, fresh=True)
        except (ValueError, KeyError, auth.InvalidIdTokenError, auth.UserNotFoundError) as exc:
            raise unauthenticated() from exc
        if state.refuses(issued):
            raise unauthenticated("This sign-in is no longer valid; sign in again")
        return claims

    def _state(self, uid: str, fresh: bool) -> _UserState:
        from firebase_admin import auth

        with self._lock:
            held = self._held.get(uid)
        if held is not None and not fresh and self._clock() - held.read_at < USER_STATE_TTL:
            return held
        user = auth.get_user(uid, app=clients.admin_app.get())
        state = _UserState(int(user.tokens_valid_after_timestamp or 0), bool(user.disabled), self._clock())
        with self._lock:
            self._held[uid] = state
            self._held.move_to_end(uid)
            while len(self._held) > _MAX_HELD:
                self._held.popitem(last=False)
        return state

    def forget(self, uid: str) -> None:
        """Read this user afresh next time (this instance just revoked or changed them)."""
        with self._lock:
            self._held.pop(uid, None)


def _actor(user: Any) -> Actor:
    """A person as Auth records them (role from the custom claim)."""
    email = user.email or ""
    return Actor(
        user.uid,
        role_of(user.custom_claims or {}),
        display_name(user.display_name, email or user.uid),
        email,
        email_verified=bool(user.email_verified),
    )


class FirebaseUserDirectory:
    """The services' UserDirectory on the Firebase Admin SDK (the Auth emulator locally)."""

    def __init__(self, on_revoke: Callable[[str], None] = lambda uid: None, db: Any = None) -> None:
        self._on_revoke = on_revoke
        self._db = db  # where revocations are recorded (None: the instance's Firestore client)

    def user(self, uid: str) -> Actor | None:
        """The Auth user with this uid, or None."""
        from firebase_admin import auth

        try:
            user = auth.get_user(uid, app=clients.admin_app.get())
        except (auth.UserNotFoundError, ValueError):  # ValueError: a uid Auth could never have issued
            return None
        return _actor(user)

    def every_user(self) -> Iterator[Actor]:
        """Every Auth user, read 1,000 at a time (Auth's page)."""
        from firebase_admin import auth

        for user in auth.list_users(app=clients.admin_app.get()).iterate_all():
            yield _actor(user)

    def set_name(self, uid: str, name: str) -> None:
        """Change the user's display name in Auth: their next token carries it."""
        from firebase_admin import auth

        auth.update_user(uid, display_name=name, app=clients.admin_app.get())

    def set_role(self, uid: str, role: Role) -> None:
        """Set the custom claim `role`, keeping the others, and revoke the user's refresh tokens:
        a token minted under the old role is refused from now on (the user signs in again)."""
        from firebase_admin import auth

        app = clients.admin_app.get()
        claims = dict(auth.get_user(uid, app=app).custom_claims or {})
        claims["role"] = role.value
        auth.set_custom_user_claims(uid, claims, app=app)
        self._revoke(uid)

    def set_disabled(self, uid: str, disabled: bool) -> None:
        """Disable the user (they cannot sign in, and every token they hold is refused from now on)
        or enable them again (they sign in anew)."""
        from firebase_admin import auth

        auth.update_user(uid, disabled=disabled, app=clients.admin_app.get())
        if disabled:
            self._revoke(uid)
        else:
            self._on_revoke(uid)

    def _revoke(self, uid: str) -> None:
        """Revoke the user's refresh tokens, and record when (Auth's time, to the second) in
        tokenRevocations/{uid}, which firestore.rules compares with each token's auth_time: an ID
        token from an earlier sign-in then reads nothing directly either (Firebase's documented
        way to detect revocation in rules)."""
        from firebase_admin import auth

        from .queries import REVOCATIONS

        app = clients.admin_app.get()
        auth.revoke_refresh_tokens(uid, app=app)
        self._on_revoke(uid)
        valid_after_ms = auth.get_user(uid, app=app).tokens_valid_after_timestamp or 0
        record = (self._db or clients.firestore_client.get()).collection(REVOCATIONS).document(uid)
        for attempt in range(REVOCATION_TRIES):
            try:
                record.set({"revokedAt": valid_after_ms // 1000})
                return
            except Exception:  # a transient failure: the rules would trust old tokens till they expire
                if attempt + 1 == REVOCATION_TRIES:
                    logger.error("Token revocation not recorded: rules still accept old tokens", uid=uid)
                    raise  # the caller's change answers 500 and is retried whole (it is idempotent)
                time.sleep(0.2 * 2**attempt)
