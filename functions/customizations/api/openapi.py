"""The OpenAPI 3.1 document, generated from the route table and the pydantic models."""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ..domain.files import UploadKind
from ..errors import HTTP_STATUS, ErrorCode
from .routes import Route, reserved_ids

_REF = "#/components/schemas/{model}"

_ERROR_SCHEMA = {
    "type": "object",
    "required": ["success", "error"],
    "properties": {
        "success": {"const": False},
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "enum": [code.value for code in ErrorCode]},
                "message": {"type": "string"},
                "details": {},
            },
        },
    },
}


def _schema(tp: Any, components: dict[str, Any], inline: bool = False) -> dict[str, Any]:
    schema = TypeAdapter(tp).json_schema(ref_template=_REF, mode="serialization")
    components.update(schema.pop("$defs", {}))
    if not inline and isinstance(tp, type) and issubclass(tp, BaseModel):
        components[tp.__name__] = schema
        return {"$ref": _REF.format(model=tp.__name__)}
    return schema


def _codes_for(status: int) -> list[str]:
    return [code.value for code, http in HTTP_STATUS.items() if http == status]


def _operation_id(method: str, path: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", path)
    return "_".join([method.lower(), *words])


def _add_errors(op: dict[str, Any], route: Route) -> None:
    for status in route.statuses:
        if status == route.success or status < HTTPStatus.BAD_REQUEST:
            continue
        op["responses"][str(status)] = {
            "description": " or ".join(_codes_for(status)),
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }


_MULTIPART_UPLOAD = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file", "kind"],
                "properties": {
                    "file": {"type": "string", "format": "binary"},
                    "kind": {"type": "string", "enum": [kind.value for kind in UploadKind]},
                },
            }
        }
    },
}


# Path parameters that are numbers (a revision, an attachment's place): digits, at most 6.
_PATH_PATTERNS = {"number": "^[0-9]{1,6}$", "index": "^[0-9]{1,6}$"}


def _parameters(route: Route, components: dict[str, Any], reserved: tuple[str, ...]) -> list[dict[str, Any]]:
    """Path parameters, query parameters and headers of an operation."""
    params: list[dict[str, Any]] = []
    for name in re.findall(r"{(\w+)}", route.path):
        param: dict[str, Any] = {"type": "string", "pattern": _PATH_PATTERNS.get(name, "^[^/]+$")}
        if route.path.startswith("/customizations/{id}") and name == "id":
            param["not"] = {"enum": list(reserved)}
        params.append({"name": name, "in": "path", "required": True, "schema": param})
    if route.query is not None:
        query_schema = _schema(route.query, components, inline=True)
        for name, prop in query_schema.get("properties", {}).items():
            params.append({"name": name, "in": "query", "required": False, "schema": prop})
    for header in route.headers:
        params.append({"name": header, "in": "header", "required": False, "schema": {"type": "string"}})
    return params


def _request_body(route: Route, components: dict[str, Any]) -> dict[str, Any] | None:
    if route.multipart:
        return _MULTIPART_UPLOAD
    if route.body is not None:
        return {
            "required": True,
            "content": {"application/json": {"schema": _schema(route.body, components)}},
        }
    return None


def _success(route: Route, components: dict[str, Any]) -> dict[str, Any]:
    """The responses of a successful call: the envelope with its data, or the file itself."""
    if route.binary:
        return {
            "302": {"description": "Redirect to a short-lived signed URL (production)"},
            "200": {
                "description": "The file (local stack)",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            },
        }
    data_schema = _schema(route.response, components) if route.response is not None else {}
    if route.path == "/openapi.json":
        success: dict[str, Any] = {"type": "object"}
    else:
        success = {
            "type": "object",
            "required": ["success", "data"],
            "properties": {"success": {"const": True}, "data": data_schema or {"type": "object"}},
        }
        if route.paginated:
            success["properties"]["nextCursor"] = {"type": ["string", "null"]}
            success["required"].append("nextCursor")
    return {
        str(route.success): {"description": "Success", "content": {"application/json": {"schema": success}}}
    }


def build(routes: list[Route]) -> dict[str, Any]:
    """The OpenAPI document for these routes."""
    components: dict[str, Any] = {"Error": _ERROR_SCHEMA}
    paths: dict[str, Any] = {}
    reserved = reserved_ids(routes)
    for route in routes:
        op: dict[str, Any] = {
            "operationId": _operation_id(route.method, route.path),
            "summary": route.summary,
        }
        # A public operation says so with an empty list, rather than by leaving security out.
        op["security"] = [] if route.public else [{"firebaseIdToken": []}]
        params = _parameters(route, components, reserved)
        if params:
            op["parameters"] = params
        body = _request_body(route, components)
        if body is not None:
            op["requestBody"] = body
        op["responses"] = _success(route, components)
        _add_errors(op, route)
        paths.setdefault(route.path, {})[route.method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "Customization requests API", "version": "1.0.0"},
        "servers": [{"url": "/api"}],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "firebaseIdToken": {"type": "http", "scheme": "bearer", "bearerFormat": "Firebase ID token"}
            },
        },
    }


def document_json(routes: list[Route]) -> str:
    """The document for these routes as compact JSON text."""
    return json.dumps(build(routes), separators=(",", ":"))
