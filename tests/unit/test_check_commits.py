"""The commit-habit check names every commit that breaks the habit, and only those (a made-up log,
never the real history)."""

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_check():
    spec = importlib.util.spec_from_file_location("check_commits", ROOT / "scripts" / "check_commits.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


check = load_check()
US, RS = check.FIELD, check.RECORD


def made_up_log(*commits: tuple[str, str, str]) -> str:
    """What `git log --format=%h<US>%s<US>%b<RS>` prints for these commits, newest first."""
    return "".join(f"{sha}{US}{subject}{US}{body}{RS}\n" for sha, subject, body in commits)


GOOD_BODY = "The queue read every request.\nNow it reads one page.\n"


def test_a_log_that_keeps_the_habit_has_no_problem():
    text = made_up_log(
        ("a1", "Read the queue a page at a time", GOOD_BODY),
        ("a2", "x" * 72, "Exactly at the limit.\n"),
        ("a3", "Merge branch 'docs'", ""),  # merges are exempt, with or without a body
    )
    assert check.problems(check.parse_log(text)) == []


def test_each_broken_habit_is_named_with_its_commit():
    text = made_up_log(
        ("b1", "y" * 73, GOOD_BODY),
        ("b2", "Split the fakes", ""),
        ("b3", "wip: half of the split", GOOD_BODY),
        ("b4", "WIP", "   \n\n"),
    )
    found = check.problems(check.parse_log(text))
    assert len(found) == 4
    assert found[0].startswith("b1 ") and "73 characters" in found[0]
    assert found[1].startswith("b2 ") and "no body" in found[1]
    assert found[2].startswith("b3 ") and "wip" in found[2] and "no body" not in found[2]
    assert found[3].startswith("b4 ") and "wip" in found[3] and "no body" in found[3]


def test_a_body_of_several_paragraphs_is_read_whole():
    [commit] = check.parse_log(made_up_log(("c1", "Keep the lock", "Why.\n\nAnd more, with a | bar.\n")))
    assert commit == check.Commit("c1", "Keep the lock", "Why.\n\nAnd more, with a | bar.")


def test_the_check_fails_when_a_commit_breaks_the_habit(monkeypatch, capsys):
    monkeypatch.setattr(check, "log", lambda start, end: made_up_log(("d1", "wip", "")))
    assert check.main([]) == 1
    assert "d1" in capsys.readouterr().out
    monkeypatch.setattr(check, "log", lambda start, end: made_up_log(("d2", "Keep the lock", GOOD_BODY)))
    assert check.main([]) == 0
