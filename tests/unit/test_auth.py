"""Token parsing and the guard against emulator-only token handling in production."""

import pytest
from customizations.auth import (
    actor_from_claims,
    authenticate,
    bearer_token,
    emulator_auth_misconfigured,
    role_of,
)
from customizations.errors import AppError, ErrorCode
from customizations.state_machine import Role


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
