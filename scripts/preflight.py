"""The deploy preflight's checks against the real project (scripts/deploy runs them):

    .venv/bin/python scripts/preflight.py iam PROJECT           # the functions' account and its roles
    .venv/bin/python scripts/preflight.py mail-region PROJECT   # DATABASE_REGION from the database

`iam` reads the project's IAM policy and the account's own with gcloud and refuses, naming each
missing role and the command that grants it; without gcloud it refuses too (DEPLOY_SKIP_IAM_CHECK=1
after checking by hand). `mail-region` asks the Firebase CLI where the database lives and writes it
as the Trigger Email extension's DATABASE_REGION in extensions/firestore-send-email.env.PROJECT
(which the CLI reads over the shared file). The decisions are plain functions of the tools' JSON,
so tests/unit/test_preflight.py runs them on made-up answers.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FUNCTIONS = ROOT / "functions"
EXTENSION_ENV = ROOT / "extensions" / "firestore-send-email.env"
SKIP = "DEPLOY_SKIP_IAM_CHECK"

# What the functions' account must hold on the project, and why (docs/operations.md, IAM).
PROJECT_ROLES = {
    "roles/datastore.user": "read and write Firestore",
    "roles/storage.objectAdmin": "write, read and delete design files",
    "roles/firebaseauth.admin": "read users and set their role claims",
    "roles/firebasecloudmessaging.admin": "send pushes and manage topic subscriptions",
    "roles/cloudtasks.taskDeleter": "call off a timed step no longer due",
    "roles/eventarc.eventReceiver": "receive the Firestore events its triggers run on",
    "roles/run.invoker": "be the identity Eventarc and Cloud Scheduler invoke the functions with",
    "roles/logging.logWriter": "write the structured logs",
}
# ... and on itself (a grant on the project covers it too).
SELF_ROLES = {
    "roles/iam.serviceAccountTokenCreator": "sign download URLs",
    "roles/iam.serviceAccountUser": "give each timed step's task its own identity (OIDC)",
}

Gcloud = Callable[..., dict]


class Refused(Exception):
    """A check that failed: the message says what is wrong and how to put it right."""


def dotenv(path: Path) -> dict[str, str]:
    """KEY=value lines of a dotenv file (comments and blank lines skipped); empty if it is missing."""
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key.strip(): value.strip() for key, value in pairs if not key.lstrip().startswith("#")}


def account_of(project: str, functions: Path = FUNCTIONS) -> str:
    """The functions' account, as deploy resolves FUNCTIONS_SERVICE_ACCOUNT (.env.PROJECT wins)."""
    values = {**dotenv(functions / ".env"), **dotenv(functions / f".env.{project}")}
    return f"{values['FUNCTIONS_SERVICE_ACCOUNT']}@{project}.iam.gserviceaccount.com"


def held(policy: dict, member: str) -> set[str]:
    """The roles an IAM policy binds to this member directly (conditional bindings count too)."""
    return {b["role"] for b in policy.get("bindings", []) if member in b.get("members", [])}


def missing_roles(account: str, project_policy: dict, account_policy: dict) -> list[str]:
    """The roles the account lacks, in the order of PROJECT_ROLES then SELF_ROLES."""
    member = f"serviceAccount:{account}"
    on_project, on_itself = held(project_policy, member), held(account_policy, member)
    missing = [role for role in PROJECT_ROLES if role not in on_project]
    missing += [role for role in SELF_ROLES if role not in on_project | on_itself]
    return missing


def grants(project: str, account: str, roles: list[str]) -> list[str]:
    """The gcloud commands that grant these roles."""
    member = f"serviceAccount:{account}"
    commands = []
    for role in roles:
        if role in SELF_ROLES:
            target = f"iam service-accounts add-iam-policy-binding {account} --project={project}"
        else:
            target = f"projects add-iam-policy-binding {project}"
        commands.append(f"  gcloud {target} --member={member} --role={role}   # {_why(role)}")
    return commands


def _why(role: str) -> str:
    return PROJECT_ROLES.get(role) or SELF_ROLES[role]


