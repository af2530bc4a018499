"""The commit habit, checked (`make lint`): every commit after START has an imperative subject of at
most 72 characters, a body that says why, and no "wip" subject. Merge commits ("Merge ...") are
exempt. The history before START was written before the habit and is not judged.

    .venv/bin/python scripts/check_commits.py          # the commits after START up to HEAD
    .venv/bin/python scripts/check_commits.py REV      # ... up to REV
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = "28ab54a"  # the last commit before the habit; every commit after it is judged
SUBJECT_MAX = 72
FIELD, RECORD = "\x1f", "\x1e"  # git log's separators between a commit's fields and between commits


@dataclass(frozen=True)
class Commit:
    sha: str
    subject: str
    body: str


def parse_log(text: str) -> list[Commit]:
    """Commits from `git log --format=%h<US>%s<US>%b<RS>`."""
    commits = []
    for record in text.split(RECORD):
        if not record.strip():
            continue
        sha, subject, body = record.strip("\n").split(FIELD, 2)
        commits.append(Commit(sha, subject, body.strip()))
    return commits


def problems(commits: list[Commit]) -> list[str]:
    """One line per commit that breaks the habit, naming it and what it breaks."""
    found = []
    for commit in commits:
        if commit.subject.startswith("Merge "):
            continue
        broken = []
        if len(commit.subject) > SUBJECT_MAX:
            broken.append(f"subject of {len(commit.subject)} characters (at most {SUBJECT_MAX})")
        if not commit.body:
            broken.append("no body saying why")
        if commit.subject.lower().startswith("wip"):
            broken.append('a "wip" subject (squash it)')
        if broken:
            found.append(f"{commit.sha} {commit.subject[:60]!r}: {'; '.join(broken)}")
    return found


def git(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    # git from PATH on this repository's own history
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=check)  # noqa: S603, S607


def log(start: str, end: str) -> str:
    return git("log", f"--format=%h{FIELD}%s{FIELD}%b{RECORD}", f"{start}..{end}").stdout


def main(argv: list[str]) -> int:
    end = argv[0] if argv else "HEAD"
    if git("cat-file", "-e", f"{START}^{{commit}}", check=False).returncode != 0:
        print(f"check_commits: the starting commit {START} is not in this clone (fetch the history)")
        return 2
    found = problems(parse_log(log(START, end)))
    for line in found:
        print(f"commit habit: {line}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
