"""Is a new JSON Schema of an event backward compatible with the old one?

Compatible changes within a version are additive: new optional fields, new enum
values. Removing or retyping a field, or making a field required, breaks readers
or writers of the old shape and needs a new `event_version`.
"""

from __future__ import annotations

from typing import Any


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        return _resolve(root["$defs"][ref.removeprefix("#/$defs/")], root)
    return schema


def _types(schema: dict[str, Any]) -> set[str]:
    if "anyOf" in schema:
        return {t for option in schema["anyOf"] for t in _types(option)}
    if "type" in schema:
        value = schema["type"]
        return set(value) if isinstance(value, list) else {value}
    if "$ref" in schema:
        return {"object"}
    return {"any"}


def breaking_changes(
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    old_root: dict[str, Any] | None = None,
    new_root: dict[str, Any] | None = None,
    path: str = "",
) -> list[str]:
    old_root, new_root = old_root or old, new_root or new
    old, new = _resolve(old, old_root), _resolve(new, new_root)
    problems: list[str] = []
    old_types, new_types = _types(old), _types(new)
    if "any" not in new_types and not old_types <= new_types:
        problems.append(f"{path or '<root>'}: type {sorted(old_types)} became {sorted(new_types)}")
    if "enum" in old and "enum" in new and not set(old["enum"]) <= set(new["enum"]):
        problems.append(f"{path}: enum values removed")
    if "const" in old and old.get("const") != new.get("const"):
        problems.append(f"{path}: constant changed")
    old_props, new_props = old.get("properties", {}), new.get("properties", {})
    for name, old_prop in old_props.items():
        if name not in new_props:
            problems.append(f"{path}.{name}: removed")
            continue
        problems += breaking_changes(
            old_prop, new_props[name], old_root=old_root, new_root=new_root, path=f"{path}.{name}"
        )
    for name in set(new.get("required", [])) - set(old.get("required", [])):
        problems.append(f"{path}.{name}: newly required")
    if "items" in old and "items" in new:
        problems += breaking_changes(
            old["items"], new["items"], old_root=old_root, new_root=new_root, path=f"{path}[]"
        )
    return problems
