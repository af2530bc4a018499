"""The headers Hosting sends with every page (firebase.json `hosting.headers`): a Content-Security-Policy
the web app runs under, and the headers that stop sniffing, leaking the address and framing."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = ("http://127.0.0.1", "http://localhost")
# The local stack's emulators the web app talks to (firebase.json emulators; Storage: scripts/with-emulators).
AUTH_PORT, FIRESTORE_PORT, STORAGE_PORT = 9099, 8080, 9198


@pytest.fixture(scope="module")
def headers() -> dict[str, str]:
    config = json.loads((ROOT / "firebase.json").read_text())
    (every_page,) = [rule for rule in config["hosting"]["headers"] if rule["source"] == "**"]
    return {h["key"].lower(): h["value"] for h in every_page["headers"]}


@pytest.fixture(scope="module")
def csp(headers) -> dict[str, list[str]]:
    directives = [d.split() for d in headers["content-security-policy"].split(";") if d.strip()]
    return {name: sources for name, *sources in directives}


def test_scripts_come_from_the_site_only_never_inline_or_evaluated(csp):
    assert csp["script-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]


def test_styles_come_from_the_site_only(csp):
    assert csp["style-src"] == ["'self'"]


def test_no_other_site_may_frame_the_app(csp, headers):
    assert csp["frame-ancestors"] == ["'none'"]
    assert headers["x-frame-options"] == "DENY"


def test_the_app_connects_to_its_api_firestore_auth_and_storage_in_production_and_on_the_local_stack(csp):
    production = {
        "'self'",  # the API: /api on the site's own origin, rewritten by Hosting to the function
        "https://firestore.googleapis.com",
        "https://identitytoolkit.googleapis.com",
        "https://securetoken.googleapis.com",
        "https://storage.googleapis.com",  # resumable uploads the API opens
    }
    local = {f"{host}:{port}" for host in LOOPBACK for port in (AUTH_PORT, FIRESTORE_PORT, STORAGE_PORT)}
    assert set(csp["connect-src"]) == production | local


def test_images_come_from_the_site_https_and_the_local_storage_emulator(csp):
    assert set(csp["img-src"]) == {"'self'", "https:", *(f"{host}:{STORAGE_PORT}" for host in LOOPBACK)}


def test_no_directive_allows_inline_code_eval_or_any_host(csp):
    for name, sources in csp.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "http:", "data:"} & set(sources), name


def test_responses_are_not_sniffed_and_send_only_the_origin_elsewhere(headers):
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_the_loopback_sources_are_the_emulator_ports_firebase_json_declares():
    emulators = json.loads((ROOT / "firebase.json").read_text())["emulators"]
    assert (emulators["auth"]["port"], emulators["firestore"]["port"]) == (AUTH_PORT, FIRESTORE_PORT)
    assert f"127.0.0.1:{STORAGE_PORT}" in (ROOT / "scripts" / "with-emulators").read_text()
