"""The HTTP app's error boundary and its refusal to serve with emulator auth outside the emulator."""

import pytest
from customizations.api.app import create_app
from customizations.errors import HTTP_STATUS, ErrorCode


class ExplodingReports:
    def stats(self, actor):
        raise RuntimeError("secret internals: /etc/passwd")


class ExplodingServices:
    reports = ExplodingReports()


@pytest.fixture
def client(monkeypatch):
    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    app = create_app(ExplodingServices, verify=lambda token, fresh: {"uid": "u1", "role": "admin"})
    return app.test_client()


def test_an_unexpected_error_is_a_bare_internal_error_without_details(client):
    response = client.get("/customizations/stats", headers={"Authorization": "Bearer t"})
    assert response.status_code == 500
    assert response.get_json() == {
        "success": False,
        "error": {"code": "INTERNAL", "message": "Internal error"},
    }
    assert b"secret" not in response.data and b"Traceback" not in response.data


def test_the_app_refuses_to_serve_when_emulator_auth_is_set_outside_the_emulator(client, monkeypatch):
    monkeypatch.setenv("FIREBASE_AUTH_EMULATOR_HOST", "127.0.0.1:9099")
    monkeypatch.delenv("FUNCTIONS_EMULATOR", raising=False)
    for path in ("/health", "/customizations"):
        response = client.get(path, headers={"Authorization": "Bearer t"})
        assert response.status_code == 500
        assert response.get_json()["error"]["code"] == "INTERNAL"
    monkeypatch.setenv("FUNCTIONS_EMULATOR", "true")
    assert client.get("/health").status_code == 200


def test_every_error_code_has_a_status():
    assert set(HTTP_STATUS) == set(ErrorCode)
    assert HTTP_STATUS[ErrorCode.INVALID_TRANSITION] == HTTP_STATUS[ErrorCode.CONFLICT] == 409


def test_a_method_the_url_does_not_take_is_a_405_that_names_the_ones_it_does(client):
    response = client.delete("/health")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    assert set(response.headers["Allow"].split(", ")) >= {"GET"}


@pytest.mark.parametrize("path", ["/customizations//events", "//health", "/api//customizations"])
def test_a_path_with_an_empty_segment_is_a_404_in_the_error_format_not_a_redirect(client, path):
    response = client.get(path, headers={"Authorization": "Bearer t"})
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "NOT_FOUND"
