"""The Flask app: the route table served at / and at /api (the Hosting rewrite keeps that prefix),
behind one error boundary."""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Callable, Collection

from firebase_functions import logger
from flask import Flask, Response, g, request
from werkzeug.routing import BaseConverter, Rule

from ..domain.records import is_document_id
from ..errors import AppError, ErrorCode, not_found
from ..services import Services
from .auth import Verifier, emulator_auth_misconfigured
from .handlers import Context
from .http import error_response, forget_unread_body, install_error_boundary
from .routes import RESERVED_IDS, ROUTES

# Cloud Functions takes request bodies up to 32 MB; larger files go through resumable sessions.
MAX_BODY_BYTES = 32 << 20


class RequestIdConverter(BaseConverter):
    """A request id in a path: one segment, and not one of the fixed names beside it, so that
    `PATCH /customizations/stats` is a 405 (with `Allow: GET`), not an action on a request "stats"."""

    regex = "(?!(?:" + "|".join(RESERVED_IDS) + ")$)[^/]+"


class LazyBuilderRule(Rule):
    """A route whose URL builders (url_for's, which the API never calls) are compiled on first use.

    Werkzeug compiles two per rule as each is added, with `ast` and `compile`: most of building
    the app, which an instance does as it starts (bootstrap.prepare), for nothing.
    """

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        compiled: list[Callable[..., tuple[str, str]]] = []

        def build(rule: Rule, *args: object, **kwargs: object) -> tuple[str, str]:
            if not compiled:
                compiled.append(Rule._compile_builder(rule, append_unknown))
            return compiled[0](rule, *args, **kwargs)

        return build


# What a browser on an allowed origin may send and read (CORS).
CORS_ALLOW_HEADERS = "Authorization, Content-Type, If-Match, Idempotency-Key"
CORS_EXPOSE_HEADERS = "ETag, Retry-After, X-Request-Id"
CORS_MAX_AGE = "3600"
MAX_TRACE_ID_CHARS = 64


def create_app(
    services: Callable[[], Services],
    verify: Verifier,
    cors_origins: Collection[str] | Callable[[], Collection[str]] = (),
) -> Flask:
    """The Flask app serving the route table with these services and this token verifier; browsers
    on cors_origins may call it directly (same-origin calls through Hosting's /api need none).
    cors_origins may be given as a function, read on the first call that needs it (a parameter
    of the deployment, which the app may be built before)."""
    app = Flask(__name__)
    app.url_rule_class = LazyBuilderRule
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES
    context = Context(services, verify, functools.cache(_openapi_json))
    install_error_boundary(app, context.answering)
    allowed = functools.cache(lambda: frozenset(cors_origins() if callable(cors_origins) else cors_origins))

    @app.before_request
    def _start() -> Response | None:
        g.started = time.monotonic()
        g.request_id = _request_id()
        if request.method == "OPTIONS":  # a preflight: what the route would allow, for allowed origins
            return Response(status=204)
        return None

    @app.after_request
    def _finish(response: Response) -> Response:
        origin = request.headers.get("Origin")
        if origin is not None and origin in allowed():
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
            response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSE_HEADERS
            if request.method == "OPTIONS":
                response.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, PATCH, DELETE"
                response.headers["Access-Control-Allow-Headers"] = CORS_ALLOW_HEADERS
                response.headers["Access-Control-Max-Age"] = CORS_MAX_AGE
        response.headers["X-Request-Id"] = g.get("request_id", "")
        _log_call(response)
        forget_unread_body()
        return response

    @app.before_request
    def _refuse_unsafe_auth_configuration() -> Response | None:
        if emulator_auth_misconfigured():
            logger.error("FIREBASE_AUTH_EMULATOR_HOST is set outside the emulator; refusing to serve")
            return error_response(AppError(ErrorCode.INTERNAL, "Service misconfigured"))
        return None

    @app.before_request
    def _refuse_impossible_ids() -> None:
        # An id Firestore could not store (too long, reserved, a dot segment) names nothing.
        for name in ("id", "uid", "message", "comment"):
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


def _openapi_json() -> str:
    """The OpenAPI document of the routes, built on its first request (only that route needs the
    JSON Schema machinery)."""
    from . import openapi

    return openapi.document_json(ROUTES)


def _request_id() -> str:
    """The id of this call in logs and in X-Request-Id: Cloud Run's trace id when there is one."""
    trace = request.headers.get("X-Cloud-Trace-Context", "").split("/")[0]
    return trace if trace.isalnum() and len(trace) <= MAX_TRACE_ID_CHARS else uuid.uuid4().hex


def _log_call(response: Response) -> None:
    """One structured line per call: route template, status, latency, role, request id (error rate
    and latency per route become log-based metrics; see docs/operations.md)."""
    endpoint = request.url_rule.endpoint if request.url_rule is not None else None
    logger.info(
        "API call",
        route=endpoint.removeprefix("/api") if endpoint else None,
        method=request.method,
        status=response.status_code,
        latencyMs=round(1000 * (time.monotonic() - g.get("started", time.monotonic())), 1),
        role=g.get("role"),
        requestId=g.get("request_id"),
    )
