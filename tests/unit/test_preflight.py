"""The deploy preflight's checks on a real project, run on made-up gcloud and Firebase CLI answers:
a missing role refuses the deploy by name, and the mail extension's region is the database's."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ACCOUNT = "customizations-functions@shop.iam.gserviceaccount.com"
MEMBER = f"serviceAccount:{ACCOUNT}"


def load_preflight():
    spec = importlib.util.spec_from_file_location("preflight", ROOT / "scripts" / "preflight.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


preflight = load_preflight()


def policy(*roles: str, member: str = MEMBER) -> dict:
    """An IAM policy as `gcloud ... get-iam-policy --format=json` prints it."""
    return {"bindings": [{"role": role, "members": [member, "user:ada@example.com"]} for role in roles]}


def fake_gcloud(project_policy: dict, account_policy: dict, account_exists: bool = True):
    def gcloud(*args: str) -> dict:
        if args[:3] == ("iam", "service-accounts", "describe"):
            if not account_exists:
                raise preflight.Refused("NOT_FOUND: Unknown service account")
            return {"email": ACCOUNT}
        if args[:2] == ("projects", "get-iam-policy"):
            return project_policy
        if args[:3] == ("iam", "service-accounts", "get-iam-policy"):
            return account_policy
        raise AssertionError(args)

    return gcloud


EVERY_PROJECT_ROLE = tuple(preflight.PROJECT_ROLES)
EVERY_SELF_ROLE = tuple(preflight.SELF_ROLES)


def test_an_account_holding_every_role_passes():
    gcloud = fake_gcloud(policy(*EVERY_PROJECT_ROLE), policy(*EVERY_SELF_ROLE))
    assert "holds the 10 roles" in preflight.check_iam("shop", gcloud, ACCOUNT)


def test_roles_on_the_account_itself_may_also_be_granted_on_the_project():
    gcloud = fake_gcloud(policy(*EVERY_PROJECT_ROLE, *EVERY_SELF_ROLE), {})
    preflight.check_iam("shop", gcloud, ACCOUNT)


def test_a_missing_role_refuses_the_deploy_naming_it_and_the_grant():
    without = tuple(r for r in EVERY_PROJECT_ROLE if r != "roles/run.invoker")
    gcloud = fake_gcloud(policy(*without), policy("roles/iam.serviceAccountTokenCreator"))
    with pytest.raises(preflight.Refused) as refused:
        preflight.check_iam("shop", gcloud, ACCOUNT)
    said = str(refused.value)
    assert "lacks 2 role(s)" in said
    assert f"gcloud projects add-iam-policy-binding shop --member={MEMBER} --role=roles/run.invoker" in said
    assert (
        f"gcloud iam service-accounts add-iam-policy-binding {ACCOUNT} --project=shop "
        f"--member={MEMBER} --role=roles/iam.serviceAccountUser"
    ) in said


def test_a_role_held_by_someone_else_does_not_count():
    others = policy(
        *EVERY_PROJECT_ROLE, *EVERY_SELF_ROLE, member="serviceAccount:other@shop.iam.gserviceaccount.com"
    )
    missing = preflight.missing_roles(ACCOUNT, others, {})
    assert missing == [*EVERY_PROJECT_ROLE, *EVERY_SELF_ROLE]


def test_a_missing_account_refuses_with_the_command_that_creates_it():
    gcloud = fake_gcloud({}, {}, account_exists=False)
    with pytest.raises(preflight.Refused) as refused:
        preflight.check_iam("shop", gcloud, ACCOUNT)
    assert "gcloud iam service-accounts create customizations-functions --project=shop" in str(refused.value)


def test_without_gcloud_the_check_refuses_unless_told_to_skip(monkeypatch):
    monkeypatch.setattr(preflight.shutil, "which", lambda name: None)
    monkeypatch.delenv(preflight.SKIP, raising=False)
    with pytest.raises(preflight.Refused) as refused:
        preflight.iam("shop")
    assert "gcloud is not installed" in str(refused.value) and "roles/datastore.user" in str(refused.value)
    monkeypatch.setenv(preflight.SKIP, "1")
    assert "not checked" in preflight.iam("shop")


def test_the_account_is_the_one_the_deploy_resolves_a_project_s_own_env_first(tmp_path):
    (tmp_path / ".env").write_text("# comment\nFUNCTIONS_SERVICE_ACCOUNT=customizations-functions\n")
    assert preflight.account_of("shop", tmp_path) == ACCOUNT
    (tmp_path / ".env.shop").write_text("FUNCTIONS_SERVICE_ACCOUNT=shop-backend\n")
    assert preflight.account_of("shop", tmp_path) == "shop-backend@shop.iam.gserviceaccount.com"


def test_the_shared_env_names_the_account_the_functions_run_as():
    assert preflight.account_of("shop") == ACCOUNT


def test_the_mail_extension_s_region_is_the_database_s_location():
    answer = {
        "status": "success",
        "result": {"name": "projects/shop/databases/(default)", "locationId": "eur3"},
    }
    region = preflight.database_region(answer)
    assert region == "eur3"
    written = preflight.with_region("SMTP_CONNECTION_URI=smtps://x\nDATABASE_REGION=us-central1\n", region)
    assert written.splitlines() == ["SMTP_CONNECTION_URI=smtps://x", "DATABASE_REGION=eur3"]
    assert preflight.with_region("", "nam5") == "DATABASE_REGION=nam5\n"


def test_an_answer_without_a_location_refuses():
    with pytest.raises(preflight.Refused):
        preflight.database_region({"status": "success", "result": {}})


def test_the_shared_extension_env_fixes_no_region():
    assert "DATABASE_REGION" not in preflight.dotenv(preflight.EXTENSION_ENV)
