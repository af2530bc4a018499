"""Importing the functions' entry module creates no client and opens no connection."""

import subprocess
import sys
from pathlib import Path

import pytest

FUNCTIONS = Path(__file__).resolve().parents[2] / "functions"


def run_main(code: str, env: dict[str, str]) -> str:
    """Run a probe in a fresh interpreter in functions/ (as a worker starts there); what it printed."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        cwd=FUNCTIONS,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


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
assert bootstrap.graph._value is None
print("clean")
"""


@pytest.mark.parametrize("function", ["api", "on_request_written", "clean_up_files", ""])
def test_importing_main_makes_no_client_and_does_no_network_io(function):
    env = {"PATH": "/usr/bin:/bin", "FUNCTION_TARGET": function}  # no project, hosts or credentials
    assert run_main(PROBE, env) == "clean"


PREPARED_FOR = """
import sys
import main
from customizations import bootstrap
loaded = ("pydantic", "customizations.services.fanout", "google.cloud.storage")
print(bootstrap.http_app._value is not None, *(name in sys.modules for name in loaded))
"""


@pytest.mark.parametrize(
    ("function", "prepared"),
    [
        ("api", "True True False False"),  # routes and models; Storage only for calls that touch files
        ("on_request_written", "False False True False"),
        ("on_comment_added", "False False True False"),
        ("clean_up_files", "False False False False"),
    ],
)
def test_an_instance_imports_and_builds_as_it_starts_what_its_own_function_runs_first(function, prepared):
    env = {"PATH": "/usr/bin:/bin", "FUNCTION_TARGET": function}
    assert run_main(PREPARED_FOR, env) == prepared


PREPARED = """
import sys
import main
from customizations import bootstrap
before = set(sys.modules)
bootstrap.graph.get().{built}  # clients made, no I/O: nothing is called
late = sorted(m for m in set(sys.modules) - before if m.startswith("customizations"))
print(",".join(late) or "none")
"""


@pytest.mark.parametrize(("function", "built"), [("api", "services"), ("on_request_written", "bus")])
def test_building_what_a_first_call_uses_imports_nothing_that_starting_did_not(function, built):
    env = {
        "PATH": "/usr/bin:/bin",
        "FUNCTION_TARGET": function,
        "GCLOUD_PROJECT": "demo-prepared",
        "FIRESTORE_EMULATOR_HOST": "127.0.0.1:9",
        "STORAGE_BUCKET": "demo-prepared.appspot.com",
    }
    assert run_main(PREPARED.format(built=built), env) == "none", "add these to bootstrap's module lists"
