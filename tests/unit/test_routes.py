"""The route table's handlers take exactly the parameters their paths name: a handler that names a
path parameter otherwise fails only when called (a 500), so it is checked here for every route."""

import inspect
import re

import pytest
from customizations.api.routes import ROUTES


@pytest.mark.parametrize("route", ROUTES, ids=lambda r: f"{r.method} {r.path}")
def test_each_handler_takes_the_parameters_of_its_path(route):
    named = re.findall(r"{(\w+)}", route.path)
    parameters = list(inspect.signature(route.handler).parameters)
    assert parameters[1:] == named and len(parameters) == len(named) + 1  # the Context first


def test_the_apps_routes_still_build_their_urls_though_their_builders_compile_on_first_use():
    from customizations.api.app import create_app

    app = create_app(lambda: None, lambda token, fresh: {})  # type: ignore[arg-type, return-value]
    adapter = app.url_map.bind("localhost")
    assert adapter.build("GET /customizations/{id}", {"id": "r1"}) == "/customizations/r1"
    built = adapter.build("/apiGET /customizations/{id}", {"id": "r1", "x": "1"})
    assert built == "/api/customizations/r1?x=1"
    assert adapter.match("/api/customizations/r1", "GET") == ("/apiGET /customizations/{id}", {"id": "r1"})