def check_iam(project: str, gcloud: Gcloud, account: str) -> str:
    """Refuse unless the account exists and holds every role; say what was checked."""
    try:
        gcloud("iam", "service-accounts", "describe", account, f"--project={project}")
    except Refused as exc:
        raise Refused(
            f"the functions' service account {account} could not be read ({exc}).\n"
            "Signed in to gcloud (gcloud auth login)? If it does not exist, create it:\n"
            f"  gcloud iam service-accounts create {account.split('@', maxsplit=1)[0]} --project={project}"
        ) from exc
    project_policy = gcloud("projects", "get-iam-policy", project)
    account_policy = gcloud("iam", "service-accounts", "get-iam-policy", account, f"--project={project}")
    missing = missing_roles(account, project_policy, account_policy)
    if missing:
        raise Refused(
            f"{account} lacks {len(missing)} role(s) the functions need; grant them:\n"
            + "\n".join(grants(project, account, missing))
            + f"\n(granted through a group or higher up? check by hand, then {SKIP}=1)"
        )
    return f"{account} holds the {len(PROJECT_ROLES) + len(SELF_ROLES)} roles the functions need"


def database_region(answer: dict) -> str:
    """The database's location from `firebase firestore:databases:get --json` (nam5, eur3, a region)."""
    location = answer.get("result", {}).get("locationId")
    if not location:
        raise Refused(f"the Firebase CLI named no location for the database: {json.dumps(answer)[:200]}")
    return str(location)


def with_region(env_text: str, region: str) -> str:
    """A dotenv text with DATABASE_REGION set to region (replaced where it is, else added)."""
    lines = [line for line in env_text.splitlines() if not line.startswith("DATABASE_REGION=")]
    return "\n".join([*lines, f"DATABASE_REGION={region}"]) + "\n"


def gcloud_json(*args: str) -> dict:
    """gcloud's answer as JSON; Refused (with its error) when it fails."""
    command = ["gcloud", *args, "--format=json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603, S607
    if done.returncode != 0:
        raise Refused(f"gcloud {' '.join(args)}: {' '.join(done.stderr.split())[:400] or 'failed'}")
    return json.loads(done.stdout or "{}")


def firebase_json(*args: str) -> dict:
    """The Firebase CLI's --json answer; Refused when it fails."""
    command = [str(ROOT / "node_modules" / ".bin" / "firebase"), *args, "--json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    if done.returncode != 0:
        raise Refused(f"firebase {' '.join(args)} failed: {(done.stdout + done.stderr).strip()[:300]}")
    return json.loads(done.stdout)


def iam(project: str) -> str:
    """The `iam` command: refuse without gcloud unless told to skip."""
    if os.environ.get(SKIP) == "1":
        return f"IAM roles not checked ({SKIP}=1)"
    account = account_of(project)
    if shutil.which("gcloud") is None:
        raise Refused(
            f"gcloud is not installed, so the roles of {account} cannot be checked. Install it, or "
            f"grant these by hand and run with {SKIP}=1:\n"
            + "\n".join(grants(project, account, [*PROJECT_ROLES, *SELF_ROLES]))
        )
    return check_iam(project, gcloud_json, account)


def mail_region(project: str) -> str:
    """The `mail-region` command: the extension's DATABASE_REGION written for this project."""
    region = database_region(firebase_json("firestore:databases:get", "(default)", "--project", project))
    target = EXTENSION_ENV.with_name(f"{EXTENSION_ENV.name}.{project}")
    before = target.read_text() if target.exists() else ""
    target.write_text(with_region(before, region))
    return f"DATABASE_REGION={region} (the database's location) in {target.relative_to(ROOT)}"


def main(argv: list[str]) -> int:
    commands = {"iam": iam, "mail-region": mail_region}
    if len(argv) != len(("COMMAND", "PROJECT")) or argv[0] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        print(f"preflight: {commands[argv[0]](argv[1])}", file=sys.stderr)
    except Refused as exc:
        print(f"deploy: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
