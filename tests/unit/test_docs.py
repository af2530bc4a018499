"""The docs are current and can be followed: the generated pages match their generators, every
relative link and anchor in README.md and docs/ leads somewhere, the README stays a map, and
neither the docs nor the code's comments carry a commit hash, an issue number or a remark about the
circumstances of the work that wrote them."""

import ast
import importlib.util
import io
import json
import re
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README_MAX_LINES = 200

# A commit hash: 7 to 40 hex digits with at least one letter and one digit, standing alone.
COMMIT_HASH = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{7,40}\b")
ISSUE_NUMBER = re.compile(r"\bissues?\s+#?\d+", re.IGNORECASE)
CIRCUMSTANCES = re.compile(r"\bthis\s+(machine|session|round)\b", re.IGNORECASE)
FORBIDDEN = {
    "a commit hash": COMMIT_HASH,
    "an issue number": ISSUE_NUMBER,
    "a remark on the work": CIRCUMSTANCES,
}

# The one line of a generated page that names the run it was made from (date, machine, commit).
RUN_HEADER = re.compile(r"^Made by `make (bench|capacity|cost)` on .+ at commit .+\.$")


def load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_generator():
    return load("docs_generator", ROOT / "scripts" / "docs.py")


def doc_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_generated_reference_pages_are_current():
    for path, text in load_generator().pages().items():
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is stale: run `make docs`"


def test_the_performance_capacity_and_cost_pages_are_rendered_from_the_committed_results():
    pages = load("bench_pages", ROOT / "bench" / "pages.py")
    rendered = pages.pages()
    assert set(rendered) == {ROOT / "docs" / name for name in ("performance.md", "capacity.md", "cost.md")}
    for path, text in rendered.items():
        assert path.read_text() == text, (
            f"{path.relative_to(ROOT)} differs from what bench/pages.py renders from bench/results/: "
            "figures are never edited by hand (run `make bench`, `make capacity` or `make cost`, or "
            "`.venv/bin/python bench/pages.py` after changing a template)"
        )
        assert len([line for line in text.splitlines() if RUN_HEADER.match(line)]) == 1


def test_the_reference_names_every_route_and_every_edge_of_the_lifecycle():
    from customizations.api.routes import ROUTES
    from customizations.domain.lifecycle import TRANSITIONS

    api = (ROOT / "docs" / "api.md").read_text()
    lifecycle = (ROOT / "docs" / "lifecycle.md").read_text()
    for route in ROUTES:
        assert f"### `{route.method} {route.path}`" in api
    for (source, action), edge in TRANSITIONS.items():
        origin = f"`{source.value}`" if source else "(new)"
        assert f"| {origin} | `{action.value}` | `{edge.to.value}` |" in lifecycle


def test_nothing_in_the_repository_points_outside_it():
    for path in doc_pages():
        outside = re.findall(r"\.\./shared|\.\./\.library", path.read_text())
        assert outside == [], f"{path.relative_to(ROOT)} points outside the repository"


