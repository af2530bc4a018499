"""Production modules stay small enough to read in one sitting: one over 400 lines says why at its
top, in its docstring."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FUNCTIONS = ROOT / "functions"
MOST_LINES = 400
MODULES = sorted(p for p in FUNCTIONS.rglob("*.py") if "venv" not in p.relative_to(FUNCTIONS).parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(FUNCTIONS)))
def test_a_module_over_400_lines_says_why_at_its_top(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    if len(text.splitlines()) <= MOST_LINES:
        return
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert "over 400 lines" in docstring, (
        f"{path.relative_to(ROOT)} has {len(text.splitlines())} lines and no reason at its top: split it, "
        "or say in its docstring why it is over 400 lines"
    )
