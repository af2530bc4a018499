"""Imports run one way between the layers: api -> services -> domain, adapters -> domain.

Read from the source with `ast`, so a wrong-way import fails here the day it is written, whether it
sits at the top of a module or inside a function.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "functions" / "customizations"
LAYERS = ("domain", "services", "adapters", "api")

# What each layer may import from the package (besides itself); `errors` is the shared error table.
ALLOWED = {
    "domain": {"errors"},
    "services": {"errors", "domain"},
    "adapters": {"errors", "domain"},
    "api": {"errors", "domain", "services"},
}
# Outside libraries a layer must not import: the domain is pure; Firebase and Google clients stay
# behind the adapters (the API's HTTP framework and logging are its own business).
FORBIDDEN_LIBRARIES = {
    "domain": ("firebase_admin", "firebase_functions", "google", "flask", "werkzeug", "pydantic"),
    "services": ("firebase_admin", "google", "flask", "werkzeug", "pydantic"),
    "adapters": ("flask", "werkzeug", "pydantic"),
    "api": ("firebase_admin", "google"),
}


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str | None:
    part = path.relative_to(PACKAGE).parts[0]
    return part if part in LAYERS else None


def imported(path: Path, source: str | None = None) -> list[str]:
    """Every module path imported by the file, relative imports resolved to `customizations.*`."""
    package = ["customizations", *path.relative_to(PACKAGE).parent.parts]
    names = []
    tree = ast.parse(path.read_text() if source is None else source, str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
                if node.module is None:  # `from . import x`: each name may be a module
                    names.extend(f"{module}.{alias.name}" for alias in node.names)
                    continue
                names.append(module)
            else:
                names.append(node.module or "")
    return names


def target_layer(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "customizations" or len(parts) < 2:
        return None
    return parts[1]


def wrong_way_imports(path: Path, source: str | None = None) -> list[str]:
    layer = layer_of(path)
    if layer is None:
        return []
    wrong = []
    for name in imported(path, source):
        target = target_layer(name)
        if target is not None and target != layer and target not in ALLOWED[layer]:
            wrong.append(name)
        if name.split(".")[0] in FORBIDDEN_LIBRARIES[layer]:
            wrong.append(name)
    return wrong


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_every_module_imports_only_the_layers_below_it(path):
    assert wrong_way_imports(path) == []


def test_every_module_lives_in_a_layer_or_is_one_of_the_shared_few():
    loose = {str(p.relative_to(PACKAGE)) for p in modules() if layer_of(p) is None}
    assert loose == {"__init__.py", "bootstrap.py", "errors.py", "jobs.py", "settings.py"}


def test_the_error_table_imports_nothing_of_the_package():
    assert [n for n in imported(PACKAGE / "errors.py") if n.startswith("customizations")] == []


def test_a_wrong_way_import_is_caught_wherever_it_is_written():
    in_domain = PACKAGE / "domain" / "probe.py"
    source = (
        "from ..services import requests\nimport google.cloud\ndef f():\n    from ..adapters import live\n"
    )
    assert wrong_way_imports(in_domain, source) == [
        "customizations.services",
        "google.cloud",
        "customizations.adapters",
    ]
    in_services = PACKAGE / "services" / "probe.py"
    assert wrong_way_imports(in_services, "from ..api.schemas import FileRef\n") == [
        "customizations.api.schemas"
    ]
    in_adapters = PACKAGE / "adapters" / "probe.py"
    assert wrong_way_imports(in_adapters, "from ..services.ports import RequestStore\n") == [
        "customizations.services.ports"
    ]