def without_code_blocks(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def anchors(text: str) -> set[str]:
    """The anchors GitHub makes of a page's headings: lower case, punctuation dropped, spaces to
    hyphens, a repeated heading numbered."""
    made: set[str] = set()
    for heading in re.findall(r"^#{1,6}\s+(.+?)\s*$", without_code_blocks(text), flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        number, candidate = 0, slug
        while candidate in made:
            number += 1
            candidate = f"{slug}-{number}"
        made.add(candidate)
    return made


def relative_links(text: str) -> list[str]:
    targets = re.findall(r"\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)", without_code_blocks(text))
    return [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:", t)]


def test_every_relative_link_and_anchor_in_the_docs_leads_somewhere():
    for path in doc_pages():
        for target in relative_links(path.read_text()):
            file, _, anchor = target.partition("#")
            destination = (path.parent / file).resolve() if file else path
            where = f"{path.relative_to(ROOT)} links to {target}"
            assert destination.exists(), f"{where}: no such file"
            if anchor and destination.suffix == ".md":
                assert anchor in anchors(destination.read_text()), f"{where}: no such heading"


def test_the_link_check_sees_a_missing_file_and_a_missing_heading():
    page = (
        "# Title\n\n## Cold start: what it pays\n\n[a](#cold-start-what-it-pays) [b](nowhere.md) [c](#gone)"
    )
    assert relative_links(page) == ["#cold-start-what-it-pays", "nowhere.md", "#gone"]
    assert anchors(page) == {"title", "cold-start-what-it-pays"}
    assert relative_links("[site](https://firebase.google.com)\n```\n[x](y)\n```\n") == []


def test_the_readme_is_a_map_of_at_most_200_lines():
    lines = (ROOT / "README.md").read_text().splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines: move detail into docs/"


def comments(path: Path) -> list[tuple[int, str]]:
    """The comments of a source file, with their line numbers: Python's comments and docstrings,
    the `#` comments of shell scripts and the Makefile, the `//` comments of the rules."""
    text = path.read_text()
    if path.suffix == ".py":
        found = [
            (token.start[0], token.string)
            for token in tokenize.generate_tokens(io.StringIO(text).readline)
            if token.type == tokenize.COMMENT
        ]
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                first = node.body[0] if node.body else None
                if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                    found += [(first.lineno, first.value.value)] if isinstance(first.value.value, str) else []
        return found
    marker = "//" if path.suffix == ".rules" else "#"
    pattern = re.compile(rf"(?:^|\s){re.escape(marker)}(.*)$")
    return [(n, m.group(1)) for n, line in enumerate(text.splitlines(), 1) if (m := pattern.search(line))]


def sources() -> list[Path]:
    found = [
        ROOT / "Makefile",
        ROOT / "firestore.rules",
        ROOT / "storage.rules",
        ROOT / "functions" / "main.py",
    ]
    found += (ROOT / "functions" / "customizations").rglob("*.py")
    found += [p for p in (ROOT / "scripts").iterdir() if p.is_file()]
    found += (ROOT / "bench").rglob("*.py")
    found += (ROOT / "tests").rglob("*.py")
    return sorted(p for p in found if "__pycache__" not in p.parts)


def forbidden_in(text: str) -> list[str]:
    return [f"{what} ({m.group(0)!r})" for what, rule in FORBIDDEN.items() for m in rule.finditer(text)]


def test_the_docs_name_no_commit_issue_or_circumstance_of_the_work():
    for path in [*doc_pages(), *sorted((ROOT / "bench" / "templates").glob("*.md"))]:
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if RUN_HEADER.match(line):
                continue  # a generated page's one line saying which run made it
            found = forbidden_in(line)
            assert found == [], f"{path.relative_to(ROOT)}:{number} has {', '.join(found)}"


def hits_in_comments(path: Path, root: Path = ROOT) -> list[str]:
    return [
        f"{path.relative_to(root)}:{number} has {', '.join(found)}"
        for number, comment in comments(path)
        if (found := forbidden_in(comment))
    ]


def test_the_code_comments_name_no_commit_issue_or_circumstance_of_the_work():
    assert [hit for path in sources() for hit in hits_in_comments(path)] == []


def test_the_comment_check_sees_each_kind_of_remark(tmp_path):
    source = tmp_path / "example.py"
    source.write_text(
        '"""Measured at 4cb8ee2f on a quiet day."""\n'
        "x = '4cb8ee2f'  # as Issue 18 asked\n"
        "def f():\n    '''Faster on This Machine.'''\n"
        "# what this round took back; a hash-free 'facade', 1234567 and a digest of abcdefg are fine\n"
    )
    found = [hit.split(" has ", 1)[1] for hit in hits_in_comments(source, tmp_path)]
    assert found == [
        "an issue number ('Issue 18')",
        "a remark on the work ('this round')",
        "a commit hash ('4cb8ee2f')",
        "a remark on the work ('This Machine')",
    ]


def test_the_openapi_file_is_what_the_api_serves():
    from customizations.api import openapi
    from customizations.api.routes import ROUTES

    served = json.loads(openapi.document_json(ROUTES))
    assert json.loads((ROOT / "docs" / "openapi.json").read_text()) == served
