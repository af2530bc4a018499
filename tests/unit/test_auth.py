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
        "Bearer t", lambda token, fresh: {"uid": "u1", "email": "a@b.c", "name": "A", "role": "admin"}
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

    from customizations.adapters.firebase_auth import FirebaseTokenVerifier

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
        FirebaseTokenVerifier()(forged, True)
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

    assert FirebaseUserDirectory().user(uid) is None


class CountingUsers:
    """firebase_admin.auth.get_user and verify_id_token standing in for Auth, counting the reads."""

    def __init__(self):
        self.reads = 0
        self.valid_after_ms = 0
        self.disabled = False

    def verify_id_token(self, token, app=None):
        role, issued = token.split(":")
        return {"uid": "u1", "role": role, "iat": int(issued)}

    def get_user(self, uid, app=None):
        from types import SimpleNamespace

        self.reads += 1
        return SimpleNamespace(tokens_valid_after_timestamp=self.valid_after_ms, disabled=self.disabled)


@pytest.fixture
def users(monkeypatch):
    from firebase_admin import auth

    counting = CountingUsers()
    monkeypatch.setattr(auth, "verify_id_token", counting.verify_id_token)
    monkeypatch.setattr(auth, "get_user", counting.get_user)
    return counting


def test_reads_by_customers_and_designers_trust_the_users_state_for_a_while(users):
    from customizations.adapters.firebase_auth import USER_STATE_TTL, FirebaseTokenVerifier

    now = [0.0]
    verify = FirebaseTokenVerifier(clock=lambda: now[0])
    for _ in range(3):
        verify("customer:100", False)
    assert users.reads == 1
    users.valid_after_ms = 200_000  # refresh tokens revoked at t=200 s
    verify("customer:100", False)  # still trusted on this instance...
    now[0] += USER_STATE_TTL + 1
    with pytest.raises(AppError) as refused:  # ...until the state is read again
        verify("customer:100", False)
    assert refused.value.code is ErrorCode.UNAUTHENTICATED
    assert verify("customer:201", False)["iat"] == 201  # a token minted after the revocation is fine


def test_writes_and_admin_tokens_read_the_users_state_afresh(users):
    from customizations.adapters.firebase_auth import FirebaseTokenVerifier

    verify = FirebaseTokenVerifier(clock=lambda: 0.0)
    verify("customer:100", False)
    users.disabled = True
    with pytest.raises(AppError):
        verify("customer:100", True)
    users.disabled = False
    verify("admin:100", False)
    users.valid_after_ms = 150_000
    with pytest.raises(AppError):
        verify("admin:100", False)
    assert users.reads == 4  # every call read the user: a write, then admin tokens


def test_the_instance_that_revokes_forgets_what_it_held(users):
    from customizations.adapters.firebase_auth import FirebaseTokenVerifier

    verify = FirebaseTokenVerifier(clock=lambda: 0.0)
    verify("designer:100", False)
    users.valid_after_ms = 150_000
    verify.forget("u1")
    with pytest.raises(AppError):
        verify("designer:100", False)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("Dana Designer", "Dana Designer"),
        # As written (the web app shows it as text), on one line, without control characters.
        ("<img src=x onerror=alert(1)>Eve", "<img src=x onerror=alert(1)>Eve"),
        ('height < 5 cm & "quoted"', 'height < 5 cm & "quoted"'),
        ("  Spaced  out  ", "  Spaced  out  "),
        ("Line\nbreak\ttab\r\nend", "Line break tab  end"),
        ("nul\x00bell\x07esc\x1b[31mdel\x7fc1\x85", "nulbellesc[31mdelc1"),
        ("zero\u200bwidth\u200dkept", "zero\u200bwidth\u200dkept"),
        ("   ", "casey@example.com"),
        (None, "casey@example.com"),
        ("x" * 500, "x" * 100),
    ],
)
def test_a_name_from_a_token_is_kept_as_written_on_one_line_without_controls_and_bounded(raw, shown):
    claims = {"uid": "u1", "email": "casey@example.com", "name": raw}
    assert actor_from_claims(claims).name == shown


def test_a_refusal_is_never_taken_from_what_an_instance_holds(users):
    from customizations.adapters.firebase_auth import FirebaseTokenVerifier

    verify = FirebaseTokenVerifier(clock=lambda: 0.0)
    users.disabled = True
    with pytest.raises(AppError):
        verify("customer:100", False)
    users.disabled = False  # enabled again: the next read is let in at once
    assert verify("customer:100", False)["uid"] == "u1"
    assert users.reads == 3  # the refusal's own read, then the held refusal checked again


class FlakyRecord:
    """A Firestore client whose revocation record fails to write a number of times first."""

    def __init__(self, failures: int):
        self.failures, self.written = failures, []

    def collection(self, name):
        return self

    def document(self, uid):
        return self

    def set(self, fields):
        if self.failures:
            self.failures -= 1
            raise OSError("unavailable")
        self.written.append(fields)


@pytest.mark.parametrize(("failures", "recorded"), [(2, True), (3, False)])
def test_a_revocation_record_that_fails_to_write_is_tried_again_then_fails_the_change(
    monkeypatch, failures, recorded
):
    """Without the record, the rules would go on trusting the user's old tokens: a write that fails
    is tried again, and one that keeps failing fails the role change (500, retried by the admin)."""
    from types import SimpleNamespace

    from customizations.adapters import firebase_auth
    from firebase_admin import auth

    monkeypatch.setattr(auth, "revoke_refresh_tokens", lambda uid, app=None: None)
    monkeypatch.setattr(
        auth,
        "get_user",
        lambda uid, app=None: SimpleNamespace(tokens_valid_after_timestamp=1_700_000_000_000),
    )
    monkeypatch.setattr(firebase_auth.time, "sleep", lambda s: None)
    record = FlakyRecord(failures)
    directory = firebase_auth.FirebaseUserDirectory(db=record)
    if recorded:
        directory._revoke("u1")
        assert record.written == [{"revokedAt": 1_700_000_000}]
    else:
        with pytest.raises(OSError):
            directory._revoke("u1")
        assert record.written == []
