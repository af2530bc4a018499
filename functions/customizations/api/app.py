"""The Flask app: the route table served at / and at /api (the Hosting rewrite keeps that prefix),
behind one error boundary."""

from __future__ import annotations

import functools
from collections.abc import Callable

from firebase_functions import logger
from flask import Flask, Response, request
from werkzeug.routing import BaseConverter

from ..domain.records import is_document_id
from ..errors import AppError, ErrorCode, not_found
from ..services import Services
from . import openapi
from .auth import Verifier, emulator_auth_misconfigured
from .handlers import Context
from .http import error_response, install_error_boundary
from .routes import RESERVED_IDS, ROUTES

# Cloud Functions takes request bodies up to 32 MB; larger files go through resumable sessions.
MAX_BODY_BYTES = 32 << 20


class RequestIdConverter(BaseConverter):
    """A request id in a path: one segment, and not one of the fixed names beside it, so that
    `PATCH /customizations/stats` is a 405 (with `Allow: GET`), not an action on a request "stats"."""

    regex = "(?!(?:" + "|".join(RESERVED_IDS) + ")$)[^/]+"


def create_app(services: Callable[[], Services], verify: Verifier) -> Flask:
    """The Flask app serving the route table with these services and this token verifier."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    install_error_boundary(app)
    context = Context(services, verify, functools.cache(lambda: openapi.document_json(ROUTES)))

    @app.before_request
    def _refuse_unsafe_auth_configuration() -> Response | None:
        if emulator_auth_misconfigured():
            logger.error("FIREBASE_AUTH_EMULATOR_HOST is set outside the emulator; refusing to serve")
            return error_response(AppError(ErrorCode.INTERNAL, "Service misconfigured"))
        return None

    @app.before_request
    def _refuse_impossible_ids() -> None:
        # An id Firestore could not store (too long, reserved, a dot segment) names nothing.
        for name in ("id", "uid"):
            value = (request.view_args or {}).get(name)
            if isinstance(value, str) and not is_document_id(value):
                raise not_found("Resource")

    app.url_map.converters["request_id"] = RequestIdConverter
    # A path with an empty segment (`/customizations//events`) names nothing: a 404 in the error
    # format, not Werkzeug's HTML redirect to the path with the slashes merged.
    app.url_map.merge_slashes = False
    for route in ROUTES:
        rule = route.path.replace("/customizations/{id}", "/customizations/<request_id:id>")
        rule = rule.replace("{", "<").replace("}", ">")
        for prefix in ("", "/api"):
            app.add_url_rule(
                prefix + rule,
                endpoint=f"{prefix}{route.method} {route.path}",
                view_func=functools.partial(route.handler, context),
                methods=[route.method],
            )
    return app
