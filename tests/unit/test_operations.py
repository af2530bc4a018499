"""What a deployment relies on beyond the routes: CORS for configured origins only, one structured
log line per call, the Storage bucket found as Firebase gives it, stale events dropped, credentials
for signing refreshed only when stale."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from customizations.adapters.clients import bucket_name
from customizations.adapters.storage import RuntimeCredentials
from customizations.api.app import create_app
from customizations.services.bus import expired

from tests.support.fakes import Stack

ALLOWED = "https://shop.example"
CLAIMS = {"uid": "a1", "role": "admin", "email": "ada@example.com"}


@pytest.fixture
def client(monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    stack = Stack()
    return create_app(lambda: stack.services, lambda token, fresh: CLAIMS, (ALLOWED,)).test_client()


def test_a_preflight_from_an_allowed_origin_is_answered_with_what_it_may_send(client):
    response = client.options("/api/customizations", headers={"Origin": ALLOWED})
    assert response.status_code == 204
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "Authorization" in response.headers["Access-Control-Allow-Headers"]
    assert "PATCH" in response.headers["Access-Control-Allow-Methods"]


def test_calls_from_an_allowed_origin_may_read_the_answer_and_its_headers(client):
    response = client.get("/customizations/stats", headers={"Origin": ALLOWED, "Authorization": "Bearer t"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == ALLOWED
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]


def test_other_origins_get_no_cors_headers(client):
    for method in ("OPTIONS", "GET"):
        response = client.open(
            "/customizations/stats", method=method, headers={"Origin": "https://evil.example"}
        )
        assert "Access-Control-Allow-Origin" not in response.headers


def test_every_call_logs_one_line_with_its_route_status_latency_role_and_id(client, capsys):
    response = client.get("/api/customizations/stats", headers={"Authorization": "Bearer t"})
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"API call"' in line]
    assert len(lines) == 1
    (line,) = lines
    assert line["route"] == "GET /customizations/stats"
    assert (line["status"], line["role"], line["requestId"]) == (
        200,
        "admin",
        response.headers["X-Request-Id"],
    )
    assert line["latencyMs"] >= 0 and line["severity"] == "INFO"


def test_the_bucket_is_the_projects_default_as_firebase_gives_it_unless_named():
    config = json.dumps({"projectId": "p", "storageBucket": "p.firebasestorage.app"})
    assert bucket_name("", {"FIREBASE_CONFIG": config, "STORAGE_BUCKET": "other"}) == "p.firebasestorage.app"
    assert bucket_name("designs-eu", {"FIREBASE_CONFIG": config}) == "designs-eu"
    assert bucket_name("", {"STORAGE_BUCKET": "local-bucket"}) == "local-bucket"
    with pytest.raises(RuntimeError):
        bucket_name("", {"FIREBASE_CONFIG": json.dumps({"projectId": "p"})})


def test_an_event_older_than_its_retries_may_run_is_dropped():
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    assert not expired(now - timedelta(hours=5, minutes=59), now, timedelta(hours=6), "e1")
    assert expired(now - timedelta(hours=6, minutes=1), now, timedelta(hours=6), "e2")


class Credentials:
    def __init__(self):
        self.valid, self.refreshes, self.token = False, 0, None

    def refresh(self, request):
        self.refreshes += 1
        self.valid, self.token = True, f"token-{self.refreshes}"


def test_signing_credentials_are_loaded_once_and_refreshed_only_when_stale():
    held = Credentials()
    loads = []
    signer = RuntimeCredentials(lambda: loads.append(1) or held)
    assert signer.current().token == "token-1"
    assert signer.current().token == "token-1"
    held.valid = False  # expired
    assert signer.current().token == "token-2"
    assert (len(loads), held.refreshes) == (1, 2)
