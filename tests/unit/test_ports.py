"""The services' ports (services/ports/) stay narrow and mean one thing by each name."""

from __future__ import annotations

import inspect
from collections import defaultdict
from typing import Protocol

from customizations.services import ports


def declared_methods() -> dict[str, dict[str, str]]:
    """method name -> the Protocols that declare it (not inherit it) -> its signature."""
    found: dict[str, dict[str, str]] = defaultdict(dict)
    for name, port in vars(ports).items():
        if not (inspect.isclass(port) and issubclass(port, Protocol)):  # type: ignore[arg-type]
            continue
        for method, value in vars(port).items():
            if inspect.isfunction(value) and not method.startswith("_"):
                found[method][name] = str(inspect.signature(value))
    return found


def test_no_method_name_is_declared_in_two_ports():
    twice = {method: owners for method, owners in declared_methods().items() if len(owners) > 1}
    assert twice == {}


def test_every_port_is_exported_from_the_package():
    exported = {name for name, value in vars(ports).items() if inspect.isclass(value)}
    assert set(ports.__all__) >= exported
