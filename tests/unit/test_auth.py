"""Token parsing and the guard against emulator-only token handling in production."""

import pytest
from customizations.api.auth import authenticate, bearer_token, emulator_auth_misconfigured
from customizations.domain.actors import actor_from_claims, role_of
from customizations.domain.lifecycle import Role
from customizations.errors import AppError, ErrorCode


def test_the_auth_emulator_variable_outside_the_functions_emulator_is_refused():
    assert emulator_auth_misconfigured({"FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9099"})
    assert not emulator_auth_misconfigured(
        {"FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9099", "FUNCTIONS_EMULATOR": "true"}
    )
    assert not emulator_auth_misconfigured({})


@pytest.mark.parametrize("header", [None, "", "Basic abc", "Bearer ", "Bearer " + "x" * 9000])
def test_a_missing_or_malformed_authorization_header_is_unauthenticated(header):
    with pytest.raises(AppError) as caught:
        bearer_token(header)
    assert caught.value.code is ErrorCode.UNAUTHENTICATED


@pytest.mark.parametrize(
    ("claims", "role"),
    [
        ({}, Role.CUSTOMER),
        ({"role": "designer"}, Role.DESIGNER),
        ({"role": "admin"}, Role.ADMIN),
        ({"role": "root"}, Role.CUSTOMER),
        ({"role": ["admin"]}, Role.CUSTOMER),
    ],
)
def test_the_role_comes_from_the_claim_and_anything_unknown_is_a_customer(claims, role):
    assert role_of(claims) is role


def test_authenticate_builds_the_actor_from_verified_claims():
    actor = authenticate(
        "Bearer t", lambda token: {"uid": "u1", "email": "a@b.c", "name": "A", "role": "admin"}
    )
    assert (actor.uid, actor.role, actor.name, actor.email) == ("u1", Role.ADMIN, "A", "a@b.c")
    assert actor_from_claims({"uid": "u2"}).name == "u2"


def unsigned_token(claims: dict) -> str:
    """A token such as the Auth emulator issues: alg none, no signature."""
    import base64
    import json

    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def test_a_forged_unsigned_token_is_refused_outside_the_emulator(monkeypatch):
    import time

    from customizations.adapters.firebase_auth import firebase_verifier

    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    monkeypatch.setenv("GCLOUD_PROJECT", "demo-customizations")
    now = int(time.time())
    forged = unsigned_token(
        {
            "iss": "https://securetoken.google.com/demo-customizations",
            "aud": "demo-customizations",
            "sub": "attacker",
            "user_id": "attacker",
            "role": "admin",
            "iat": now,
            "auth_time": now,
            "exp": now + 3600,
        }
    )
    with pytest.raises(AppError) as refused:
        firebase_verifier(forged)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED
    from firebase_admin import auth

    assert isinstance(refused.value.__cause__, auth.InvalidIdTokenError)  # before any key is fetched


@pytest.fixture(autouse=True)
def _offline_admin_app(monkeypatch):
    """A firebase-admin app with anonymous credentials: production verification, no network."""
    import firebase_admin
    from customizations.adapters import clients
    from firebase_admin import credentials
    from google.auth.credentials import AnonymousCredentials

    class Anonymous(credentials.Base):
        def get_credential(self):
            return AnonymousCredentials()

    name = "unit-auth"
    app = firebase_admin._apps.get(name) or firebase_admin.initialize_app(
        Anonymous(), {"projectId": "demo-customizations"}, name=name
    )
    monkeypatch.setattr(clients, "admin_app", clients.Lazy(lambda: app))


@pytest.mark.parametrize("uid", ["x" * 129, ""])
def test_a_uid_auth_could_never_have_issued_is_no_user_not_an_error(uid):
    from customizations.adapters.firebase_auth import FirebaseUserDirectory

    assert FirebaseUserDirectory().get(uid) is None
