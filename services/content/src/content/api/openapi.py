"""Request bodies in the OpenAPI document: the kinds' own models, not a bare object.

Routes take the body as a JSON object and validate it in the use case (a PATCH only
once merged), so FastAPI cannot derive the schema; this documents the real one.
"""

from __future__ import annotations

from typing import Any

from contracts.catalogue import ITEM_MODELS, Kind


def _inlined(schema: Any, defs: dict[str, Any]) -> Any:
    """`schema` with local `$ref`s replaced by their definitions (no model is recursive)."""
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inlined(defs[ref.removeprefix("#/$defs/")], defs)
        return {k: _inlined(v, defs) for k, v in schema.items() if k != "$defs"}
    if isinstance(schema, list):
        return [_inlined(v, defs) for v in schema]
    return schema


def _item_schema(kind: Kind, *, partial: bool) -> dict[str, Any]:
    schema = ITEM_MODELS[kind].model_json_schema()
    inlined: dict[str, Any] = _inlined(schema, schema.get("$defs", {}))
    optional = {"id", "kind"}  # content makes the id; the route decides the kind
    inlined["required"] = (
        [] if partial else [n for n in inlined.get("required", []) if n not in optional]
    )
    return inlined


def item_body(kinds: tuple[Kind, ...], *, partial: bool = False) -> dict[str, Any]:
    """`openapi_extra` documenting the body of a POST (or, `partial`, a PATCH) for `kinds`."""
    schemas = [_item_schema(kind, partial=partial) for kind in kinds]
    schema = schemas[0] if len(schemas) == 1 else {"oneOf": schemas}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
