"""What `firebase deploy` would deploy, read the way it reads it: the SDK's manifest of main.py
(`/__/functions.yaml`, which firebase-tools fetches from the functions' admin server), built in a
fresh interpreter with the environment deploy gives discovery (functions/.env, the project), then
resolved as firebase-tools resolves params from functions/.env.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
BUILD = "from firebase_functions.private import serving; import sys; sys.stdout.write(serving.functions_as_yaml(serving.get_functions()))"  # noqa: E501


def dotenv(path: Path) -> dict[str, str]:
    pairs = (
        line.split("=", 1) for line in path.read_text().splitlines() if line and not line.startswith("#")
    )
    return {key.strip(): value.strip() for key, value in pairs}


DEPLOY_ENV = dotenv(FUNCTIONS / ".env")
PROJECT = "my-project"
# What the CLI sets itself for every deploy (firebase-tools, deploy/functions/params.js).
BUILT_IN = {"PROJECT_ID": PROJECT, "GCLOUD_PROJECT": PROJECT}
# Hosting's rewrite to a function gives up after 60 s, whatever the function's own timeout
# (firebase.google.com/docs/hosting/functions: "Firebase Hosting is subject to a 60-second request
# timeout ... you'll still receive an HTTP status code 504").
HOSTING_TIMEOUT_SECONDS = 60


@pytest.fixture(scope="module")
def manifest() -> dict:
    env = {
        "PATH": os.environ["PATH"],
        "GCLOUD_PROJECT": PROJECT,
        "FIREBASE_CONFIG": json.dumps(
            {"projectId": PROJECT, "storageBucket": f"{PROJECT}.firebasestorage.app"}
        ),
        **DEPLOY_ENV,
    }
    built = subprocess.run(
        [sys.executable, "-c", BUILD],
        cwd=FUNCTIONS,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    return yaml.safe_load(built.stdout)


def resolved(value, manifest: dict):
    """A manifest value with `{{ params.X }}` replaced by X's value from functions/.env, as deploy does."""
    if isinstance(value, str) and value.startswith("{{ params."):
        name = value.removeprefix("{{ params.").removesuffix(" }}")
        kind = next(p["type"] for p in manifest["params"] if p["name"] == name)
        return int(DEPLOY_ENV[name]) if kind == "int" else DEPLOY_ENV[name]
    return value


def interpolated(value: str) -> str:
    """A manifest string with every `{{ params.X }}` in it replaced, as the CLI's resolveString does."""
    values = {**DEPLOY_ENV, **BUILT_IN}
    return re.sub(r"\{\{ params\.(\w+) \}\}", lambda m: values[m.group(1)], value)


def test_the_functions_deployed_are_exactly_these(manifest):
    assert set(manifest["endpoints"]) == {
        "api",
        "on_request_written",
        "reconcile_counters",
        "clean_up_files",
        "refresh_statistics",
        "send_digests",
        "on_message_posted",
        "on_comment_added",
        "timers",
        "catch_up_timers",
    }


def test_every_function_runs_in_one_region_with_a_whole_cpu(manifest):
    for name, endpoint in manifest["endpoints"].items():
        assert endpoint["region"] == ["us-central1"], name
        assert endpoint["cpu"] == 1, name  # concurrency above 1 needs it; "gcf_gen1" would give 0.17


def test_the_api_takes_as_many_calls_at_once_as_its_server_has_threads(manifest):
    api = manifest["endpoints"]["api"]
    threads = int(DEPLOY_ENV["THREADS"])
    assert api["concurrency"] == threads == 8
    assert api["httpsTrigger"] == {}
    assert api["availableMemoryMb"] == 512  # 8 bodies of 32 MB and the runtime
    assert api["timeoutSeconds"] == 60
    assert resolved(api["minInstances"], manifest) == 1
    assert api["maxInstances"] == 100


def test_the_request_trigger_is_retried_bounded_and_sized_for_its_fan_out(manifest):
    trigger = manifest["endpoints"]["on_request_written"]
    assert trigger["eventTrigger"] == {
        "eventType": "google.cloud.firestore.document.v1.written",
        "eventFilters": {"database": "(default)", "namespace": "(default)"},
        "eventFilterPathPatterns": {"document": "customizationRequests/{requestId}"},
        "retry": True,
    }
    assert (trigger["concurrency"], trigger["availableMemoryMb"]) == (int(DEPLOY_ENV["THREADS"]), 512)
    assert trigger["timeoutSeconds"] == 60  # one batch of a handful of writes
    assert trigger["maxInstances"] == 50


@pytest.mark.parametrize(
    ("name", "at"),
    [("reconcile_counters", "03:00"), ("clean_up_files", "04:00"), ("catch_up_timers", "05:00")],
)
def test_the_daily_jobs_run_once_a_day_alone_with_the_longest_timeout(manifest, name, at):
    job = manifest["endpoints"][name]
    assert job["scheduleTrigger"] == {
        "schedule": f"every day {at}",
        "timeZone": "UTC",
        "retryConfig": {"retryCount": 2},
    }
    assert (job["timeoutSeconds"], job["concurrency"], job["maxInstances"]) == (1800, 1, 1)
    assert job["availableMemoryMb"] == 1024


def test_every_param_is_declared_with_a_description_and_set_for_deploy(manifest):
    declared = {p["name"]: p for p in manifest["params"]}
    assert set(declared) <= set(DEPLOY_ENV), "deploy without a terminal fails on a param functions/.env lacks"
    assert all(p.get("description") for p in declared.values())
    for name in ("QUOTA_REQUESTS_PER_HOUR", "EMAIL_NOTIFICATIONS", "CORS_ORIGINS", "EVENT_MAX_AGE_HOURS"):
        assert name in declared


