"""Check API answers against the OpenAPI schema's components with jsonschema."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import jsonschema

from lagesbild.api.docs import api_schema


def _as_json_schema(node: Any) -> Any:
    """Turn OpenAPI 3.0 ``nullable: true`` into JSON Schema's "or null"; the rest is the same."""
    if isinstance(node, list):
        return [_as_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    converted = {k: _as_json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


@lru_cache(maxsize=1)
def _components() -> dict[str, Any]:
    return _as_json_schema(api_schema()["components"])


def response_schema(path: str, method: str = "get", status: str = "200") -> dict[str, Any]:
    """Return the JSON Schema of an operation's answer, with the components it refers to."""
    operation = api_schema()["paths"][path][method]
    body = operation["responses"][status]["content"]["application/json"]["schema"]
    return {**_as_json_schema(body), "components": _components()}


def assert_matches(body: Any, path: str, method: str = "get", status: str = "200") -> None:
    """Fail unless ``body`` is valid against the schema of ``path``'s answer."""
    schema = response_schema(path, method, status)
    jsonschema.validate(body, schema, cls=jsonschema.Draft202012Validator)
