"""Importing the functions' entry module creates no client and opens no connection."""

import subprocess
import sys
from pathlib import Path

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"

PROBE = """
import socket, sys
def refuse(*args, **kwargs):
    raise AssertionError("network I/O at import time")
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
import main
from customizations import bootstrap
from customizations.adapters import clients
assert clients.firestore_client._value is None
assert clients.admin_app._value is None
assert clients.storage_client._value is None
assert bootstrap.services._value is None and bootstrap.event_bus._value is None
assert bootstrap.http_app._value is not None  # its routes, built as the instance starts
assert "google.cloud.storage" not in sys.modules  # only calls that touch a file load Storage
print("clean")
"""


def test_importing_main_makes_no_client_and_does_no_network_io():
    env = {"PATH": "/usr/bin:/bin"}  # no project, no emulator hosts, no credentials
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        check=False,
        cwd=FUNCTIONS,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


PREPARED = """
import sys
import main
from customizations import bootstrap
before = set(sys.modules)
bootstrap.services.get()  # clients made, no I/O: nothing is called
bootstrap.event_bus.get()
late = sorted(m for m in set(sys.modules) - before if m.startswith("customizations"))
print(",".join(late) or "none")
"""


def test_building_the_services_and_the_fan_out_imports_nothing_that_starting_did_not():
    env = {
        "PATH": "/usr/bin:/bin",
        "GCLOUD_PROJECT": "demo-prepared",
        "FIRESTORE_EMULATOR_HOST": "127.0.0.1:9",
        "STORAGE_BUCKET": "demo-prepared.appspot.com",
    }
    result = subprocess.run(
        [sys.executable, "-c", PREPARED],
        check=False,
        cwd=FUNCTIONS,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "none", "add these to bootstrap._FIRST_CALL_MODULES"
