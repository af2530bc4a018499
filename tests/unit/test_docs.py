"""The reference pages generated from the code's tables are current, and the docs name only what
exists in the repository."""

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_generator():
    spec = importlib.util.spec_from_file_location("docs_generator", ROOT / "scripts" / "docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_reference_pages_are_current():
    for path, text in load_generator().pages().items():
        assert path.read_text() == text, f"{path.relative_to(ROOT)} is stale: run `make docs`"


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
    texts = [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]
    for path in texts:
        outside = re.findall(r"\.\./shared|\.\./\.library", path.read_text())
        assert outside == [], f"{path.relative_to(ROOT)} points outside the repository"


def test_every_relative_link_in_the_docs_leads_to_a_file():
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", path.read_text()):
            assert (path.parent / target).exists(), f"{path.relative_to(ROOT)} links to missing {target}"


def test_the_openapi_file_is_what_the_api_serves():
    import json

    from customizations.api import openapi
    from customizations.api.routes import ROUTES

    served = json.loads(openapi.document_json(ROUTES))
    assert json.loads((ROOT / "docs" / "openapi.json").read_text()) == served