def test_params_defaults_are_the_production_values_in_functions_env(manifest):
    for param in manifest["params"]:
        default = param.get("default")
        written = DEPLOY_ENV[param["name"]]
        if param["type"] == "list":
            assert ",".join(default) == written, param["name"]
        else:
            assert str(default).lower() == written.lower(), param["name"]


def test_the_local_stack_sets_every_param_too():
    local = dotenv(FUNCTIONS / ".env.local")
    assert set(local) == set(DEPLOY_ENV)
    assert int(local["QUOTA_REQUESTS_PER_HOUR"]) >= 100_000  # benchmarks and soaks are never throttled


def test_the_global_figures_are_recounted_every_five_minutes_alone(manifest):
    job = manifest["endpoints"]["refresh_statistics"]
    assert job["scheduleTrigger"]["schedule"] == "every 5 minutes"
    assert (job["timeoutSeconds"], job["concurrency"], job["maxInstances"]) == (300, 1, 1)


def test_digests_go_out_every_hour_alone_and_a_retry_sends_none_twice(manifest):
    job = manifest["endpoints"]["send_digests"]
    assert job["scheduleTrigger"] == {
        "schedule": "0 * * * *",
        "timeZone": "UTC",
        "retryConfig": {"retryCount": 2},
    }
    assert (job["timeoutSeconds"], job["concurrency"], job["maxInstances"]) == (1800, 1, 1)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("on_message_posted", "customizationRequests/{requestId}/messages/{messageId}"),
        ("on_comment_added", "customizationRequests/{requestId}/comments/{commentId}"),
    ],
)
def test_messages_and_comments_are_told_by_retried_triggers_on_their_creation(manifest, name, path):
    trigger = manifest["endpoints"][name]
    event = trigger["eventTrigger"]
    assert event["eventType"] == "google.cloud.firestore.document.v1.created"
    assert event["eventFilterPathPatterns"] == {"document": path} and event["retry"] is True
    assert (trigger["timeoutSeconds"], trigger["concurrency"], trigger["availableMemoryMb"]) == (60, 8, 512)


def test_the_timed_steps_are_a_task_queue_retried_with_backoff_and_held_to_one_queues_rate(manifest):
    timers = manifest["endpoints"]["timers"]
    assert timers["taskQueueTrigger"] == {
        "retryConfig": {
            "maxAttempts": 10,
            "minBackoffSeconds": 10,
            "maxBackoffSeconds": 600,
            "maxDoublings": 5,
        },
        "rateLimits": {"maxConcurrentDispatches": 160, "maxDispatchesPerSecond": 500},
        "invoker": [timers["serviceAccountEmail"]],
    }
    assert (timers["timeoutSeconds"], timers["concurrency"], timers["availableMemoryMb"]) == (60, 8, 512)
    assert timers["maxInstances"] == 20
    # never more at once than the instances run (a dispatch past them is a 429 and a spent attempt)
    rates = timers["taskQueueTrigger"]["rateLimits"]
    assert rates["maxConcurrentDispatches"] <= timers["maxInstances"] * timers["concurrency"]
    assert {"api": "cloudtasks.googleapis.com", "reason": "Needed for task queue functions"} in manifest.get(
        "requiredAPIs", []
    )


def test_every_workflow_param_is_declared_and_auto_assignment_is_off_in_production(manifest):
    declared = {p["name"]: p for p in manifest["params"]}
    for name in (
        "SLA_CLAIM_HOURS",
        "SLA_DELIVER_HOURS",
        "SLA_DECIDE_HOURS",
        "REMINDER_AT_PERCENT",
        "APPROVAL_GRACE_HOURS",
        "APPROVAL_DEFAULT",
        "STALE_CLAIM_RELEASE_HOURS",
        "REVISION_ROUNDS",
        "AUTO_ASSIGN",
        "DESIGNER_CAPACITY",
    ):
        assert name in declared
    assert DEPLOY_ENV["AUTO_ASSIGN"] == "false"
    assert DEPLOY_ENV["APPROVAL_DEFAULT"] in ("approve", "cancel", "none")


def test_every_function_runs_as_the_project_s_own_functions_account(manifest):
    for name, endpoint in manifest["endpoints"].items():
        account = interpolated(endpoint["serviceAccountEmail"])
        assert account == f"customizations-functions@{PROJECT}.iam.gserviceaccount.com", name


def test_only_the_functions_account_may_enqueue_and_invoke_the_timed_steps(manifest):
    """firebase-admin gives each task the functions' own account as its OIDC identity: the CLI grants
    the invoker the queue's enqueuer role and the function's run.invoker (without, every dispatch is
    a 403)."""
    timers = manifest["endpoints"]["timers"]
    (invoker,) = timers["taskQueueTrigger"]["invoker"]
    assert interpolated(invoker) == interpolated(timers["serviceAccountEmail"])
    assert "private" not in invoker and "public" not in invoker


def test_the_api_answers_within_what_hosting_s_rewrite_waits_for(manifest):
    rewrites = json.loads((ROOT / "firebase.json").read_text())["hosting"]["rewrites"]
    assert {"functionId": "api", "region": "us-central1"} in [r.get("function") for r in rewrites]
    assert manifest["endpoints"]["api"]["timeoutSeconds"] <= HOSTING_TIMEOUT_SECONDS
