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


def _component(node: dict[str, Any]) -> dict[str, Any]:
    """The schema ``node`` stands for: a $ref followed, a nullable allOf/anyOf of one unwrapped."""
    while True:
        if "$ref" in node:
            node = api_schema()["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
        elif len(wrapped := node.get("allOf") or node.get("oneOf") or []) == 1:
            node = wrapped[0]
        else:
            return node


def _chosen(node: dict[str, Any], body: Any) -> dict[str, Any]:
    """The schema of ``body`` among a oneOf told apart by a discriminator (an agenda's sections
    by their key); any other node as it is."""
    discriminator = node.get("discriminator")
    if not discriminator or not isinstance(body, dict):
        return node
    mapping = discriminator["mapping"]
    kind = body.get(discriminator["propertyName"])
    return _component({"$ref": mapping[kind]}) if kind in mapping else node


def field_differences(body: Any, node: dict[str, Any], where: str = "") -> list[str]:
    """Every object in ``body`` whose keys differ from the properties its schema documents,
    as "<where>: <keys in one only>" (an optional property may be absent); a dict of free keys
    (year → value) has its values checked, an object typed without fields ("object") is named,
    one of several objects is the one its discriminator names."""
    node = _chosen(_component(node), body)
    if isinstance(body, list) and "items" in node:
        return [
            d
            for i, item in enumerate(body)
            for d in field_differences(item, node["items"], f"{where}[{i}]")
        ]
    if not isinstance(body, dict):
        return []
    if "properties" not in node:  # a dict of free keys, or an object of no documented fields
        values = node.get("additionalProperties")
        if not values:
            return [f"{where or '.'}: no fields documented"]
        return [
            d for key, v in body.items() for d in field_differences(v, values, f"{where}.{key}")
        ]
    documented = node["properties"]
    # A field the schema marks optional may be left out (the density's frame when held back).
    missing = set(node.get("required", [])) - set(body)
    differences = []
    if unexplained := (set(body) - set(documented)) | missing:
        differences.append(f"{where or '.'}: {sorted(unexplained)}")
    for key in set(body) & set(documented):
        differences += field_differences(body[key], documented[key], f"{where}.{key}")
    return differences


def assert_documents_every_field(body: Any, path: str, method: str = "get") -> None:
    """Fail unless the schema of ``path``'s answer names exactly the fields of ``body``, at
    every level (jsonschema alone lets an undocumented field through)."""
    operation = api_schema()["paths"][path][method]
    node = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert field_differences(body, node) == []
    assert_matches(body, path, method)
