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
