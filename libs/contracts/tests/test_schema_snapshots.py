"""Each event's JSON Schema is pinned; an incompatible change fails until it gets a new version.

Refresh the snapshots after a compatible change with `UPDATE_SNAPSHOTS=1 make test-unit`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from contracts import Envelope, event_types
from servicekit.testing.schemas import breaking_changes

SNAPSHOTS = Path(__file__).parent / "snapshots"
MODELS = {f"{t}.v{v}": m for (t, v), m in sorted(event_types().items())} | {"envelope": Envelope}


@pytest.mark.parametrize("name", sorted(MODELS))
def test_schema_is_compatible_with_its_snapshot(name: str) -> None:
    current = MODELS[name].model_json_schema()
    path = SNAPSHOTS / f"{name}.json"
    if os.environ.get("UPDATE_SNAPSHOTS") or not path.exists():
        path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    pinned = json.loads(path.read_text())
    assert breaking_changes(pinned, current) == [], f"{name} changed incompatibly"


def test_every_snapshot_still_has_its_model() -> None:
    stale = {p.stem for p in SNAPSHOTS.glob("*.json")} - set(MODELS)
    assert not stale, f"events removed while still pinned: {sorted(stale)}"


def test_removing_a_field_is_caught() -> None:
    old = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    new = {"type": "object", "properties": {}, "required": []}
    assert breaking_changes(old, new) == [".a: removed"]


def test_a_new_required_field_is_caught_and_a_new_optional_one_is_not() -> None:
    old = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    optional = {
        "type": "object",
        "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
        "required": ["a"],
    }
    required = {**optional, "required": ["a", "b"]}
    assert breaking_changes(old, optional) == []
    assert breaking_changes(old, required) == [".b: newly required"]


def test_retyping_a_field_is_caught() -> None:
    old = {"type": "object", "properties": {"n": {"type": "integer"}}}
    new = {"type": "object", "properties": {"n": {"type": "string"}}}
    assert breaking_changes(old, new) == [".n: type ['integer'] became ['string']"]
