"""Request bodies in the OpenAPI document: the kinds' own models, not a bare object.

Routes take the body as a JSON object and validate it in the use case (a PATCH only
once merged), so FastAPI cannot derive the schema; this documents the real one.
"""

from __future__ import annotations

from typing import Any

from contracts.catalogue import ITEM_MODELS, Kind

PATCH_DESCRIPTION = (
    "Send the fields to replace, at least one; `id` and `kind` cannot change. Each field is "
    "documented with its own bounds, and the item merged with the change is then validated "
    "as a whole against its kind's model, so a change can still be refused (422) for what "
    "it means next to the stored fields: a drill's `correct_answer` must be one of its "
    "`options`, a bug hunt's `bug_lines` must lie within its `code`, a coding problem keeps "
    "at least one test and, in function mode, an `entry_point`."
)
_IDENTITY = ("id", "kind")  # content makes the id; the route decides the kind


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
    if partial:
        for name in _IDENTITY:
            inlined["properties"].pop(name, None)
        inlined["required"] = []
        inlined["minProperties"] = 1
    else:
        inlined["required"] = [n for n in inlined.get("required", []) if n not in _IDENTITY]
    return inlined


def item_body(kinds: tuple[Kind, ...], *, partial: bool = False) -> dict[str, Any]:
    """`openapi_extra` documenting the body of a POST (or, `partial`, a PATCH) for `kinds`."""
    schemas = [_item_schema(kind, partial=partial) for kind in kinds]
    if len(schemas) == 1:
        schema = schemas[0]
    elif partial:  # the stored item's kind decides which one applies
        schema = {"anyOf": schemas}
    else:  # without `kind` the fields decide; the document asks for it, so that one matches
        schema = {"oneOf": [{**s, "required": [*s["required"], "kind"]} for s in schemas]}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}
