"""The project's own tooling: the dependency locks know when they are stale, and the deploy
preflight refuses what must not reach a real project."""

import importlib.util
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_locks_match_their_inputs():
    assert load("lock", ROOT / "scripts" / "lock.py").stale() == []


def test_a_changed_input_makes_its_lock_stale(tmp_path, monkeypatch):
    lock = load("lock", ROOT / "scripts" / "lock.py")
    source, locked = tmp_path / "requirements.in", tmp_path / "requirements.txt"
    source.write_text("pydantic==2.14.4\n")
    locked.write_text(f"{lock.MARK}{lock.input_hash(source)}\npydantic==2.14.4\n")
    monkeypatch.setattr(lock, "LOCKS", {source: locked})
    assert lock.stale() == []
    source.write_text("pydantic==2.14.4\nrequests\n")
    assert lock.stale() == [locked]


def test_every_pin_of_the_functions_lock_carries_a_hash():
    entries = (ROOT / "functions" / "requirements.txt").read_text().split("\n")
    pins = [line for line in entries if "==" in line and not line.startswith("#")]
    assert pins and all(line.rstrip().endswith("\\") for line in pins)  # each continues with its hashes


def preflight(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "deploy"), *args], capture_output=True, text=True, timeout=60, check=False
    )


def test_deploy_refuses_without_a_project_or_with_a_demo_one():
    for args, says in (((), "name the project"), (("demo-customizations",), "demo project")):
        done = preflight(*args)
        assert done.returncode == 1 and says in done.stderr


def test_the_runtime_python_is_found_or_named():
    found = subprocess.run(
        [str(ROOT / "scripts" / "python-for"), "3.13"], capture_output=True, text=True, check=False
    )
    assert found.returncode == 0 and found.stdout.strip().endswith("python3.13")
    missing = subprocess.run(
        [str(ROOT / "scripts" / "python-for"), "3.99"], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 1 and "Python 3.99 is needed" in missing.stderr
