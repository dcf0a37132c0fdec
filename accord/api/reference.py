"""The API's reference page at `/api/v1/reference/`: every operation of the OpenAPI schema
(method, path, what it does, its parameters, body fields and responses), the webhooks Accord
posts (their headers, how to verify them, their bodies) and the problem types,
server-rendered from the same schema as `/api/v1/schema/` (no script, nothing from elsewhere)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

from .problems import TYPES

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def schema() -> dict[str, Any]:
    """The OpenAPI schema (made once a process: it changes only with the code)."""
    generator = SchemaGenerator(patterns=None)  # type: ignore[no-untyped-call]
    generated: dict[str, Any] = generator.get_schema(request=None, public=True)  # type: ignore[no-untyped-call]
    return generated


def _resolved(spec: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        found: dict[str, Any] = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
        return found
    return node


def _type_of(spec: dict[str, Any], node: dict[str, Any]) -> str:
    node = node["allOf"][0] if len(node.get("allOf", [])) == 1 else node
    node = _resolved(spec, node) if "$ref" in node else node
    kind = node.get("type", "object")
    if isinstance(kind, list):
        kind = " or ".join(str(k) for k in kind)
    if "enum" in node:
        return f"{kind}: one of {', '.join(str(v) for v in node['enum'] if v is not None)}"
    if node.get("format"):
        return f"{kind} ({node['format']})"
    return str(kind)


def _fields(spec: dict[str, Any], content: dict[str, Any] | None) -> list[dict[str, str]]:
    if not content:
        return []
    first: dict[str, Any] = next(iter(content.values()), {})
    body = first.get("schema", {})
    body = _resolved(spec, body.get("allOf", [body])[0])
    required = set(body.get("required", []))
    return [
        {
            "name": name,
            "type": _type_of(spec, prop),
            "required": "required" if name in required else "",
            "description": str(_resolved(spec, prop).get("description", "")),
        }
        for name, prop in body.get("properties", {}).items()
    ]


def _operation(
    spec: dict[str, Any], method: str, path: str, operation: dict[str, Any]
) -> dict[str, Any]:
    return {
        "id": operation.get("operationId", ""),
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary", ""),
        "description": operation.get("description", ""),
        "parameters": [
            {
                "name": p["name"],
                "where": p["in"],
                "type": _type_of(spec, p.get("schema", {})),
                "required": "required" if p.get("required") else "",
                "description": p.get("description", ""),
            }
            for p in operation.get("parameters", [])
        ],
        "body": _fields(spec, operation.get("requestBody", {}).get("content")),
        "responses": [
            {"status": code, "description": r.get("description", "")}
            for code, r in operation.get("responses", {}).items()
        ],
    }


def operations() -> list[dict[str, Any]]:
    spec = schema()
    return [
        _operation(spec, method, path, operation)
        for path, item in spec.get("paths", {}).items()
        for method in METHODS
        if (operation := item.get(method)) is not None
    ]


def webhooks() -> list[dict[str, Any]]:
    """The webhooks Accord posts: each as an operation (its headers as parameters, its body's
    fields), with the fields of its body's `data`."""
    spec = schema()
    found = []
    for name, item in spec.get("webhooks", {}).items():
        operation = item["post"]
        found.append(
            {
                **_operation(spec, "post", name, operation),
                "data": _fields(spec, {"json": {"schema": _body(spec, operation)["data"]}}),
            }
        )
    return found


def _body(spec: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any]:
    """A webhook's body's properties (the first of its `allOf`: its `type` pinned beside it)."""
    body = operation["requestBody"]["content"]["application/json"]["schema"]
    properties: dict[str, Any] = _resolved(spec, body.get("allOf", [body])[0])["properties"]
    return properties


def reference_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/reference.html",
        {
            "operations": operations(),
            "webhooks": webhooks(),
            "problems": sorted(TYPES.items()),
            "version": schema().get("openapi", ""),
        },
    )
